"""Statistical disclosure control: which counts may be published, and which must be hidden.

Every count of one measure (concerns, potential victims, ...) in one period and region is an
entry of a *ledger*: the count in each area, in each category of each breakdown, and the
totals, with the sums that tie them together (the areas add up to the region; for a breakdown
in which every record has exactly one category, the categories add up to the area's total).

1. Primary suppression: a count below five is hidden and shown as "fewer than 5".
2. Secondary suppression: an attacker who reads every published count of the ledger (every
   area choice is a row of the same ledger, so this covers differencing the region against
   an area, or one breakdown against another) knows the sums, that a "fewer than 5" is 0-4
   and that a withheld count is at least 5. For each hidden count we ask an integer program
   for the smallest and the largest value consistent with all of that; if they are equal the
   count could be worked out, so one more published count beside it is hidden, and we ask
   again until no hidden count can be worked out.

Periods are fixed calendar years that never overlap, so two queries either describe disjoint
records or are rows of one ledger; see docs/adr/0011-insights-and-api.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from django.core.cache import caches

THRESHOLD = 5
# No count in this service comes anywhere near this; it only keeps the integer program bounded.
_CEILING = 10**7

Key = tuple[str, ...]
_CACHE_SECONDS = 60 * 60


class Hidden(StrEnum):
    SMALL = "small"  # fewer than 5
    WITHHELD = "withheld"  # 5 or more, hidden so that a small count cannot be worked out


@dataclass(frozen=True)
class Equation:
    """`total` is the sum of `parts`."""

    total: Key
    parts: tuple[Key, ...]

    def entries(self) -> tuple[Key, ...]:
        return (self.total, *self.parts)


@dataclass
class Ledger:
    values: dict[Key, int] = field(default_factory=dict)
    equations: list[Equation] = field(default_factory=list)

    def add_sum(self, total: Key, parts: Iterable[Key]) -> None:
        self.equations.append(Equation(total, tuple(parts)))


def _bounds(kind: Hidden) -> tuple[int, int]:
    return (0, THRESHOLD - 1) if kind is Hidden.SMALL else (THRESHOLD, _CEILING)


def determinable(ledger: Ledger, hidden: Mapping[Key, Hidden]) -> list[Key]:
    """Hidden entries whose value follows from everything published: the attacker's view."""
    unknowns = sorted(hidden)
    touching = [eq for eq in ledger.equations if any(key in hidden for key in eq.entries())]
    pinned: set[Key] = set()
    # The sums tie only some hidden entries to each other. Each group of entries joined by
    # sums is its own, much smaller program: the values one group can take do not depend
    # on another's, so the answer is the same as one program over all of them, far sooner.
    for group, equations in _joined_by_sums(unknowns, touching):
        pinned.update(_determinable_among(group, equations, ledger, hidden))
    return [key for key in unknowns if key in pinned]


def _joined_by_sums(
    unknowns: list[Key], equations: list[Equation]
) -> list[tuple[list[Key], list[Equation]]]:
    leader = {key: key for key in unknowns}

    def find(key: Key) -> Key:
        while leader[key] != key:
            leader[key] = leader[leader[key]]
            key = leader[key]
        return key

    for equation in equations:
        keys = [key for key in equation.entries() if key in leader]
        for other in keys[1:]:
            leader[find(other)] = find(keys[0])
    groups: dict[Key, tuple[list[Key], list[Equation]]] = {}
    for key in unknowns:
        groups.setdefault(find(key), ([], []))[0].append(key)
    for equation in equations:
        first = next(key for key in equation.entries() if key in leader)
        groups[find(first)][1].append(equation)
    # A hidden entry in no sum can be anything within its bounds: never worked out.
    return [(keys, eqs) for keys, eqs in groups.values() if eqs]


def _determinable_among(
    unknowns: list[Key], equations: list[Equation], ledger: Ledger, hidden: Mapping[Key, Hidden]
) -> list[Key]:
    # SciPy's solver is imported when first needed: it is a second's start-up for every
    # process (each CLI command, each test worker), most of which never solve a program.
    from scipy.optimize import Bounds, LinearConstraint

    column = {key: index for index, key in enumerate(unknowns)}
    rows: list[np.ndarray] = []
    right: list[int] = []
    for equation in equations:
        row = np.zeros(len(unknowns))
        constant = 0
        for key, sign in ((equation.total, 1), *((part, -1) for part in equation.parts)):
            if key in column:
                row[column[key]] += sign
            else:
                constant -= sign * ledger.values[key]
        rows.append(row)
        right.append(constant)
    low, high = zip(*(_bounds(hidden[key]) for key in unknowns), strict=True)
    bounds = Bounds(np.array(low, dtype=float), np.array(high, dtype=float))
    program = {
        "constraints": [LinearConstraint(np.array(rows), right, right)],
        "bounds": bounds,
        "integrality": np.ones(len(unknowns)),
    }
    true = np.array([ledger.values[key] for key in unknowns], dtype=float)
    # Every solution the solver finds is a whole set of values an attacker cannot rule out:
    # each entry it gives a value other than the true one can be seen at once not to be
    # worked out, without a program of its own.
    seen_otherwise = np.zeros(len(unknowns), dtype=bool)
    _move_together(true, np.array(low, dtype=float), program, seen_otherwise)
    return [
        key
        for index, key in enumerate(unknowns)
        if not seen_otherwise[index] and _pinned(index, true, program, seen_otherwise)
    ]


def _move_together(
    true: np.ndarray, low: np.ndarray, program: dict[str, object], seen_otherwise: np.ndarray
) -> None:
    """Push every count not yet seen otherwise away from its true value, all in one program,
    for as long as that moves any: most counts are settled so, and each one left is asked
    about alone afterwards."""
    from scipy.optimize import milp

    while not seen_otherwise.all():
        away = np.where(true <= low, -1.0, 1.0) * ~seen_otherwise
        result = milp(away, **program)
        if not result.success:
            return
        moved = (np.rint(result.x) != true) & ~seen_otherwise
        if not moved.any():
            return
        seen_otherwise |= moved


def _pinned(
    index: int, true: np.ndarray, program: dict[str, object], seen_otherwise: np.ndarray
) -> bool:
    """Whether the unknown at `index` can take no value but its true one."""
    from scipy.optimize import milp

    objective = np.zeros(len(true))
    objective[index] = 1
    # One program usually settles it: a smaller feasible value already means the count
    # cannot be worked out, and only otherwise is the largest looked for.
    for sign in (1, -1):
        result = milp(sign * objective, **program)
        if not result.success:
            return True  # never expected (the true values always fit); hide more to be safe
        otherwise = np.rint(result.x) != true
        seen_otherwise |= otherwise
        if otherwise[index]:
            return False
    return True


def _is_total(key: Key) -> bool:
    return key[0] in ("area", "total") or "*" in key


def _companion(ledger: Ledger, key: Key, hidden: Mapping[Key, Hidden]) -> Key | None:
    """The published entry to hide beside `key`: the smallest in a sum with it, a cell
    before a total, so that as little as possible is lost."""
    near = {k for eq in ledger.equations if key in eq.entries() for k in eq.entries()}
    candidates = [k for k in near if k not in hidden]
    if not candidates:
        candidates = [
            k
            for eq in ledger.equations
            if any(k in hidden for k in eq.entries())
            for k in eq.entries()
            if k not in hidden
        ]
    if not candidates:
        return None
    return min(candidates, key=lambda k: (_is_total(k), ledger.values[k], k))


def fingerprint(ledger: Ledger) -> str:
    """The same counts and sums always get the same protection, so it can be cached."""
    content = repr((sorted(ledger.values.items()), [e.entries() for e in ledger.equations]))
    return hashlib.sha256(content.encode()).hexdigest()


def protect(ledger: Ledger) -> dict[Key, Hidden]:
    """The entries to hide, and why; everything else may be published.

    Cached by the ledger's fingerprint: the region page and each area page share one ledger,
    and moving between them should not solve the same programs again.
    """
    # The shared cache (ADR 27): every worker reuses a solve. It holds which entries are
    # hidden and why, never a count.
    cache = caches["insights"]
    key = f"noddfa:insights:protect:{fingerprint(ledger)}"
    cached = cache.get(key)
    if cached is not None:
        return {tuple(k): Hidden(v) for k, v in cached}
    hidden = _protect(ledger)
    cache.set(key, [(list(k), v.value) for k, v in hidden.items()], _CACHE_SECONDS)
    return hidden


def _protect(ledger: Ledger) -> dict[Key, Hidden]:
    hidden = {key: Hidden.SMALL for key, value in ledger.values.items() if value < THRESHOLD}
    while True:
        exposed = determinable(ledger, hidden)
        if not exposed:
            return hidden
        added = False
        for key in exposed:
            companion = _companion(ledger, key, hidden)
            if companion is not None and companion not in hidden:
                hidden[companion] = Hidden.WITHHELD
                added = True
        if not added:
            return hidden
