"""Batch de-duplication at scale: time and peak memory of the default engine.

    .venv/bin/python benchmarks/batch_bench.py 1000000

The records come from the seeded multilingual population (synthetic_people.py), so the
run also reports precision, recall and F1 against the known truth.
"""

from __future__ import annotations

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

    def progress(message: str) -> None:
        print(f"  {message} ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)

    found = {frozenset((m.left, m.right)) for m in dedupe(records, progress=progress)}
    elapsed = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    right = len(found & truth)
    precision = right / len(found) if found else 0.0
    recall = right / len(truth)
    f1 = 2 * precision * recall / (precision + recall) if right else 0.0
    print("| Records | Wall time | Peak memory | Pairs found | Precision | Recall | F1 |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {size:,} | {elapsed / 60:.1f} min | {peak_mib / 1024:.1f} GiB | {len(found):,} "
        f"| {precision:.4f} | {recall:.4f} | {f1:.4f} |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000))
