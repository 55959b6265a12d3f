"""The legal tests the pathway rests on, as small pure functions.

Each function says where its test comes from. ``None`` arguments mean "not known". Unknown is
never "no": a test that needs a fact to be true is not met by an unknown fact, but the possibility
it would open stays open, and :mod:`noddfa.pathway.assessment` names the unknown fact that would
settle it. A protection that applies when a fact *may* hold (being a child) applies while it is
unknown, provided something gives grounds to think it may hold.
"""

from __future__ import annotations

from collections.abc import Set
from functools import cache
from typing import NamedTuple

ADULT_AGE = 18
ILLEGAL_ADOPTION = "illegal_adoption"
FORCED_MARRIAGE = "forced_marriage"
# Purposes that are forced labour or services when someone is made to do them: the conduct of
# MSA 2015 s1 (read with ECHR Art. 4, s1(2)). Organ removal and an illegal adoption are not
# labour or services, so they reach the pathway only through the trafficking route.
FORCED_SERVICE_PURPOSES = frozenset(
    {"labour", "domestic_servitude", "sexual", "criminal", "financial"}
)

_NOTHING: frozenset[str] = frozenset()
_MARKERS = frozenset({FORCED_MARRIAGE})
_ADOPTION_ONLY = frozenset({ILLEGAL_ADOPTION})

CHILD_DEFINITION = "child: action + purpose"
ADULT_DEFINITION = "adult: action + means + purpose"
SLAVERY_DEFINITION = "slavery, servitude or forced labour (MSA 2015 s1)"
CHILD_PURPOSE_BASIS = "child: exploitative purpose (a child cannot consent)"
INDICATOR_BASIS = "indicators of exploitation or control"
MEANS_UNKNOWN_BASIS = "adult: exploitative purpose; how the person is controlled is not yet known"
MOTHER_BASIS = (
    "adult: a mother whose baby was taken or sold, or who was forced to give birth "
    "(illegal adoption)"
)


class AgeReading(NamedTuple):
    """How the person's age is read: as a child or not, and whether the age is in doubt."""

    as_child: bool
    uncertain: bool


def read_age(
    age: int | None,
    age_disputed: bool | None,
    *,
    adult_facts: bool = False,
    child_facts: bool = False,
) -> AgeReading:
    """Whether the person must be treated as a child, and whether their age is uncertain.

    Under 18 is a child (Palermo Protocol Art. 3(d); ECAT Art. 4(d)). Where a public authority has
    reasonable grounds to believe a possible victim may be under 18, it treats them as under 18
    until their age is assessed (Modern Slavery Act 2015 s51), so a disputed age counts as a child.

    An age that is simply not recorded is not by itself grounds to think the person may be a
    child. The Home Office NRM form routes an unknown age as a child, so with nothing else known
    the person is treated as a child. But where only adult facts are recorded (their own decision
    about an NRM referral, care and support needs, adult-only signs) and nothing suggests a child,
    the person is treated as the adult the facts describe, and the age stays an open question:
    asking it settles the route, and an adult's refusal is not overridden by a child referral.
    """
    if age is not None and age_disputed is not True:
        return AgeReading(as_child=age < ADULT_AGE, uncertain=False)
    if age_disputed is True:
        return AgeReading(as_child=True, uncertain=True)
    return AgeReading(as_child=child_facts or not adult_facts, uncertain=True)


def treated_as_child(age: int | None, age_disputed: bool | None) -> bool:
    """Whether the person is treated as a child when nothing else is known (see read_age)."""
    return read_age(age, age_disputed).as_child


def age_uncertain(age: int | None, age_disputed: bool | None) -> bool:
    """The age is unknown or in doubt, so it must be found out or assessed (MSA 2015 s51)."""
    return age is None or age_disputed is True


def exploitative_purposes(purposes: Set[str]) -> frozenset[str]:
    """The purposes that count as exploitation in themselves.

    An illegal adoption is not exploitation by itself: a child sold or adopted outside the law
    into a home that means no harm is a child-protection matter, not trafficking. It counts only
    alongside another exploitative purpose, where the "parents" mean to exploit the child (Wales
    Safeguarding Procedures practice guide, "Illegal adoption", seed 002).

    A forced marriage is a marker that makes exploitation graver, not a purpose of its own: it is
    read as the exploitation it serves, usually domestic servitude or sexual exploitation
    (sources.md#ref-2-4; the NRM form links domestic servitude with forced marriage). Recorded
    alone, what it serves is the open question.
    """
    if not purposes:
        return _NOTHING
    return _exploitative(purposes if isinstance(purposes, frozenset) else frozenset(purposes))


@cache
def _exploitative(purposes: frozenset[str]) -> frozenset[str]:
    # Cached: there are few distinct purpose sets, and every case asks several times.
    exploitative = purposes - _MARKERS
    return _NOTHING if exploitative == _ADOPTION_ONLY else exploitative


def markers(purposes: Set[str]) -> frozenset[str]:
    """Recorded purposes that aggravate exploitation rather than define it."""
    return frozenset(purposes) & _MARKERS


def trafficking_definition(
    as_child: bool, actions: Set[str], means: Set[str], purposes: Set[str]
) -> str | None:
    """Which form of the trafficking definition the known elements meet, or None.

    For an adult, all three elements are needed: an action, a means and an exploitative purpose
    (Palermo Art. 3(a); ECAT Art. 4(a)); once a means is used the adult's consent is irrelevant
    (Art. 3(b)). For a child, an action for an exploitative purpose is enough and no means is
    needed (Art. 3(c); ECAT Art. 4(c)), so a child's apparent consent never matters.
    """
    if not actions or not exploitative_purposes(purposes):
        return None
    if as_child:
        return CHILD_DEFINITION
    return ADULT_DEFINITION if means else None


def slavery_definition(as_child: bool, means: Set[str], purposes: Set[str]) -> str | None:
    """Whether the known facts describe slavery, servitude or forced or compulsory labour.

    Modern Slavery Act 2015 s1 needs no movement and no "action": holding someone in slavery or
    servitude, or requiring forced or compulsory labour, is enough. Forced labour is work or
    services exacted under the menace of a penalty (ECHR Art. 4, which s1(2) adopts), so for an
    adult a means of control must be known. Consent does not prevent a finding (s1(5)), and
    being a child is one of the circumstances that count (s1(4)(a)): for a child, being made to
    work or serve for someone else's gain is enough.
    """
    if not exploitative_purposes(purposes) & FORCED_SERVICE_PURPOSES:
        return None
    if as_child or means:
        return SLAVERY_DEFINITION
    return None


def definition_met(
    as_child: bool, actions: Set[str], means: Set[str], purposes: Set[str]
) -> str | None:
    """The route the known elements meet: trafficking first, then slavery under s1."""
    return trafficking_definition(as_child, actions, means, purposes) or slavery_definition(
        as_child, means, purposes
    )


def smuggling_not_trafficking(
    facilitated_border_crossing: bool | None,
    relationship_ended_on_arrival: bool | None,
    exploitation_evident: bool,
) -> bool:
    """A facilitated border crossing that ended on arrival, with no exploitation, is smuggling.

    Smuggling is a crime against a state's borders and the relationship ends when the crossing
    does; trafficking aims at exploitation and the control goes on (seed 002, "Human smuggling is
    not human trafficking"; sources.md#ref-1-3). Both facts must be known to be true, and any
    sign of exploitation turns the case back into possible trafficking: the classification is
    never final.
    """
    return (
        facilitated_border_crossing is True
        and relationship_ended_on_arrival is True
        and not exploitation_evident
    )


def illegal_adoption_only(purposes: Set[str], exploitation_indicated: bool) -> bool:
    """Illegal adoption is the only purpose known and nothing else points to exploitation."""
    return (
        ILLEGAL_ADOPTION in purposes
        and not exploitative_purposes(purposes)
        and not exploitation_indicated
    )


def potential_victim(
    as_child: bool,
    definition: str | None,
    purposes: Set[str],
    exploitation_indicated: bool,
) -> str | None:
    """On what basis the person may be a victim of modern slavery, or None if nothing shows it yet.

    Modern slavery covers trafficking and also slavery, servitude and forced or compulsory labour
    (MSA 2015 s1), which need no movement. An NRM referral and the s52 duty both start from
    reasonable grounds to think the person *may* be a victim, and first responders judge that from
    indicators (seed 002), so:

    - a route met on the known elements is enough;
    - for a child, an exploitative purpose alone is enough: a child directed to work or exploited
      is a potential victim whether or not force or deception was used (seed 002, "Consent of
      child victims");
    - an indicator that itself describes exploitation or control is enough;
    - for an adult, an exploitative purpose whose means are not yet known keeps the person a
      possible victim: the means are unknown, not absent, and finding them out settles it;
    - an adult whose baby was taken or sold, or who was forced to give birth, may be a victim
      herself (seed 002, "Illegal adoption").

    Warning signs and vulnerabilities alone are not: no single sign proves exploitation
    (sources.md#ref-5). They still lead to enquiries, and for a child to a report.
    """
    exploitative = exploitative_purposes(purposes)
    if definition is not None:
        return definition
    if as_child and exploitative:
        return CHILD_PURPOSE_BASIS
    if exploitation_indicated:
        return INDICATOR_BASIS
    if exploitative:
        return MEANS_UNKNOWN_BASIS
    if not as_child and ILLEGAL_ADOPTION in purposes:
        return MOTHER_BASIS
    return None


def adult_at_risk(
    abuse_or_neglect: bool,
    care_and_support_needs: bool | None,
    unable_to_protect_self: bool | None,
) -> bool:
    """The three-part adult at risk test, every part known to be met.

    An adult at risk is experiencing or at risk of abuse or neglect, has needs for care and
    support (met or not), and because of those needs cannot protect themselves (Social Services
    and Well-being (Wales) Act 2014 s126(1)). The Care Act 2014 s42(1) test in England has the
    same three parts.
    """
    return abuse_or_neglect and care_and_support_needs is True and unable_to_protect_self is True


def adult_suspected_at_risk(
    abuse_or_neglect: bool,
    care_and_support_needs: bool | None,
    unable_to_protect_self: bool | None,
) -> bool:
    """Reasonable cause to suspect an adult is at risk: the threshold of the duty to report.

    The duty to report (SSWB(W)A 2014 s128) and the local authority's enquiries (s126(2); Care
    Act 2014 s42 in England) arise on reasonable cause to *suspect*, not on proof. Abuse or its
    risk must be evident, one of the two other parts known to hold, and neither known not to hold:
    an unknown part is no reason to wait.
    """
    parts = (care_and_support_needs, unable_to_protect_self)
    return abuse_or_neglect and False not in parts and True in parts


def adult_may_be_at_risk(
    abuse_or_neglect: bool,
    care_and_support_needs: bool | None,
    unable_to_protect_self: bool | None,
) -> bool:
    """No part of the adult at risk test is known to fail, though none but abuse may be known.

    An Adult Protection and Support Order exists to find out whether a person is at risk when
    access is refused (SSWB(W)A 2014 s127), so where access is refused this is enough to report.
    Elsewhere it only marks the needs as questions still to settle.
    """
    return (
        abuse_or_neglect
        and care_and_support_needs is not False
        and unable_to_protect_self is not False
    )
