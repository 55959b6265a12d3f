"""Letters that anyascii reads one way and the English spellings of names another.

anyascii gives one romanisation per script; a clerk writes what is usual for the
community. Each rule here turns a name's letters into ones anyascii reads as that usual
spelling, before it is transliterated. Indic scripts and Thai have modules of their own
(`indic`, `thai`).
"""

from __future__ import annotations

import re

from .thai import THAI, read_thai

# Arabic script. ى stays "a" at the end of a word (Huda, Mustafa); ئ and ؤ, the seats of
# a glottal stop, are read as the ي and و they sit on (عائشة, Aisha); آ is the alif that
# anyascii leaves out. A word-initial ئ only carries the opening vowel in Kurdish (ئاراس,
# Aras) and is not written in Latin.
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f]")
# Pashto's ې and ۍ (Malalai, ملالۍ) are long vowels written on a ي, and read as it.
_ARABIC_SEATS = str.maketrans(
    {
        "\u0626": "\u064a",
        "\u0624": "\u0648",
        "\u0622": "\u0627",
        "\u06d0": "\u064a",
        "\u06cd": "\u064a",
    }
)
_OPENING_SEAT = re.compile("(^|\\s)\u0626")
# Kurdish (Sorani) writes its vowels, alif included, which anyascii drops as Arabic's:
# ە is the "a" of Halgurd and Jalal (هەڵگورد, جەلال).
_KURDISH = re.compile("[\u06d5\u06ce\u06c6\u06b5\u0695\u06a4]")
_KURDISH_VOWELS = str.maketrans({"\u0627": "a", "\u06d5": "a"})

# Greek: anyascii writes ου as "oy" and ευ, αυ as "ey", "ay" (Papadopoylos, Eythymioy);
# names are spelt Papadopoulos, Efthymiou, Stavros, Pavlos. μπ and ντ open a word as "b"
# and "d" (Babis, Dinos), γγ and γκ are "ng" inside one (Evangelos).
_GREEK = re.compile("[\u0370-\u03ff\u1f00-\u1fff]")
_GREEK_VOICELESS = "θκξπστφχψΘΚΞΠΣΤΦΧΨ"
_GREEK_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile("(?i)ο[υύ]"), "ou"),
    (re.compile(f"(?i)([εα])[υύ](?=[{_GREEK_VOICELESS}])"), r"\1f"),
    (re.compile("(?i)([εα])[υύ]"), r"\1v"),
    (re.compile("(?i)(^|(?<=\\s))μπ"), "b"),
    (re.compile("(?i)(^|(?<=\\s))ντ"), "d"),
    (re.compile("(?i)(?<=\\w)γ[γκ]"), "ng"),
)

# Hebrew ב and פ open a word as "b" and "p" (Barak, Peretz), where anyascii writes the "v"
# and "f" they are inside one; בן (son of) is the particle Ben (Ben David).
_HEBREW = re.compile("[\u0590-\u05ff]")
_HEBREW_BEN = re.compile("(^|(?<=\\s))\u05d1\u05df(?=\\s|$)")
_HEBREW_OPENING = re.compile("(^|(?<=\\s))([\u05d1\u05e4])")
_HEBREW_STOPS = {"\u05d1": "b", "\u05e4": "p"}

# Korean family names, one syllable, as they are usually spelt in English rather than in
# Revised Romanisation (김 Kim, not Gim; 이 Lee, not I; 박 Park, not Bak).
_KOREAN_FAMILY_NAMES = {
    "김": "Kim", "이": "Lee", "박": "Park", "최": "Choi", "정": "Jung", "강": "Kang",
    "조": "Cho", "윤": "Yoon", "장": "Jang", "임": "Lim", "한": "Han", "오": "Oh",
    "서": "Seo", "신": "Shin", "권": "Kwon", "황": "Hwang", "안": "Ahn", "송": "Song",
    "류": "Ryu", "유": "Yoo", "전": "Jeon", "홍": "Hong", "고": "Ko", "문": "Moon",
    "양": "Yang", "손": "Son", "배": "Bae", "백": "Baek", "허": "Heo", "남": "Nam",
    "심": "Shim", "노": "Noh", "하": "Ha", "곽": "Kwak", "성": "Sung", "차": "Cha",
    "주": "Joo", "우": "Woo", "구": "Koo", "민": "Min", "나": "Na", "진": "Jin",
    "지": "Ji", "엄": "Eom", "채": "Chae", "원": "Won", "천": "Cheon", "방": "Bang",
    "공": "Kong", "현": "Hyun", "함": "Ham", "변": "Byun", "염": "Yeom", "여": "Yeo",
    "추": "Choo", "도": "Do", "석": "Seok", "선": "Sun", "설": "Seol", "길": "Gil",
    "연": "Yeon", "표": "Pyo", "명": "Myung", "기": "Ki", "금": "Keum", "육": "Yook",
    "인": "In", "탁": "Tak", "국": "Kook", "은": "Eun", "편": "Pyun", "용": "Yong",
}  # fmt: skip
_LONE_SYLLABLE = re.compile("(?:^|(?<=\\s))([\uac00-\ud7a3])(?=\\s|$)")


def respelled(text: str) -> str:
    """The text with the letters above replaced, ready for anyascii."""
    if _ARABIC_SCRIPT.search(text):
        text = _OPENING_SEAT.sub(r"\1", text).translate(_ARABIC_SEATS)
        if _KURDISH.search(text):
            text = text.translate(_KURDISH_VOWELS)
    if _GREEK.search(text):
        for rule, spelling in _GREEK_RULES:
            text = rule.sub(spelling, text)
    if THAI.search(text):
        text = read_thai(text)
    if _HEBREW.search(text):
        text = _HEBREW_BEN.sub("ben", text)
        text = _HEBREW_OPENING.sub(lambda m: m[1] + _HEBREW_STOPS[m[2]], text)
    if max(text, default=" ") >= "\uac00" and _LONE_SYLLABLE.search(text):
        text = _LONE_SYLLABLE.sub(lambda m: _KOREAN_FAMILY_NAMES.get(m[1], m[1]), text)
    return text
