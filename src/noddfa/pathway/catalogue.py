"""The indicator catalogue and the exploitation-type vocabulary, read from packaged YAML."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from noddfa.pathway import datafile
from noddfa.pathway.vocabulary import Label, label, labels

AUDIENCES = frozenset({"child", "adult", "both"})
CONFIDENCE_LEVELS = frozenset({"verified", "corroborated", "recollection"})
# An indicator of kind "exploitation" describes exploitation or control itself; the engine treats
# it as reasonable grounds to think the person may be a victim (see docs/adr/0002).
EXPLOITATION_KIND = "exploitation"


@dataclass(frozen=True, slots=True)
class NrmFormMapping:
    """Where an exploitation type goes on the Home Office NRM digital form (sources.md#ref-2-1)."""

    heading: str
    options: tuple[str, ...]
    county_lines_flag: bool


@dataclass(frozen=True, slots=True)
class ExploitationType:
    code: str
    label: Label
    help_en: str
    help_cy: str
    # The top-level type a subtype refines; None for a top-level type.
    parent: str | None
    nrm_form: NrmFormMapping
    nrm_statistics: str

    @property
    def top_level(self) -> str:
        return self.parent or self.code


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    category: str
    audience: str
    kind: str
    exploitation_types: tuple[str, ...]
    text_en: str
    text_cy: str
    help_en: str
    help_cy: str
    source: str
    confidence: str


@dataclass(frozen=True, slots=True)
class Catalogue:
    version: str
    sources: Mapping[str, str]
    categories: Mapping[str, Label]
    kinds: Mapping[str, Label]
    exploitation_types: Mapping[str, ExploitationType]
    indicators: tuple[Indicator, ...]
    by_id: Mapping[str, Indicator]

    @property
    def purposes(self) -> tuple[str, ...]:
        """Top-level exploitation types in catalogue order: the contract's purpose codes."""
        return tuple(code for code, kind in self.exploitation_types.items() if kind.parent is None)


def _nrm_form(value: object, where: str) -> NrmFormMapping:
    fields = datafile.mapping(value, where)
    return NrmFormMapping(
        heading=datafile.text(fields.get("heading"), f"{where}.heading"),
        options=datafile.texts(fields.get("options"), f"{where}.options"),
        county_lines_flag=bool(
            datafile.optional_flag(fields.get("county_lines_flag"), f"{where}.county_lines_flag")
        ),
    )


def _exploitation_type(
    code: str, value: object, where: str, parent: str | None
) -> ExploitationType:
    fields = datafile.mapping(value, where)
    return ExploitationType(
        code=code,
        label=label(fields, where),
        help_en=datafile.optional_text(fields.get("help_en"), f"{where}.help_en"),
        help_cy=datafile.optional_text(fields.get("help_cy"), f"{where}.help_cy"),
        parent=parent,
        nrm_form=_nrm_form(fields.get("nrm_form"), f"{where}.nrm_form"),
        nrm_statistics=datafile.text(fields.get("nrm_statistics"), f"{where}.nrm_statistics"),
    )


def _exploitation_types() -> dict[str, ExploitationType]:
    where = "exploitation-types.yaml"
    data = datafile.read_yaml(where)
    types = {
        code: _exploitation_type(code, entry, f"{where}:types.{code}", None)
        for code, entry in datafile.mapping(data.get("types"), f"{where}:types").items()
    }
    for code, entry in datafile.mapping(data.get("subtypes"), f"{where}:subtypes").items():
        entry_where = f"{where}:subtypes.{code}"
        parent = datafile.member(
            datafile.mapping(entry, entry_where).get("parent"), types, f"{entry_where}.parent"
        )
        if code in types:
            raise datafile.DataError(f"{entry_where}: a subtype cannot reuse a type's code")
        types[code] = _exploitation_type(code, entry, entry_where, parent)
    return types


def _indicator(
    value: object,
    where: str,
    catalogue_parts: tuple[Mapping[str, str], Mapping[str, Label], Mapping[str, Label]],
    types: Mapping[str, ExploitationType],
) -> Indicator:
    sources, categories, kinds = catalogue_parts
    fields = datafile.mapping(value, where)
    audience = datafile.text(fields.get("audience"), f"{where}.audience")
    confidence = datafile.text(fields.get("confidence"), f"{where}.confidence")
    if audience not in AUDIENCES:
        raise datafile.DataError(f"{where}.audience: expected one of {sorted(AUDIENCES)}")
    if confidence not in CONFIDENCE_LEVELS:
        raise datafile.DataError(f"{where}.confidence: expected one of {sorted(CONFIDENCE_LEVELS)}")
    type_codes = datafile.texts(fields.get("exploitation_types"), f"{where}.exploitation_types")
    for index, code in enumerate(type_codes):
        datafile.member(code, types, f"{where}.exploitation_types[{index}]")
    return Indicator(
        id=datafile.text(fields.get("id"), f"{where}.id"),
        category=datafile.member(fields.get("category"), categories, f"{where}.category"),
        audience=audience,
        kind=datafile.member(fields.get("kind"), kinds, f"{where}.kind"),
        exploitation_types=type_codes,
        text_en=datafile.text(fields.get("text_en"), f"{where}.text_en"),
        text_cy=datafile.text(fields.get("text_cy"), f"{where}.text_cy"),
        help_en=datafile.optional_text(fields.get("help_en"), f"{where}.help_en"),
        help_cy=datafile.optional_text(fields.get("help_cy"), f"{where}.help_cy"),
        source=datafile.member(fields.get("source"), sources, f"{where}.source"),
        confidence=confidence,
    )


@cache
def load_catalogue() -> Catalogue:
    """Read the indicator catalogue and exploitation types once per process."""
    where = "indicators.yaml"
    data = datafile.read_yaml(where)
    sources = {
        key: datafile.text(title, f"{where}:sources.{key}")
        for key, title in datafile.mapping(data.get("sources"), f"{where}:sources").items()
    }
    categories = labels(data.get("categories"), f"{where}:categories")
    kinds = labels(data.get("kinds"), f"{where}:kinds")
    if EXPLOITATION_KIND not in kinds:
        raise datafile.DataError(f"{where}:kinds: {EXPLOITATION_KIND!r} must be defined")
    types = _exploitation_types()
    entries = data.get("indicators")
    if not isinstance(entries, list):
        raise datafile.DataError(f"{where}:indicators: expected a list")
    indicators = tuple(
        _indicator(entry, f"{where}:indicators[{index}]", (sources, categories, kinds), types)
        for index, entry in enumerate(entries)
    )
    by_id = {indicator.id: indicator for indicator in indicators}
    if len(by_id) != len(indicators):
        raise datafile.DataError(f"{where}:indicators: ids must be unique")
    return Catalogue(
        version=datafile.text(data.get("version"), f"{where}:version"),
        sources=sources,
        categories=categories,
        kinds=kinds,
        exploitation_types=types,
        indicators=indicators,
        by_id=by_id,
    )
