"""Issue 20, item 3: the batch run weighs arrays of pairs at once and in two processes, and
finds exactly what weighing each pair in turn with `scoring.judge` found.

The reference here is the batch run as it was before (ADR 0028): blocks compared one by
one, every pair judged by `judge`, the fit by `learn_weights`. Each test compares the two
on populations from the benchmarks' seeded generators and on a file of dirty values read
as `noddfa dedupe` reads it.
"""

from __future__ import annotations

import importlib.util
import io
import random
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import ModuleType

import numpy as np
import phonenumbers
import pytest

from noddfa.matching import PersonRecord, batch, parse_partial_date, vectorised
from noddfa.matching.batch import candidate_pairs, dedupe, dedupe_prepared
from noddfa.matching.csv_input import read_people
from noddfa.matching.identifiers import normalise_phone
from noddfa.matching.keys import blocking_keys, home_keys
from noddfa.matching.learned_weights import learn_weights
from noddfa.matching.records import Prepared, prepare
from noddfa.matching.scoring import (
    LEVEL_COUNTS,
    Match,
    _token_similarity,
    _token_weight,
    address_level,
    judge,
    name_rarity,
)
from noddfa.matching.vectorised import PairScorer, columns, learn, scores

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _generator(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def _records(rows: Iterable[object]) -> list[PersonRecord]:
    return [
        PersonRecord(
            id=row.id,  # type: ignore[attr-defined]
            given_name=row.given_name,  # type: ignore[attr-defined]
            family_name=row.family_name,  # type: ignore[attr-defined]
            date_of_birth=parse_partial_date(row.date_of_birth),  # type: ignore[attr-defined]
            sex=row.sex,  # type: ignore[attr-defined]
            address=row.address,  # type: ignore[attr-defined]
            postcode=row.postcode,  # type: ignore[attr-defined]
            phone=row.phone,  # type: ignore[attr-defined]
            nationality=row.nationality,  # type: ignore[attr-defined]
        )
        for row in rows
    ]


def first_population(size: int) -> list[PersonRecord]:
    return _records(_generator("synthetic_people").population(size))


def second_population(size: int) -> list[PersonRecord]:
    return _records(_generator("second_population").population(size))


HEADER = "id,given_name,family_name,date_of_birth,sex,address,postcode,phone,nationality\n"
DIRTY_DATES = ["1945-04-93", "31/02/2009", "00/00/0000", "1900-01-01", "unknown", "03/04/11"]
DIRTY_POSTCODES = ["ZZ99 3VZ", "n/k", "unknown"]
DIRTY_PHONES = ["00000 000000", "n/k", "07700 900123; 029 2087 0000", "+44 7700 900456"]


def dirty_file(seed: int = 28) -> list[PersonRecord]:
    """The second population written to a CSV with about one value in five spoilt as
    case-management exports spoil them, read back as `noddfa dedupe` reads a file."""
    rng = random.Random(seed)
    lines = [HEADER]
    for row in _generator("second_population").population(1_500):
        values = row.as_list()
        if rng.random() < 0.2:
            values[3] = rng.choice(DIRTY_DATES)
        if rng.random() < 0.1:
            values[6] = rng.choice(DIRTY_POSTCODES)
        if rng.random() < 0.1:
            values[7] = rng.choice(DIRTY_PHONES)
        if rng.random() < 0.05:
            values[rng.choice([1, 2, 5])] = ""
        lines.append(",".join(f'"{value}"' for value in values) + "\n")
    return list(read_people(io.StringIO("".join(lines)), []))


def unusual_records() -> list[PersonRecord]:
    """What neither generator writes: aliases, schools, approximate ages, long names, many
    phones, no name at all; each near a namesake so that blocking brings them together."""
    born = parse_partial_date("2010-05-06")
    return [
        PersonRecord("u1", "Amina", "Hassan", born, "F", "3 Mill Road", "CF10 1AA", "07700 900001",
                     aliases=("Aminah Hasan", "Mina Hassan"), school="Ysgol y Wern"),
        PersonRecord("u2", "Aminah", "Hasan", born, "female", "3 Mill Rd", "CF10 1AA", "",
                     school="Ysgol Y Wern Primary"),
        PersonRecord("u3", "Mina", "Hassan", None, "", "", "", "", approximate_birth_year=2011),
        PersonRecord("u4", "Amina", "Hassan", None, "", "", "CF10 1AB", "",
                     approximate_birth_year=2008, school="St Mary's"),
        PersonRecord("u5", "Maria José", "de los Santos García López", born, "F", "", "", ""),
        PersonRecord("u6", "Maria Jose", "Santos Garcia Lopez", born, "", "", "", ""),
        PersonRecord("u7", "Amina", "Hassan", born, "F", "", "", "07700 900001; 07700 900002; "
                     "07700 900003; 07700 900004; 07700 900005"),
        PersonRecord("u8", "Amina", "Hassan", None, "M", "", "", "07700 900005"),
        PersonRecord("u9", "", "", born, "F", "3 Mill Road", "CF10 1AA", "07700 900001"),
        PersonRecord("u10", "A", "Hassan", born, "", "3 Mill Road", "CF10 1AA", ""),
        PersonRecord("u11", "Amina", "", parse_partial_date("2010"), "", "", "", "",
                     aliases=("Amina Hassan",)),
        PersonRecord("u12", "Amina", "Hassan", parse_partial_date("2010-05"), "", "", "", ""),
    ]  # fmt: skip


# The batch run as it was, pair by pair ------------------------------------------------


def reference_pairs(
    prepared: Sequence[Prepared],
    keys: Callable[[Prepared], Iterable[str]] = blocking_keys,
    max_block: int = batch.MAX_BLOCK,
) -> set[int]:
    """Candidate pairs block by block, as the batch run found them before."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, person in enumerate(prepared):
        for key in keys(person):
            blocks[key].append(index)
    total = len(prepared)
    found: set[int] = set()
    for members in blocks.values():
        if len(members) < 2 or len(members) > max_block:
            continue
        if len(members) <= batch.FULL_BLOCK:
            pairs = [(a, b) for i, a in enumerate(members) for b in members[i + 1 :]]
        else:
            ordered = sorted(members, key=lambda m: batch._order_key(prepared[m]))
            pairs = [
                (ordered[i], ordered[i + step])
                for step in range(1, batch.WINDOW + 1)
                for i in range(len(ordered) - step)
            ]
        found.update(min(a, b) * total + max(a, b) for a, b in pairs)
    return found


def reference_dedupe(records: Sequence[PersonRecord], threshold: float = 0.5) -> list[Match]:
    prepared = [prepare(r) for r in records]
    total = len(prepared)
    rarity = name_rarity(p.name.tokens for p in prepared)
    pairs = sorted(reference_pairs(prepared))

    def judged(codes: list[int]) -> tuple[np.ndarray, np.ndarray]:
        found = [judge(prepared[c // total], prepared[c % total], rarity) for c in codes]
        levels = np.array([j.levels for j in found], dtype=np.uint8).reshape(-1, 7)
        return levels, np.array([j.score for j in found], dtype=np.float64)

    levels, hand_set = judged(pairs)
    model = learn_weights(levels, hand_set, LEVEL_COUNTS, threshold)
    extra = [
        c
        for c in sorted(reference_pairs(prepared, home_keys) - set(pairs))
        if 0 < address_level(prepared[c // total], prepared[c % total]) <= 2
    ]
    extra_levels, extra_scores = judged(extra)
    scores_ = hand_set if model is None else model.probability(levels)
    if model is not None:
        extra_scores = model.probability(extra_levels)
    matches = [
        Match(
            prepared[code // total].id,
            prepared[code % total].id,
            round(float(score), 4),
            judge(prepared[code // total], prepared[code % total], rarity).reasons,
        )
        for code, score in zip(pairs + extra, [*scores_, *extra_scores], strict=True)
        if score >= threshold
    ]
    return sorted(matches, key=lambda m: (-m.score, m.left, m.right))


# Every pair weighs the same -----------------------------------------------------------


def assert_every_pair_weighs_the_same(
    records: Sequence[PersonRecord], families: bool = True
) -> int:
    prepared = [prepare(r) for r in records]
    total = len(prepared)
    rarity = name_rarity(p.name.tokens for p in prepared)
    codes = np.union1d(candidate_pairs(prepared), candidate_pairs(prepared, keys=home_keys))
    left, right = codes // total, codes % total
    levels, weights = PairScorer(columns(prepared, rarity, families)).judge(left, right)
    expected = [
        judge(prepared[a], prepared[b], rarity, families) for a, b in zip(left, right, strict=True)
    ]
    assert np.array_equal(levels, np.array([j.levels for j in expected], dtype=np.uint8))
    assert np.abs(weights - np.array([j.weight for j in expected])).max() <= 1e-9
    assert np.abs(scores(weights) - np.array([j.score for j in expected])).max() <= 1e-9
    return len(codes)


def test_every_pair_of_the_first_population_weighs_what_judge_gives_it() -> None:
    assert assert_every_pair_weighs_the_same(first_population(3_000)) > 10_000


def test_every_pair_of_a_file_of_individuals_weighs_what_judge_gives_it() -> None:
    # The second population read as if its people did not live in families: a same name a
    # generation apart at one home keeps the home's weight, in both.
    assert assert_every_pair_weighs_the_same(second_population(2_000), families=False) > 5_000


def test_every_pair_of_the_second_population_weighs_what_judge_gives_it() -> None:
    assert assert_every_pair_weighs_the_same(second_population(2_800)) > 5_000


def test_every_pair_of_a_dirty_file_weighs_what_judge_gives_it() -> None:
    records = dirty_file() + unusual_records()
    assert assert_every_pair_weighs_the_same(records) > 2_000


def test_aliases_schools_long_names_and_many_phones_weigh_what_judge_gives_them() -> None:
    # Each of these takes `scoring`'s own path for its pairs; a namesake crowd around them
    # makes sure they are compared with one another and with ordinary records.
    crowd = [
        PersonRecord(f"c{n}", "Amina", "Hassan", parse_partial_date(f"{2000 + n % 15}-01-02"))
        for n in range(40)
    ]
    assert assert_every_pair_weighs_the_same(unusual_records() + crowd) > 300


def test_a_household_s_relatives_and_slips_weigh_what_judge_gives_them() -> None:
    # One home, so every pair is compared: given names alike, different, written the
    # other way round, missing, and longer than the fast path takes; dates of birth the
    # same, a slip of the pen apart, day and month swapped, years or a generation apart,
    # a year only, and not known.
    names = [
        ("Rhys", "Llwyd"),
        ("Rhian", "Llwyd"),
        ("Llwyd", "Rhys"),
        ("Rhain", "Llwyd"),
        ("", "Llwyd"),
        ("Rhys ap Ifan Gruffudd Dafydd Llwyd", "Llwyd"),
        ("Rhys", "Llwyd Jones Parry Evans Pugh"),
        ("Tamara", "Llwyd"),
    ]
    dates = ["1987-10-10", "1978-10-10", "1960-10-10", "1987-10-16", "1987", "", "2009-11-30"]
    home = {
        "address": "188 Alexandra Road, Swansea",
        "postcode": "SA1 5PF",
        "phone": "07700 900123",
    }
    records = [
        PersonRecord(
            f"h{n}",
            given,
            family,
            parse_partial_date(dates[n % len(dates)]),
            address=home["address"],
            postcode=home["postcode"],
            phone=home["phone"] if n % 2 else "",
        )
        for n, (given, family) in enumerate(names * 3)
    ]
    assert assert_every_pair_weighs_the_same(records) > 200


def test_name_words_that_tie_are_paired_as_judge_pairs_them() -> None:
    # An initial is as like one word starting with its letter as another ("J" against
    # "Jody" and against "Jane", 0.85 either way). `judge` takes the later word of a tie
    # first, so against "J Jones" the "Jane" of "Jody Jane" takes the "J" and "Jody" is
    # left with "Jones"; taking "Jody" first would leave "Jane", which is more like
    # "Jones", and weigh the names more alike. The same when the tie is in the other name:
    # the "J" of "J Jones" takes the "Jody" of "Jane Jody", and "Jones" is left with "Jane".
    records = [
        PersonRecord("a", "Jody", "Jane"),
        PersonRecord("b", "J", "Jones"),
        PersonRecord("c", "Jane", "Jody"),
    ]
    prepared = [prepare(r) for r in records]
    left = np.array([0, 1], dtype=np.int64)
    right = np.array([1, 2], dtype=np.int64)
    _, weights = PairScorer(columns(prepared, {})).judge(left, right)
    expected = [judge(prepared[a], prepared[b]).weight for a, b in zip(left, right, strict=True)]
    assert weights.tolist() == expected

    def paired(*pairs: tuple[str, str]) -> float:
        return sum(_token_weight(_token_similarity(a, b)) for a, b in pairs)

    assert weights[0] == paired(("jane", "j"), ("jody", "jones"))
    assert weights[0] != paired(("jody", "j"), ("jane", "jones"))
    assert weights[1] == paired(("j", "jody"), ("jones", "jane"))
    assert weights[1] != paired(("j", "jane"), ("jones", "jody"))


def test_a_uk_number_read_without_phonenumbers_is_what_phonenumbers_reads() -> None:
    # Numbers written nationally or with +44, spaced as people space them, on every
    # three-digit start after the 0: the quick reading must be phonenumbers' own.
    rng = random.Random(20)
    checked = 0
    for start in range(1_000):
        digits = f"{start:03d}" + "".join(rng.choice("0123456789") for _ in range(7))
        for written in (
            f"0{digits}",
            f"0{digits[:4]} {digits[4:]}",
            f"0{digits[:3]} {digits[3:6]} {digits[6:]}",
            f" 0{digits[:2]} {digits[2:]} ",
            f"+44{digits}",
            f"+44 {digits[:4]} {digits[4:]}",
            f"+ 44 {digits}",
            f"+440{digits}",
            f"44{digits}",
            f"00{digits}",
            f"0{digits}1",
            f"0{digits[:-1]}",
            f"0{digits[:4]}-{digits[4:]}",
            f"(0{digits[:3]}) {digits[3:]}",
        ):
            quick = normalise_phone.__wrapped__(written)
            assert quick == read_by_phonenumbers(written), written
            checked += 1
    for written in ("0180020123", "01800201234", "+441800201234", "08000 000000", "0 7700 900 123"):
        assert normalise_phone.__wrapped__(written) == read_by_phonenumbers(written), written
    assert checked == 14_000


def read_by_phonenumbers(text: str) -> str:
    """`normalise_phone` as it was: every number through `phonenumbers`."""
    text = text.strip()
    try:
        parsed = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        return re.sub(r"\D", "", text)
    if phonenumbers.is_possible_number(parsed):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return re.sub(r"\D", "", text)


def test_texts_packed_for_the_workers_come_back_as_they_went_in() -> None:
    written = ["12 heol y bont", "", "Оксана", "李小龙", "Zoë 😀", "12 heol y bont"]
    packed = vectorised.Texts(written)
    asked = np.array([5, 1, 4, 3, 2, 0, 0, 1], dtype=np.int64)
    assert packed.take(asked) == [written[n] for n in asked]
    assert packed.take(np.empty(0, dtype=np.int64)) == []
    # A text holding the mark that ends each packed text is still given back whole.
    marked = vectorised.Texts(["a\x00b", "c"])
    assert marked.take(np.array([1, 0, 1], dtype=np.int64)) == ["c", "a\x00b", "c"]


# The same pairs are found -------------------------------------------------------------


def test_candidate_pairs_are_those_found_block_by_block() -> None:
    prepared = [prepare(r) for r in first_population(3_000)]
    assert set(candidate_pairs(prepared).tolist()) == reference_pairs(prepared)
    assert set(candidate_pairs(prepared, keys=home_keys).tolist()) == reference_pairs(
        prepared, home_keys
    )


def test_blocks_too_large_to_mean_anything_are_still_skipped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prepared = [prepare(r) for r in first_population(3_000)]
    monkeypatch.setattr(batch, "MAX_BLOCK", 60)
    found = set(candidate_pairs(prepared).tolist())
    assert found == reference_pairs(prepared, max_block=60)
    assert found < reference_pairs(prepared)


@pytest.mark.parametrize(
    "records",
    [
        pytest.param(lambda: first_population(3_000), id="first population"),
        pytest.param(lambda: second_population(2_800), id="second population"),
        pytest.param(lambda: dirty_file() + unusual_records(), id="dirty file"),
    ],
)
def test_dedupe_writes_exactly_what_judging_each_pair_in_turn_wrote(
    records: Callable[[], list[PersonRecord]],
) -> None:
    people = records()
    assert dedupe(people, workers=1) == reference_dedupe(people)


def test_weights_learned_from_the_file_are_the_same_and_give_the_same_pairs() -> None:
    # A register where nobody shares a home: the file teaches its weights (ADR 0010).
    spec = importlib.util.spec_from_file_location(
        "_learned_weights_tests", Path(__file__).with_name("test_learned_weights.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    people, _, _ = module.register_without_shared_homes(seed=3)
    prepared = [prepare(r) for r in people]
    total = len(prepared)
    rarity = name_rarity(p.name.tokens for p in prepared)
    codes = candidate_pairs(prepared)
    levels, weights = PairScorer(columns(prepared, rarity)).judge(codes // total, codes % total)
    expected = learn_weights(levels, scores(weights), LEVEL_COUNTS)
    fitted = learn(levels, scores(weights), LEVEL_COUNTS)
    assert expected is not None and fitted is not None
    assert fitted.iterations == expected.iterations
    assert fitted.prior == pytest.approx(expected.prior, abs=1e-12)
    for ours, theirs in zip(fitted.weights, expected.weights, strict=True):
        assert np.allclose(ours, theirs, rtol=0, atol=1e-12)
    assert dedupe(people, workers=1) == reference_dedupe(people)


def test_a_fit_refused_by_learn_weights_is_refused_by_learn() -> None:
    prepared = [prepare(r) for r in first_population(3_000)]
    total = len(prepared)
    rarity = name_rarity(p.name.tokens for p in prepared)
    codes = candidate_pairs(prepared)
    levels, weights = PairScorer(columns(prepared, rarity)).judge(codes // total, codes % total)
    assert learn_weights(levels, scores(weights), LEVEL_COUNTS) is None
    assert learn(levels, scores(weights), LEVEL_COUNTS) is None


def test_two_worker_processes_find_exactly_what_one_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    people = second_population(2_800)
    alone = dedupe(people, workers=1)
    # Small chunks and no lower limit, so that both workers take a share of every step.
    monkeypatch.setattr(batch, "PARALLEL_FROM", 0)
    monkeypatch.setattr(batch, "CHUNK", 997)
    progress: list[str] = []
    together = dedupe(people, workers=2, progress=progress.append)
    assert together == alone
    assert sum("compared" in line for line in progress) >= 2


def test_names_and_addresses_remembered_from_one_batch_of_pairs_to_the_next_weigh_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Many small batches, and a memory that is often full and forgotten.
    people = dirty_file() + unusual_records()
    monkeypatch.setattr(batch, "CHUNK", 499)
    monkeypatch.setattr(vectorised._Remembered, "LIMIT", 700)
    assert dedupe(people, workers=1) == reference_dedupe(people)


def test_a_pair_written_twice_in_the_input_is_found_once_whatever_the_blocks() -> None:
    # Two records share many keys (name pairs, date, phone, home): one pair, once.
    twin = PersonRecord(
        "a", "Dafydd", "Llywelyn", parse_partial_date("2001-02-03"), "M", "1 Heol y Bont",
        "LL55 1AB", "07700 900123",
    )  # fmt: skip
    again = PersonRecord(**{**twin.__dict__, "id": "b"})
    found = dedupe_prepared([prepare(twin), prepare(again)])
    assert [(m.left, m.right) for m in found] == [("a", "b")]


def test_keys_that_share_a_hash_are_still_told_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    # Blocks are numbered by two hashes of each key. Were two different keys to share the
    # first (here every key of one length does), the second says so and the keys
    # themselves are numbered: the pairs are those of the keys, not of the hashes.
    prepared = [prepare(r) for r in first_population(1_000)]
    expected = set(candidate_pairs(prepared).tolist())
    monkeypatch.setattr(batch, "_first_hash", len)
    assert set(candidate_pairs(prepared).tolist()) == expected == reference_pairs(prepared)


def test_records_prepared_in_worker_processes_find_exactly_what_one_process_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    people = dirty_file() + unusual_records()
    alone = dedupe(people, workers=1)
    monkeypatch.setattr(batch, "PREPARE_PARALLEL_FROM", 0)
    monkeypatch.setattr(batch, "PREPARE_CHUNK", 101)
    prepared, _, _, order_keys = batch._prepare_all(people, 2)
    assert prepared == [prepare(r) for r in people]
    assert order_keys == [batch._order_key(person) for person in prepared]
    assert dedupe(people, workers=2) == alone


def test_a_file_whose_records_share_no_key_has_no_pairs_to_compare() -> None:
    people = [
        prepare(PersonRecord("a", "Dafydd", "Llywelyn", parse_partial_date("2001-02-03"))),
        prepare(PersonRecord("b", "Olena", "Shevchenko", parse_partial_date("1980-11-30"))),
    ]
    assert len(candidate_pairs(people)) == 0
    assert dedupe_prepared(people) == []
