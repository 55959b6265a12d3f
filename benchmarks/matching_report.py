"""Issue 20's evidence in one run: for FEBRL4 as it ships, both synthetic populations and a
large file of the first, the wall time, the peak memory and precision, recall and F1 of
`noddfa dedupe`, with `--engine splink` beside it, on the same files one after another.

    nice .venv/bin/python benchmarks/matching_report.py                # a 1,000,000-record file
    nice .venv/bin/python benchmarks/matching_report.py --big 100000 --timeout 600
    nice .venv/bin/python benchmarks/matching_report.py --only 1,000,000 --engine splink

Each run is the command a user types (`noddfa dedupe FILE --out PAIRS [--engine splink]`) in
its own process; its memory is the summed proportional set size of its process tree, sampled
every half second (see pss_peak.py), so the batch engine's workers count once. A run that
passes `--timeout` is stopped and reported as such. The load average is printed with each row:
the machine may be shared.
"""

from __future__ import annotations

import argparse
import csv
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import febrl4_bench
import second_population
import synthetic_people
from pss_peak import _pss_kib, _tree

Truth = set[frozenset[str]]


@dataclass(frozen=True)
class Outcome:
    seconds: float
    peak_gib: float
    pairs: Truth | None  # None: stopped at the timeout or failed


def _write(path: Path, rows: Iterable[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(second_population.HEADER)  # noddfa dedupe's columns
        writer.writerows(rows)


def _febrl4(folder: Path) -> tuple[Path, int, Truth]:
    a, b, truth = febrl4_bench.febrl_frames()
    path = folder / "febrl4.csv"
    febrl4_bench.write_contract_csv(a, b, path)
    return path, len(a) + len(b), truth


def _population(module: object, size: int, name: str) -> Callable[[Path], tuple[Path, int, Truth]]:
    def build(folder: Path) -> tuple[Path, int, Truth]:
        rows = list(module.population(size))  # type: ignore[attr-defined]
        truth = module.true_pairs(rows)  # type: ignore[attr-defined]
        path = folder / f"{name}.csv"
        _write(path, (row.as_list() for row in rows))
        return path, len(rows), truth

    return build


def _run(path: Path, engine: str, timeout: float) -> Outcome:
    out = path.with_suffix(f".{engine}.pairs.csv")
    noddfa = str(Path(sys.executable).with_name("noddfa"))
    command = [noddfa, "dedupe", str(path), "--out", str(out), "--engine", engine]
    command += ["--report", str(out) + ".report"]
    started = time.perf_counter()
    child = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    peak = 0
    while child.poll() is None:
        peak = max(peak, sum(_pss_kib(pid) for pid in _tree(child.pid)))
        if time.perf_counter() - started > timeout:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
            return Outcome(time.perf_counter() - started, peak / 1024**2, None)
        time.sleep(0.5)
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        return Outcome(seconds, peak / 1024**2, None)
    with out.open(encoding="utf-8") as stream:
        pairs = {frozenset((r["id_l"], r["id_r"])) for r in csv.DictReader(stream)}
    return Outcome(seconds, peak / 1024**2, pairs)


def _row(name: str, records: int, truth: Truth, engine: str, outcome: Outcome) -> str:
    load = f"{os.getloadavg()[0]:.1f}"
    if outcome.pairs is None:
        return (
            f"| {name} | {records:,} | {len(truth):,} | {engine} | {outcome.seconds:.1f} s "
            f"(stopped at the timeout, or failed) | {outcome.peak_gib:.2f} GiB | | | | | {load} |"
        )
    precision, recall, f1 = febrl4_bench.score(outcome.pairs, truth)
    return (
        f"| {name} | {records:,} | {len(truth):,} | {engine} | {outcome.seconds:.1f} s "
        f"| {outcome.peak_gib:.2f} GiB | {len(outcome.pairs):,} | {precision:.4f} "
        f"| {recall:.4f} | {f1:.4f} | {load} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", type=int, default=1_000_000, help="records in the large file")
    parser.add_argument("--timeout", type=float, default=1200.0, help="seconds a run may take")
    parser.add_argument("--only", default="", help="only the data sets whose name has this")
    parser.add_argument(
        "--engine", action="append", choices=("noddfa", "splink"), help="one engine (repeatable)"
    )
    options = parser.parse_args()
    datasets: list[tuple[str, Callable[[Path], tuple[Path, int, Truth]]]] = [
        ("FEBRL4 as it ships", _febrl4),
        ("first population", _population(synthetic_people, 2_800, "first")),
        ("second population", _population(second_population, 2_800, "second")),
        (
            f"first population, {options.big:,}",
            _population(synthetic_people, options.big, "big"),
        ),
    ]
    print(
        "| Data set | Records | True pairs | Engine | Wall time | Peak memory (summed PSS) "
        "| Pairs found | Precision | Recall | F1 | Load average after |"
    )
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for name, build in datasets:
            if options.only not in name:
                continue
            path, records, truth = build(Path(folder))
            for engine in options.engine or ("noddfa", "splink"):
                print(_row(name, records, truth, engine, _run(path, engine, options.timeout)))
                sys.stdout.flush()
            path.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
