"""Names from scripts that leave short vowels unwritten, against spellings that write them.

Arabic, Persian, Urdu, Pashto and Hebrew write a name's consonants and long vowels; the
short vowels are left to the reader. Letter by letter, "محمد" is "mhmd" and "حسين" is
"hsyn", and an English spelling puts the vowels back as the clerk heard them (Mohammed,
Hussein). Two things make the comparison more than dropping the Latin vowels:

- a letter is read differently by different communities: ث is "th" in Arabic and "s" in
  Persian, Urdu and Turkish (Uthman, Osman); ض, ذ and ظ are "d" or "dh" in Arabic and "z"
  in Persian and Urdu (Ramadan, Ramzan; Rezaei); و is "w", "v", "o" or "u" (Nawal,
  Navid, Noor); ي is "y", "i", "e" or "ei" (Yasin, Ali, Hussein);
- a long vowel is written and a short one is not, so Hassan (حسن) and Hussein (حسين)
  differ by a letter that the Latin spelling must show as "ei", "ai" or "y", never as
  a single short vowel.

So the written form becomes a pattern: each letter any of its Latin readings, with room
for one short vowel between letters and at either end, and the Latin spelling (doubled
letters read once, as Arabic writes a doubled consonant once) must fit it.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Latin readings of each letter as anyascii writes it (two-letter forms first). Arabic ب
# is heard as "p" by some clerks and Persian پ as "b"; ق is "q", "k" or the Gulf "g";
# Pashto ږ is "zh" or "g" by dialect (Wazhma, Wagma) and څ "ts" or "ch" (Achakzai).
# Two letters that anyascii happens to write side by side (s then h, "sh", in Suhail,
# written سهيل) may also be two sounds with a short vowel between them.
_READINGS: tuple[tuple[str, str], ...] = (
    ("sh", "sh|ch|sch|s|s[aeiou]?h"),
    ("th", "th|t|s|t[aeiou]?h"),
    ("dh", "dh|d|z|th|d[aeiou]?h"),
    ("kh", "kh|h|k|ch|c|x|k[aeiou]?h"),
    ("gh", "gh|g|g[aeiou]?h"),
    ("zh", "zh|j|z|g|z[aeiou]?h"),
    ("ch", "ch|tch|c|c[aeiou]?h"),
    ("ts", "ts|tz|z|s|ch"),
    ("b", "b|p"),
    ("p", "p|b"),
    ("t", "t|th"),
    ("j", "j|g|dj"),
    ("d", "d|dh|z"),
    ("z", "z|s"),
    ("s", "s|c"),
    ("q", "q|k|g|c|ck"),
    ("k", "k|c|ck|q|ch"),
    ("f", "f|ph|v"),
    ("v", "v|w|b|u|o"),
    ("w", "w|v|u|o|ou|ow|au|aw"),
    ("y", "y|i|e|ie|ei|ey|ai|ay|iy"),
    ("h", "h|"),
)
_VOWEL_LETTERS = frozenset("aeiou")
# A written vowel (Arabic ى at the end, Kurdish and Urdu vowel letters) is one or two
# Latin vowels: Huda and Hoda, Mustafa and Mostafa.
_WRITTEN_VOWEL = "[aeiouy]{1,2}"
_SHORT_VOWEL = "[aeiou]?"
# Letters that carry a name's shape; h, w and y are too often dropped, doubled or read as
# vowels to count towards it.
_WEAK = frozenset(["h", "w", "y", "v"])
_DOUBLED = re.compile(r"(.)\1+")
# A one-letter slip in a name this long still leaves its shape recognisable.
TYPO_MIN_LETTERS = 3
# No one name is longer; a longer "name" in a file (a note pasted into the column) is not
# read as one, which would cost a pattern for each of its letters.
MAX_LETTERS = 24


def written_without_vowels(token: str) -> bool:
    """A token with no Latin vowel letter, but for a closing "a" (ى, Huda), came from a
    script that leaves them unwritten."""
    return bool(token) and _VOWEL_LETTERS.isdisjoint(token[:-1]) and token[-1] not in "eiou"


def _units(token: str) -> list[tuple[str, str]]:
    """The token as letters: (letter as written, its readings as a regular expression).
    A letter written twice in a row is read once, as the Latin spelling is."""
    units: list[tuple[str, str]] = []
    at = 0
    while at < len(token):
        written, readings = _letter_at(token, at)
        if not units or units[-1][0] != written:
            units.append((written, readings))
        at += len(written)
    return units


def _letter_at(token: str, at: int) -> tuple[str, str]:
    for written, readings in _READINGS:
        if token.startswith(written, at):
            return written, readings
    letter = token[at]
    return letter, _WRITTEN_VOWEL if letter in _VOWEL_LETTERS else letter


# The Arabic article is its own word in the written name (الهدى, "al hda") and often part
# of the Latin one (Alhuda, Elsayed).
_ARTICLE = "(?:[ae]l)?"
# A consonant heard as another (a slip).
_CONSONANT = "[b-df-hj-np-tv-z]"


def _firm(written: str) -> bool:
    return written not in _WEAK and written[0] not in _VOWEL_LETTERS


def _pattern(readings: list[str]) -> re.Pattern[str]:
    body = _SHORT_VOWEL.join(f"(?:{reading})" for reading in readings)
    return re.compile(f"{_ARTICLE}{_SHORT_VOWEL}{body}{_SHORT_VOWEL}h?")


@lru_cache(maxsize=100_000)
def _patterns(
    token: str,
) -> tuple[re.Pattern[str], re.Pattern[str], tuple[re.Pattern[str], ...], int]:
    """The pattern of the token's Latin spellings; the pattern of their opening (a slip is
    only looked for after it); the patterns that allow one letter of it to be any letter
    (a slip in the Latin spelling); and how many firm letters it has."""
    units = _units(token)
    readings = [reading for _, reading in units]
    opening = re.compile(f"{_ARTICLE}{_SHORT_VOWEL}(?:{readings[0]})")
    firm = sum(1 for written, _ in units if _firm(written))
    # A slip is looked for after the first letter: a name's opening is the part most
    # reliably written and heard, and a wrong first letter is more often another name.
    # Only a firm letter can be heard wrong: a long vowel misread would again make
    # Mohammed of Mahmoud.
    slips = tuple(
        _pattern([*readings[:i], _CONSONANT, *readings[i + 1 :]])
        for i in range(1, len(readings))
        if _firm(units[i][0])
    )
    return _pattern(readings), opening, slips, firm


def _slipped(latin: str) -> list[str]:
    """The Latin spelling with one consonant after the first letter left out, or two
    neighbouring consonants after the first swapped. Vowels are left where they are: one
    left out or moved can make a long vowel short, the one thing that tells محمد
    (Mohammed) from محمود (Mahmoud)."""
    consonant = [letter not in _VOWEL_LETTERS for letter in latin]
    left_out = [latin[:i] + latin[i + 1 :] for i in range(1, len(latin)) if consonant[i]]
    swapped = [
        latin[:i] + latin[i + 1] + latin[i] + latin[i + 2 :]
        for i in range(1, len(latin) - 1)
        if consonant[i] and consonant[i + 1]
    ]
    return left_out + swapped


def likeness(unvowelled: str, latin: str) -> float:
    """How alike a name written without vowels and a Latin spelling of a name are: 0.93
    when the spelling fits (0.86 if the name has only one firm letter, as Ali, علي, "ly");
    0.86 when it fits after one slip of the pen in a name of TYPO_MIN_LETTERS or more firm
    letters; otherwise 0."""
    if not 2 <= len(unvowelled) <= MAX_LETTERS or not 2 <= len(latin) <= 2 * MAX_LETTERS:
        return 0.0
    pattern, opening, slips, firm = _patterns(unvowelled)
    spelling = _DOUBLED.sub(r"\1", latin)
    if pattern.fullmatch(spelling):
        return 0.93 if firm >= 2 else 0.86
    # Most names fail at their first letter, where no slip is looked for.
    if firm < TYPO_MIN_LETTERS or not opening.match(spelling):
        return 0.0
    if any(pattern.fullmatch(slip) for slip in _slipped(spelling)):
        return 0.86
    if any(slip.fullmatch(spelling) for slip in slips):
        return 0.86
    return 0.0
