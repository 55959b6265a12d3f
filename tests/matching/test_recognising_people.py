from __future__ import annotations

import pytest

from noddfa.matching import PersonRecord, blocking_keys, compare, dedupe, prepare
from noddfa.matching.identifiers import normalise_phone, normalise_postcode, parse_partial_date
from noddfa.matching.scoring import name_rarity


def person(pid: str, given: str, family: str, born: str = "", **more: str) -> PersonRecord:
    return PersonRecord(
        id=pid, given_name=given, family_name=family, date_of_birth=parse_partial_date(born), **more
    )


def judged(a: PersonRecord, b: PersonRecord) -> tuple[float, tuple[str, ...], bool]:
    left, right = prepare(a), prepare(b)
    match = compare(left, right)
    return match.score, match.reasons, bool(blocking_keys(left) & blocking_keys(right))


@pytest.mark.parametrize(
    ("latin", "other_script"),
    [
        (("Ivan", "Petrov"), ("Иван", "Петров")),
        (("Mohammed", "Al-Hassan"), ("محمد", "الحسن")),
        (("Fatima", "Hussein"), ("فاطمة", "حسين")),
        (("Yonas", "Tesfaye"), ("ዮናስ", "ተስፋዬ")),
        (("An", "Nguyen"), ("An", "Nguyễn")),
    ],
)
def test_a_name_written_in_another_script_is_recognised(
    latin: tuple[str, str], other_script: tuple[str, str]
) -> None:
    score, reasons, found = judged(
        person("1", *latin, "2010-03-14"), person("2", *other_script, "2010-03-14")
    )
    assert found, "the two records must share a blocking key"
    assert score >= 0.5
    assert "same_dob" in reasons


def test_vietnamese_name_in_family_first_order_with_diacritics_meets_english_order() -> None:
    score, reasons, found = judged(
        person("school", "Nguyễn Văn", "An", "2011-03-14"),
        person("police", "An", "Nguyen", "2011-03-14"),
    )
    assert found and score >= 0.9
    assert "name_order_swapped" in reasons


def test_a_nickname_is_recognised_and_explained() -> None:
    score, reasons, _ = judged(
        person("1", "Sasha", "Ivanov", "2009-05-05"),
        person("2", "Alexander", "Ivanov", "2009-05-05"),
    )
    assert score >= 0.5
    assert "nickname" in reasons


def test_day_and_month_swapped_still_counts_as_the_same_birthday() -> None:
    score, reasons, found = judged(
        person("1", "Liridon", "Krasniqi", "2010-04-03"),
        person("2", "Liridon", "Krasniqi", "2010-03-04"),
    )
    assert found and score >= 0.5
    assert "dob_day_month_swapped" in reasons


def test_year_only_and_approximate_age_within_a_year_add_evidence_not_doubt() -> None:
    exact_name = person("1", "Liridon", "Krasniqi", "2010-04-03", postcode="CF10 1AA")
    _, reasons, _ = judged(exact_name, person("2", "Liridon", "Krasniqi", "2010"))
    assert "same_birth_year" in reasons
    approx = PersonRecord(
        id="3", given_name="Liridon", family_name="Krasniqi", approximate_birth_year=2011
    )
    _, reasons, _ = judged(exact_name, approx)
    assert "age_within_a_year" in reasons


def test_a_birth_date_decades_apart_counts_against_a_match() -> None:
    score, reasons, _ = judged(
        person("1", "John", "Smith", "1950-01-01"), person("2", "John", "Smith", "2010-06-30")
    )
    assert score < 0.5
    assert "different_dob" in reasons


def test_same_surname_and_birthday_but_different_given_name_is_not_a_match() -> None:
    score, _, _ = judged(
        person("1", "John", "Smith", "2007-11-02"), person("2", "Jane", "Smith", "2007-11-02")
    )
    assert score < 0.5


def test_phone_numbers_are_compared_in_e164() -> None:
    assert normalise_phone("07700 900123") == "+447700900123"
    assert normalise_phone("+44 (0)7700-900123") == "+447700900123"
    score, reasons, _ = judged(
        person("1", "Sasha", "Ivanova", phone="07700 900123"),
        person("2", "Aleksandra", "Ivanova", phone="+447700900123"),
    )
    assert "shared_phone" in reasons and score >= 0.5


def test_postcodes_are_normalised() -> None:
    assert normalise_postcode("cf101aa") == "CF10 1AA"


def test_dedupe_gives_each_pair_once_best_first_and_never_a_record_with_itself() -> None:
    records = [
        person("a", "An", "Nguyen", "2011-03-14"),
        person("b", "Nguyễn", "An", "2011-03-14"),
        person("c", "Ivan", "Petrov", "2009-05-05"),
        person("d", "Иван", "Петров", "2009-05-05"),
        person("e", "Nobody", "Else", "1970-01-01"),
    ]
    pairs = dedupe(records)
    assert {(m.left, m.right) for m in pairs} == {("a", "b"), ("c", "d")}
    assert [m.score for m in pairs] == sorted((m.score for m in pairs), reverse=True)


def test_polish_yoruba_and_igbo_short_forms_are_nicknames_of_the_formal_name() -> None:
    for formal, short in (("Katarzyna", "Kasia"), ("Oluwaseun", "Seun"), ("Chukwuemeka", "Emeka")):
        score, reasons, found = judged(
            person("1", formal, "Nowak", "2012-06-01"),
            person("2", short, "Nowak", "2012-06-01"),
        )
        assert found and score >= 0.5
        assert "nickname" in reasons


def test_sisters_whose_names_share_only_two_consonants_are_not_alike() -> None:
    score, reasons, _ = judged(
        person("1", "Lowri", "Novak", "2011-07-24", address="37 Park Avenue"),
        person("2", "Eleri", "Novak", "1997-05-27", address="37 Park Avenue"),
    )
    assert score < 0.5
    assert "names_alike" not in reasons


def test_a_house_number_and_a_town_inside_a_full_address_is_not_a_shared_address() -> None:
    _, reasons, _ = judged(
        person("1", "Hayden", "Ballantyne", address="13 Young"),
        person("2", "Hayden", "", address="13 Durham Place Hamilton Young"),
    )
    assert "shared_address" not in reasons
    _, reasons, _ = judged(
        person("1", "Hayden", "Ballantyne", address="13 Durham Place Young"),
        person("2", "Hayden", "", address="Durham Place 13 Hamilton Young"),
    )
    assert "shared_address" in reasons


def test_a_malformed_date_is_refused_with_its_value() -> None:
    with pytest.raises(ValueError, match="2010-13-01"):
        parse_partial_date("2010-13-01")


def test_a_short_form_that_keeps_the_start_or_end_of_a_long_name_is_alike() -> None:
    # Neither short form is in the nickname list, so only the shape of the names can tell.
    for long_form, short_form in (("Chidimma", "Chidi"), ("Oluwatobiloba", "Tobiloba")):
        score, reasons, found = judged(
            person("1", long_form, "Nwosu", "2012-06-01"),
            person("2", short_form, "Nwosu", "2012-06-01"),
        )
        assert found and score >= 0.5
        assert "names_alike" in reasons


def test_a_name_and_street_address_meet_without_postcode_or_date_of_birth() -> None:
    _, _, found = judged(
        person("1", "Millane", "Reinmuth", "1994-05-19", address="1 Galloway Street"),
        person("2", "Millane", "Reimnuth", address="1 Galloway St"),
    )
    assert found


def test_an_address_weighs_more_when_the_postcode_agrees_too() -> None:
    base = {"address": "12 High Street"}
    without, _, _ = judged(
        person("1", "Liridon", "Krasniqi", **base), person("2", "Liridon", "Krasniqi", **base)
    )
    pinned, _, _ = judged(
        person("1", "Liridon", "Krasniqi", postcode="CF10 1AA", **base),
        person("2", "Liridon", "Krasniqi", postcode="CF10 1AA", **base),
    )
    assert pinned > without


def test_in_a_large_file_a_common_name_says_less_than_a_rare_one() -> None:
    common = [person(f"c{i}", "Mohammed", "Ali", f"{1950 + i % 60}") for i in range(1_200)]
    rare = [
        person("r1", "Liridon", "Krasniqi", "2010-04-03"),
        person("r2", "Liridon", "Krasniqi", "2010"),
    ]
    twins = [person("m1", "Mohammed", "Ali", "2010-04-03"), person("m2", "Mohammed", "Ali", "2010")]
    found = {(m.left, m.right): m.score for m in dedupe([*common, *rare, *twins])}
    assert found.get(("r1", "r2"), 0.0) > found.get(("m1", "m2"), 0.0)


def test_name_rarity_says_nothing_in_a_small_file() -> None:
    assert name_rarity([("an", "nguyen"), ("an", "nguyen")]) == {}
    big = name_rarity([("an", "nguyen")] * 1_000 + [("liridon", "krasniqi")] * 5)
    assert big["liridon"] > 0 > big["an"]
