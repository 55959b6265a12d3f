"""The closed vocabularies of the directory: who a service is for, what it is for, where it works.

Codes are stored; labels are translated for display. Countries are ISO 3166-1 alpha-2 codes and
the four UK nations use their ISO 3166-2 subdivision codes in filters (GB-WLS for Wales).
"""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    CHILDREN = "children", _("Children and young people")
    ADULTS = "adults", _("Adults")
    PROFESSIONALS = "professionals", _("Professionals")
    PUBLIC = "public", _("The public")


class Need(models.TextChoices):
    REPORTING = "reporting", _("Reporting")
    SUPPORT = "support", _("Support")
    ADVICE = "advice", _("Advice")
    EMERGENCY = "emergency", _("Emergency")


class Nation(models.TextChoices):
    """Where in the UK a GB service works. England and Wales share a legal system, and several
    services (101, the victim care contract, the ICTG service) cover exactly those two."""

    UK = "uk", _("The whole UK")
    ENGLAND_AND_WALES = "england_and_wales", _("England and Wales")
    WALES = "wales", _("Wales")
    ENGLAND = "england", _("England")
    SCOTLAND = "scotland", _("Scotland")
    NORTHERN_IRELAND = "northern_ireland", _("Northern Ireland")


# The single nations each coverage value reaches.
NATIONS_COVERED: dict[str, frozenset[str]] = {
    Nation.UK: frozenset({"england", "wales", "scotland", "northern_ireland"}),
    Nation.ENGLAND_AND_WALES: frozenset({"england", "wales"}),
    Nation.WALES: frozenset({"wales"}),
    Nation.ENGLAND: frozenset({"england"}),
    Nation.SCOTLAND: frozenset({"scotland"}),
    Nation.NORTHERN_IRELAND: frozenset({"northern_ireland"}),
}

# ISO 3166-2 codes of the nations, used as filter values beside the country codes.
NATION_SUBDIVISIONS: dict[str, str] = {
    "GB-WLS": "wales",
    "GB-ENG": "england",
    "GB-SCT": "scotland",
    "GB-NIR": "northern_ireland",
}


class Status(models.TextChoices):
    """How far the number has been confirmed (the scale of the domain reference)."""

    VERIFIED = "verified", _("Verified from the provider or an official source")
    CORROBORATED = "corroborated", _("Seen in other sources only")
    SEED_ONLY = "seed_only", _("From the guidance documents only, not re-checked")
    UNCERTAIN = "uncertain", _("Uncertain: confirm before use")


class PhoneLabel(models.TextChoices):
    MAIN = "main", _("Telephone")
    ALTERNATIVE = "alternative", _("Other number")
    TEXT = "text", _("Text")
    TEXTPHONE = "textphone", _("Textphone")
    OUT_OF_HOURS = "out_of_hours", _("Out of hours")
    FROM_ABROAD = "from_abroad", _("From outside the country")
    HEAD_OFFICE = "head_office", _("Head office")


# The names as seed 003 writes them, so the seed's country headings map onto codes.
COUNTRY_NAMES: dict[str, Promise] = {
    "GB": _("United Kingdom"),
    "AT": _("Austria"),
    "BE": _("Belgium"),
    "BG": _("Bulgaria"),
    "CZ": _("Czech Republic"),
    "EE": _("Estonia"),
    "FI": _("Finland"),
    "FR": _("France"),
    "GR": _("Greece"),
    "HU": _("Hungary"),
    "IE": _("Ireland"),
    "IT": _("Italy"),
    "LV": _("Latvia"),
    "LT": _("Lithuania"),
    "LU": _("Luxembourg"),
    "MT": _("Malta"),
    "NL": _("Netherlands"),
    "PL": _("Poland"),
    "PT": _("Portugal"),
    "RO": _("Romania"),
    "SK": _("Slovakia"),
    "SI": _("Slovenia"),
    "ES": _("Spain"),
    "SE": _("Sweden"),
    "ZA": _("South Africa"),
    "NG": _("Nigeria"),
    "RS": _("Serbia"),
    "AL": _("Albania"),
    "VN": _("Vietnam"),
    "ER": _("Eritrea"),
    "SD": _("Sudan"),
    "CN": _("China"),
    "IN": _("India"),
    "PK": _("Pakistan"),
    "UA": _("Ukraine"),
}

NATION_NAMES: dict[str, Promise] = {
    "GB-WLS": _("Wales"),
    "GB-ENG": _("England"),
    "GB-SCT": _("Scotland"),
    "GB-NIR": _("Northern Ireland"),
}

# ISO 639-1 codes of the languages a service may answer in.
LANGUAGE_NAMES: dict[str, Promise] = {
    "en": _("English"),
    "cy": _("Welsh"),
    "nl": _("Dutch"),
    "lv": _("Latvian"),
    "ar": _("Arabic"),
    "sq": _("Albanian"),
    "bg": _("Bulgarian"),
    "zh": _("Chinese"),
    "fr": _("French"),
    "pl": _("Polish"),
    "ro": _("Romanian"),
    "es": _("Spanish"),
    "uk": _("Ukrainian"),
    "vi": _("Vietnamese"),
}


def country_name(code: str) -> str:
    return str(COUNTRY_NAMES.get(code, code))


def language_name(code: str) -> str:
    return str(LANGUAGE_NAMES.get(code, code))
