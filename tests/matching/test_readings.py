"""Names read from their script as English spellings write them (issue 20, item 2)."""

from __future__ import annotations

import pytest

from noddfa.matching import to_latin

from .test_hard_cases_across_populations import found, person


@pytest.mark.parametrize(
    ("written", "read"),
    [
        # The vowel a consonant carries is written out (anyascii: "ptel", "murukn")...
        ("पटेल", "patel"),
        ("முருகன்", "murugan"),
        # ...but not at the end of a Hindi, Punjabi or Bengali word,
        ("राम", "ram"),
        # nor between a vowel and consonant and a consonant and vowel in those languages,
        ("ਜਸਵਿੰਦਰ", "jasvindar"),
        ("ইসলাম", "islam"),
        # taken out from the end back, never in two neighbouring syllables,
        ("अमरजीत", "amarjit"),
        # which Tamil sounds, with k, t and p voiced between vowels.
        ("நடராஜா", "nadaraja"),
        ("கந்தசாமி", "kandasami"),
        # The "sh" letters anyascii writes as "s"; Tamil ச is the "s" of Suresh.
        ("शर्मा", "sharma"),
        ("சுரேஷ்", "suresh"),
        # A nasal sign before "h" is the "ng" of Singh.
        ("सिंह", "singh"),
        # Greek ου, ευ and a word-opening μπ as names are spelt.
        ("Παπαδόπουλος", "papadopoulos"),
        ("Ευθυμίου", "efthymiou"),
        ("Σταύρος", "stavros"),
        ("Μπάμπης", "bampis"),
        # Kurdish writes its vowels, alif and ە included.
        ("جەلال", "jalal"),
        # Hebrew ב and פ opening a word are "b" and "p"; בן is the particle Ben.
        ("ברק", "brk"),
        ("פרץ", "prts"),
        ("בן דוד", "ben dvd"),
        # Korean family names as usually spelt, not in Revised Romanisation.
        ("이", "lee"),
        ("박", "park"),
    ],
)
def test_a_name_is_read_as_its_community_spells_it_in_english(written: str, read: str) -> None:
    assert to_latin(written) == read


@pytest.mark.parametrize(
    ("native", "latin"),
    [
        (("கணேசன்", "நடராஜா"), ("Ganesan", "Nadarajah")),
        (("முருகன்", "செல்வராஜா"), ("Murugan", "Selvarajah")),
        (("ਜਸਵਿੰਦਰ", "ਕੌਰ"), ("Jaswinder", "Kaur")),
        (("मनदीप", "अग्रवाल"), ("Mandeep", "Agarwal")),
        (("Χαράλαμπος", "Ευθυμίου"), ("Haralambos", "Efthymiou")),
        (("서준", "윤"), ("Seojun", "Yoon")),
        (("هەڵگورد", "جەلال"), ("Halgurd", "Jalal")),
        # Pashto: ۍ a long vowel on a ي, څ the "ch" of Achakzai, ږ the "g" of Wagma.
        (("ملالۍ", "اڅکزی"), ("Malalai", "Achakzai")),
        (("وږمه", "خټک"), ("Wagma", "Khattak")),
        (("תמר", "בן דוד"), ("Tamar", "Ben David")),
        (("ברק", "פרץ"), ("Barak", "Peretz")),
    ],
)
def test_records_in_the_script_and_in_english_born_the_same_day_are_joined(
    native: tuple[str, str], latin: tuple[str, str]
) -> None:
    assert found(person("1", *native, "1990-05-17"), person("2", *latin, "1990-05-17"))


def test_a_korean_given_name_of_one_syllable_with_a_family_name_is_not_misread() -> None:
    # Only a syllable standing alone is read as a family name.
    assert to_latin("이지훈") != to_latin("이 지훈")
