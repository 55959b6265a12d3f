"""The hand-set scorer over many pairs at once, with the same scores as `scoring.judge`.

`judge` weighs one pair in Python, about 25 microseconds a pair: a million records give some
36 million candidate pairs, a quarter of an hour. Here the records are first turned into
columns (each distinct name, date, phone, postcode and address numbered once), and a whole
array of pairs is weighed at a time: the string metrics run once for each distinct pair of
values (rapidfuzz's `cpdist`, in C++), and everything else is NumPy over the pairs.

Every step follows `scoring` exactly, in the same order of arithmetic, so a pair's weight is
the same float as `judge` gives it (tests/matching/test_batch_vectorised.py compares every
pair of two populations and a dirty file). Where this module has no fast path (a record
with aliases, a name of more than MAX_TOKENS words, more than MAX_PHONES phones) it asks
`scoring` itself, for those pairs only. Reasons are not made here: only the pairs found
need them, and `judge` gives them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler
from rapidfuzz.fuzz import ratio, token_set_ratio, token_sort_ratio

from .learned_weights import MIN_MATCHES, MIN_PAIRS, LearnedWeights, _fit, _refines
from .names import Name
from .records import Prepared
from .scoring import (
    _NAME_BOUNDS,
    CONSISTENT,
    GENERATION,
    GENERATION_APART,
    GIVEN_ALIKE,
    HOME_CAP,
    HOME_CAP_BORN_APART,
    LEVEL_COUNTS,
    PLACE_WORDS_TO_CONTAIN,
    PRIOR,
    SAME_YEAR,
    NameRarity,
    _house_numbers,
    _names,
    _place_word_count,
    _token_similarity,
    given_names_differ,
)

Ints = npt.NDArray[np.int64]
Codes = npt.NDArray[np.int32]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Levels = npt.NDArray[np.uint8]
Places = npt.NDArray[np.signedinteger[Any]]

# Names of up to this many words (nearly all) and up to this many phones a record take the
# fast path; the rest are weighed by `scoring` itself.
MAX_TOKENS = 4
MAX_PHONES = 3
_NONE = -1
_SEXES = {"": 0, "female": 1, "male": 2}

T = TypeVar("T", bound=Hashable)


def _number(values: Sequence[T]) -> tuple[Ints, list[T]]:
    """Each value's number (in order of first appearance) and the distinct values."""
    seen: dict[T, int] = {}
    codes = np.fromiter((seen.setdefault(v, len(seen)) for v in values), np.int64, len(values))
    return codes, list(seen)


@dataclass
class Columns:
    """The records of one file as numbered values, ready to weigh pairs of them."""

    prepared: Sequence[Prepared]
    rarity: NameRarity
    # Names: each record's group (its name and aliases), each group's name and whether the
    # fast path can weigh it, each name's words as numbers (padded with _NONE).
    group: Ints
    group_name: Ints
    group_fast: Bools
    group_record: Ints
    name_size: Ints
    name_tokens: Ints
    name_written: Ints
    name_joined: Texts
    name_reversed: Texts
    token_text: Texts
    token_rarity: Floats
    # Each record's given and family names as numbers of distinct sets of words (32 bits
    # a record), each set's words as numbers among the same words (padded with _NONE) and
    # how many there are; a pair with a set of more is asked of `scoring`.
    given_part: Codes
    family_part: Codes
    part_tokens: Ints
    part_count: Ints
    # Dates of birth (_NONE where not known).
    year: Ints
    month: Ints
    day: Ints
    birth_year: Ints
    # Phones as numbers, MAX_PHONES columns; records with more are weighed by `scoring`.
    phones: Ints
    phone_count: Ints
    postcode: Ints
    postcode_text: Texts
    district: Ints
    address: Ints
    address_text: Texts
    address_words: Ints
    house_numbers: Ints
    school: Ints
    school_text: list[str]
    sex: Ints
    # Whether the file's people live with their families (`scoring.judge`'s `families`).
    families: bool = True


class Texts:
    """Numbered texts packed into one array of bytes, each taken out when a batch needs it.

    Worker processes are forked after the columns are made and share their memory until
    they write to it. Reading a Python string writes its reference count, so a worker that
    read the records' own strings (their names and addresses) would copy every page that
    holds one, most of the records' memory, in each worker. An array of bytes is not
    written by reading it; the strings taken out of it belong to the worker and go when
    the batch is done."""

    # Ends each text in the packed bytes, so that a batch of them is cut apart in one call.
    END = "\x00"

    def __init__(self, texts: Sequence[str]) -> None:
        self.count = len(texts)
        # A text holding the end mark itself (none does that comes from a name, an address
        # or a postcode) is kept as it is, and the batch taken one text at a time.
        self.texts = list(texts) if any(self.END in text for text in texts) else None
        encoded = [(text + self.END).encode() for text in texts]
        self.bytes = np.frombuffer(b"".join(encoded), dtype=np.uint8)
        # Places in 32 bits where they fit: taking a batch out reads one place a byte.
        self.place: type[np.signedinteger[Any]] = np.int32 if len(self.bytes) < 2**31 else np.int64
        self.lengths: Places = np.fromiter(map(len, encoded), self.place, len(encoded))
        self.ends: Places = np.cumsum(self.lengths, dtype=self.place)

    def __len__(self) -> int:
        return self.count

    def take(self, numbers: Ints) -> list[str]:
        if self.texts is not None:
            return [self.texts[number] for number in numbers.tolist()]
        if len(numbers) == 0:
            return []
        lengths = self.lengths[numbers]
        ends = np.cumsum(lengths, dtype=self.place)
        # Each byte of the texts asked for, in turn: its place in the packed bytes is its
        # place in the answer shifted by where its text starts there.
        place: Places = np.repeat(self.ends[numbers] - ends, lengths)
        place += np.arange(int(ends[-1]), dtype=self.place)
        return np.take(self.bytes, place).tobytes().decode().split(self.END)[:-1]


def _text_numbers(values: Sequence[str]) -> tuple[Ints, list[str]]:
    """Numbers for texts, with the empty text (not known) as _NONE."""
    codes, texts = _number(values)
    if "" in texts:
        empty = texts.index("")
        codes = np.where(codes == empty, _NONE, codes - (codes > empty))
        texts.remove("")
    return codes, texts


def _name_parts(
    prepared: Sequence[Prepared], tokens: dict[str, int]
) -> tuple[Codes, Codes, Ints, Ints]:
    """Each record's given and family name as the number of its set of words, and each
    set's words as numbers in `tokens` (added there when new), MAX_TOKENS columns padded
    with _NONE, and how many words it has."""
    sets: dict[frozenset[str], int] = {}
    given = np.fromiter(
        (sets.setdefault(p.given, len(sets)) for p in prepared), np.int32, len(prepared)
    )
    family = np.fromiter(
        (sets.setdefault(p.family, len(sets)) for p in prepared), np.int32, len(prepared)
    )
    numbers = np.full((len(sets), MAX_TOKENS), _NONE, dtype=np.int64)
    count = np.fromiter(map(len, sets), np.int64, len(sets))
    for index, words in enumerate(sets):
        if len(words) <= MAX_TOKENS:
            for column, word in enumerate(words):
                numbers[index, column] = tokens.setdefault(word, len(tokens))
    return given, family, numbers, count


def columns(prepared: Sequence[Prepared], rarity: NameRarity, families: bool = True) -> Columns:
    """Number every value of `prepared` once."""
    count = len(prepared)
    group, groups = _number([(p.name, p.aliases) for p in prepared])
    names: dict[Name, int] = {}
    group_name = np.fromiter((names.setdefault(g[0], len(names)) for g in groups), np.int64)
    group_fast = np.fromiter(
        (not aliases and len(name.tokens) <= MAX_TOKENS for name, aliases in groups), np.bool_
    )
    group_record = np.zeros(len(groups), dtype=np.int64)
    group_record[group[::-1]] = np.arange(count - 1, -1, -1, dtype=np.int64)

    tokens: dict[str, int] = {}
    name_list = list(names)
    name_size = np.fromiter((len(n.tokens) for n in name_list), np.int64, len(name_list))
    name_tokens = np.full((len(name_list), MAX_TOKENS), _NONE, dtype=np.int64)
    name_written = np.full((len(name_list), MAX_TOKENS), _NONE, dtype=np.int64)
    for row, name in enumerate(name_list):
        if len(name.tokens) > MAX_TOKENS:
            continue
        for column, (token, written) in enumerate(zip(name.tokens, name.written, strict=True)):
            name_tokens[row, column] = tokens.setdefault(token, len(tokens))
            name_written[row, column] = tokens.setdefault(written, len(tokens))
    given_part, family_part, part_tokens, part_count = _name_parts(prepared, tokens)
    token_text = Texts(list(tokens))
    token_rarity = np.fromiter((rarity.get(t, 0.0) for t in tokens), np.float64)
    name_joined = Texts([n.joined for n in name_list])
    name_reversed = Texts(["".join(reversed(n.tokens)) for n in name_list])

    year = np.full(count, _NONE, dtype=np.int64)
    month = np.full(count, _NONE, dtype=np.int64)
    day = np.full(count, _NONE, dtype=np.int64)
    birth_year = np.full(count, _NONE, dtype=np.int64)
    for index, person in enumerate(prepared):
        dob = person.date_of_birth
        if dob is not None:
            year[index] = dob.year
            if dob.month is not None:
                month[index] = dob.month
            if dob.day is not None:
                day[index] = dob.day
        known = person.birth_year
        if known is not None:
            birth_year[index] = known

    phone_numbers: dict[str, int] = {}
    phones = np.full((count, MAX_PHONES), _NONE, dtype=np.int64)
    phone_count = np.zeros(count, dtype=np.int64)
    for index, person in enumerate(prepared):
        phone_count[index] = len(person.phones)
        for column, phone in enumerate(person.phones[:MAX_PHONES]):
            phones[index, column] = phone_numbers.setdefault(phone, len(phone_numbers))

    postcode, postcode_texts = _text_numbers([p.postcode for p in prepared])
    district, _ = _text_numbers([p.district for p in prepared])
    address, address_texts = _text_numbers([p.address for p in prepared])
    address_words = np.fromiter((_place_word_count(a) for a in address_texts), np.int64)
    house_numbers, _ = _text_numbers([" ".join(sorted(_house_numbers(a))) for a in address_texts])
    school, school_text = _text_numbers([p.school for p in prepared])
    sex = np.fromiter((_SEXES[p.sex] for p in prepared), np.int64, count)
    return Columns(
        prepared=prepared,
        rarity=rarity,
        group=group,
        group_name=group_name,
        group_fast=group_fast,
        group_record=group_record,
        name_size=name_size,
        name_tokens=name_tokens,
        name_written=name_written,
        name_joined=name_joined,
        name_reversed=name_reversed,
        token_text=token_text,
        token_rarity=token_rarity,
        given_part=given_part,
        family_part=family_part,
        part_tokens=part_tokens,
        part_count=part_count,
        year=year,
        month=month,
        day=day,
        birth_year=birth_year,
        phones=phones,
        phone_count=phone_count,
        postcode=postcode,
        postcode_text=Texts(postcode_texts),
        district=district,
        address=address,
        address_text=Texts(address_texts),
        address_words=address_words,
        house_numbers=house_numbers,
        school=school,
        school_text=school_text,
        sex=sex,
        families=families,
    )


# NumPy 2's `np.unique` finds distinct values of a large array by hashing, which on this
# machine took ten seconds for five million numbers that `np.sort` orders in a fiftieth of
# that; these two sort instead.


def distinct(values: Ints) -> Ints:
    """The distinct values, in increasing order."""
    ordered = np.sort(values)
    first = np.ones(len(ordered), dtype=np.bool_)
    first[1:] = ordered[1:] != ordered[:-1]
    return np.asarray(ordered[first], dtype=np.int64)


def distinct_with_places(values: Ints) -> tuple[Ints, Ints]:
    """The distinct values in increasing order, and each value's place among them."""
    order = np.argsort(values)
    ordered = values[order]
    first = np.ones(len(ordered), dtype=np.bool_)
    first[1:] = ordered[1:] != ordered[:-1]
    places = np.empty(len(values), dtype=np.int64)
    places[order] = np.cumsum(first) - 1
    return np.asarray(ordered[first], dtype=np.int64), places


def _distinct_pairs(left: Ints, right: Ints, size: int) -> tuple[Ints, Ints, Ints]:
    """The distinct (left, right) value pairs, and where each pair of the input is among them."""
    codes, inverse = distinct_with_places(left * size + right)
    return codes // size, codes % size, inverse


def _pairwise(scorer: Callable[..., Any], left: list[str], right: list[str]) -> Floats:
    """`scorer(left[k], right[k])` for every k, in C++ (the same function as one call)."""
    if len(left) == 0:
        return np.empty(0, dtype=np.float64)
    return np.asarray(process.cpdist(left, right, scorer=scorer, dtype=np.float64), np.float64)


class _TokenLikeness:
    """`scoring._token_similarity` of pairs of word numbers, each distinct pair asked once
    and remembered (up to `_Remembered.LIMIT` pairs) from one batch to the next."""

    def __init__(self, texts: Texts) -> None:
        self.texts = texts
        self.size = max(1, len(texts))
        self.known = _Remembered()

    def __call__(self, left: Ints, right: Ints) -> Floats:
        codes, inverse = distinct_with_places(left * self.size + right)
        values, missing = self.known.recall(codes)
        if missing.any():
            asked = codes[missing]
            # The function itself, not its cache: this class remembers each pair already,
            # and the cache would hold a second copy of every pair of words with its texts.
            similarity = _token_similarity.__wrapped__
            found = np.fromiter(
                map(
                    similarity,
                    self.texts.take(asked // self.size),
                    self.texts.take(asked % self.size),
                ),
                np.float64,
                len(asked),
            )
            values[missing] = found
            self.known.keep(asked, found)
        return np.asarray(values[inverse], dtype=np.float64)


class _Remembered:
    """Values already worked out for numbered pairs of values, kept from one batch of
    pairs to the next (the same two names or addresses meet in many batches), up to
    LIMIT of them; then forgotten all at once, which bounds the memory.

    Kept as two arrays in the order of the codes (16 bytes a value, where a dictionary of
    Python numbers takes some 100), looked up all at once by bisection."""

    LIMIT = 1_000_000

    def __init__(self) -> None:
        self.codes: Ints = np.empty(0, dtype=np.int64)
        self.values: Floats = np.empty(0, dtype=np.float64)

    def __len__(self) -> int:
        return len(self.codes)

    def recall(self, codes: Ints) -> tuple[Floats, Bools]:
        """The value of each code already known (NaN where not), and which are not."""
        values = np.full(len(codes), np.nan)
        if len(self.codes):
            place = np.minimum(np.searchsorted(self.codes, codes), len(self.codes) - 1)
            known = self.codes[place] == codes
            values[known] = self.values[place[known]]
        return values, np.isnan(values)

    def keep(self, codes: Ints, values: Floats) -> None:
        """Remember `values` of `codes`, which are in increasing order and not yet known."""
        if len(self.codes) + len(codes) > self.LIMIT:
            self.codes = np.empty(0, dtype=np.int64)
            self.values = np.empty(0, dtype=np.float64)
        place = np.searchsorted(self.codes, codes)
        self.codes = np.insert(self.codes, place, codes)
        self.values = np.insert(self.values, place, values)


def _token_weights(similarity: Floats) -> Floats:
    """`scoring._token_weight`, elementwise."""
    chosen = np.select(
        [similarity >= 0.99, similarity >= 0.92, similarity >= 0.85, similarity >= 0.75],
        [3.0, 2.3, 1.3, -0.5],
        -3.0,
    )
    return np.asarray(chosen, dtype=np.float64)


def year_slips(year_a: Ints, year_b: Ints) -> Bools:
    """`scoring.year_slip` of each pair of years: one figure differs, or two neighbouring
    figures are swapped."""
    places = (1000, 100, 10, 1)
    digits_a = [year_a // place % 10 for place in places]
    digits_b = [year_b // place % 10 for place in places]
    differ = sum((x != y).astype(np.int64) for x, y in zip(digits_a, digits_b, strict=True))
    swapped = np.zeros(len(year_a), dtype=np.bool_)
    for i in range(3):
        swapped |= (
            (digits_a[i] != digits_b[i])
            & (digits_a[i] == digits_b[i + 1])
            & (digits_a[i + 1] == digits_b[i])
        )
    return np.asarray((differ == 1) | ((differ == 2) & swapped), dtype=np.bool_)


class PairScorer:
    """Weighs arrays of pairs of records of one file, as `scoring.judge` does one pair."""

    def __init__(self, data: Columns) -> None:
        self.data = data
        self.token_likeness = _TokenLikeness(data.token_text)
        self.name_weights = _Remembered()
        self.address_likeness = _Remembered()

    def judge(self, left: Ints, right: Ints) -> tuple[Levels, Floats]:
        """Each pair's comparison levels (a row each) and hand-set weight, as `judge`'s
        `levels` and `weight`; `left[k]` is the record `judge` takes as `a`."""
        d = self.data
        name_weight = self._name_weights(left, right)
        name_known = (d.name_size[d.group_name[d.group[left]]] > 0) & (
            d.name_size[d.group_name[d.group[right]]] > 0
        )
        dob_weight, dob_level, dates_apart = self._dates(left, right)
        shared_phone, phone_level = self._phones(left, right)
        postcode_weight, postcode_level = self._postcodes(left, right)
        address_weight, address_level = self.addresses(left, right)
        school_level = self._schools(left, right)
        sex_a, sex_b = d.sex[left], d.sex[right]
        sex_level = np.where((sex_a > 0) & (sex_b > 0), np.where(sex_a == sex_b, 1, 2), 0)

        postcode_weight = np.where(
            (address_level == 1) & (postcode_weight < 0), 0.0, postcode_weight
        )
        home_weight = np.where(shared_phone, 6.0, 0.0) + postcode_weight + address_weight
        # `born_apart`: the given names are compared only where it would lower the weight;
        # among families, a generation apart is enough (`judge`).
        ask = np.flatnonzero(dates_apart & (home_weight > HOME_CAP_BORN_APART))
        if len(ask):
            apart = self._given_names_differ(left[ask], right[ask])
            if d.families:
                apart |= dob_weight[ask] == GENERATION_APART
            home_weight[ask[apart]] = HOME_CAP_BORN_APART
        home_weight = np.minimum(HOME_CAP, home_weight)
        weight = (
            name_weight
            + dob_weight
            + home_weight
            + np.where(school_level == 1, 2.0, 0.0)
            - np.where(sex_level == 2, 2.5, 0.0)
        )
        name_level = np.where(
            name_known,
            1 + sum((name_weight < bound).astype(np.int64) for bound in _NAME_BOUNDS),
            0,
        )
        levels = np.empty((len(left), len(LEVEL_COUNTS)), dtype=np.uint8)
        for column, level in enumerate(
            (
                name_level,
                dob_level,
                phone_level,
                postcode_level,
                address_level,
                school_level,
                sex_level,
            )
        ):
            levels[:, column] = level
        return levels, weight

    # Names -----------------------------------------------------------------------------

    def _name_weights(self, left: Ints, right: Ints) -> Floats:
        d = self.data
        group_a, group_b, inverse = _distinct_pairs(
            d.group[left], d.group[right], len(d.group_name)
        )
        codes = group_a * len(d.group_name) + group_b
        weights, missing = self.name_weights.recall(codes)
        group_a, group_b = group_a[missing], group_b[missing]
        new = np.zeros(len(group_a), dtype=np.float64)
        fast = d.group_fast[group_a] & d.group_fast[group_b]
        new[fast] = self._name_evidence(d.group_name[group_a[fast]], d.group_name[group_b[fast]])
        rarity = d.rarity
        for row in np.flatnonzero(~fast).tolist():
            a = d.prepared[int(d.group_record[group_a[row]])]
            b = d.prepared[int(d.group_record[group_b[row]])]
            new[row] = _names(a, b, rarity)[0]
        # `_names` weighs nothing when either record has no name, whatever the aliases say.
        empty = (d.name_size[d.group_name[group_a]] == 0) | (
            d.name_size[d.group_name[group_b]] == 0
        )
        new[empty] = 0.0
        weights[missing] = new
        self.name_weights.keep(codes[missing], new)
        return weights[inverse]

    def _name_evidence(self, name_a: Ints, name_b: Ints) -> Floats:
        """`scoring._name_evidence(a, b, rarity)[0]` for names of up to MAX_TOKENS words."""
        d = self.data
        size_a, size_b = d.name_size[name_a], d.name_size[name_b]
        a_short = size_a <= size_b
        short = np.where(a_short, name_a, name_b)
        long_ = np.where(a_short, name_b, name_a)
        size_short = np.minimum(size_a, size_b)
        size_long = np.maximum(size_a, size_b)
        count = len(name_a)
        tokens_short, tokens_long = d.name_tokens[short], d.name_tokens[long_]
        written_short, written_long = d.name_written[short], d.name_written[long_]
        # Every pair of words of the two names, each asked once; the written forms only
        # where a nickname was replaced (elsewhere they are the same words).
        word = np.arange(MAX_TOKENS)
        rows, i, j = np.nonzero(
            (size_short[:, None, None] > word[None, :, None])
            & (size_long[:, None, None] > word[None, None, :])
        )
        canonical_a, canonical_b = tokens_short[rows, i], tokens_long[rows, j]
        written_a, written_b = written_short[rows, i], written_long[rows, j]
        alike = self.token_likeness(canonical_a, canonical_b)
        nickname = np.flatnonzero((written_a != canonical_a) | (written_b != canonical_b))
        alike[nickname] = np.maximum(
            alike[nickname], self.token_likeness(written_a[nickname], written_b[nickname])
        )
        likeness = np.full((count, MAX_TOKENS, MAX_TOKENS), -np.inf)
        likeness[rows, i, j] = alike
        del rows, i, j, canonical_a, canonical_b, written_a, written_b, alike
        # The greedy pairing of `_name_evidence`: the best remaining pair of words first,
        # ties to the later word of the shorter name, then of the longer.
        flat = likeness.reshape(count, MAX_TOKENS * MAX_TOKENS)
        position = np.arange(MAX_TOKENS * MAX_TOKENS)
        rows = np.arange(count)
        weight = np.zeros(count, dtype=np.float64)
        for step in range(MAX_TOKENS):
            picking = size_short > step
            best = flat.max(axis=1)
            chosen = np.where(flat == best[:, None], position, -1).max(axis=1)
            i, j = chosen // MAX_TOKENS, chosen % MAX_TOKENS
            weight = weight + np.where(picking, _token_weights(best), 0.0)
            same_word = tokens_short[rows, i] == tokens_long[rows, j]
            bonus = picking & (best >= 0.99) & same_word
            weight = weight + np.where(bonus, d.token_rarity[tokens_short[rows, i]], 0.0)
            # The chosen words are used: their row and column leave the choice.
            for k in range(MAX_TOKENS):
                flat[(i == k) & picking, k * MAX_TOKENS : (k + 1) * MAX_TOKENS] = -np.inf
                flat[(j == k) & picking, k::MAX_TOKENS] = -np.inf
        # Names written as one word meet on the joined form.
        cap = 3.0 * np.minimum(2, size_long)
        ask = np.flatnonzero((size_short > 0) & (weight < cap))
        joined_a = d.name_joined.take(name_a[ask])
        joined = np.maximum(
            _pairwise(JaroWinkler.similarity, joined_a, d.name_joined.take(name_b[ask])),
            _pairwise(JaroWinkler.similarity, joined_a, d.name_reversed.take(name_b[ask])),
        )
        lifted = ask[joined >= 0.97]
        weight[lifted] = np.maximum(weight[lifted], cap[lifted])
        weight[size_short == 0] = 0.0
        return weight

    def _given_names_differ(self, left: Ints, right: Ints) -> Bools:
        """`scoring.given_names_differ` of each pair."""
        d = self.data
        parts = (d.given_part[left], d.given_part[right], d.family_part[left], d.family_part[right])
        given_a, given_b, family_a, family_b = (d.part_tokens[part] for part in parts)
        counts = [d.part_count[part] for part in parts]
        given_known = (counts[0] > 0) & (counts[1] > 0)
        family_known = (counts[2] > 0) & (counts[3] > 0)
        swapped = family_known & self._alike(given_a, family_b) & self._alike(family_a, given_b)
        differ = given_known & ~self._alike(given_a, given_b) & ~swapped
        many = np.flatnonzero(np.maximum.reduce(counts) > MAX_TOKENS)
        for row in many.tolist():
            a, b = d.prepared[int(left[row])], d.prepared[int(right[row])]
            differ[row] = given_names_differ(a, b)
        return differ

    def _alike(self, words_a: Ints, words_b: Ints) -> Bools:
        """Whether any word of each row of `words_a` is alike any of the same row of
        `words_b` (`scoring._alike`)."""
        alike = np.zeros(len(words_a), dtype=np.bool_)
        for i in range(MAX_TOKENS):
            for j in range(MAX_TOKENS):
                rows = np.flatnonzero((words_a[:, i] != _NONE) & (words_b[:, j] != _NONE))
                if len(rows):
                    likeness = self.token_likeness(words_a[rows, i], words_b[rows, j])
                    alike[rows] |= likeness >= GIVEN_ALIKE
        return alike

    # Dates of birth --------------------------------------------------------------------

    def _dates(self, left: Ints, right: Ints) -> tuple[Floats, Ints, Bools]:
        """`scoring._dates` and `_dob_level`, and whether both dates of birth are known
        and differ beyond a slip (the dates' half of `scoring.born_apart`)."""
        d = self.data
        year_a, year_b = d.year[left], d.year[right]
        month_a, month_b = d.month[left], d.month[right]
        day_a, day_b = d.day[left], d.day[right]
        both = (year_a != _NONE) & (year_b != _NONE)
        full = both & (month_a != _NONE) & (day_a != _NONE) & (month_b != _NONE) & (day_b != _NONE)
        gap = np.abs(year_a - year_b)
        same_year = year_a == year_b
        # Two full dates (`_full_dates`).
        same = same_year.astype(np.int64) + (month_a == month_b) + (day_a == day_b)
        swapped = same_year & (month_a == day_b) & (day_a == month_b)
        slip = (same == 2) & year_slips(year_a, year_b)
        full_weight = np.select(
            [same == 3, swapped, (same == 2) & (gap <= 1), slip, gap <= 1, gap >= GENERATION],
            [5.0, 3.5, 1.5, 0.0, -2.0, GENERATION_APART],
            -3.0,
        )
        full_level = np.select(
            [same == 3, swapped, (same == 2) & (gap <= 1), slip, gap <= 1],
            [1, 2, 3, 6, 7],
            8,
        )
        # A partial date at its own precision.
        month_unknown = (month_a == _NONE) | (month_b == _NONE)
        partial_weight = np.select(
            [
                same_year & month_unknown,
                same_year & (month_a == month_b),
                same_year,
                gap >= GENERATION,
                gap == 1,
            ],
            [SAME_YEAR, 3.0, 0.0, GENERATION_APART, 0.0],
            -3.0,
        )
        partial_level = np.select(
            [same_year & month_unknown, same_year & (month_a == month_b), same_year, gap == 1],
            [4, 9, 6, 6],
            8,
        )
        # Only a year of birth, from an approximate age on one side at least.
        born_a, born_b = d.birth_year[left], d.birth_year[right]
        ages_known = (born_a != _NONE) & (born_b != _NONE)
        age_gap = np.abs(born_a - born_b)
        age_weight = np.where(
            ages_known, np.select([age_gap <= 1, age_gap == 2], [0.5, 0.0], -2.0), 0.0
        )
        age_level = np.where(ages_known, np.select([age_gap <= 1, age_gap == 2], [5, 6], 7), 0)
        weight = np.where(full, full_weight, np.where(both, partial_weight, age_weight))
        level = np.where(full, full_level, np.where(both, partial_level, age_level))
        return weight, level, both & ((level == 7) | (level == 8))

    # Phones, postcodes, addresses, schools ----------------------------------------------

    def _phones(self, left: Ints, right: Ints) -> tuple[Bools, Ints]:
        d = self.data
        phones_a, phones_b = d.phones[left], d.phones[right]
        shared = np.zeros(len(left), dtype=np.bool_)
        for i in range(MAX_PHONES):
            for j in range(MAX_PHONES):
                shared |= (phones_a[:, i] != _NONE) & (phones_a[:, i] == phones_b[:, j])
        many = np.flatnonzero(
            (d.phone_count[left] > MAX_PHONES) | (d.phone_count[right] > MAX_PHONES)
        )
        for row in many.tolist():
            a, b = d.prepared[int(left[row])], d.prepared[int(right[row])]
            shared[row] = bool(set(a.phones) & set(b.phones))
        known = (d.phone_count[left] > 0) & (d.phone_count[right] > 0)
        return shared, np.where(known, np.where(shared, 1, 2), 0)

    def _postcodes(self, left: Ints, right: Ints) -> tuple[Floats, Ints]:
        """`scoring._postcodes`' weight and level."""
        d = self.data
        code_a, code_b = d.postcode[left], d.postcode[right]
        known = (code_a != _NONE) & (code_b != _NONE)
        differ = np.flatnonzero(known & (code_a != code_b))
        close = np.zeros(len(left), dtype=np.bool_)
        if len(differ):
            pa, pb, inverse = _distinct_pairs(code_a[differ], code_b[differ], len(d.postcode_text))
            distance = _pairwise(OSA.distance, d.postcode_text.take(pa), d.postcode_text.take(pb))
            close[differ] = (distance <= 1)[inverse]
        same_district = d.district[left] == d.district[right]
        level = np.select([~known, code_a == code_b, close, same_district], [0, 1, 2, 3], 4)
        weight = np.select(
            [level == 0, level == 1, level == 2, level == 3], [0.0, 3.5, 1.0, 0.3], -0.5
        )
        return weight, level

    def addresses(self, left: Ints, right: Ints) -> tuple[Floats, Ints]:
        """`scoring._addresses`' weight and level (the level is `address_level`)."""
        d = self.data
        address_a, address_b = d.address[left], d.address[right]
        known = (address_a != _NONE) & (address_b != _NONE)
        likeness = np.full(len(left), 100.0)
        differ = np.flatnonzero(known & (address_a != address_b))
        if len(differ):
            aa, ab, inverse = _distinct_pairs(
                address_a[differ], address_b[differ], len(d.address_text)
            )
            codes = aa * len(d.address_text) + ab
            known_likeness, missing = self.address_likeness.recall(codes)
            aa, ab = aa[missing], ab[missing]
            text_a, text_b = d.address_text.take(aa), d.address_text.take(ab)
            alike = np.maximum(
                _pairwise(token_sort_ratio, text_a, text_b), _pairwise(ratio, text_a, text_b)
            )
            contained = _pairwise(token_set_ratio, text_a, text_b)
            whole = np.minimum(d.address_words[aa], d.address_words[ab]) >= PLACE_WORDS_TO_CONTAIN
            alike = np.where(whole, np.maximum(alike, contained), alike)
            alike = np.where(~whole & (contained >= 95), np.maximum(alike, CONSISTENT), alike)
            numbers_a, numbers_b = d.house_numbers[aa], d.house_numbers[ab]
            neighbours = (numbers_a != _NONE) & (numbers_b != _NONE) & (numbers_a != numbers_b)
            alike = np.where(neighbours, np.minimum(alike, 75), alike)
            known_likeness[missing] = alike
            self.address_likeness.keep(codes[missing], alike)
            likeness[differ] = known_likeness[inverse]
        level = np.select(
            [~known, likeness >= 95, likeness >= 85, likeness >= 70, likeness < 50],
            [0, 1, 2, 3, 5],
            4,
        )
        weight = np.select(
            [level == 1, level == 2, level == 3, level == 5], [4.0, 3.0, 1.0, -0.5], 0.0
        )
        return weight, level

    def _schools(self, left: Ints, right: Ints) -> Ints:
        d = self.data
        school_a, school_b = d.school[left], d.school[right]
        known = (school_a != _NONE) & (school_b != _NONE)
        same = np.zeros(len(left), dtype=np.bool_)
        for row in np.flatnonzero(known).tolist():
            a, b = d.school_text[int(school_a[row])], d.school_text[int(school_b[row])]
            same[row] = token_set_ratio(a, b) >= 90
        return np.where(known, np.where(same, 1, 2), 0)


def scores(weights: Floats) -> Floats:
    """`Judgement.score` of each weight, 1 / (1 + exp(-(weight + PRIOR))), worked out in
    one array (tens of millions of pairs: each step's temporary array is 8 bytes a pair)."""
    out = np.add(weights, PRIOR, dtype=np.float64)
    np.negative(out, out=out)
    np.exp(out, out=out)
    out += 1.0
    np.reciprocal(out, out=out)
    return out


def learn(
    levels: Levels, start: Floats, level_counts: tuple[int, ...], threshold: float = 0.5
) -> LearnedWeights | None:
    """`learned_weights.learn_weights`, the same fit, with the level patterns found by
    counting rather than by sorting the rows: `np.unique(levels, axis=0)` sorts every pair's
    row, some minutes for 36 million pairs; a pattern is a number below the product of the
    level counts (81,000), so the patterns and each pair's pattern come from one count in
    the same order (the first column most significant, as the sort orders them)."""
    if len(levels) < MIN_PAIRS:
        return None
    # 32-bit numbers: a pattern is below 81,000, and at 36 million pairs each 64-bit
    # array of them would be another quarter of a gigabyte.
    code = np.zeros(len(levels), dtype=np.int32)
    for column, count in enumerate(level_counts):
        code *= count
        code += levels[:, column]
    counted = np.bincount(code, minlength=int(np.prod(level_counts)))
    present = np.flatnonzero(counted)
    number = np.zeros(len(counted), dtype=np.int32)
    number[present] = np.arange(len(present), dtype=np.int32)
    inverse = number[code]
    del code
    counts = counted[present]
    patterns = np.empty((len(present), len(level_counts)), dtype=np.uint8)
    rest = present.copy()
    for column in range(len(level_counts) - 1, -1, -1):
        patterns[:, column] = rest % level_counts[column]
        rest //= level_counts[column]
    # From here as `learn_weights`.
    start_by_pattern = np.bincount(inverse, weights=start) / counts
    model, chance = _fit(patterns, counts.astype(np.float64), start_by_pattern, level_counts)
    if float((counts * chance).sum()) < MIN_MATCHES:
        return None
    names = model.weights[0]
    if not max(names[1:4]) > 0 > min(names[7:]):
        return None
    return model if _refines(chance[inverse], start, threshold) else None
