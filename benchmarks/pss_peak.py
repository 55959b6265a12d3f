"""Peak memory of a command and all its child processes, counted once: the summed
proportional set size (PSS) of the process tree, sampled every second.

    .venv/bin/python benchmarks/pss_peak.py -- .venv/bin/python benchmarks/batch_bench.py 1000000

Resident memory (RSS) counts a page shared by a parent and the workers it forked in every
one of them; PSS divides each shared page among the processes that share it, so the sum
over the tree is the memory the run really holds. Read from /proc/PID/smaps_rollup
(Linux). Prints the command's own output, then the peak, when it was reached, and each
process's PSS at that moment.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo += _children(current)
    return pids


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main(command: list[str]) -> int:
    started = time.perf_counter()
    child = subprocess.Popen(command)  # noqa: S603  (the command the user gave to measure)
    peak, peak_at, peak_parts = 0, 0.0, [0]
    while child.poll() is None:
        parts = [_pss_kib(pid) for pid in _tree(child.pid)]
        if sum(parts) > peak:
            peak, peak_at, peak_parts = sum(parts), time.perf_counter() - started, parts
        time.sleep(1.0)
    shares = ", ".join(f"{kib / 1024**2:.2f}" for kib in peak_parts)
    print(
        f"summed PSS peak: {peak / 1024**2:.2f} GiB at {peak_at:.0f} s "
        f"(the command first, then its children, GiB: {shares})",
        file=sys.stderr,
    )
    return child.returncode


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if arguments[:1] == ["--"]:
        arguments = arguments[1:]
    if not arguments:
        raise SystemExit(__doc__)
    raise SystemExit(main(arguments))
