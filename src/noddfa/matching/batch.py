"""Batch de-duplication: block on shared keys, score each candidate pair once.

This is the default engine of `noddfa dedupe`: the hand-set scorer over arrays of pairs
(`vectorised`, the same scores as `scoring.judge` pair by pair), with NumPy for the pair
bookkeeping and one worker process a core, fast enough for a million records on a small
machine (ADR 0028). `splink_engine` runs the same job through Splink for larger jobs and
Spark.
"""

from __future__ import annotations

import contextlib
import gc
import math
import multiprocessing
import multiprocessing.pool
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

import numpy as np

from .households import lives_in_families
from .keys import blocking_keys, home_keys
from .names import Name
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
CHUNK = 100_000
# Below this many pairs a worker process costs more than it saves.
PARALLEL_FROM = 200_000

Progress = Callable[[str], None]
Result = TypeVar("Result")


def _silent(message: str) -> None:
    return None


def _order_key(person: Prepared) -> str:
    born = person.date_of_birth.iso() if person.date_of_birth else ""
    return " ".join(sorted(person.name.tokens)) + "|" + born


def name_order(order_keys: Sequence[str]) -> Ints:
    """Each record's place when the records are sorted by `_order_key` (and then by place
    in the file), from the records' `_order_key`s."""
    rank = np.empty(len(order_keys), dtype=np.int64)
    rank[sorted(range(len(order_keys)), key=order_keys.__getitem__)] = np.arange(
        len(order_keys), dtype=np.int64
    )
    return rank


@lru_cache(maxsize=FULL_BLOCK + 1)
def _all_pairs(size: int) -> tuple[Ints, Ints]:
    """Positions (i, j), i < j, of every pair in a block of `size` (made once per size)."""
    left, right = np.triu_indices(size, k=1)
    return left.astype(np.int64), right.astype(np.int64)


# Two independent hashes of a key: Python's string hash of the key, and of the key after
# a separator (the hash is seeded once a process, and worker processes forked from one
# parent share the seed). A name of its own so that a test can make the first collide.
_first_hash: Callable[[str], int] = hash


def _second_hash(keys: Iterable[str]) -> Iterator[int]:
    return map(hash, map("\x1f".__add__, keys))


@dataclass(frozen=True)
class KeyEntries:
    """One row for each key of each record: the record's place in the file and the key's
    two hashes. Numbers rather than strings, so that worker processes can send them."""

    owner: Ints
    first: Ints
    second: Ints

    @staticmethod
    def join(parts: Sequence[KeyEntries]) -> KeyEntries:
        return KeyEntries(
            *(
                np.concatenate([getattr(p, name) for p in parts] or [np.empty(0, np.int64)])
                for name in ("owner", "first", "second")
            )
        )


def key_entries(
    prepared: Sequence[Prepared], keys: Callable[[Prepared], Collection[str]], start: int = 0
) -> KeyEntries:
    """The keys of `prepared`, the first of which is record number `start` of the file."""
    # Both hashes of every key, one pass of `map` each rather than a call a key.
    found = [keys(person) for person in prepared]
    counts = np.fromiter(map(len, found), np.int64, len(found))
    written = [key for person_keys in found for key in person_keys]
    del found
    first = np.fromiter(map(_first_hash, written), np.int64, len(written))
    second = np.fromiter(_second_hash(written), np.int64, len(written))
    owners = np.repeat(np.arange(start, start + len(counts), dtype=np.int64), counts)
    return KeyEntries(owners, first, second)


def _numbered_blocks(entries: KeyEntries) -> tuple[Ints, int] | None:
    """Each entry's block (one a distinct key) and the number of blocks, from the hashes;
    None if two different keys share a first hash, which the second tells."""
    order = np.argsort(entries.first)
    first, second = entries.first[order], entries.second[order]
    new = np.ones(len(order), dtype=np.bool_)
    new[1:] = first[1:] != first[:-1]
    if bool(np.any(~new[1:] & (second[1:] != second[:-1]))):
        return None
    block = np.empty(len(order), dtype=np.int64)
    block[order] = np.cumsum(new) - 1
    return block, int(new.sum())


def _blocks_by_key(
    prepared: Sequence[Prepared], keys: Callable[[Prepared], Collection[str]]
) -> tuple[Ints, Ints, int]:
    """Each (record, key) entry's record and block, numbering the keys themselves."""
    numbers: dict[str, int] = {}
    owners: list[int] = []
    blocks_of: list[int] = []
    for index, person in enumerate(prepared):
        for key in keys(person):
            blocks_of.append(numbers.setdefault(key, len(numbers)))
            owners.append(index)
    owner = np.asarray(owners, dtype=np.int64)
    return owner, np.asarray(blocks_of, dtype=np.int64), len(numbers)


def candidate_pairs(
    prepared: Sequence[Prepared],
    progress: Progress = _silent,
    keys: Callable[[Prepared], Collection[str]] = blocking_keys,
    entries: KeyEntries | None = None,
    rank: Ints | None = None,
) -> Ints:
    """Every pair (i, j), i < j, that shares at least one of its `keys`, once, as the
    code i * len(prepared) + j, in increasing order. `entries` are the records' `keys`
    when already found (by worker processes), `rank` their `name_order`."""
    if entries is None:
        entries = key_entries(prepared, keys)
    numbered = _numbered_blocks(entries)
    if numbered is None:
        # Two keys with the same hash (about one run in a hundred thousand at a million
        # records): number the keys themselves.
        owner, block, count = _blocks_by_key(prepared, keys)
    else:
        owner, (block, count) = entries.owner, numbered
    progress(f"{count:,} blocks")
    total = len(prepared)
    sizes = np.bincount(block, minlength=count)
    skipped = int((sizes > MAX_BLOCK).sum())
    entry_size = sizes[block]
    # Blocks of up to FULL_BLOCK records, all against all, one size at a time.
    small = np.flatnonzero((entry_size >= 2) & (entry_size <= FULL_BLOCK))
    small = small[np.argsort(block[small], kind="stable")]
    small_size = entry_size[small]
    by_size = [
        owner[small[small_size == size]].reshape(-1, size) for size in range(2, FULL_BLOCK + 1)
    ]
    del small, small_size
    # Larger blocks by sorted neighbourhood: each record against the next WINDOW in the
    # block, ordered by name and date of birth, then by place in the file.
    large = np.flatnonzero((entry_size > FULL_BLOCK) & (entry_size <= MAX_BLOCK))
    windowed = len(distinct(block[large]))
    steps: list[Ints] = []
    large_owner = np.empty(0, dtype=np.int64)
    if len(large):
        if rank is None:
            rank = name_order([_order_key(person) for person in prepared])
        large = large[np.lexsort((rank[owner[large]], block[large]))]
        large_block, large_owner = block[large], owner[large]
        steps = [
            np.flatnonzero(large_block[:-step] == large_block[step:])
            for step in range(1, WINDOW + 1)
        ]
    progress(f"{windowed:,} large blocks compared by sorted neighbourhood, {skipped:,} skipped")
    # Every pair's code written into one array made to size (a million records give some
    # 60 million, a pair met in several blocks once for each), then sorted in place.
    written = sum(len(m) * (m.shape[1] * (m.shape[1] - 1) // 2) for m in by_size) + sum(
        len(same) for same in steps
    )
    codes = np.empty(written, dtype=np.int64)
    at = 0
    for members in by_size:
        if len(members) == 0:
            continue
        left, right = _all_pairs(members.shape[1])
        made = _codes(members[:, left].reshape(-1), members[:, right].reshape(-1), total)
        codes[at : at + len(made)] = made
        at += len(made)
    del by_size
    for step, same in enumerate(steps, start=1):
        codes[at : at + len(same)] = _codes(large_owner[same], large_owner[same + step], total)
        at += len(same)
    codes.sort()
    first = np.ones(len(codes), dtype=np.bool_)
    first[1:] = codes[1:] != codes[:-1]
    return np.asarray(codes[first], dtype=np.int64)


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

    def judge(
        self,
        codes: Ints,
        progress: Progress = _silent,
        weighed: Callable[[Ints, Floats], None] | None = None,
    ) -> tuple[Levels, Floats]:
        """Each pair's levels and hand-set weight; `weighed` is told each chunk's pairs and
        weights as they arrive (while the workers weigh the next ones)."""
        levels = np.empty((len(codes), len(LEVEL_COUNTS)), dtype=np.uint8)
        weights = np.empty(len(codes), dtype=np.float64)
        done = 0
        step = max(CHUNK, len(codes) // 10)
        for result in self._map(_judge_chunk, codes):
            part_levels, part_weights = result
            if weighed is not None:
                weighed(codes[done : done + len(part_weights)], part_weights)
            levels[done : done + len(part_weights)] = part_levels
            weights[done : done + len(part_weights)] = part_weights
            before, done = done, done + len(part_weights)
            if done // step > before // step:
                progress(f"compared {done:,} of {len(codes):,} pairs")
        return levels, weights

    def address_levels(self, codes: Ints) -> Ints:
        parts = list(self._map(_address_chunk, codes))
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)


@contextmanager
def _weigher(data: Columns, workers: int, pairs: int) -> Iterator[_Weigher]:
    global _SCORER
    _SCORER = PairScorer(data)
    pool = None
    try:
        if workers > 1 and pairs >= PARALLEL_FROM and _can_fork():
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
    with _no_collection():
        rank = name_order([_order_key(person) for person in prepared])
        entries = key_entries(prepared, blocking_keys)
        pairs = candidate_pairs(prepared, progress, entries=entries, rank=rank)
        entries = key_entries(prepared, home_keys)
        home = candidate_pairs(prepared, keys=home_keys, entries=entries, rank=rank)
        del entries, rank
        return _dedupe(prepared, pairs, home, threshold, progress, workers or available_cores())


@contextmanager
def _no_collection() -> Iterator[None]:
    """Python's cycle collector off for the run: it rescans every object in the process
    again and again while a million records are prepared and sent between processes
    (a third of the time of preparing them, seven times that of receiving them), and the
    run makes no cycles for it to find."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _dedupe(
    prepared: Sequence[Prepared],
    pairs: Ints,
    home: Ints,
    threshold: float,
    progress: Progress,
    workers: int,
) -> list[Match]:
    """`dedupe_prepared` once the candidate `pairs` and the pairs that share a `home`
    key are found."""
    rarity = name_rarity(person.name.tokens for person in prepared)
    families = lives_in_families(prepared)
    progress(
        "homes shared by families: a same name a generation apart at one home is parent and child"
        if families
        else "homes not shared by families: a same name at one home is one person"
    )
    progress(f"{len(pairs):,} candidate pairs to compare")
    data = columns(prepared, rarity, families)
    total = len(prepared)
    # The reasons of the pairs the hand-set weights find, made here while the workers
    # weigh the next pairs: this process would otherwise wait for them, and make the
    # reasons after they end. (Not by the workers: a worker that reads a record's Python
    # objects writes to their pages, reference counts, and the pages it writes are copied,
    # a copy of most of the records in each worker.) A pair found only by weights learned
    # from the file is given its reasons at the end.
    reasons: dict[int, tuple[str, ...]] = {}

    def give_reasons(codes: Ints, weights: Floats) -> None:
        for code in codes[scores(weights) >= threshold].tolist():
            reasons[code] = judge(
                prepared[code // total], prepared[code % total], rarity, families
            ).reasons

    with _weigher(data, workers, len(pairs) + len(home)) as weigher:
        levels, weights = weigher.judge(pairs, progress, give_reasons)
        # A home key looks for one home written twice; a pair it finds at two different
        # homes on one street is not what it was looking for, and is not compared further.
        home = home[~_among(home, pairs)]
        address = weigher.address_levels(home)
        extra = home[(address > 0) & (address <= 2)]
        del home, address
        extra_levels, extra_weights = weigher.judge(extra, weighed=give_reasons)
    # The workers have ended (and given back their memory) before the fit.
    progress(f"{len(extra):,} more pairs that share a home")
    scores_ = scores(weights)
    model = learn(levels, scores_, LEVEL_COUNTS, threshold)
    hand_set = model is None
    if model is None:
        progress("weights: hand-set (the file does not teach better ones)")
        extra_scores = scores(extra_weights)
    else:
        progress(f"weights: learned from the file in {model.iterations} rounds")
        scores_ = model.probability(levels)
        extra_scores = model.probability(extra_levels)
    del levels, extra_levels
    found_pairs = np.concatenate(
        [pairs[scores_ >= threshold], extra[extra_scores >= threshold]]
    ).tolist()
    if hand_set:
        # Each found pair's score as `judge` gives it, to the last bit (NumPy's exp may
        # differ from the math library's in the last place, and a score is rounded to
        # four places for the pairs file).
        found_weights = np.concatenate(
            [weights[scores_ >= threshold], extra_weights[extra_scores >= threshold]]
        ).tolist()
        found_scores = [1.0 / (1.0 + math.exp(-(w + PRIOR))) for w in found_weights]
    else:
        found_scores = np.concatenate(
            [scores_[scores_ >= threshold], extra_scores[extra_scores >= threshold]]
        ).tolist()
    del pairs, extra, weights, extra_weights, scores_, extra_scores
    matches: list[Match] = []
    for code, score in zip(found_pairs, found_scores, strict=True):
        a, b = prepared[code // total], prepared[code % total]
        why = reasons.get(code)
        if why is None:
            why = judge(a, b, rarity, families).reasons
        matches.append(Match(a.id, b.id, round(float(score), 4), why))
    progress(f"{len(matches):,} pairs at or above the threshold, with their reasons")
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
    is the record that came first in the input. `workers` processes prepare the records
    and weigh the pairs (default: one a core this process may use)."""
    count = workers or available_cores()
    with _no_collection():
        prepared, keys, homes, order_keys = _prepare_all(records, count)
        # The order of the records in large blocks, found once for both kinds of key.
        rank = name_order(order_keys)
        del order_keys
        progress(f"{len(prepared):,} records prepared")
        pairs = candidate_pairs(prepared, progress, entries=keys, rank=rank)
        del keys
        home = candidate_pairs(prepared, keys=home_keys, entries=homes, rank=rank)
        del rank
        del homes
        return _dedupe(prepared, pairs, home, threshold, progress, count)


# The records worker processes prepare: set in the parent just before they are forked.
_RECORDS: Sequence[PersonRecord] = ()
# Records a worker prepares at a time, and the fewest worth starting workers for.
PREPARE_CHUNK = 20_000
PREPARE_PARALLEL_FROM = 20_000


def _prepare_part(
    bounds: tuple[int, int],
) -> tuple[list[Prepared], KeyEntries, KeyEntries, list[str]]:
    start, stop = bounds
    part = [prepare(record) for record in _RECORDS[start:stop]]
    return (
        part,
        key_entries(part, blocking_keys, start),
        key_entries(part, home_keys, start),
        [_order_key(person) for person in part],
    )


def _prepare_all(
    records: Sequence[PersonRecord], workers: int
) -> tuple[list[Prepared], KeyEntries, KeyEntries, list[str]]:
    """Every record prepared, the hashes of its blocking and home keys and its
    `_order_key`: in worker processes for a large file (each sends back its share, which
    this process receives while they prepare the next)."""
    global _RECORDS
    bounds = [
        (start, min(start + PREPARE_CHUNK, len(records)))
        for start in range(0, len(records), PREPARE_CHUNK)
    ]
    parallel = workers > 1 and len(records) >= PREPARE_PARALLEL_FROM and _can_fork()
    _RECORDS = records
    prepared: list[Prepared] = []
    keys: list[KeyEntries] = []
    homes: list[KeyEntries] = []
    order_keys: list[str] = []
    shared = _Shared()
    try:
        with (
            multiprocessing.get_context("fork").Pool(workers)
            if parallel
            else contextlib.nullcontext()
        ) as pool:
            parts = pool.imap(_prepare_part, bounds) if pool else map(_prepare_part, bounds)
            for part, part_keys, part_homes, part_order in parts:
                prepared.extend(shared(person) for person in part)
                keys.append(part_keys)
                homes.append(part_homes)
                order_keys += part_order
    finally:
        _RECORDS = ()
    return prepared, KeyEntries.join(keys), KeyEntries.join(homes), order_keys


class _Shared:
    """One object for each distinct name and set of names among the records prepared.

    A part of the records comes back from a worker as its own copies: a name carried by
    ten thousand records arrives as thousands of equal objects, a third of the memory of
    the prepared records at a million. The main process makes them one while the workers
    prepare the next parts."""

    def __init__(self) -> None:
        self.names: dict[Name, Name] = {}
        self.words: dict[frozenset[str], frozenset[str]] = {}
        self.texts: dict[str, str] = {}

    def __call__(self, person: Prepared) -> Prepared:
        names, words, texts = self.names, self.words, self.texts
        # In place: the record has just arrived from a worker and nothing else holds it
        # yet (`dataclasses.replace` would make each record twice over).
        fields = person.__dict__
        fields["name"] = names.setdefault(person.name, person.name)
        for field in ("given", "family", "raw_tokens"):
            fields[field] = words.setdefault(fields[field], fields[field])
        for field in ("sex", "postcode", "district", "address"):
            fields[field] = texts.setdefault(fields[field], fields[field])
        return person


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def match_one(
    record: PersonRecord,
    candidates: Sequence[PersonRecord],
    threshold: float = DEFAULT_THRESHOLD,
) -> list[Match]:
    """One new record against candidates already found by key lookup, best first."""
    new = prepare(record)
    found = [compare(new, prepare(candidate)) for candidate in candidates]
    return best_first([m for m in found if m.score >= threshold])
