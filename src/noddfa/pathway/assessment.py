"""From a checked case to the legal assessment and the named facts the rules are written in.

Rules never look at the case directly: they name facts from the fixed set in :data:`FACTS`, so a
rule reads like the guidance ("a potential victim treated as a child") and a new kind of
condition is a code change reviewed with the legal tests, not a string in a data file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from noddfa.pathway import legal
from noddfa.pathway.case import Case
from noddfa.pathway.catalogue import EXPLOITATION_KIND, load_catalogue
from noddfa.pathway.vocabulary import load_vocabulary

VULNERABILITY_KIND = "vulnerability"

FACTS: tuple[str, ...] = (
    # Something was recorded: an indicator, an element, a situation, a border crossing or a
    # refusal of access. An empty case is still a concern to record, but nothing more.
    "concern_recorded",
    "immediate_danger",
    "at_risk_of_going_missing",
    "missing_now",
    "treated_as_child",
    "treated_as_adult",
    "age_uncertain",
    "aged_17",
    "potential_victim",
    "definition_met",
    "smuggling_not_trafficking",
    "illegal_adoption_only",
    "adult_at_risk",
    "adult_may_be_at_risk",
    "access_refused",
    "consent_given",
    "consent_refused",
    "consent_unknown",
    "referrer_first_responder",
    "referrer_s52_public_authority",
    "referrer_local_authority",
    "referrer_police",
)
FACT_BITS: Mapping[str, int] = {name: 1 << index for index, name in enumerate(FACTS)}
_BIT = FACT_BITS
_ADULT = FACT_BITS["treated_as_adult"]
_CONSENT_BITS: Mapping[bool | None, int] = {
    True: FACT_BITS["consent_given"],
    False: FACT_BITS["consent_refused"],
    None: FACT_BITS["consent_unknown"],
}


@dataclass(frozen=True, slots=True)
class Assessment:
    treated_as_child: bool
    potential_victim: bool
    definition_met: str | None
    exploitation_types: tuple[str, ...]
    exploitation_subtypes: tuple[str, ...]
    smuggling_not_trafficking: bool
    potential_victim_basis: str | None
    adult_at_risk: bool
    age_uncertain: bool
    illegal_adoption_only: bool
    # The facts that hold, as a bit set over FACTS.
    facts: int


@dataclass(frozen=True, slots=True)
class _IndicatorReading:
    """What one indicator contributes, precomputed so assessing a case is only set arithmetic."""

    describes_exploitation: bool
    is_sign: bool
    types: frozenset[str]
    subtypes: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Readings:
    indicators: Mapping[str, _IndicatorReading]
    type_order: Mapping[str, int]


@cache
def _readings() -> _Readings:
    catalogue = load_catalogue()
    types = catalogue.exploitation_types
    readings = {
        indicator.id: _IndicatorReading(
            describes_exploitation=indicator.kind == EXPLOITATION_KIND,
            is_sign=indicator.kind != VULNERABILITY_KIND,
            types=frozenset(types[code].top_level for code in indicator.exploitation_types),
            subtypes=frozenset(
                code for code in indicator.exploitation_types if types[code].parent is not None
            ),
        )
        for indicator in catalogue.indicators
    }
    return _Readings(
        indicators=readings, type_order={code: index for index, code in enumerate(types)}
    )


def _referrer_facts(case: Case) -> int:
    organisation = (
        load_vocabulary().organisation_types.get(case.organisation_type)
        if case.organisation_type is not None
        else None
    )
    # What the case says about the referrer wins; otherwise what the law settles for that kind
    # of organisation (a police force is always a first responder and under s52).
    first_responder = case.first_responder
    s52 = case.s52_public_authority
    roles: frozenset[str] = frozenset()
    if organisation is not None:
        if first_responder is None:
            first_responder = organisation.first_responder
        if s52 is None:
            s52 = organisation.s52_public_authority
        roles = organisation.roles
    facts = 0
    if first_responder is True:
        facts |= _BIT["referrer_first_responder"]
    if s52 is True:
        facts |= _BIT["referrer_s52_public_authority"]
    if "local_authority" in roles:
        facts |= _BIT["referrer_local_authority"]
    if "police" in roles:
        facts |= _BIT["referrer_police"]
    return facts


def assess(case: Case) -> Assessment:
    """Apply the legal tests to a checked case."""
    readings = _readings()
    exploitation_indicated = False
    sign_present = False
    indicated_types: set[str] = set()
    subtypes: set[str] = set()
    for indicator_id in case.indicators:
        reading = readings.indicators[indicator_id]
        exploitation_indicated = exploitation_indicated or reading.describes_exploitation
        sign_present = sign_present or reading.is_sign
        indicated_types |= reading.types
        subtypes |= reading.subtypes

    as_child = legal.treated_as_child(case.age, case.age_disputed)
    definition = legal.trafficking_definition(as_child, case.actions, case.means, case.purposes)
    basis = legal.potential_victim(as_child, definition, case.purposes, exploitation_indicated)
    is_victim = basis is not None
    exploitative = legal.exploitative_purposes(case.purposes)
    smuggling = legal.smuggling_not_trafficking(
        case.facilitated_border_crossing,
        case.relationship_ended_on_arrival,
        exploitation_evident=bool(exploitative) or exploitation_indicated,
    )
    # An illegal adoption may be recorded as a purpose or be what an indicator points to.
    adoption_only = legal.illegal_adoption_only(
        case.purposes | indicated_types, exploitation_indicated
    )
    abuse_or_neglect = is_victim or sign_present or case.immediate_danger is True
    at_risk = not as_child and legal.adult_at_risk(
        abuse_or_neglect, case.care_and_support_needs, case.unable_to_protect_self
    )
    may_be_at_risk = not as_child and legal.adult_may_be_at_risk(
        abuse_or_neglect, case.care_and_support_needs, case.unable_to_protect_self
    )
    uncertain_age = legal.age_uncertain(case.age, case.age_disputed)
    concern = bool(
        case.indicators
        or case.actions
        or case.means
        or case.purposes
        or case.immediate_danger
        or case.at_risk_of_going_missing
        or case.missing_now
        or case.facilitated_border_crossing
        or case.access_refused
    )

    facts = _referrer_facts(case) | (_BIT["treated_as_child"] if as_child else _ADULT)
    for holds, bit in (
        (concern, _BIT["concern_recorded"]),
        (case.immediate_danger is True, _BIT["immediate_danger"]),
        (case.at_risk_of_going_missing is True, _BIT["at_risk_of_going_missing"]),
        (case.missing_now is True, _BIT["missing_now"]),
        (uncertain_age, _BIT["age_uncertain"]),
        (case.age == legal.ADULT_AGE - 1, _BIT["aged_17"]),
        (is_victim, _BIT["potential_victim"]),
        (definition is not None, _BIT["definition_met"]),
        (smuggling, _BIT["smuggling_not_trafficking"]),
        (adoption_only, _BIT["illegal_adoption_only"]),
        (at_risk, _BIT["adult_at_risk"]),
        (may_be_at_risk, _BIT["adult_may_be_at_risk"]),
        (case.access_refused is True, _BIT["access_refused"]),
    ):
        if holds:
            facts |= bit
    facts |= _CONSENT_BITS[case.consents_to_nrm]

    order = readings.type_order
    return Assessment(
        treated_as_child=as_child,
        potential_victim=is_victim,
        definition_met=definition,
        exploitation_types=tuple(
            sorted(
                legal.exploitative_purposes(indicated_types | case.purposes), key=order.__getitem__
            )
        ),
        exploitation_subtypes=tuple(sorted(subtypes, key=order.__getitem__)),
        smuggling_not_trafficking=smuggling,
        potential_victim_basis=basis,
        adult_at_risk=at_risk,
        age_uncertain=uncertain_age,
        illegal_adoption_only=adoption_only,
        facts=facts,
    )
