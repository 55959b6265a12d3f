"""The categories each count is broken down by, with the words a reader sees."""

from __future__ import annotations

from django.utils.dates import MONTHS
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

NOT_KNOWN = "not_known"

EXPLOITATION_TYPES: list[tuple[str, Promise]] = [
    ("sexual", _("Sexual exploitation")),
    ("criminal", _("Criminal exploitation")),
    ("labour", _("Labour exploitation")),
    ("domestic_servitude", _("Domestic servitude")),
    ("organ_removal", _("Organ removal")),
    ("financial", _("Financial exploitation")),
    ("forced_marriage", _("Forced marriage")),
    ("illegal_adoption", _("Illegal adoption")),
    (NOT_KNOWN, _("Not yet known")),
]

# Child bands follow the ages at which the law changes what happens (16 and 18); the adult
# bands are wide so that few cells are small.
AGE_BANDS: list[tuple[str, Promise, int, int]] = [
    ("0-11", _("Under 12"), 0, 11),
    ("12-15", _("12 to 15"), 12, 15),
    ("16-17", _("16 and 17"), 16, 17),
    ("18-24", _("18 to 24"), 18, 24),
    ("25-39", _("25 to 39"), 25, 39),
    ("40+", _("40 and over"), 40, 200),
]


def age_band(age: int | None) -> str:
    if age is None:
        return NOT_KNOWN
    for code, _label, lowest, highest in AGE_BANDS:
        if lowest <= age <= highest:
            return code
    return NOT_KNOWN


def age_band_choices() -> list[tuple[str, str | Promise]]:
    bands: list[tuple[str, str | Promise]] = [(code, label) for code, label, *_ in AGE_BANDS]
    return [*bands, (NOT_KNOWN, _("Not known"))]


def month_choices() -> list[tuple[str, str | Promise]]:
    return [(f"{number:02d}", name) for number, name in MONTHS.items()]


def nationality(text: str) -> str:
    # Free text: the same nationality typed differently must count once.
    cleaned = " ".join(text.split()).casefold()
    return cleaned or NOT_KNOWN
