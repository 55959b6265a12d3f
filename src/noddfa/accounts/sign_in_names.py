"""One account, one name: how a typed email address is stored, looked up and counted (issue 17).

Three forms of an address, each used in one place:

- `sign_in_name`: what an account's address is stored as and looked up by. Surrounding spaces
  removed, Unicode NFKC, lower case. The model, its manager and account registration all use it.
- `is_typed_plainly`: sign-in accepts a typed address only if it differs from its sign-in name
  by surrounding spaces and letter case alone. A spelling that NFKC changes (a fullwidth
  letter, the Kelvin sign, the long s, a ligature) looks like an address without being it, and
  signs nobody in.
- `lockout_name`: what failed sign-ins are counted against (django-axes calls it through
  `AXES_USERNAME_CALLABLE`). The sign-in name with accents, invisible characters and the
  common look-alike letters of other scripts folded onto the plain letter they imitate, so
  `lead@test` typed with a Cyrillic e adds to the count of `lead@test`, not to a fresh count
  of its own. Plain ASCII is never folded onto other ASCII: `rn` and `m` are different names.

Lower case rather than full case folding: case folding turns ß into ss and would make two
different addresses one; for the ASCII addresses every account has, the two are the same.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.http import HttpRequest

# Letters of other scripts (and of Latin's own extensions) that pass for a plain letter, digit
# or punctuation mark in an address, lower case only (the name is lower-cased first). Not the
# whole of Unicode's confusables list: a spelling this misses still counts against the client.
LOOK_ALIKES = {
    # Cyrillic
    "\u0430": "a",  # cyrillic small letter a
    "\u0441": "c",  # cyrillic small letter es
    "\u0501": "d",  # cyrillic small letter komi de
    "\u0435": "e",  # cyrillic small letter ie
    "\u04bd": "e",  # cyrillic small letter abkhasian che
    "\u0433": "r",  # cyrillic small letter ghe
    "\u04bb": "h",  # cyrillic small letter shha
    "\u0456": "i",  # cyrillic small letter byelorussian-ukrainian i
    "\u0458": "j",  # cyrillic small letter je
    "\u04cf": "l",  # cyrillic small letter palochka
    "\u043e": "o",  # cyrillic small letter o
    "\u0440": "p",  # cyrillic small letter er
    "\u051b": "q",  # cyrillic small letter qa
    "\u0455": "s",  # cyrillic small letter dze
    "\u0443": "y",  # cyrillic small letter u
    "\u04af": "y",  # cyrillic small letter straight u
    "\u0445": "x",  # cyrillic small letter ha
    "\u051d": "w",  # cyrillic small letter we
    "\u0461": "w",  # cyrillic small letter omega
    # Greek
    "\u03b1": "a",  # greek small letter alpha
    "\u03f2": "c",  # greek lunate sigma symbol
    "\u03b9": "i",  # greek small letter iota
    "\u03f3": "j",  # greek letter yot
    "\u03ba": "k",  # greek small letter kappa
    "\u03bd": "v",  # greek small letter nu
    "\u03bf": "o",  # greek small letter omicron
    "\u03c1": "p",  # greek small letter rho
    "\u03c5": "u",  # greek small letter upsilon
    "\u03c7": "x",  # greek small letter chi
    "\u03b3": "y",  # greek small letter gamma
    # Armenian
    "\u0581": "g",  # armenian small letter co
    "\u0570": "h",  # armenian small letter ho
    "\u0578": "n",  # armenian small letter vo
    "\u0585": "o",  # armenian small letter oh
    "\u0566": "q",  # armenian small letter za
    "\u057d": "u",  # armenian small letter seh
    # Latin letters that are not a, b, c... but pass for them
    "\u0131": "i",  # latin small letter dotless i
    "\u0237": "j",  # latin small letter dotless j
    "\u0251": "a",  # latin small letter alpha
    "\u0261": "g",  # latin small letter script g
    "\u0269": "i",  # latin small letter iota
    "\u026a": "i",  # latin letter small capital i
    "\u0274": "n",  # latin letter small capital n
    "\u0280": "r",  # latin letter small capital r
    "\u028f": "y",  # latin letter small capital y
    "\u1d04": "c",  # latin letter small capital c
    "\u1d0f": "o",  # latin letter small capital o
    "\u1d1c": "u",  # latin letter small capital u
    "\u1d20": "v",  # latin letter small capital v
    "\u1d21": "w",  # latin letter small capital w
    "\u1d22": "z",  # latin letter small capital z
    "\u00f8": "o",  # latin small letter o with stroke
    "\u0142": "l",  # latin small letter l with stroke
    "\u0111": "d",  # latin small letter d with stroke
    "\u0127": "h",  # latin small letter h with stroke
    # Punctuation: other hyphens, and the full stops that IDNA reads as a dot
    "\u2010": "-",
    "\u2212": "-",
    "\u3002": ".",
}

# Characters that show as nothing although they are not format characters (category Cf).
_INVISIBLE = {"\u115f", "\u1160", "\u3164", "\uffa0"}
# Accents and other combining marks, and format characters such as the zero-width space.
_DROPPED_CATEGORIES = {"Mn", "Me", "Cf"}


def sign_in_name(address: str) -> str:
    """The one form an account's address is stored and looked up in."""
    folded = unicodedata.normalize("NFKC", address.strip()).lower()
    return unicodedata.normalize("NFKC", folded)


def is_typed_plainly(address: str) -> bool:
    """Whether the typed address is its sign-in name but for surrounding spaces and case."""
    return unicodedata.is_normalized("NFKC", address.strip())


def lockout_name(address: str) -> str:
    """The name failed sign-ins with this address are counted against."""
    decomposed = unicodedata.normalize("NFKD", sign_in_name(address))
    kept = (
        LOOK_ALIKES.get(char, char)
        for char in decomposed
        if char not in _INVISIBLE and unicodedata.category(char) not in _DROPPED_CATEGORIES
    )
    return unicodedata.normalize("NFKC", "".join(kept))


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """`AXES_USERNAME_CALLABLE`: the lockout name of the address being signed in with.

    Axes passes the credentials given to `authenticate` (or those of the account that has just
    signed in); without them, the address posted in the sign-in form.
    """
    if credentials is not None:
        typed = credentials.get("username")
    else:
        typed = getattr(request, "POST", {}).get("username")
    if not isinstance(typed, str) or not typed.strip():
        return None
    return lockout_name(typed)
