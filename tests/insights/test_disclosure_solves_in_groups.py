"""The disclosure control answers exactly as one integer program over every hidden count would.

It now solves each group of counts tied together by sums on its own, and takes every
solution the solver returns as proof for all the counts it moves. These tests hold it to
the plain method (two programs per hidden count, over everything at once) on many tables.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp

from noddfa.insights.disclosure import (
    THRESHOLD,
    Hidden,
    Key,
    Ledger,
    _protect,
    determinable,
)


def _region_table(rng: random.Random, areas: int, categories: int, high: int) -> Ledger:
    """Counts by area and category, with the areas' totals and the region's, as published."""
    ledger = Ledger()
    area_keys: list[Key] = []
    for area in range(areas):
        cells: list[Key] = []
        for category in range(categories):
            key = ("cell", f"a{area}", f"c{category}")
            ledger.values[key] = rng.randint(0, high)
            cells.append(key)
        total = ("area", f"a{area}")
        ledger.values[total] = sum(ledger.values[c] for c in cells)
        ledger.add_sum(total, cells)
        area_keys.append(total)
    for category in range(categories):
        column = [("cell", f"a{area}", f"c{category}") for area in range(areas)]
        key = ("cell", "*", f"c{category}")
        ledger.values[key] = sum(ledger.values[c] for c in column)
        ledger.add_sum(key, column)
    region = ("total",)
    ledger.values[region] = sum(ledger.values[a] for a in area_keys)
    ledger.add_sum(region, area_keys)
    return ledger


def _with_unrelated_table(ledger: Ledger, rng: random.Random) -> Ledger:
    """A second breakdown tied to the first by nothing: a group of its own."""
    parts: list[Key] = [("sex", s) for s in ("female", "male", "other", "unknown")]
    for part in parts:
        ledger.values[part] = rng.randint(0, 9)
    ledger.values[("sex-total",)] = sum(ledger.values[p] for p in parts)
    ledger.add_sum(("sex-total",), parts)
    return ledger


def _one_program_over_everything(ledger: Ledger, hidden: dict[Key, Hidden]) -> list[Key]:
    """The plain method: for each hidden count, its least and greatest possible value."""
    unknowns = sorted(hidden)
    column = {key: i for i, key in enumerate(unknowns)}
    rows, right = [], []
    for equation in ledger.equations:
        if not any(key in column for key in equation.entries()):
            continue
        row = np.zeros(len(unknowns))
        constant = 0
        for key, sign in ((equation.total, 1), *((part, -1) for part in equation.parts)):
            if key in column:
                row[column[key]] += sign
            else:
                constant -= sign * ledger.values[key]
        rows.append(row)
        right.append(constant)
    if not rows:
        return []
    low = [0 if hidden[k] is Hidden.SMALL else THRESHOLD for k in unknowns]
    high = [THRESHOLD - 1 if hidden[k] is Hidden.SMALL else 10**7 for k in unknowns]
    program = {
        "constraints": [LinearConstraint(np.array(rows), right, right)],
        "bounds": Bounds(np.array(low, dtype=float), np.array(high, dtype=float)),
        "integrality": np.ones(len(unknowns)),
    }
    pinned = []
    for i, key in enumerate(unknowns):
        objective = np.zeros(len(unknowns))
        objective[i] = 1
        least = round(milp(objective, **program).x[i])
        most = round(milp(-objective, **program).x[i])
        if least == most == ledger.values[key]:
            pinned.append(key)
    return pinned


def _small_counts_hidden(ledger: Ledger) -> dict[Key, Hidden]:
    return {key: Hidden.SMALL for key, value in ledger.values.items() if value < THRESHOLD}


@pytest.mark.parametrize("seed", range(24))
def test_the_counts_an_attacker_could_work_out_are_the_same_as_by_one_program(seed: int) -> None:
    rng = random.Random(seed)
    ledger = _region_table(rng, areas=rng.randint(2, 4), categories=rng.randint(2, 5), high=9)
    if seed % 2:
        ledger = _with_unrelated_table(ledger, rng)
    hidden = _small_counts_hidden(ledger)
    # Some withheld counts too, as the second round of suppression leaves them.
    for key in rng.sample(sorted(ledger.values), k=2):
        hidden.setdefault(key, Hidden.WITHHELD if ledger.values[key] >= THRESHOLD else Hidden.SMALL)

    assert determinable(ledger, hidden) == _one_program_over_everything(ledger, hidden)


def test_a_lone_small_count_beside_published_counts_is_found_out() -> None:
    ledger = Ledger()
    ledger.values.update({("total",): 20, ("a",): 17, ("b",): 3})
    ledger.add_sum(("total",), [("a",), ("b",)])

    assert determinable(ledger, {("b",): Hidden.SMALL}) == [("b",)]


@pytest.mark.parametrize("seed", range(6))
def test_after_protection_no_hidden_count_can_be_worked_out_by_one_program(seed: int) -> None:
    ledger = _with_unrelated_table(
        _region_table(random.Random(seed), 3, 4, high=12), random.Random(seed)
    )

    hidden = _protect(ledger)

    assert _one_program_over_everything(ledger, hidden) == []
