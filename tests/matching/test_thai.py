"""Thai names read as they are spelt in English (issue 20, item 2)."""

from __future__ import annotations

import pytest

from noddfa.matching import to_latin

from .test_hard_cases_across_populations import found, person


@pytest.mark.parametrize(
    ("written", "read"),
    [
        # The unwritten vowel: "o" in a closed syllable, "a" in an open one.
        ("สมชาย", "somchai"),
        ("พิมพ์ชนก", "pimchanok"),
        # A vowel written before its consonant is read after it; a long closing i is "ee".
        ("ใจดี", "jaidee"),
        ("แก้วมณี", "kaewmanee"),
        # อ after a consonant is the vowel o; a closing ร keeps its r in English names.
        ("แสงทอง", "saengthong"),
        ("จิราพร", "jiraporn"),
        # Letters under the silencer are not read; ศร is a cluster.
        ("วงศ์สวัสดิ์", "wongsawat"),
        ("ศรีสุข", "srisuk"),
    ],
)
def test_a_thai_name_is_read_as_it_is_spelt_in_english(written: str, read: str) -> None:
    assert to_latin(written) == read


def test_records_of_a_thai_name_in_its_script_and_in_english_born_the_same_day_are_joined() -> None:
    native = person("1", "สมชาย", "ใจดี", "1988-02-29")
    english = person("2", "Somchai", "Jaidee", "1988-02-29")
    assert found(native, english)


def test_thai_letters_inside_other_text_are_read_and_the_rest_left_as_it_was() -> None:
    assert to_latin("Ms สมชาย") == "ms somchai"
