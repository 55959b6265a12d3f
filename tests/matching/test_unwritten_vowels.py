"""Names from scripts that leave short vowels unwritten, met by the spellings that write
them (issue 20, item 2: "one side in native script and the other transliterated")."""

from __future__ import annotations

import pytest

from noddfa.matching import to_latin
from noddfa.matching.unwritten_vowels import likeness, written_without_vowels

from .test_hard_cases_across_populations import found, person


def _word(native: str) -> str:
    return to_latin(native).split()[-1]


@pytest.mark.parametrize(
    ("native", "latin", "given_latin"),
    [
        # Persian reads ض as "z": رضایی is Rezaei, not "Rdayi".
        (("علی", "رضایی"), ("Ali", "Rezaei"), "Persian"),
        # ث is "s" to an Urdu or Turkish speaker, "th" to an Arabic one.
        (("مصطفى", "عثمان"), ("Mustafa", "Osman"), "Urdu"),
        (("مصطفى", "عثمان"), ("Moustafa", "Uthman"), "Arabic"),
        # Hebrew writes consonants only; כ is "kh" letter by letter, Cohen in English.
        (("דוד", "כהן"), ("David", "Cohen"), "Hebrew"),
        # A Kurdish opening ئ only carries the vowel.
        (("ئاراس", "کەریم"), ("Aras", "Karim"), "Kurdish"),
        # The article is a word of its own in the script and part of the English name.
        (("نور", "الهدى"), ("Nour", "Alhuda"), "Arabic"),
        # Hamza on a ي is read as the ي: عائشة is Aisha.
        (("عائشة", "محمود"), ("Aisha", "Mahmoud"), "Arabic"),
    ],
)
def test_a_name_in_its_script_meets_the_spelling_an_agency_records(
    native: tuple[str, str], latin: tuple[str, str], given_latin: str
) -> None:
    in_script = person("1", *native, "1990-05-17")
    in_english = person("2", *latin, "1990-05-17")
    assert found(in_script, in_english), given_latin


def test_a_slip_in_the_english_spelling_of_a_long_name_still_meets_it() -> None:
    assert found(
        person("1", "علی", "رضایی", "1990-05-17"), person("2", "Ali", "Rezai", "1990-05-17")
    )
    assert likeness(_word("ابراهیم"), "ibrahin") == pytest.approx(0.86)


def test_hassan_and_hussein_are_told_apart_by_the_written_long_vowel() -> None:
    # حسن has no letter between s and n; Hussein's "ei" is the ي of حسين.
    assert likeness(_word("حسن"), "hussein") == 0.0
    assert likeness(_word("حسين"), "hussein") == pytest.approx(0.93)
    assert likeness(_word("حسن"), "hassan") == pytest.approx(0.93)


def test_mohammed_and_mahmoud_are_different_names() -> None:
    assert likeness(_word("محمد"), "mahmoud") == 0.0
    assert likeness(_word("محمود"), "mohammed") == 0.0
    assert likeness(_word("محمد"), "mohammed") == pytest.approx(0.93)


def test_a_different_first_letter_is_another_name_not_a_slip() -> None:
    # Found as a wrong pair on our second population: إبراهيم against Maryam.
    assert likeness(_word("إبراهيم"), "maryam") == 0.0


def test_a_short_name_gets_no_allowance_for_a_slip() -> None:
    # Two firm letters leave too little to tell a slip from another name.
    assert likeness(_word("أحمد"), "ahrad") == 0.0


def test_a_name_of_one_firm_letter_is_alike_but_not_the_same() -> None:
    assert likeness(_word("علي"), "ali") == pytest.approx(0.86)


@pytest.mark.parametrize(
    ("token", "expected"),
    [("mhmd", True), ("hda", True), ("mohammed", False), ("rhys", True), ("", False)],
)
def test_which_words_were_written_without_vowels(token: str, expected: bool) -> None:
    assert written_without_vowels(token) is expected


def test_a_note_pasted_into_a_name_column_is_not_read_as_a_name() -> None:
    # A pattern per letter of a 5,000-letter "name" would stall a run on one record.
    pasted = "mhmd" * 1_250
    assert likeness(pasted, "mohammed" * 1_250) == 0.0
    assert likeness(pasted[:24], "mohammed") == 0.0
