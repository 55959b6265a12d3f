"""Names in Thai script, read as they are usually spelt in English.

anyascii reads Thai letter by letter in the order written, so a vowel written before its
consonant comes out first (ใจดี as "aichdi", for Jaidee), the vowel a syllable carries
unwritten is left out (สมชาย as "smchay", for Somchai), and a letter at the end of a
syllable keeps the sound it has at the start of one (พร as "phr", for the "porn" of
Jiraporn). Here a name is read syllable by syllable: leading vowels after their
consonant, the unwritten vowel put in ("o" in a closed syllable, "a" in an open one),
final consonants as they sound (k, t, p, n, m, ng), tone marks and silent letters left out.
The spellings are the ones Thai names take in English (j for จ, p for พ, "ee" for a long
closing i: Jaidee, Pimchanok, Arunee), not the Royal Thai General System.
"""

from __future__ import annotations

import re

THAI = re.compile("[\u0e00-\u0e7f]")

_INITIAL = {
    **dict.fromkeys("ก", "k"),
    **dict.fromkeys("ขฃคฅฆ", "kh"),
    "ง": "ng",
    "จ": "j",
    **dict.fromkeys("ฉชฌ", "ch"),
    **dict.fromkeys("ซศษส", "s"),
    **dict.fromkeys("ญย", "y"),
    **dict.fromkeys("ฎด", "d"),
    **dict.fromkeys("ฏต", "t"),
    **dict.fromkeys("ฐฑฒถทธ", "th"),
    **dict.fromkeys("ณน", "n"),
    "บ": "b",
    "ป": "p",
    **dict.fromkeys("ผพภ", "p"),
    **dict.fromkeys("ฝฟ", "f"),
    "ม": "m",
    "ร": "r",
    **dict.fromkeys("ลฬ", "l"),
    "ว": "w",
    **dict.fromkeys("หฮ", "h"),
    "อ": "",
}
_FINAL = {
    **dict.fromkeys("กขคฆ", "k"),
    "ง": "ng",
    **dict.fromkeys("จชซศษสดตถทธฎฏฐฑฒ", "t"),
    **dict.fromkeys("ญณนลฬ", "n"),
    # Thai names in English keep the r of a closing ร: Jiraporn, Napatsorn.
    "ร": "rn",
    **dict.fromkeys("บปพฟภ", "p"),
    "ม": "m",
    "ย": "i",
    "ว": "w",
}
_LEADING = "เแโใไ"
_AFTER = {
    "ะ": "a",
    "ั": "a",
    "า": "a",
    "ำ": "am",
    "ิ": "i",
    "ี": "i",
    "ึ": "ue",
    "ื": "ue",
    "ุ": "u",
    "ู": "u",
}
_TONE_MARKS = re.compile("[\u0e47-\u0e4b]")
# A letter under the silencer (์), with a vowel sign on it, is not spoken.
_SILENCED = re.compile("[\u0e01-\u0e2e][\u0e34\u0e38]?\u0e4c")
# ห before a low sonorant only marks the tone (หญิง, หนู).
_TONE_H = re.compile("ห(?=[งญนมยรลว])")
_CLUSTER_SECOND = "รล"
# ว joins only a k sound before it (ขวัญ, Khwan); after others it is a consonant of its own.
_BEFORE_W = "กขค"


def _is_consonant(char: str) -> bool:
    return char in _INITIAL


def _vowel_signs(word: str, at: int) -> tuple[str, int]:
    """The vowel signs written after the consonant(s) ending at `at`, read, and where the
    reading stops."""
    read = ""
    while at < len(word) and word[at] in _AFTER:
        read += _AFTER[word[at]]
        at += 1
    return read, at


def _word(word: str) -> str:
    word = _TONE_H.sub("", _SILENCED.sub("", _TONE_MARKS.sub("", word)))
    out: list[str] = []
    at = 0
    while at < len(word):
        leading = ""
        if word[at] in _LEADING:
            leading = word[at]
            at += 1
        if at >= len(word) or not _is_consonant(word[at]):
            out.append(_leading_alone(leading) + (word[at] if at < len(word) else ""))
            at += 1
            continue
        onset = _INITIAL[word[at]]
        at += 1
        # A cluster (ปร, ศร, กล): the second consonant is part of the onset when a vowel
        # follows it.
        if at + 1 < len(word) and onset and _joins(word[at - 1], word[at], word[at + 1], leading):
            onset += _INITIAL[word[at]]
            at += 1
        vowel, at = _vowel_signs(word, at)
        # อ after a consonant with no vowel sign is the vowel "o" (ทอง, Thong).
        if not vowel and not leading and word[at : at + 1] == "อ" and at + 1 < len(word):
            vowel, at = "o", at + 1
        vowel, at = _with_leading(leading, vowel, word, at)
        final = ""
        if at < len(word) and _is_consonant(word[at]) and _closes(word, at):
            final = _FINAL.get(word[at], _INITIAL[word[at]])
            at += 1
        if not vowel:
            vowel = "o" if final else "a"
        if vowel.endswith("i") and not final and at >= len(word):
            vowel = vowel[:-1] + "ee"  # Jaidee, Arunee, Kaewmanee
        out.append(onset + vowel + final)
    return "".join(out)


def _joins(first: str, second: str, following: str, leading: str) -> bool:
    """Whether `second` is the second consonant of a cluster (ปร, ศร, กล, ขว)."""
    if second == "ว":
        return first in _BEFORE_W and following in _AFTER and not leading
    return second in _CLUSTER_SECOND and (following in _AFTER or bool(leading))


def _closes(word: str, at: int) -> bool:
    """Whether the consonant at `at` ends the syllable before it: it is the last letter,
    or the next is a consonant that does not take it as its own vowel's onset. Before a
    word's last consonant it opens a syllable of its own instead (ชนก is cha-nok, จิราพร
    is ji-ra-porn)."""
    after = at + 1
    if after >= len(word):
        return True
    if after == len(word) - 1 and _is_consonant(word[after]):
        return False
    return _is_consonant(word[after]) or word[after] in _LEADING


def _with_leading(leading: str, vowel: str, word: str, at: int) -> tuple[str, int]:
    if not leading:
        return vowel, at
    if leading == "เ":
        if word[at : at + 1] == "า":
            return "ao", at + 1
        if vowel == "i" and word[at : at + 1] == "ย":
            return "ia", at + 1
        if vowel == "ue" and word[at : at + 1] == "อ":
            return "uea", at + 1
        return "e" + vowel, at
    return {"แ": "ae", "โ": "o", "ใ": "ai", "ไ": "ai"}[leading] + vowel, at


def _leading_alone(leading: str) -> str:
    return {"เ": "e", "แ": "ae", "โ": "o", "ใ": "ai", "ไ": "ai", "": ""}[leading]


def read_thai(text: str) -> str:
    """Each Thai word of the text in Latin letters; anything else as it was."""
    return re.sub("[\u0e00-\u0e7f]+", lambda m: _word(m[0]), text)
