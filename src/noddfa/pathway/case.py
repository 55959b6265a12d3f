"""The case a practitioner describes, checked against the pathway contract's input format.

Every field but ``jurisdiction`` is optional, and a missing field or ``null`` means "not known",
never "no". Anything the contract does not allow (an unknown field at any level, a wrong type, an
unknown code, an impossible age) raises :class:`CaseError` naming the field. Error messages name
fields and allowed codes but never echo a submitted value, which could be personal data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple, cast

from noddfa.pathway.catalogue import load_catalogue
from noddfa.pathway.vocabulary import load_vocabulary

MIN_AGE = 0
MAX_AGE = 130
_FIELD_NAME_LIMIT = 60

SECTION_FIELDS: Mapping[str, frozenset[str]] = {
    "person": frozenset({"age", "age_disputed"}),
    "situation": frozenset({"immediate_danger", "at_risk_of_going_missing", "missing_now"}),
    "elements": frozenset({"action", "means", "purpose"}),
    "smuggling": frozenset({"facilitated_border_crossing", "relationship_ended_on_arrival"}),
    "adult": frozenset(
        {"consents_to_nrm", "care_and_support_needs", "unable_to_protect_self", "access_refused"}
    ),
    "referrer": frozenset({"organisation_type", "first_responder", "s52_public_authority"}),
}
TOP_LEVEL_FIELDS = frozenset({"jurisdiction", "indicators", *SECTION_FIELDS})


class CaseError(ValueError):
    """The case does not follow the pathway contract. ``field`` is the path of the bad field."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class DuplicateKey(ValueError):
    """A JSON object names the same field twice: which value was meant cannot be known."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def refuse_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """``object_pairs_hook`` for json.loads: a repeated key is an error, never "the last wins".

    With the last value winning, ``{"age": 15, "age": 30}`` would quietly read as an adult.
    """
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateKey(key)
        result[key] = value
    return result


class Case(NamedTuple):
    """A checked case. ``None`` and empty sets mean "not known".

    A named tuple rather than a frozen dataclass: it is as immutable and several times cheaper to
    build, which matters at tens of thousands of evaluations a second.
    """

    jurisdiction: str
    age: int | None = None
    age_disputed: bool | None = None
    immediate_danger: bool | None = None
    at_risk_of_going_missing: bool | None = None
    missing_now: bool | None = None
    actions: frozenset[str] = frozenset()
    means: frozenset[str] = frozenset()
    purposes: frozenset[str] = frozenset()
    indicators: frozenset[str] = frozenset()
    facilitated_border_crossing: bool | None = None
    relationship_ended_on_arrival: bool | None = None
    consents_to_nrm: bool | None = None
    care_and_support_needs: bool | None = None
    unable_to_protect_self: bool | None = None
    access_refused: bool | None = None
    organisation_type: str | None = None
    first_responder: bool | None = None
    s52_public_authority: bool | None = None


@dataclass(frozen=True, slots=True)
class _Codes:
    jurisdictions: frozenset[str]
    actions: frozenset[str]
    means: frozenset[str]
    purposes: frozenset[str]
    indicators: frozenset[str]
    organisation_types: frozenset[str]
    # Precomputed "unknown code; expected one of: ..." messages, codes in the data's order.
    unknown: Mapping[str, str]


@cache
def _codes() -> _Codes:
    vocabulary = load_vocabulary()
    catalogue = load_catalogue()
    ordered = {
        "jurisdiction": tuple(vocabulary.jurisdictions),
        "elements.action": tuple(vocabulary.elements["action"]),
        "elements.means": tuple(vocabulary.elements["means"]),
        "elements.purpose": catalogue.purposes,
        "referrer.organisation_type": tuple(vocabulary.organisation_types),
    }
    return _Codes(
        jurisdictions=frozenset(ordered["jurisdiction"]),
        actions=frozenset(ordered["elements.action"]),
        means=frozenset(ordered["elements.means"]),
        purposes=frozenset(ordered["elements.purpose"]),
        indicators=frozenset(catalogue.by_id),
        organisation_types=frozenset(ordered["referrer.organisation_type"]),
        unknown={
            field: "unknown code; expected one of: " + ", ".join(codes)
            for field, codes in ordered.items()
        },
    )


def _field_name(key: object) -> str:
    # A name with control characters is shown escaped so an error stays on one line.
    name = key if isinstance(key, str) and key.isprintable() else repr(key)
    return name if len(name) <= _FIELD_NAME_LIMIT else name[:_FIELD_NAME_LIMIT] + "..."


def _object(value: object, path: str, allowed: frozenset[str]) -> Mapping[str, object]:
    """A JSON object whose keys are all in ``allowed``; absent or null counts as empty."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise CaseError(path, "must be an object")
    if not allowed.issuperset(value):
        first = min(value.keys() - allowed, key=_field_name)
        prefix = f"{path}." if path else ""
        raise CaseError(prefix + _field_name(first), "unknown field")
    return value


def _flag(value: object, path: str) -> bool | None:
    if value is None or value is True or value is False:
        return value
    raise CaseError(path, "must be true, false or null")


def _flags(section: Mapping[str, object], path: str) -> Mapping[str, bool | None]:
    """A section whose fields are all true, false or null."""
    for name, value in section.items():
        if value is not None and value is not True and value is not False:
            raise CaseError(f"{path}.{_field_name(name)}", "must be true, false or null")
    return cast("Mapping[str, bool | None]", section)


def _age(value: object) -> int | None:
    if value is None:
        return None
    # bool is a subclass of int in Python but never an age in JSON.
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_AGE <= value <= MAX_AGE:
        raise CaseError("person.age", f"must be a whole number from {MIN_AGE} to {MAX_AGE}")
    return value


def _code_list(value: object, path: str, allowed: frozenset[str], problem: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, list):
        raise CaseError(path, "must be a list")
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise CaseError(f"{path}[{index}]", "must be text")
        if item not in allowed:
            raise CaseError(f"{path}[{index}]", problem)
    return frozenset(value)


def _code(value: object, path: str, allowed: frozenset[str], problem: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise CaseError(path, "must be text")
    if value not in allowed:
        raise CaseError(path, problem)
    return value


def parse_case(data: object) -> Case:
    """Check ``data`` (parsed JSON) against the contract and return the :class:`Case`."""
    if not isinstance(data, dict):
        raise CaseError("case", "must be a JSON object")
    codes = _codes()
    _object(data, "", TOP_LEVEL_FIELDS)
    jurisdiction = _code(
        data.get("jurisdiction"),
        "jurisdiction",
        codes.jurisdictions,
        codes.unknown["jurisdiction"],
    )
    if jurisdiction is None:
        expected = codes.unknown["jurisdiction"].removeprefix("unknown code; ")
        raise CaseError("jurisdiction", f"is required; {expected}")
    person = _object(data.get("person"), "person", SECTION_FIELDS["person"])
    situation = _flags(
        _object(data.get("situation"), "situation", SECTION_FIELDS["situation"]), "situation"
    )
    elements = _object(data.get("elements"), "elements", SECTION_FIELDS["elements"])
    smuggling = _flags(
        _object(data.get("smuggling"), "smuggling", SECTION_FIELDS["smuggling"]), "smuggling"
    )
    adult = _flags(_object(data.get("adult"), "adult", SECTION_FIELDS["adult"]), "adult")
    referrer = _object(data.get("referrer"), "referrer", SECTION_FIELDS["referrer"])
    unknown = codes.unknown
    return Case(
        jurisdiction=jurisdiction,
        age=_age(person.get("age")),
        age_disputed=_flag(person.get("age_disputed"), "person.age_disputed"),
        immediate_danger=situation.get("immediate_danger"),
        at_risk_of_going_missing=situation.get("at_risk_of_going_missing"),
        missing_now=situation.get("missing_now"),
        actions=_code_list(
            elements.get("action"),
            "elements.action",
            codes.actions,
            unknown["elements.action"],
        ),
        means=_code_list(
            elements.get("means"),
            "elements.means",
            codes.means,
            unknown["elements.means"],
        ),
        purposes=_code_list(
            elements.get("purpose"),
            "elements.purpose",
            codes.purposes,
            unknown["elements.purpose"],
        ),
        indicators=_code_list(
            data.get("indicators"),
            "indicators",
            codes.indicators,
            "not an indicator id in the catalogue",
        ),
        facilitated_border_crossing=smuggling.get("facilitated_border_crossing"),
        relationship_ended_on_arrival=smuggling.get("relationship_ended_on_arrival"),
        consents_to_nrm=adult.get("consents_to_nrm"),
        care_and_support_needs=adult.get("care_and_support_needs"),
        unable_to_protect_self=adult.get("unable_to_protect_self"),
        access_refused=adult.get("access_refused"),
        organisation_type=_code(
            referrer.get("organisation_type"),
            "referrer.organisation_type",
            codes.organisation_types,
            unknown["referrer.organisation_type"],
        ),
        first_responder=_flag(referrer.get("first_responder"), "referrer.first_responder"),
        s52_public_authority=_flag(
            referrer.get("s52_public_authority"), "referrer.s52_public_authority"
        ),
    )
