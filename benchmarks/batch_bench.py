"""Batch de-duplication at scale: time and peak memory of the default engine.

    .venv/bin/python benchmarks/batch_bench.py 1000000

The records come from the seeded multilingual population (synthetic_people.py), so the
run also reports precision, recall and F1 against the known truth. Peak memory is this
process's and, beside it, the largest worker process's (the batch run forks one worker a
core; pages they share with this process count in both), and the load average of the
machine at the end is printed, since the machine may be shared, with the CPU time of this
process and of its workers (what the run costs whatever else the machine is doing).
"""

from __future__ import annotations

import os
import resource
import sys
import time

from synthetic_people import population, true_pairs

from noddfa.matching import PersonRecord, parse_partial_date
from noddfa.matching.batch import dedupe


def main(size: int) -> int:
    rows = list(population(size))
    truth = true_pairs(rows)
    records = [
        PersonRecord(
            id=r.id,
            given_name=r.given_name,
            family_name=r.family_name,
            date_of_birth=parse_partial_date(r.date_of_birth),
            sex=r.sex,
            address=r.address,
            postcode=r.postcode,
            phone=r.phone,
            nationality=r.nationality,
        )
        for r in rows
    ]
    del rows
    started = time.perf_counter()
    cpu_before = os.times()

    def progress(message: str) -> None:
        print(f"  {message} ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)

    found = {frozenset((m.left, m.right)) for m in dedupe(records, progress=progress)}
    elapsed = time.perf_counter() - started
    cpu_after = os.times()
    main_cpu = cpu_after.user + cpu_after.system - cpu_before.user - cpu_before.system
    worker_cpu = (
        cpu_after.children_user
        + cpu_after.children_system
        - cpu_before.children_user
        - cpu_before.children_system
    )
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    right = len(found & truth)
    precision = right / len(found) if found else 0.0
    recall = right / len(truth)
    f1 = 2 * precision * recall / (precision + recall) if right else 0.0
    load = ", ".join(f"{figure:.1f}" for figure in os.getloadavg())
    print(
        "| Records | Wall time | Peak memory (main, largest worker) | Pairs found "
        "| Precision | Recall | F1 | Load average after |"
    )
    print("|---|---|---|---|---|---|---|---|")
    print(
        f"| {size:,} | {elapsed / 60:.2f} min ({elapsed:.0f} s) | {peak_mib / 1024:.2f} GiB, "
        f"{worker_mib / 1024:.2f} GiB | {len(found):,} | {precision:.4f} | {recall:.4f} "
        f"| {f1:.4f} | {load} |"
    )
    print(f"CPU time: {main_cpu:.0f} s in this process, {worker_cpu:.0f} s in its workers")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000))
