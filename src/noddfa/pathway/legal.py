"""The legal tests the pathway rests on, as small pure functions.

Each function says where its test comes from. ``None`` arguments mean "not known": a test that
needs a fact to be true is not met by an unknown fact, and a protection that applies when a fact
*may* hold (being a child) applies while it is unknown.
"""

from __future__ import annotations

from collections.abc import Set

ADULT_AGE = 18
ILLEGAL_ADOPTION = "illegal_adoption"

CHILD_DEFINITION = "child: action + purpose"
ADULT_DEFINITION = "adult: action + means + purpose"
CHILD_PURPOSE_BASIS = "child: exploitative purpose (a child cannot consent)"
INDICATOR_BASIS = "indicators of exploitation or control"


def treated_as_child(age: int | None, age_disputed: bool | None) -> bool:
    """Whether the person must be treated as a child.

    Under 18 is a child (Palermo Protocol Art. 3(d); ECAT Art. 4(d)). Where a public authority has
    reasonable grounds to believe a possible victim may be under 18, it treats them as under 18
    until their age is assessed (Modern Slavery Act 2015 s51). The Home Office NRM form routes a
    person whose age is unknown as a child. So a disputed age, or an unknown one, counts as a
    child until an age assessment decides otherwise.
    """
    return age is None or age < ADULT_AGE or age_disputed is True


def age_uncertain(age: int | None, age_disputed: bool | None) -> bool:
    """The age is unknown or in doubt, so an age assessment is needed (MSA 2015 s51)."""
    return age is None or age_disputed is True


def exploitative_purposes(purposes: Set[str]) -> frozenset[str]:
    """The purposes that count as exploitation.

    An illegal adoption is not exploitation by itself: a child sold or adopted outside the law
    into a home that means no harm is a child-protection matter, not trafficking. It counts only
    alongside another exploitative purpose, where the "parents" mean to exploit the child (Wales
    Safeguarding Procedures practice guide, "Illegal adoption", seed 002).
    """
    exploitative = frozenset(purposes)
    if exploitative == {ILLEGAL_ADOPTION}:
        return frozenset()
    return exploitative


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


def smuggling_not_trafficking(
    facilitated_border_crossing: bool | None,
    relationship_ended_on_arrival: bool | None,
    exploitation_evident: bool,
) -> bool:
    """A facilitated border crossing that ended on arrival, with no exploitation, is smuggling.

    Smuggling is a crime against a state's borders and the relationship ends when the crossing
    does; trafficking aims at exploitation and the control goes on (seed 002, "Human smuggling is
    not human trafficking"; reference.md 1.3). Both facts must be known to be true, and any sign of
    exploitation turns the case back into possible trafficking: the classification is never final.
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
    """On what basis the person may be a victim of modern slavery, or None if nothing shows it.

    Modern slavery covers trafficking and also slavery, servitude and forced or compulsory labour
    (MSA 2015 s1), which need no movement. An NRM referral needs reasonable grounds to think the
    person may be a victim, and first responders judge that from indicators (seed 002), so:

    - the trafficking definition met on the known elements is enough;
    - for a child, an exploitative purpose alone is enough: a child directed to work or exploited
      is a potential victim whether or not force or deception was used (seed 002, "Consent of
      child victims");
    - an indicator that itself describes exploitation or control is enough.

    Warning signs and vulnerabilities alone are not: no single sign proves exploitation
    (reference.md 5). They still lead to a report for a child and to further enquiries.
    """
    if definition is not None:
        return definition
    if as_child and exploitative_purposes(purposes):
        return CHILD_PURPOSE_BASIS
    if exploitation_indicated:
        return INDICATOR_BASIS
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


def adult_may_be_at_risk(
    abuse_or_neglect: bool,
    care_and_support_needs: bool | None,
    unable_to_protect_self: bool | None,
) -> bool:
    """Reasonable cause to suspect an adult is at risk: no part of the test is known to fail.

    The local authority's enquiry duty and an Adult Protection and Support Order start from a
    suspicion, and an order exists to find out whether the person is at risk (SSWB(W)A 2014
    ss126(2), 127). Evidence of abuse is required; unknown needs are not held against the person.
    """
    return (
        abuse_or_neglect
        and care_and_support_needs is not False
        and unable_to_protect_self is not False
    )
