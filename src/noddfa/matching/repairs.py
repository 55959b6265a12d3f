"""Reading the values of a real export: keep what is still known, drop what only looks known.

Files from case-management systems carry impossible dates (`1945-04-93`, `31/02/2011`),
placeholders that stand for "not known" (`00/00/0000`, `1900-01-01`, `unknown`, `n/k`,
the NHS's `ZZ99 3VZ` postcode, a phone of zeros), two-digit years and dates in UK order.
A matching run must not stop at one of them (issue 20), and must not take a placeholder
for a fact: two records that both say `unknown` for a postcode share nothing, yet as text
they would agree. So every value is read here before it reaches a `PersonRecord`:

- a value kept as given, or converted without any guess (`14/03/2011`, `2011-03-14
  00:00:00`, `14 Mar 2011`, `20110314`), is not reported;
- a value **repaired** keeps less than was written, or rests on a guess (`1945-04-93`
  keeps 1945-04; `03/04/11` reads the century);
- a value **dropped** keeps nothing: it is a placeholder or cannot be read at all.

Each repair or drop is a `Repair` the caller counts and may write out. Nothing here
raises: a value that cannot be read is "not known", and matching treats it as that.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from .identifiers import PartialDate, normalise_phone

DROPPED = "dropped"
REPAIRED = "repaired"


@dataclass(frozen=True)
class Repair:
    """One value that was not used as given: where it was, what was written, what was kept
    (empty when nothing was) and why."""

    line: int
    column: str
    given: str
    kept: str
    why: str

    @property
    def outcome(self) -> str:
        return DROPPED if not self.kept else REPAIRED


@dataclass(frozen=True)
class Reading:
    """What one value was read as, and why it differs from what was written (None when it
    does not)."""

    kept: str
    why: str | None = None


# Said for "not known" in exports and on forms, compared in lower case with runs of spaces
# made one and a final full stop removed. Words that are also names somewhere ("Na" is a
# Korean family name, "Nan" a Welsh given name) are not in the list for names.
_NOT_KNOWN = frozenset(
    {
        "unknown",
        "unk",
        "not known",
        "notknown",
        "nk",
        "n/k",
        "n.k",
        "n/a",
        "n.a",
        "none",
        "null",
        "nil",
        "not stated",
        "not given",
        "not recorded",
        "not provided",
        "not applicable",
        "tbc",
        "tba",
        "?",
        "??",
        "???",
        "-",
        "--",
        "---",
        "xxx",
        "anhysbys",  # Welsh: unknown
        "dim yn hysbys",  # Welsh: not known
    }
)
# Only where no name or code can be meant: in dates, phones and postcodes.
_NOT_KNOWN_CODES = _NOT_KNOWN | {"na", "nan", "nat", "0", "x"}
_NO_ADDRESS = frozenset(
    {
        "no fixed abode",
        "nfa",
        "n.f.a",
        "no fixed address",
        "homeless",
        "address withheld",
        "withheld",
        "confidential",
        "confidential address",
        "refuge",
    }
)
# A child not yet named is recorded as "Baby" or "Unborn": two such records share no name.
_UNNAMED = frozenset({"baby", "unborn", "unnamed", "infant", "newborn"})
_UNNAMED_WITH = _UNNAMED | {"of", "boy", "girl", "male", "female", "a", "b", "twin"}
# The NHS writes these where a postcode is not known or there is none: ZZ99 3VZ (no fixed
# abode), ZZ99 3WZ (not known), ZZ99 3CZ and others (born abroad, by country).
_PLACEHOLDER_POSTCODE = re.compile(r"^ZZ99\s*\d[A-Z]{2}$")
_SPACES = re.compile(r"\s+")


def _plain(text: str) -> str:
    return _SPACES.sub(" ", text.strip().lower()).removesuffix(".")


NOT_KNOWN = "a placeholder for not known"


def read_name(text: str, column: str) -> Reading:
    plain = _plain(text)
    if plain in _NOT_KNOWN:
        return Reading("", NOT_KNOWN)
    if column == "given_name":
        words = set(plain.replace("-", " ").split())
        if words & _UNNAMED and words <= _UNNAMED_WITH:
            return Reading("", "a child not yet named: no name to compare")
    if not any(character.isalpha() for character in text):
        return Reading("", "no letters in it")
    return Reading(text)


def read_text(text: str) -> Reading:
    """A value matching does not compare (nationality): only placeholders are dropped."""
    return Reading("", NOT_KNOWN) if _plain(text) in _NOT_KNOWN else Reading(text)


def read_sex(text: str) -> Reading:
    plain = _plain(text)
    if plain in _NOT_KNOWN or plain == "u":
        return Reading("", NOT_KNOWN)
    return Reading(text)


def read_address(text: str) -> Reading:
    plain = _plain(text)
    if plain in _NOT_KNOWN:
        return Reading("", NOT_KNOWN)
    if plain in _NO_ADDRESS:
        # Two people of no fixed abode, or both in refuges, do not share a home by it.
        return Reading("", "not an address: says there is none or that it is withheld")
    return Reading(text)


def read_postcode(text: str) -> Reading:
    plain = _plain(text)
    if plain in _NOT_KNOWN_CODES:
        return Reading("", NOT_KNOWN)
    compact = text.strip().upper()
    if _PLACEHOLDER_POSTCODE.match(compact):
        return Reading("", "an NHS placeholder postcode (ZZ99): not known or no fixed abode")
    if not any(character.isalnum() for character in compact):
        return Reading("", "no letters or figures in it")
    return Reading(text)


_MIN_PHONE_DIGITS = 6


def read_phone(text: str) -> Reading:
    """One or more numbers (separated by ; or |): each one kept if it can be a number."""
    if _plain(text) in _NOT_KNOWN_CODES:
        return Reading("", NOT_KNOWN)
    kept: list[str] = []
    reasons: list[str] = []
    for part in re.split(r"[;|]", text):
        part = part.strip()
        if not part:
            continue
        digits = re.sub(r"\D", "", normalise_phone(part))
        national = digits.removeprefix("44").lstrip("0")
        if len(digits) < _MIN_PHONE_DIGITS:
            reasons.append("too few figures for a phone number")
        elif len(set(national)) <= 1:
            # 00000 000000, 07777 777777: typed to get past a required field.
            reasons.append("one figure repeated: a placeholder")
        else:
            kept.append(part)
    if not reasons:
        return Reading(text)
    return Reading("; ".join(kept), "; ".join(dict.fromkeys(reasons)))


# Dates of birth ------------------------------------------------------------------------

# A person born before this is not alive to be safeguarded; years before it are slips or
# placeholders (0001-01-01, Excel's 1899-12-30).
EARLIEST_YEAR = 1900
_PLACEHOLDER_DATES = frozenset({(1900, 1, 1)})

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january", "ion", "ionawr"),
            ("feb", "february", "chwe", "chwefror"),
            ("mar", "march", "maw", "mawrth"),
            ("apr", "april", "ebr", "ebrill"),
            ("may", "mai"),
            ("jun", "june", "meh", "mehefin"),
            ("jul", "july", "gor", "gorff", "gorffennaf"),
            ("aug", "august", "awst"),
            ("sep", "sept", "september", "med", "medi"),
            ("oct", "october", "hyd", "hydref"),
            ("nov", "november", "tach", "tachwedd"),
            ("dec", "december", "rhag", "rhagfyr"),
        ),
        start=1,
    )
    for name in names
}

# For the report, in English whatever the machine's locale (calendar.month_name follows it).
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_SEP = r"[-/.]"
# A time after the date (a spreadsheet's or a database's export) says nothing about birth.
_TIME = r"(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?z?)?"
_YMD = re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}}){_TIME}$")
_YM = re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}})$")
_Y = re.compile(r"^(\d{4})$")
_DMY = re.compile(rf"^(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}}|\d{{2}}){_TIME}$")
_MY = re.compile(rf"^(\d{{1,2}}){_SEP}(\d{{4}})$")
_COMPACT = re.compile(r"^(\d{8})$")
_D_MONTH_Y = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?,?[\s-]+(\d{4}|\d{2})$")
_MONTH_D_Y = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_MONTH_Y = re.compile(r"^([a-z]+)\.?,?[\s-]+(\d{4})$")


def read_date_of_birth(text: str, today: date) -> tuple[PartialDate | None, str | None]:
    """The date of birth as far as `text` still tells it, and why it differs from what was
    written (None when it does not). Never raises.

    Day-first (`03/04/2011` is 3 April), as UK systems write it. A two-digit year is put
    in the latest century that does not make the date of birth later than `today`.
    """
    plain = _plain(text)
    if not plain:
        # A lone full stop is what is left of "n.k." style placeholders: not known, and said.
        return None, (NOT_KNOWN if text.strip() else None)
    if plain in _NOT_KNOWN_CODES or set(plain) <= set("0-/. "):
        return None, NOT_KNOWN
    parts = _parts(plain, today)
    if parts is None:
        return None, "not a date"
    year, month, day, why = parts
    return _checked(year, month, day, why, today)


Parts = tuple[int, int | None, int | None, str | None]


def _parts(plain: str, today: date) -> Parts | None:
    if found := _YMD.match(plain):
        return int(found[1]), int(found[2]), int(found[3]), None
    if found := _YM.match(plain):
        return int(found[1]), int(found[2]), None, None
    if found := _Y.match(plain):
        return int(found[1]), None, None, None
    if found := _DMY.match(plain):
        return _with_century(found[3], int(found[2]), int(found[1]), today)
    if found := _MY.match(plain):
        return int(found[2]), int(found[1]), None, None
    if found := _COMPACT.match(plain):
        digits = found[1]
        # 19450493 (year first, as FEBRL and many databases write it) or 14032011.
        if EARLIEST_YEAR <= int(digits[:4]) <= today.year:
            return int(digits[:4]), int(digits[4:6]), int(digits[6:]), None
        return int(digits[4:]), int(digits[2:4]), int(digits[:2]), None
    if (found := _D_MONTH_Y.match(plain)) and found[2] in _MONTHS:
        return _with_century(found[3], _MONTHS[found[2]], int(found[1]), today)
    if (found := _MONTH_D_Y.match(plain)) and found[1] in _MONTHS:
        return int(found[3]), _MONTHS[found[1]], int(found[2]), None
    if (found := _MONTH_Y.match(plain)) and found[1] in _MONTHS:
        return int(found[2]), _MONTHS[found[1]], None, None
    return None


def _with_century(year_text: str, month: int, day: int, today: date) -> Parts:
    if len(year_text) == 4:
        return int(year_text), month, day, None
    short = int(year_text)
    year = (today.year // 100) * 100 + short
    # A date of birth cannot be later than today: 25 means 2025 in 2026, and 27 means 1927.
    latest = (today.year, today.month, today.day)
    if (year, month if 1 <= month <= 12 else 1, 1 if not 1 <= day <= 31 else day) > latest:
        year -= 100
    return year, month, day, f"two-figure year read as {year}"


def _checked(
    year: int, month: int | None, day: int | None, why: str | None, today: date
) -> tuple[PartialDate | None, str | None]:
    reasons = [why] if why else []
    if month == 0 and day in (0, None):
        # 00/00/1987: the year alone was known, and the form wanted figures for the rest.
        month = day = None
        reasons.append("day and month written as 00: kept the year")
    if year < EARLIEST_YEAR:
        return None, f"year {year} is not a living person's"
    if month is not None and not 1 <= month <= 12:
        reasons.append(f"there is no month {month}: kept the year")
        month = day = None
    if month is not None and day is not None:
        if (year, month, day) in _PLACEHOLDER_DATES:
            return None, NOT_KNOWN
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            reasons.append(
                f"{_MONTH_NAMES[month - 1]} {year} has no day {day}: kept the year and month"
            )
            day = None
    born = PartialDate(year, month, day)
    known = (year, month or 1, day or 1)
    if known > (today.year, today.month, today.day):
        return None, "a date of birth after today"
    return born, "; ".join(reasons) or None
