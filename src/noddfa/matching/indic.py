"""Names in the scripts of South Asia, read as English spellings write them.

Devanagari (Hindi, Nepali), Bengali, Gurmukhi (Punjabi), Tamil and their neighbours write
each consonant with a vowel "a" it carries unless a vowel sign or a virama says
otherwise. anyascii writes the consonants bare (पटेल as "ptel", முருகன் as "murukn"),
so the vowel an English spelling writes (Patel, Murugan) has to be put back. Here it is:
after a consonant with no vowel sign and no virama, except at the end of a word, where
Hindi, Punjabi and Bengali do not sound it (राम, Ram), and, in those three, where a vowel
and a consonant come before it and a consonant and a vowel after (ਜਸਵਿੰਦਰ, Jaswinder, not
Jasawindar; ইসলাম, Islam). Tamil sounds it there (நடராஜா, Nadarajah).
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

INDIC = re.compile("[\u0900-\u0dff]")

# The nasal signs (Gurmukhi tippi and bindi, anusvara and chandrabindu) sound as "n"
# before most letters; anyascii writes "m" ("ਸਿੰਘ" as "simgh"), which no Latin spelling
# of Singh has. They are marked here and read once the next sound is known.
_NASAL_MARK = "~"
_NASAL_SIGNS = frozenset("\u0a70\u0a02\u0902\u0901\u0982\u0981\u0b82")
_NASAL_BEFORE_M = re.compile("~(?=m)")
_NASAL_BEFORE_LIPS = re.compile("~(?=[bp])")
# Before "h" it is the "ng" of Singh (सिंह).
_NASAL_BEFORE_H = re.compile("~(?=h)")
# The "sh" letters (श ष, শ ষ, ਸ਼, ஷ) that anyascii writes as plain "s": Sharma, Shahana.
_SH = frozenset("\u0936\u0937\u09b6\u09b7\u0a36\u0bb7")
# Tamil ச starts Siva, Selvam and Suresh; anyascii writes it "c". Elsewhere the letter
# written "c" is the "ch" of Chowdhury and Chand.
_TAMIL_CA = "\u0b9a"
_LONE_C = re.compile("c(?!h)")
# Tamil writes k, t and p once for each; between vowels, and after a nasal, they are
# spoken (and spelt in English) g, d and b: முருகன் Murugan, நடராஜா Nadarajah,
# கந்தசாமி Kandasamy. Doubled, they stay as they are (Appan).
_TAMIL = re.compile("[\u0b80-\u0bff]")
_TAMIL_VOICED = {"k": "g", "t": "d", "p": "b"}
_TAMIL_BETWEEN = re.compile("(?<=[aeiou@nm])([ktp])(?=[aeiou@])")

# The carried vowel is marked while the word is read, and written "a" or left out after.
_CARRIED = "@"
_NORTHERN = re.compile("[\u0900-\u0a7f]")
_VOWEL = "[aeiou@]"
_CONSONANT = "[b-df-hj-np-tv-z~]"
# A consonant before it may be written with two letters (kh, bh, sh).
_UNSOUNDED = re.compile(
    f"(?:(?<={_VOWEL}{_CONSONANT})|(?<={_VOWEL}{_CONSONANT}h)){_CARRIED}(?={_CONSONANT}+{_VOWEL})"
)


def _unsounded(written: str) -> str:
    """The carried vowels Hindi, Punjabi and Bengali leave unsounded, taken out from the
    end of the word back, and never two in neighbouring syllables (अमरजीत is Amarjeet:
    once "r" has lost its vowel, "m" keeps its own)."""
    places = [m.start() for m in _UNSOUNDED.finditer(written)]
    kept = written
    taken: int | None = None
    for place in reversed(places):
        between = written[place + 1 : taken] if taken is not None else ""
        if taken is not None and _CARRIED not in between and not set(between) & set("aeiou"):
            continue  # its neighbour to the right was just taken out
        kept = kept[:place] + kept[place + 1 :]
        taken = place
    return kept


def _is_consonant(char: str, latin: str) -> bool:
    return (
        unicodedata.category(char) == "Lo"
        and bool(latin)
        and not any(letter in "aeiou" for letter in latin)
    )


def _silences_vowel(char: str) -> bool:
    """A vowel sign replaces the carried vowel; a virama removes it."""
    name = unicodedata.name(char, "")
    return "VOWEL SIGN" in name or "VIRAMA" in name


def _reading(char: str) -> str:
    if char in _SH:
        return "sh"
    if char == _TAMIL_CA:
        return "s"
    if char in _NASAL_SIGNS:
        return _NASAL_MARK
    if unicodedata.name(char, "").endswith(("NUKTA", "ADDAK")):
        return ""
    return anyascii(char)


def _next_sign(text: str, at: int) -> str:
    """The character from `at` on that says what follows a consonant (a nukta only
    changes the consonant's sound), or "" at the end."""
    for char in text[at : at + 3]:
        if not unicodedata.name(char, "").endswith("NUKTA"):
            return char
    return ""


def read_indic(text: str) -> str:
    """The text in Latin letters, with the vowels the consonants carry written out."""
    out: list[str] = []
    for at, char in enumerate(text):
        latin = _reading(char)
        out.append(latin)
        if not _is_consonant(char, latin):
            continue
        after = _next_sign(text, at + 1)
        if after and (after.isalpha() or after in _NASAL_SIGNS) and not _silences_vowel(after):
            out.append(_CARRIED)
    written = _LONE_C.sub("ch", "".join(out))
    if _NORTHERN.search(text):
        written = _unsounded(written)
    if _TAMIL.search(text):
        written = _TAMIL_BETWEEN.sub(lambda m: _TAMIL_VOICED[m[1]], written)
    written = written.replace(_CARRIED, "a")
    written = _NASAL_BEFORE_M.sub("", written)
    written = _NASAL_BEFORE_LIPS.sub("m", written)
    written = _NASAL_BEFORE_H.sub("ng", written)
    return written.replace(_NASAL_MARK, "n")
