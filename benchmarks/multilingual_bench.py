"""Precision, recall and F1 of noddfa dedupe on the seeded multilingual population.

.venv/bin/python benchmarks/multilingual_bench.py 10000 100000
.venv/bin/python benchmarks/multilingual_bench.py 2800 --population second

The reported figures use the generator's default seed. Weights were tuned on other seeds
(`--seed N`), so the reported population is one the weights have not been fitted to.
"""

from __future__ import annotations

import argparse
import time

import second_population
import synthetic_people

from noddfa.matching import PersonRecord, dedupe, parse_partial_date


def main(sizes: list[int], seed: int | None = None, which: str = "first") -> int:
    # The second population (second_population.py) was made independently of the first,
    # so that a change which only fits one generator shows up on the other.
    module = second_population if which == "second" else synthetic_people
    population, true_pairs = module.population, module.true_pairs
    print("| Records | True pairs | Found | Precision | Recall | F1 | Wall time |")
    print("|---|---|---|---|---|---|---|")
    for size in sizes:
        rows = list(population(size) if seed is None else population(size, seed))
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
        started = time.perf_counter()
        found = {frozenset((m.left, m.right)) for m in dedupe(records)}
        elapsed = time.perf_counter() - started
        right = len(found & truth)
        precision = right / len(found) if found else 0.0
        recall = right / len(truth)
        f1 = 2 * precision * recall / (precision + recall) if right else 0.0
        print(
            f"| {size:,} | {len(truth):,} | {len(found):,} | {precision:.4f} | {recall:.4f} "
            f"| {f1:.4f} | {elapsed:.1f} s |",
            flush=True,
        )
    return 0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, help="another population, for tuning")
    parser.add_argument(
        "--population",
        choices=("first", "second"),
        default="first",
        help="synthetic_people.py (first, default) or second_population.py (second)",
    )
    return parser.parse_args()


if __name__ == "__main__":
    arguments = _arguments()
    raise SystemExit(main(arguments.sizes, arguments.seed, arguments.population))
