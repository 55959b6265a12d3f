"""Names in any script, brought to comparable Latin forms.

A name reaches an agency through an interpreter, a form, a passport or a nickname, so the
same person can be "Nguyễn Văn An", "An Nguyen" or "Ан Нгуен". Everything here turns a
written name into tokens that compare across those routes; nothing here decides a match.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import jellyfish
from anyascii import anyascii

from .indic import INDIC, read_indic
from .nicknames import NICKNAMES
from .readings import respelled

# Titles carry no identity and are often added or dropped between agencies.
HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "sir",
        "dame",
        "lord",
        "lady",
        "rev",
        "fr",
        "sr",
        "sra",
        "srta",
        "herr",
        "frau",
        "mme",
        "mlle",
        "haji",
        "hajji",
        "hajj",
        "sheikh",
        "shaikh",
        "sayed",
        "sayyid",
        "syed",
        "ustaz",
    ]
)
# Titles that are also family names in the communities served (Sheikh, Syed, Haji).
FAMILY_NAME_TITLES = frozenset(["sheikh", "shaikh", "sayed", "sayyid", "syed", "haji", "hajji"])
# Particles join or leave a name depending on who wrote it down ("al-Hassan", "Hassan";
# "van der Berg", "Berg"); Vietnamese "Văn" and "Thị" are middle names that forms often drop.
PARTICLES = frozenset(
    [
        "al",
        "el",
        "ul",
        "bin",
        "ibn",
        "bint",
        "ben",
        "binti",
        "van",
        "von",
        "der",
        "den",
        "de",
        "da",
        "di",
        "du",
        "dos",
        "das",
        "del",
        "della",
        "le",
        "la",
        "ter",
        "ten",
        "thi",
    ]
)
# "Ben" opening a name is an English or Hebrew given name ("Ben Thomas"); as "son of" it
# follows a given name ("Ali ben Salah"). Dropped there, it left "Ben Thomas" as "Thomas".
GIVEN_NAME_PARTICLES = frozenset(["ben"])
# Vietnamese middle names (Văn, Thị): dropped wherever they stand, not only before a word.
MIDDLE_NAME_PARTICLES = frozenset(["van", "thi"])
_ARABIC_ARTICLE = re.compile(r"(^|\s)ال")
_APOSTROPHES = re.compile("['`\u2019\u2018\u02bc\u02bb]")
_SEPARATORS = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_VOWELS = frozenset("aeiouyw")
# Spellings that differ only by how a sound was written down in Latin letters.
_SOUND_SPELLINGS = (
    ("sch", "sh"),
    ("tch", "ch"),
    ("ph", "f"),
    ("kh", "h"),
    ("gh", "g"),
    ("dh", "d"),
    ("th", "t"),
    ("ck", "k"),
    ("x", "ks"),
    ("q", "k"),
    ("c", "k"),
    ("z", "s"),
    ("j", "y"),
    ("v", "w"),
)


def _script_of(text: str) -> str:
    """The first non-Latin script in a text, or "latin": a hint for explanations only."""
    if text.isascii():
        return "latin"
    for char in text:
        if char.isalpha() and ord(char) > 0x24F:
            name = unicodedata.name(char, "")
            return name.split(" ")[0].lower() if name else "other"
    return "latin"


@lru_cache(maxsize=200_000)
def to_latin(text: str) -> str:
    """Any script to lower-case ASCII, keeping word boundaries."""
    text = _ARABIC_ARTICLE.sub(r"\1al ", text)
    if not text.isascii():
        text = respelled(text)
    if text.isascii() or not INDIC.search(text):
        return _finish(anyascii(text))
    return _finish(read_indic(text))


def _finish(ascii_text: str) -> str:
    # anyascii writes Chinese syllables together in capitals ("LiXiaoLong"); keep them apart.
    ascii_text = _CAMEL.sub(" ", ascii_text)
    return _APOSTROPHES.sub("", ascii_text).lower()


@lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """Consonants only, sound-alike spellings merged, doubles collapsed.

    Arabic and Hebrew scripts usually leave short vowels unwritten, so "محمد" becomes "mhmd";
    dropping vowels from "Mohammed" as well lets the two meet.
    """
    for written, sound in _SOUND_SPELLINGS:
        token = token.replace(written, sound)
    consonants = [c for c in token if c not in _VOWELS]
    if consonants and consonants[-1] == "h" and len(consonants) > 2:
        consonants.pop()  # a final "h" (Fatimah, ta marbuta) is not pronounced
    collapsed: list[str] = []
    for char in consonants:
        if not collapsed or collapsed[-1] != char:
            collapsed.append(char)
    return "".join(collapsed)


@lru_cache(maxsize=200_000)
def canonical(token: str) -> str:
    """The formal name behind a nickname, when the list knows one."""
    return NICKNAMES.get(token, token)


@dataclass(frozen=True)
class Name:
    """A name as comparable tokens, with the script it was written in."""

    tokens: tuple[str, ...]
    script: str
    # The same tokens as written, before nicknames were replaced by formal names.
    written: tuple[str, ...] = ()

    @property
    def joined(self) -> str:
        return "".join(self.tokens)


@lru_cache(maxsize=200_000)
def name_tokens(*parts: str, canonical_forms: bool = True) -> Name:
    """Tokens of a full name: transliterated, without titles or particles, hyphens split.

    Initials are kept as one-letter tokens so that "J Smith" can still meet "John Smith".
    A name made only of particles ("Van") keeps them rather than vanishing.
    """
    text = " ".join(part for part in parts if part)
    words = [_words(part) for part in parts if part]
    raw = [t for part in words for t in part]
    kept = [t for part in words for t in _without_particles(part, first=part is words[0])] or raw
    tokens = tuple(canonical(t) for t in kept) if canonical_forms else tuple(kept)
    return Name(tokens=tokens, script=_script_of(text), written=tuple(kept))


def _words(part: str) -> list[str]:
    """The words of one part of a name in Latin letters, without titles. A title is
    looked for only where it was written in Latin letters: letter by letter, Arabic
    عمر (Omar) is "mr". Before another word a title is a title (Sheikh Mohammed); as
    the last word of its part, one that is also a family name is the name (Rukhsana
    Sheikh)."""
    words: list[tuple[str, bool]] = []
    for written in part.split():
        latin = _script_of(written) == "latin"
        words += [(t, latin) for t in _SEPARATORS.split(to_latin(written)) if t]
    return [
        word
        for i, (word, latin) in enumerate(words)
        if not (latin and word in HONORIFICS)
        or (i == len(words) - 1 and word in FAMILY_NAME_TITLES)
    ]


def _without_particles(words: list[str], first: bool) -> list[str]:
    """The words of one part of a name (a given or a family name) without the particles
    that attach to the word after them. A particle with no word after it in its part is
    itself the name: the Vietnamese family names Lê and La, or "Al" for Alan. The
    Vietnamese middle names Văn and Thị are dropped wherever they stand."""
    return [
        word
        for i, word in enumerate(words)
        if word not in PARTICLES
        or (i == len(words) - 1 and word not in MIDDLE_NAME_PARTICLES)
        or (first and i == 0 and word in GIVEN_NAME_PARTICLES)
    ]


def name_key(token: str) -> str:
    """A short sound key for blocking: the skeleton, or the token when it has too few
    consonants to say anything ("Ali", "Aya")."""
    shape = skeleton(token)
    return shape[:4] if len(shape) >= 2 else token[:4]


@lru_cache(maxsize=200_000)
def sound_code(token: str) -> str:
    """NYSIIS, an English-language phonetic code: catches Latin spellings of one sound
    ("Mohammed", "Muhamad") that keep their vowels, which the skeleton ignores."""
    return jellyfish.nysiis(token) if len(token) > 2 else token
