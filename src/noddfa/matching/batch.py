"""Batch de-duplication: block on shared keys, score each candidate pair once.

This is the default engine of `noddfa dedupe`: plain Python with NumPy for the pair
bookkeeping, fast enough for a local authority's records and for a million records on a
small machine. `splink_engine` runs the same job through Splink for larger jobs and Spark.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

import numpy as np

from .keys import blocking_keys, home_keys
from .learned_weights import learn_weights
from .records import PersonRecord, Prepared, prepare
from .scoring import (
    DEFAULT_THRESHOLD,
    LEVEL_COUNTS,
    Match,
    NameRarity,
    address_level,
    compare,
    judge,
    name_rarity,
)

# A block up to this size is compared all against all. A larger one holds a name common
# enough in the data that all-pairs would swamp the run (a block of 300 is 45,000 pairs):
# its records are sorted by full name and date of birth and each is compared with the
# next WINDOW records only (the sorted-neighbourhood method), so namesakes still meet.
FULL_BLOCK = 30
WINDOW = 6
# Beyond this a key says nothing (a whole town's postcode district and a common name).
MAX_BLOCK = 20_000

Progress = Callable[[str], None]


def _silent(message: str) -> None:
    return None


def _order_key(person: Prepared) -> str:
    born = person.date_of_birth.iso() if person.date_of_birth else ""
    return " ".join(sorted(person.name.tokens)) + "|" + born


@lru_cache(maxsize=FULL_BLOCK + 1)
def _all_pairs(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions (i, j), i < j, of every pair in a block of `size` (made once per size)."""
    left, right = np.triu_indices(size, k=1)
    return left, right


def candidate_pairs(
    prepared: Sequence[Prepared],
    progress: Progress = _silent,
    keys: Callable[[Prepared], Iterable[str]] = blocking_keys,
) -> np.ndarray:
    """Every pair (i, j), i < j, that shares at least one of its `keys`, once."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, person in enumerate(prepared):
        for key in keys(person):
            blocks[key].append(index)
    progress(f"{len(blocks):,} blocks")
    total = len(prepared)
    chunks: list[np.ndarray] = []
    windowed = skipped = 0
    order = [_order_key(person) for person in prepared] if total > FULL_BLOCK else []
    for members in blocks.values():
        size = len(members)
        if size < 2:
            continue
        if size > MAX_BLOCK:
            skipped += 1
            continue
        if size <= FULL_BLOCK:
            ids = np.asarray(members, dtype=np.int64)
            left, right = _all_pairs(size)
        else:
            windowed += 1
            ids = np.asarray(sorted(members, key=order.__getitem__), dtype=np.int64)
            left = np.concatenate([np.arange(size - step) for step in range(1, WINDOW + 1)])
            right = np.concatenate([np.arange(step, size) for step in range(1, WINDOW + 1)])
        a, b = ids[left], ids[right]
        chunks.append(np.minimum(a, b) * total + np.maximum(a, b))
    progress(f"{windowed:,} large blocks compared by sorted neighbourhood, {skipped:,} skipped")
    if not chunks:
        return np.empty(0, dtype=np.int64)
    return np.unique(np.concatenate(chunks))


def _judge_all(
    prepared: Sequence[Prepared], pairs: np.ndarray, rarity: NameRarity, progress: Progress
) -> tuple[np.ndarray, np.ndarray]:
    """Each pair's comparison levels (a row each) and hand-set probability of a match."""
    total = len(prepared)
    levels = np.empty((len(pairs), len(LEVEL_COUNTS)), dtype=np.uint8)
    hand_set = np.empty(len(pairs), dtype=np.float64)
    step = max(1, len(pairs) // 10)
    for row, code in enumerate(pairs.tolist()):
        left, right = divmod(code, total)
        judgement = judge(prepared[left], prepared[right], rarity)
        levels[row] = judgement.levels
        hand_set[row] = judgement.score
        if (row + 1) % step == 0:
            progress(f"compared {row + 1:,} of {len(pairs):,} pairs")
    return levels, hand_set


def dedupe_prepared(
    prepared: Sequence[Prepared],
    threshold: float = DEFAULT_THRESHOLD,
    progress: Progress = _silent,
) -> list[Match]:
    """Pairs at or above `threshold`, scored by weights learned from this file when it
    teaches better ones (`learned_weights`), otherwise by the hand-set weights.

    The weights are fitted on the pairs that share a blocking key. Pairs that share only
    a house number and a word of the address (`home_keys`) are scored by the same
    weights but not fitted on: so many of them agree on the address by construction that
    they would teach the fit that an address counts for little.
    """
    pairs = candidate_pairs(prepared, progress)
    rarity = name_rarity(person.name.tokens for person in prepared)
    progress(f"{len(pairs):,} candidate pairs to compare")
    levels, scores = _judge_all(prepared, pairs, rarity, progress)
    model = learn_weights(levels, scores, LEVEL_COUNTS, threshold)
    # A home key looks for one home written twice; a pair it finds at two different homes
    # on one street is not what it was looking for, and is not compared further.
    extra = _same_home(
        prepared, np.setdiff1d(candidate_pairs(prepared, keys=home_keys), pairs, assume_unique=True)
    )
    extra_levels, extra_scores = _judge_all(prepared, extra, rarity, _silent)
    progress(f"{len(extra):,} more pairs that share a home")
    if model is None:
        progress("weights: hand-set (the file does not teach better ones)")
    else:
        progress(f"weights: learned from the file in {model.iterations} rounds")
        scores = model.probability(levels)
        extra_scores = model.probability(extra_levels)
    return _matches(
        prepared,
        np.concatenate([pairs, extra]),
        np.concatenate([scores, extra_scores]),
        threshold,
        rarity,
    )


def _same_home(prepared: Sequence[Prepared], pairs: np.ndarray) -> np.ndarray:
    total = len(prepared)
    keep = [
        0 < address_level(prepared[code // total], prepared[code % total]) <= 2
        for code in pairs.tolist()
    ]
    return pairs[np.asarray(keep, dtype=bool)] if keep else pairs


def _matches(
    prepared: Sequence[Prepared],
    pairs: np.ndarray,
    scores: np.ndarray,
    threshold: float,
    rarity: NameRarity,
) -> list[Match]:
    total = len(prepared)
    found: list[Match] = []
    for row in np.flatnonzero(scores >= threshold).tolist():
        left, right = divmod(int(pairs[row]), total)
        reasons = judge(prepared[left], prepared[right], rarity).reasons
        found.append(
            Match(prepared[left].id, prepared[right].id, round(float(scores[row]), 4), reasons)
        )
    return best_first(found)


def best_first(matches: list[Match]) -> list[Match]:
    return sorted(matches, key=lambda m: (-m.score, m.left, m.right))


def dedupe(
    records: Sequence[PersonRecord],
    threshold: float = DEFAULT_THRESHOLD,
    progress: Progress = _silent,
) -> list[Match]:
    """Pairs judged to be the same person, best first, each unordered pair once; `left`
    is the record that came first in the input."""
    return dedupe_prepared([prepare(r) for r in records], threshold, progress)


def match_one(
    record: PersonRecord,
    candidates: Sequence[PersonRecord],
    threshold: float = DEFAULT_THRESHOLD,
) -> list[Match]:
    """One new record against candidates already found by key lookup, best first."""
    new = prepare(record)
    found = [compare(new, prepare(candidate)) for candidate in candidates]
    return best_first([m for m in found if m.score >= threshold])
