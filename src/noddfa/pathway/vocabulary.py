"""The closed vocabularies of the pathway contract, with English and Welsh labels."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from noddfa.pathway import datafile

# The roles a referring organisation can hold; the engine uses them to mark which listed actions
# fall to the referrer itself.
ROLE_WHO_CODES = frozenset({"local_authority", "police"})


@dataclass(frozen=True, slots=True)
class Label:
    en: str
    cy: str


@dataclass(frozen=True, slots=True)
class OrganisationType:
    code: str
    label: Label
    # None: it depends on the organisation, so only the case can say.
    first_responder: bool | None
    s52_public_authority: bool | None
    roles: frozenset[str]


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    code: str
    label: Label
    default_ruleset: str


@dataclass(frozen=True, slots=True)
class OpenQuestion:
    """A fact not yet known that could change the pathway, and why it matters."""

    code: str
    field: str
    asks: Label
    why: Label


@dataclass(frozen=True, slots=True)
class Vocabulary:
    jurisdictions: Mapping[str, Jurisdiction]
    elements: Mapping[str, Mapping[str, Label]]
    action_codes: Mapping[str, Label]
    who: Mapping[str, Label]
    due: Mapping[str, Label]
    organisation_types: Mapping[str, OrganisationType]
    open_questions: Mapping[str, OpenQuestion]


def label(value: object, where: str) -> Label:
    fields = datafile.mapping(value, where)
    return Label(
        en=datafile.text(fields.get("en"), f"{where}.en"),
        cy=datafile.text(fields.get("cy"), f"{where}.cy"),
    )


def labels(value: object, where: str) -> dict[str, Label]:
    return {
        code: label(entry, f"{where}.{code}")
        for code, entry in datafile.mapping(value, where).items()
    }


def _organisation_type(code: str, value: object, where: str) -> OrganisationType:
    fields = datafile.mapping(value, where)
    roles = frozenset(datafile.texts(fields.get("roles"), f"{where}.roles"))
    if not roles <= ROLE_WHO_CODES:
        raise datafile.DataError(f"{where}.roles: only {sorted(ROLE_WHO_CODES)} are roles")
    return OrganisationType(
        code=code,
        label=label(fields, where),
        first_responder=datafile.optional_flag(
            fields.get("first_responder"), f"{where}.first_responder"
        ),
        s52_public_authority=datafile.optional_flag(
            fields.get("s52_public_authority"), f"{where}.s52_public_authority"
        ),
        roles=roles,
    )


def _open_question(code: str, value: object, where: str) -> OpenQuestion:
    fields = datafile.mapping(value, where)
    return OpenQuestion(
        code=code,
        field=datafile.text(fields.get("field"), f"{where}.field"),
        asks=label(fields.get("asks"), f"{where}.asks"),
        why=label(fields, where),
    )


def _jurisdiction(code: str, value: object, where: str) -> Jurisdiction:
    fields = datafile.mapping(value, where)
    return Jurisdiction(
        code=code,
        label=label(fields, where),
        default_ruleset=datafile.text(fields.get("default_ruleset"), f"{where}.default_ruleset"),
    )


@cache
def load_vocabulary() -> Vocabulary:
    """Read ``vocabulary.yaml`` once per process."""
    where = "vocabulary.yaml"
    data = datafile.read_yaml(where)
    elements = datafile.mapping(data.get("elements"), f"{where}:elements")
    return Vocabulary(
        jurisdictions={
            code: _jurisdiction(code, entry, f"{where}:jurisdictions.{code}")
            for code, entry in datafile.mapping(
                data.get("jurisdictions"), f"{where}:jurisdictions"
            ).items()
        },
        elements={
            name: labels(entries, f"{where}:elements.{name}") for name, entries in elements.items()
        },
        action_codes=labels(data.get("action_codes"), f"{where}:action_codes"),
        who=labels(data.get("who"), f"{where}:who"),
        due=labels(data.get("due"), f"{where}:due"),
        organisation_types={
            code: _organisation_type(code, entry, f"{where}:organisation_types.{code}")
            for code, entry in datafile.mapping(
                data.get("organisation_types"), f"{where}:organisation_types"
            ).items()
        },
        open_questions={
            code: _open_question(code, entry, f"{where}:open_questions.{code}")
            for code, entry in datafile.mapping(
                data.get("open_questions"), f"{where}:open_questions"
            ).items()
        },
    )
