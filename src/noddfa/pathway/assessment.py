"""From a checked case to the legal assessment and the named facts the rules are written in.

Rules never look at the case directly: they name facts from the fixed set in :data:`FACTS`, so a
rule reads like the guidance ("a potential victim treated as a child") and a new kind of
condition is a code change reviewed with the legal tests, not a string in a data file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from noddfa.pathway import legal
from noddfa.pathway.case import Case
from noddfa.pathway.catalogue import EXPLOITATION_KIND, load_catalogue
from noddfa.pathway.vocabulary import load_vocabulary

VULNERABILITY_KIND = "vulnerability"

FACTS: tuple[str, ...] = (
    # Something was recorded: an indicator, an element, a situation, a border crossing or a
    # refusal of access. An empty case is still a concern to record, but nothing more.
    "concern_recorded",
    # Something beyond a vulnerability was recorded: a sign, an element, a situation. A
    # vulnerability alone calls for enquiries and a word with the lead, not a statutory report.
    "sign_recorded",
    "vulnerability_only",
    "immediate_danger",
    "at_risk_of_going_missing",
    "missing_now",
    "treated_as_child",
    "treated_as_adult",
    "age_uncertain",
    "age_disputed",
    "age_not_recorded",
    "aged_17",
    "potential_victim",
    "definition_met",
    "smuggling_not_trafficking",
    "illegal_adoption_only",
    "forced_marriage",
    "child_exploitation_signs",
    "adult_at_risk",
    "adult_suspected_at_risk",
    "adult_may_be_at_risk",
    "access_refused",
    "consent_given",
    "consent_refused",
    "consent_unknown",
    # Open questions (see vocabulary.yaml, open_questions): unknown facts that could change the
    # pathway, so the rules can prompt the enquiry that settles them.
    "means_unknown",
    "purpose_unknown",
    "care_needs_unknown",
    "referrer_first_responder",
    "referrer_s52_public_authority",
    "referrer_local_authority",
    "referrer_police",
)
FACT_BITS: Mapping[str, int] = {name: 1 << index for index, name in enumerate(FACTS)}
_BIT = FACT_BITS
_CONSENT_BITS: Mapping[bool | None, int] = {
    True: FACT_BITS["consent_given"],
    False: FACT_BITS["consent_refused"],
    None: FACT_BITS["consent_unknown"],
}


class Assessment(NamedTuple):
    """The legal assessment of one case. A named tuple: cheap to build, and immutable."""

    treated_as_child: bool
    potential_victim: bool
    definition_met: str | None
    exploitation_types: tuple[str, ...]
    exploitation_subtypes: tuple[str, ...]
    markers: tuple[str, ...]
    smuggling_not_trafficking: bool
    potential_victim_basis: str | None
    adult_at_risk: bool
    adult_suspected_at_risk: bool
    age_uncertain: bool
    illegal_adoption_only: bool
    # Codes from vocabulary.yaml's open_questions, in that file's order.
    open_questions: tuple[str, ...]
    # The facts that hold, as a bit set over FACTS.
    facts: int


@dataclass(frozen=True, slots=True)
class _IndicatorReading:
    """What one indicator contributes, precomputed so assessing a case is only set arithmetic."""

    describes_exploitation: bool
    is_sign: bool
    audience: str
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
            audience=indicator.audience,
            types=frozenset(types[code].top_level for code in indicator.exploitation_types),
            subtypes=frozenset(
                code for code in indicator.exploitation_types if types[code].parent is not None
            ),
        )
        for indicator in catalogue.indicators
    }
    return _Readings(
        indicators=readings,
        type_order={code: index for index, code in enumerate(types)},
    )


@cache
def _in_catalogue_order(codes: frozenset[str]) -> tuple[str, ...]:
    """Exploitation type codes in the catalogue's order (cached: few distinct sets occur)."""
    return tuple(sorted(codes, key=_readings().type_order.__getitem__))


def _referrer_facts(case: Case) -> int:
    return _referrer_bits(case.organisation_type, case.first_responder, case.s52_public_authority)


@cache
def _referrer_bits(
    organisation_type: str | None, first_responder: bool | None, s52: bool | None
) -> int:
    """The referrer's duties: the law's answer for its kind of body wins over any flag.

    A police force or a local authority is always a first responder and under s52; a school or
    an NHS body never is (sources.md#ref-3-1, #ref-3-3). Only where the law leaves it open
    (which charities are first responders, say) does the flag the case carries count. Cached:
    there are only a few dozen combinations.
    """
    organisation = (
        load_vocabulary().organisation_types.get(organisation_type)
        if organisation_type is not None
        else None
    )
    roles: frozenset[str] = frozenset()
    if organisation is not None:
        if organisation.first_responder is not None:
            first_responder = organisation.first_responder
        if organisation.s52_public_authority is not None:
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


class _IndicatorSummary(NamedTuple):
    exploitation_indicated: bool
    sign_present: bool
    vulnerability_present: bool
    child_facts: bool
    types: frozenset[str]
    subtypes: frozenset[str]
    # Two or more signs point to the same exploitation type: for a child, reason enough for the
    # police and a strategy discussion before anyone records the exploitation itself
    # (sources.md#ref-5: look at combinations; issue 14, item 14).
    several_signs_alike: bool


_NO_INDICATORS = _IndicatorSummary(False, False, False, False, frozenset(), frozenset(), False)


def _summarise_indicators(case: Case) -> _IndicatorSummary:
    if not case.indicators:
        return _NO_INDICATORS
    readings = _readings().indicators
    exploitation = sign = vulnerability = child = alike = False
    types: set[str] = set()
    subtypes: set[str] = set()
    sign_types: set[str] = set()
    for indicator_id in case.indicators:
        reading = readings[indicator_id]
        exploitation |= reading.describes_exploitation
        child |= reading.audience == "child"
        types |= reading.types
        subtypes |= reading.subtypes
        if not reading.is_sign:
            vulnerability = True
            continue
        sign = True
        if reading.types:
            alike |= not sign_types.isdisjoint(reading.types)
            sign_types |= reading.types
    return _IndicatorSummary(
        exploitation, sign, vulnerability, child, frozenset(types), frozenset(subtypes), alike
    )


def _adult_facts_recorded(case: Case) -> bool:
    """Facts recorded in the case's adult section: their own NRM decision, the adult at risk test.

    Signs whose catalogue audience is adults are not counted: a sign says what was seen, and an
    adult-looking sign is no ground to set aside the possibility of a child.
    """
    return (
        case.consents_to_nrm is not None
        or case.care_and_support_needs is not None
        or case.unable_to_protect_self is not None
    )


def _open_questions(
    case: Case,
    *,
    as_child: bool,
    victim: bool,
    concern: bool,
    settled_otherwise: bool,
    abuse_or_neglect: bool,
    forced_marriage: bool,
) -> tuple[str, ...]:
    """The unknown facts that could change this case's pathway, by vocabulary code, in order."""
    exploitative = legal.exploitative_purposes(case.purposes)
    questions: list[str] = []
    # Danger first: the two facts that would make the first step a 999 call.
    if concern and case.immediate_danger is None:
        questions.append("immediate_danger")
    if concern and (as_child or victim) and case.missing_now is None:
        questions.append("missing_now")
    if case.age_disputed is True:
        questions.append("age_disputed")
    elif case.age is None and concern:
        questions.append("age")
    mother = legal.ILLEGAL_ADOPTION in case.purposes
    if not as_child and (exploitative or mother) and not case.means:
        questions.append("means")
    if concern and not victim and not settled_otherwise:
        questions.append("forced_marriage_purpose" if forced_marriage else "purpose")
    if not as_child and abuse_or_neglect:
        needs, unable = case.care_and_support_needs, case.unable_to_protect_self
        if needs is None and unable is not False:
            questions.append("care_and_support_needs")
        if unable is None and needs is not False:
            questions.append("unable_to_protect_self")
    if not as_child and victim and case.consents_to_nrm is None:
        questions.append("consents_to_nrm")
    # Appended in vocabulary.yaml's order already (the age questions and the purpose questions
    # each exclude the other), so no sort is needed.
    return tuple(questions)


def assess(case: Case) -> Assessment:
    """Apply the legal tests to a checked case."""
    signs = _summarise_indicators(case)
    age = legal.read_age(
        case.age,
        case.age_disputed,
        adult_facts=_adult_facts_recorded(case),
        child_facts=signs.child_facts,
    )
    as_child = age.as_child
    definition = legal.definition_met(as_child, case.actions, case.means, case.purposes)
    basis = legal.potential_victim(
        as_child, definition, case.purposes, signs.exploitation_indicated
    )
    is_victim = basis is not None
    exploitative = legal.exploitative_purposes(case.purposes)
    smuggling = legal.smuggling_not_trafficking(
        case.facilitated_border_crossing,
        case.relationship_ended_on_arrival,
        exploitation_evident=bool(exploitative) or signs.exploitation_indicated,
    )
    # An illegal adoption may be recorded as a purpose or be what an indicator points to.
    # Still true for a mother who is a possible victim herself: her baby is reported too.
    purposes_and_signs = case.purposes | signs.types
    adoption_only = legal.illegal_adoption_only(purposes_and_signs, signs.exploitation_indicated)
    marked = legal.markers(purposes_and_signs)
    abuse_or_neglect = is_victim or signs.sign_present or case.immediate_danger is True
    needs, unable = case.care_and_support_needs, case.unable_to_protect_self
    # The adult at risk tests all need abuse or neglect to be evident in an adult.
    weighed = not as_child and abuse_or_neglect
    at_risk = weighed and legal.adult_at_risk(abuse_or_neglect, needs, unable)
    suspected = weighed and legal.adult_suspected_at_risk(abuse_or_neglect, needs, unable)
    may_be_at_risk = weighed and legal.adult_may_be_at_risk(abuse_or_neglect, needs, unable)
    situation = bool(
        case.immediate_danger
        or case.at_risk_of_going_missing
        or case.missing_now
        or case.facilitated_border_crossing
        or case.access_refused
    )
    sign = bool(signs.sign_present or case.actions or case.means or case.purposes or situation)
    concern = sign or signs.vulnerability_present
    questions = _open_questions(
        case,
        as_child=as_child,
        victim=is_victim,
        concern=concern,
        settled_otherwise=smuggling or adoption_only,
        abuse_or_neglect=abuse_or_neglect,
        forced_marriage=bool(marked),
    )

    facts = _referrer_facts(case) | (
        _BIT["treated_as_child"] if as_child else _BIT["treated_as_adult"]
    )
    child_signs = as_child and signs.several_signs_alike and not is_victim
    needs_unknown = "care_and_support_needs" in questions or "unable_to_protect_self" in questions
    # Each fact's bit times whether it holds (True is 1, False is 0).
    facts |= (
        _BIT["concern_recorded"] * concern
        | _BIT["sign_recorded"] * sign
        | _BIT["vulnerability_only"] * (concern and not sign)
        | _BIT["immediate_danger"] * (case.immediate_danger is True)
        | _BIT["at_risk_of_going_missing"] * (case.at_risk_of_going_missing is True)
        | _BIT["missing_now"] * (case.missing_now is True)
        | _BIT["age_uncertain"] * age.uncertain
        | _BIT["age_disputed"] * (case.age_disputed is True)
        | _BIT["age_not_recorded"] * (case.age is None and case.age_disputed is not True)
        | _BIT["aged_17"] * (case.age == legal.ADULT_AGE - 1)
        | _BIT["potential_victim"] * is_victim
        | _BIT["definition_met"] * (definition is not None)
        | _BIT["smuggling_not_trafficking"] * smuggling
        | _BIT["illegal_adoption_only"] * adoption_only
        | _BIT["forced_marriage"] * (bool(marked))
        | _BIT["child_exploitation_signs"] * child_signs
        | _BIT["adult_at_risk"] * at_risk
        | _BIT["adult_suspected_at_risk"] * suspected
        | _BIT["adult_may_be_at_risk"] * may_be_at_risk
        | _BIT["access_refused"] * (case.access_refused is True)
        | _BIT["means_unknown"] * ("means" in questions)
        | _BIT["purpose_unknown"] * ("purpose" in questions)
        | _BIT["care_needs_unknown"] * needs_unknown
    )
    facts |= _CONSENT_BITS[case.consents_to_nrm]

    return Assessment(
        treated_as_child=as_child,
        potential_victim=is_victim,
        definition_met=definition,
        exploitation_types=_in_catalogue_order(
            legal.exploitative_purposes(signs.types | case.purposes)
        ),
        exploitation_subtypes=_in_catalogue_order(signs.subtypes),
        markers=_in_catalogue_order(marked),
        smuggling_not_trafficking=smuggling,
        potential_victim_basis=basis,
        adult_at_risk=at_risk,
        adult_suspected_at_risk=suspected,
        age_uncertain=age.uncertain,
        illegal_adoption_only=adoption_only,
        open_questions=questions,
        facts=facts,
    )
