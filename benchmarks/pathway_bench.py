"""Pathway engine throughput: evaluations per second on one core.

Run with ``.venv/bin/python benchmarks/pathway_bench.py``. It builds a fixed, seeded mix of valid
cases (children and adults, both jurisdictions, every section sometimes present and sometimes
missing), warms the caches, then times ``evaluate`` over the mix with ``time.perf_counter``. Each
evaluation includes checking the input, the legal tests, choosing the rules and building a fresh
output, exactly as the CLI and the API do.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import time
from typing import Any

from noddfa.pathway import evaluate, load_catalogue, load_vocabulary

TARGET_PER_SECOND = 50_000


def _maybe_flag(rng: random.Random) -> bool | None:
    return rng.choice([None, True, False, False])


def _codes(rng: random.Random, codes: list[str], most: int) -> list[str]:
    return rng.sample(codes, rng.randint(0, most))


def generate_cases(count: int, seed: int) -> list[dict[str, Any]]:
    """A reproducible mix of valid cases shaped like real submissions."""
    rng = random.Random(seed)
    catalogue = load_catalogue()
    vocabulary = load_vocabulary()
    indicator_ids = sorted(catalogue.by_id)
    actions = sorted(vocabulary.elements["action"])
    means = sorted(vocabulary.elements["means"])
    purposes = list(catalogue.purposes)
    organisations = sorted(vocabulary.organisation_types)
    cases = []
    for _ in range(count):
        case: dict[str, Any] = {"jurisdiction": rng.choice(["wales", "wales", "england"])}
        if rng.random() < 0.9:
            case["person"] = {
                "age": rng.choice([None, rng.randint(0, 17), 17, rng.randint(18, 80)]),
                "age_disputed": _maybe_flag(rng),
            }
        if rng.random() < 0.6:
            case["situation"] = {
                "immediate_danger": rng.random() < 0.1,
                "at_risk_of_going_missing": _maybe_flag(rng),
                "missing_now": rng.random() < 0.05,
            }
        if rng.random() < 0.6:
            case["elements"] = {
                "action": _codes(rng, actions, 2),
                "means": _codes(rng, means, 2),
                "purpose": _codes(rng, purposes, 2),
            }
        case["indicators"] = _codes(rng, indicator_ids, 6)
        if rng.random() < 0.2:
            case["smuggling"] = {
                "facilitated_border_crossing": _maybe_flag(rng),
                "relationship_ended_on_arrival": _maybe_flag(rng),
            }
        if rng.random() < 0.5:
            case["adult"] = {
                "consents_to_nrm": _maybe_flag(rng),
                "care_and_support_needs": _maybe_flag(rng),
                "unable_to_protect_self": _maybe_flag(rng),
                "access_refused": rng.random() < 0.1,
            }
        if rng.random() < 0.8:
            case["referrer"] = {
                "organisation_type": rng.choice(organisations),
                "first_responder": _maybe_flag(rng),
                "s52_public_authority": _maybe_flag(rng),
            }
        cases.append(case)
    return cases


def _pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity on this platform)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=5_000, help="distinct cases in the mix")
    parser.add_argument("--evaluations", type=int, default=500_000, help="timed evaluations")
    parser.add_argument("--seed", type=int, default=2026)
    arguments = parser.parse_args()

    pinning = _pin_to_one_core()
    cases = generate_cases(arguments.cases, arguments.seed)
    for case in cases:
        evaluate(case)

    rounds, remainder = divmod(arguments.evaluations, len(cases))
    schedule = cases * rounds + cases[:remainder]
    started = time.perf_counter()
    for case in schedule:
        evaluate(case)
    elapsed = time.perf_counter() - started

    rate = len(schedule) / elapsed
    print(f"python {platform.python_version()}, {pinning}")
    print(f"{len(schedule):,} evaluations of {len(cases):,} distinct cases in {elapsed:.2f} s")
    print(f"{rate:,.0f} evaluations/second (target {TARGET_PER_SECOND:,})")


if __name__ == "__main__":
    main()
