"""Batch de-duplication: block on shared keys, score each candidate pair once.

This is the default engine of `noddfa dedupe`: the hand-set scorer over arrays of pairs
(`vectorised`, the same scores as `scoring.judge` pair by pair), with NumPy for the pair
bookkeeping and one worker process a core, fast enough for a million records on a small
machine (ADR 0028). `splink_engine` runs the same job through Splink for larger jobs and
Spark.
"""

from __future__ import annotations

import math
import multiprocessing
import multiprocessing.pool
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import TypeVar

import numpy as np

from .keys import blocking_keys, home_keys
from .records import PersonRecord, Prepared, prepare
from .scoring import (
    DEFAULT_THRESHOLD,
    LEVEL_COUNTS,
    PRIOR,
    Match,
    compare,
    judge,
    name_rarity,
)
from .vectorised import (
    Bools,
    Columns,
    Floats,
    Ints,
    Levels,
    PairScorer,
    columns,
    distinct,
    learn,
    scores,
)

# A block up to this size is compared all against all. A larger one holds a name common
# enough in the data that all-pairs would swamp the run (a block of 300 is 45,000 pairs):
# its records are sorted by full name and date of birth and each is compared with the
# next WINDOW records only (the sorted-neighbourhood method), so namesakes still meet.
FULL_BLOCK = 30
WINDOW = 6
# Beyond this a key says nothing (a whole town's postcode district and a common name).
MAX_BLOCK = 20_000
# Pairs are weighed this many at a time: enough for NumPy to pay, few enough that a
# chunk's working arrays stay a few hundred megabytes.
CHUNK = 500_000
# Below this many pairs a worker process costs more than it saves.
PARALLEL_FROM = 200_000

Progress = Callable[[str], None]
Result = TypeVar("Result")


def _silent(message: str) -> None:
    return None


def _order_key(person: Prepared) -> str:
    born = person.date_of_birth.iso() if person.date_of_birth else ""
    return " ".join(sorted(person.name.tokens)) + "|" + born


@lru_cache(maxsize=FULL_BLOCK + 1)
def _all_pairs(size: int) -> tuple[Ints, Ints]:
    """Positions (i, j), i < j, of every pair in a block of `size` (made once per size)."""
    left, right = np.triu_indices(size, k=1)
    return left.astype(np.int64), right.astype(np.int64)


def candidate_pairs(
    prepared: Sequence[Prepared],
    progress: Progress = _silent,
    keys: Callable[[Prepared], Iterable[str]] = blocking_keys,
) -> Ints:
    """Every pair (i, j), i < j, that shares at least one of its `keys`, once, as the
    code i * len(prepared) + j, in increasing order."""
    numbers: dict[str, int] = {}
    owners: list[int] = []
    blocks_of: list[int] = []
    for index, person in enumerate(prepared):
        for key in keys(person):
            blocks_of.append(numbers.setdefault(key, len(numbers)))
            owners.append(index)
    progress(f"{len(numbers):,} blocks")
    total = len(prepared)
    block = np.asarray(blocks_of, dtype=np.int64)
    owner = np.asarray(owners, dtype=np.int64)
    del blocks_of, owners
    sizes = np.bincount(block, minlength=len(numbers))
    skipped = int((sizes > MAX_BLOCK).sum())
    entry_size = sizes[block]
    chunks: list[Ints] = []
    # Blocks of up to FULL_BLOCK records, all against all, one size at a time.
    small = np.flatnonzero((entry_size >= 2) & (entry_size <= FULL_BLOCK))
    small = small[np.argsort(block[small], kind="stable")]
    small_size = entry_size[small]
    for size in range(2, FULL_BLOCK + 1):
        members = owner[small[small_size == size]].reshape(-1, size)
        if len(members) == 0:
            continue
        left, right = _all_pairs(size)
        chunks.append(_codes(members[:, left].reshape(-1), members[:, right].reshape(-1), total))
    # Larger blocks by sorted neighbourhood: each record against the next WINDOW in the
    # block, ordered by name and date of birth, then by place in the file.
    large = np.flatnonzero((entry_size > FULL_BLOCK) & (entry_size <= MAX_BLOCK))
    windowed = len(distinct(block[large]))
    if len(large):
        order = [_order_key(person) for person in prepared]
        rank = np.empty(total, dtype=np.int64)
        rank[sorted(range(total), key=order.__getitem__)] = np.arange(total, dtype=np.int64)
        large = large[np.lexsort((rank[owner[large]], block[large]))]
        large_block, large_owner = block[large], owner[large]
        for step in range(1, WINDOW + 1):
            same = np.flatnonzero(large_block[:-step] == large_block[step:])
            chunks.append(_codes(large_owner[same], large_owner[same + step], total))
    progress(f"{windowed:,} large blocks compared by sorted neighbourhood, {skipped:,} skipped")
    if not chunks:
        return np.empty(0, dtype=np.int64)
    return distinct(np.concatenate(chunks))


def _among(codes: Ints, ordered: Ints) -> Bools:
    """Whether each of `codes` is among `ordered` (increasing)."""
    if len(ordered) == 0:
        return np.zeros(len(codes), dtype=np.bool_)
    place = np.minimum(np.searchsorted(ordered, codes), len(ordered) - 1)
    return np.asarray(ordered[place] == codes, dtype=np.bool_)


def _codes(a: Ints, b: Ints, total: int) -> Ints:
    return np.asarray(np.minimum(a, b) * total + np.maximum(a, b), dtype=np.int64)


# The scorer a worker process uses: set in the parent just before the workers are forked,
# so they share its columns rather than receive a copy through a pipe.
_SCORER: PairScorer | None = None


def _scorer() -> PairScorer:
    assert _SCORER is not None, "the scorer is set before any pairs are weighed"
    return _SCORER


def _judge_chunk(codes: Ints) -> tuple[Levels, Floats]:
    scorer = _scorer()
    total = len(scorer.data.prepared)
    return scorer.judge(codes // total, codes % total)


def _address_chunk(codes: Ints) -> Ints:
    scorer = _scorer()
    total = len(scorer.data.prepared)
    return scorer.addresses(codes // total, codes % total)[1]


def _reasons_chunk(codes: Ints) -> list[tuple[str, ...]]:
    scorer = _scorer()
    prepared, rarity = scorer.data.prepared, scorer.data.rarity
    total = len(prepared)
    return [
        judge(prepared[code // total], prepared[code % total], rarity).reasons
        for code in codes.tolist()
    ]


def _chunks(codes: Ints, size: int = CHUNK) -> list[Ints]:
    return [codes[start : start + size] for start in range(0, len(codes), size)]


def available_cores() -> int:
    """The cores this process may run on (fewer than the machine's under a CPU set)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class _Weigher:
    """Weighs pairs in chunks, in worker processes when there are many."""

    def __init__(self, pool: multiprocessing.pool.Pool | None) -> None:
        self.pool = pool

    def _map(
        self, work: Callable[[Ints], Result], codes: Ints, size: int = CHUNK
    ) -> Iterator[Result]:
        parts = _chunks(codes, size)
        if self.pool is None or len(codes) < PARALLEL_FROM:
            return (work(part) for part in parts)
        return self.pool.imap(work, parts)

    def judge(self, codes: Ints, progress: Progress = _silent) -> tuple[Levels, Floats]:
        levels = np.empty((len(codes), len(LEVEL_COUNTS)), dtype=np.uint8)
        weights = np.empty(len(codes), dtype=np.float64)
        done = 0
        step = max(CHUNK, len(codes) // 10)
        for result in self._map(_judge_chunk, codes):
            part_levels, part_weights = result
            levels[done : done + len(part_weights)] = part_levels
            weights[done : done + len(part_weights)] = part_weights
            before, done = done, done + len(part_weights)
            if done // step > before // step:
                progress(f"compared {done:,} of {len(codes):,} pairs")
        return levels, weights

    def address_levels(self, codes: Ints) -> Ints:
        parts = list(self._map(_address_chunk, codes))
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)

    def reasons(self, codes: Ints) -> list[tuple[str, ...]]:
        found: list[tuple[str, ...]] = []
        for part in self._map(_reasons_chunk, codes, size=20_000):
            found.extend(part)
        return found


@contextmanager
def _weigher(data: Columns, workers: int, pairs: int) -> Iterator[_Weigher]:
    global _SCORER
    _SCORER = PairScorer(data)
    pool = None
    try:
        if (
            workers > 1
            and pairs >= PARALLEL_FROM
            and "fork" in multiprocessing.get_all_start_methods()
        ):
            pool = multiprocessing.get_context("fork").Pool(workers)
        yield _Weigher(pool)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
        _SCORER = None


def dedupe_prepared(
    prepared: Sequence[Prepared],
    threshold: float = DEFAULT_THRESHOLD,
    progress: Progress = _silent,
    workers: int | None = None,
) -> list[Match]:
    """Pairs at or above `threshold`, scored by weights learned from this file when it
    teaches better ones (`learned_weights`), otherwise by the hand-set weights.

    The weights are fitted on the pairs that share a blocking key. Pairs that share only
    a house number and a word of the address (`home_keys`) are scored by the same
    weights but not fitted on: so many of them agree on the address by construction that
    they would teach the fit that an address counts for little.

    `workers` processes weigh the pairs (default: one a core this process may use).
    """
    pairs = candidate_pairs(prepared, progress)
    rarity = name_rarity(person.name.tokens for person in prepared)
    progress(f"{len(pairs):,} candidate pairs to compare")
    data = columns(prepared, rarity)
    home = candidate_pairs(prepared, keys=home_keys)
    count = workers or available_cores()
    with _weigher(data, count, len(pairs) + len(home)) as weigher:
        levels, weights = weigher.judge(pairs, progress)
        scores_ = scores(weights)
        model = learn(levels, scores_, LEVEL_COUNTS, threshold)
        # A home key looks for one home written twice; a pair it finds at two different
        # homes on one street is not what it was looking for, and is not compared further.
        home = home[~_among(home, pairs)]
        address = weigher.address_levels(home)
        extra = home[(address > 0) & (address <= 2)]
        del home, address
        extra_levels, extra_weights = weigher.judge(extra)
        progress(f"{len(extra):,} more pairs that share a home")
        hand_set = model is None
        if model is None:
            progress("weights: hand-set (the file does not teach better ones)")
            extra_scores = scores(extra_weights)
        else:
            progress(f"weights: learned from the file in {model.iterations} rounds")
            scores_ = model.probability(levels)
            extra_scores = model.probability(extra_levels)
        del levels, extra_levels
        all_pairs = np.concatenate([pairs, extra])
        all_scores = np.concatenate([scores_, extra_scores])
        found = np.flatnonzero(all_scores >= threshold)
        reasons = weigher.reasons(all_pairs[found])
        found_scores = all_scores[found].tolist()
        if hand_set:
            # Each found pair's score as `judge` gives it, to the last bit (NumPy's exp
            # may differ from the math library's in the last place, and a score is
            # rounded to four places for the pairs file).
            found_weights = np.concatenate([weights, extra_weights])[found].tolist()
            found_scores = [1.0 / (1.0 + math.exp(-(w + PRIOR))) for w in found_weights]
    total = len(prepared)
    matches = [
        Match(
            prepared[code // total].id,
            prepared[code % total].id,
            round(float(score), 4),
            why,
        )
        for code, score, why in zip(all_pairs[found].tolist(), found_scores, reasons, strict=True)
    ]
    return best_first(matches)


def best_first(matches: list[Match]) -> list[Match]:
    return sorted(matches, key=lambda m: (-m.score, m.left, m.right))


def dedupe(
    records: Sequence[PersonRecord],
    threshold: float = DEFAULT_THRESHOLD,
    progress: Progress = _silent,
    workers: int | None = None,
) -> list[Match]:
    """Pairs judged to be the same person, best first, each unordered pair once; `left`
    is the record that came first in the input."""
    return dedupe_prepared([prepare(r) for r in records], threshold, progress, workers)


def match_one(
    record: PersonRecord,
    candidates: Sequence[PersonRecord],
    threshold: float = DEFAULT_THRESHOLD,
) -> list[Match]:
    """One new record against candidates already found by key lookup, best first."""
    new = prepare(record)
    found = [compare(new, prepare(candidate)) for candidate in candidates]
    return best_first([m for m in found if m.score >= threshold])
