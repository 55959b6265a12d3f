"""Dates of birth, phone numbers, postcodes and addresses in comparable forms."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

from .names import to_latin


class InvalidValue(ValueError):
    """A value that cannot be read, with a message that names what was wrong."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date of birth as far as it is known: a year, a year and month, or a full date."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def is_full(self) -> bool:
        return self.month is not None and self.day is not None

    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
            if self.day is not None:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)


_ISO_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def parse_partial_date(text: str) -> PartialDate | None:
    """`2009`, `2009-04` or `2009-04-17`; an empty value is "not known"."""
    text = text.strip()
    if not text:
        return None
    found = _ISO_PARTIAL.match(text)
    if found is None:
        raise InvalidValue(f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {text!r}")
    year = int(found.group(1))
    month = int(found.group(2)) if found.group(2) else None
    day = int(found.group(3)) if found.group(3) else None
    if not 1850 <= year <= 2200:
        raise InvalidValue(f"year out of range: {text!r}")
    if month is not None and not 1 <= month <= 12:
        raise InvalidValue(f"month out of range: {text!r}")
    if day is not None and month is not None and not 1 <= day <= _DAYS_IN_MONTH[month - 1]:
        raise InvalidValue(f"day out of range: {text!r}")
    return PartialDate(year, month, day)


# A UK number written as most records write it: national ("029 2087 0000") or
# international ("+44 7700 900123"), ten digits after the 0 or +44, the first not 0, spaced
# anyhow. `phonenumbers` reads every such number as +44 and those ten digits (all ten-digit
# numbers are possible in GB's metadata, and a leading 0 is always its national prefix),
# which tests/matching/test_batch_vectorised.py checks against it on every three-digit
# prefix; read here, it costs a regular expression instead of a parse (the parse was about a
# third of the time of preparing records).
_UK_NUMBER = re.compile(r"(?:0|\+ ?44 ?)([1-9](?: ?[0-9]){9})")


@lru_cache(maxsize=100_000)
def normalise_phone(text: str, region: str = "GB") -> str:
    """E.164 when the number can be read (UK numbers by default), else its digits.

    A number that does not parse still compares on its digits: a partly written-down
    number is still evidence.
    """
    text = text.strip()
    if not text:
        return ""
    if region == "GB":
        uk = _UK_NUMBER.fullmatch(text)
        if uk is not None:
            return "+44" + uk.group(1).replace(" ", "")
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return re.sub(r"\D", "", text)
    if phonenumbers.is_possible_number(parsed):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return re.sub(r"\D", "", text)


def split_phones(text: str) -> tuple[str, ...]:
    """One or more numbers in a field, separated by ; or |."""
    numbers = (normalise_phone(part) for part in re.split(r"[;|]", text))
    return tuple(sorted({n for n in numbers if len(n) >= 6}))


_POSTCODE_SPACE = re.compile(r"\s+")


def normalise_postcode(text: str) -> str:
    """UK postcodes in upper case with one space before the inward code; others compact."""
    compact = _POSTCODE_SPACE.sub("", text).upper()
    if 5 <= len(compact) <= 7 and compact[-3].isdigit():
        return f"{compact[:-3]} {compact[-3:]}"
    return compact


def postcode_district(postcode: str) -> str:
    """The outward code ("CF10" of "CF10 1AA"): a whole town district, for blocking."""
    return postcode.split(" ")[0] if " " in postcode else postcode[:4]


_ADDRESS_WORDS = {
    "street": "st",
    "road": "rd",
    "avenue": "ave",
    "lane": "ln",
    "flat": "flat",
    "apartment": "flat",
    "heol": "heol",
    "close": "cl",
    "drive": "dr",
    "place": "pl",
    "court": "ct",
    "crescent": "cres",
    "terrace": "tce",
}
_ADDRESS_SEPARATORS = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=100_000)
def normalise_address(text: str) -> str:
    """Lower-case Latin words with the usual abbreviations, so "12 High Street" meets
    "12 high st"."""
    words = (_ADDRESS_WORDS.get(w, w) for w in _ADDRESS_SEPARATORS.split(to_latin(text)) if w)
    return " ".join(words)


def normalise_school(text: str) -> str:
    return normalise_address(text)
