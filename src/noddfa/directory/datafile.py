"""Reading the directory data file (``data/services.yaml``) into checked entries.

A malformed entry is a defect in a release, so it raises :class:`DirectoryDataError` naming the
entry, rather than putting a half-formed helpline in front of someone who needs it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from noddfa.pathway.vocabulary import load_vocabulary

from .choices import COUNTRY_NAMES, Audience, Nation, Need, PhoneLabel, Status
from .phones import e164_for

DATA_PACKAGE = "noddfa.directory.data"
DATA_FILE = "services.yaml"


class DirectoryDataError(Exception):
    """The directory data file does not have the shape the loader relies on."""


@dataclass(frozen=True)
class PhoneEntry:
    label: str
    display: str
    e164: str
    note: str = ""
    note_cy: str = ""


@dataclass(frozen=True)
class ServiceEntry:
    """One service as the data file describes it; field names match the model's."""

    key: str
    name_en: str
    name_cy: str
    country: str
    nation: str
    email: str
    website: str
    hours_en: str
    hours_cy: str
    languages: list[str]
    audiences: list[str]
    needs: list[str]
    description_en: str
    description_cy: str
    source: str
    source_cy: str
    status: str
    last_checked: datetime.date
    for_actions: list[str]
    position: int
    phones: list[PhoneEntry] = field(default_factory=list)

    def service_fields(self) -> dict[str, Any]:
        """Everything but the phones, as model field values."""
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        del values["phones"]
        return values


def read_directory_file() -> list[ServiceEntry]:
    text = resources.files(DATA_PACKAGE).joinpath(DATA_FILE).read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise DirectoryDataError(f"{DATA_FILE} is not valid YAML{where}") from None
    return parse_directory(data)


def parse_directory(data: Any) -> list[ServiceEntry]:
    if not isinstance(data, dict) or not isinstance(data.get("services"), list):
        raise DirectoryDataError(f"{DATA_FILE}: expected a mapping with a list of services")
    entries = [_entry(raw, position) for position, raw in enumerate(data["services"], start=1)]
    keys = [entry.key for entry in entries]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise DirectoryDataError(f"{DATA_FILE}: keys used twice: {duplicates}")
    return entries


def _entry(raw: Any, position: int) -> ServiceEntry:
    where = f"{DATA_FILE}: service {position}"
    if not isinstance(raw, dict) or not isinstance(raw.get("key"), str):
        raise DirectoryDataError(f"{where}: expected a mapping with a key")
    where = f"{DATA_FILE}: {raw['key']}"
    country = _text(raw, "country", where, required=True)
    if country not in COUNTRY_NAMES:
        raise DirectoryDataError(f"{where}: unknown country {country!r}")
    nation = _text(raw, "nation", where)
    if (country == "GB") != bool(nation) or (nation and nation not in Nation.values):
        raise DirectoryDataError(f"{where}: GB entries need a nation, others none")
    names = _bilingual(raw, "name", where, required=True)
    description = _bilingual(raw, "description", where, required=True)
    hours = _bilingual(raw, "hours", where)
    last_checked = raw.get("last_checked")
    if not isinstance(last_checked, datetime.date):
        raise DirectoryDataError(f"{where}: last_checked must be a date")
    status = _text(raw, "status", where, required=True)
    if status not in Status.values:
        raise DirectoryDataError(f"{where}: unknown status {status!r}")
    phones = [_phone(item, country, where) for item in raw.get("phones") or []]
    entry = ServiceEntry(
        key=raw["key"],
        name_en=names[0],
        name_cy=names[1] or names[0],
        country=country,
        nation=nation,
        email=_text(raw, "email", where),
        website=_text(raw, "website", where),
        hours_en=hours[0],
        hours_cy=hours[1],
        languages=_codes(raw, "languages", None, where),
        audiences=_codes(raw, "audiences", Audience.values, where, required=True),
        needs=_codes(raw, "needs", Need.values, where, required=True),
        description_en=description[0],
        description_cy=description[1],
        source=_text(raw, "source", where, required=True),
        source_cy=_text(raw, "source_cy", where, required=True),
        status=status,
        last_checked=last_checked,
        for_actions=_codes(raw, "for_actions", list(load_vocabulary().action_codes), where),
        position=position,
        phones=phones,
    )
    if not (entry.phones or entry.website or entry.email):
        raise DirectoryDataError(f"{where}: needs a phone number, a website or an email address")
    return entry


def _phone(raw: Any, country: str, where: str) -> PhoneEntry:
    if not isinstance(raw, dict) or not isinstance(raw.get("display"), str):
        raise DirectoryDataError(f"{where}: each phone needs a display")
    label = raw.get("label", PhoneLabel.MAIN)
    if label not in PhoneLabel.values:
        raise DirectoryDataError(f"{where}: unknown phone label {label!r}")
    display = raw["display"].strip()
    note = _text(raw, "note", where)
    note_cy = _text(raw, "note_cy", where)
    if note and not note_cy:
        # A note the Welsh reader cannot read is English on a Welsh page.
        raise DirectoryDataError(f"{where}: the note on {display} needs note_cy")
    return PhoneEntry(
        label=label,
        display=display,
        e164=e164_for(display, country),
        note=note,
        note_cy=note_cy,
    )


def _text(raw: dict[str, Any], name: str, where: str, *, required: bool = False) -> str:
    value = raw.get(name, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise DirectoryDataError(f"{where}: {name} must be {'non-empty ' if required else ''}text")
    return value.strip()


def _bilingual(
    raw: dict[str, Any], name: str, where: str, *, required: bool = False
) -> tuple[str, str]:
    value = raw.get(name) or {}
    if not isinstance(value, dict):
        raise DirectoryDataError(f"{where}: {name} must have en and cy")
    english = _text(value, "en", f"{where}: {name}", required=required)
    return english, _text(value, "cy", f"{where}: {name}")


def _codes(
    raw: dict[str, Any],
    name: str,
    allowed: list[str] | None,
    where: str,
    *,
    required: bool = False,
) -> list[str]:
    value = raw.get(name) or []
    if not isinstance(value, list) or (required and not value):
        kind = "a non-empty list" if required else "a list"
        raise DirectoryDataError(f"{where}: {name} must be {kind}")
    unknown = [code for code in value if allowed is not None and code not in allowed]
    if unknown:
        raise DirectoryDataError(f"{where}: unknown {name}: {unknown}")
    return [str(code) for code in value]
