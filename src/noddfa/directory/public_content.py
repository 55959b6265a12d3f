"""What the public help pages show of a directory entry, in the page's language.

The public pages read the directory through its selectors only, and turn each service into
a plain record for the templates: the name, description and hours in the visitor's language
(with the language they are really in, so English kept on a Welsh page is marked lang="en"),
and every phone number as the directory says it is dialled from the UK (a link only where
a tap reaches the service).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from .choices import country_name

HOME_COUNTRY = "GB"
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
# The directory's website field is an address as a person reads it out ("meic.cymru"): a link is
# made only from an address at its start that is plainly a domain.
_WEB_ADDRESS = re.compile(r"^(?:https?://)?((?:[a-z0-9-]+\.)+[a-z]{2,}(?:/[\w./-]*)?)", re.I)


def clean_country(value: str | None) -> str | None:
    """A two-letter country code from the filter, or None for "all countries"."""
    code = (value or "").strip().upper()
    return code if _COUNTRY_CODE.match(code) else None


@dataclass(frozen=True)
class Text:
    """Some text and the language it is in."""

    text: str
    lang: str

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


@dataclass(frozen=True)
class PublicPhone:
    label: str
    display: str
    href: str
    note: Text
    # Where the number works, when not simply everywhere (lazy: it is rendered in the
    # page's language).
    warning: str | Promise = ""


@dataclass(frozen=True)
class PublicService:
    key: str
    name: Text
    description: Text
    hours: Text
    country: str
    website: str
    website_href: str
    phones: tuple[PublicPhone, ...]


def web_href(website: str) -> str:
    found = _WEB_ADDRESS.match(website.strip())
    return f"https://{found.group(1)}" if found else ""


def _text(value: Any) -> str:
    return str(value or "").strip()


def _in_language(service: Any, field: str, language: str) -> Text:
    english = _text(getattr(service, f"{field}_en", ""))
    welsh = _text(getattr(service, f"{field}_cy", "")) if language == "cy" else ""
    # Welsh that is the English word for word is a proper name with no Welsh form: English.
    if welsh and welsh != english:
        return Text(welsh, "cy")
    return Text(english, "en")


def _phone(line: Any) -> PublicPhone:
    # The directory decides how each number is shown and whether a tap may dial it
    # (models.Service.phone_lines): a number it cannot confirm has no href here either.
    return PublicPhone(
        label=_text(line.label),
        display=_text(line.shown),
        href=_text(line.href),
        note=Text(_text(line.note), line.note.lang),
        warning=line.warning,
    )


def _phones(service: Any) -> tuple[PublicPhone, ...]:
    return tuple(_phone(line) for line in service.phone_lines)


def is_active(service: Any) -> bool:
    return getattr(service, "retired_at", None) is None


def public_service(service: Any, language: str) -> PublicService:
    website = _text(getattr(service, "website", ""))
    return PublicService(
        key=_text(service.key),
        name=_in_language(service, "name", language),
        description=_in_language(service, "description", language),
        hours=_in_language(service, "hours", language),
        country=_text(getattr(service, "country", "")).upper(),
        website=website,
        website_href=web_href(website),
        phones=_phones(service),
    )


@dataclass(frozen=True)
class CountryGroup:
    code: str
    name: str
    services: tuple[PublicService, ...]


def group_by_country(services: Iterable[PublicService]) -> list[CountryGroup]:
    """Services grouped under their country, countries in the order of their names."""
    grouped: dict[str, list[PublicService]] = {}
    for service in services:
        grouped.setdefault(service.country, []).append(service)
    groups = [
        CountryGroup(code=code, name=country_name(code), services=tuple(items))
        for code, items in grouped.items()
    ]
    return sorted(groups, key=lambda group: group.name.casefold())
