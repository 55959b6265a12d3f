"""The legal tests on their own, at their boundaries."""

from __future__ import annotations

import pytest

from noddfa.pathway import legal


@pytest.mark.parametrize(
    ("age", "disputed", "child"),
    [
        (0, None, True),
        (17, False, True),
        (18, None, False),
        (18, False, False),
        (18, True, True),
        (40, True, True),
        (None, None, True),
        (None, False, True),
    ],
)
def test_under_18_or_possibly_under_18_is_treated_as_a_child(
    age: int | None, disputed: bool | None, child: bool
) -> None:
    assert legal.treated_as_child(age, disputed) is child


@pytest.mark.parametrize(
    ("age", "disputed", "uncertain"),
    [(15, None, False), (15, True, True), (None, None, True), (30, False, False)],
)
def test_age_is_uncertain_when_unknown_or_disputed(
    age: int | None, disputed: bool | None, uncertain: bool
) -> None:
    assert legal.age_uncertain(age, disputed) is uncertain


def test_illegal_adoption_counts_as_exploitation_only_with_another_purpose() -> None:
    assert legal.exploitative_purposes({"illegal_adoption"}) == frozenset()
    assert legal.exploitative_purposes({"illegal_adoption", "sexual"}) == {
        "illegal_adoption",
        "sexual",
    }
    assert legal.exploitative_purposes(set()) == frozenset()


@pytest.mark.parametrize(
    ("as_child", "actions", "means", "purposes", "expected"),
    [
        (True, {"recruitment"}, set(), {"criminal"}, legal.CHILD_DEFINITION),
        (True, {"receipt"}, {"force"}, {"sexual"}, legal.CHILD_DEFINITION),
        (True, set(), set(), {"criminal"}, None),
        (True, {"recruitment"}, set(), set(), None),
        (True, {"transfer"}, set(), {"illegal_adoption"}, None),
        (False, {"recruitment"}, set(), {"labour"}, None),
        (False, {"recruitment"}, {"deception"}, {"labour"}, legal.ADULT_DEFINITION),
        (False, {"harbouring"}, {"coercion"}, {"illegal_adoption"}, None),
    ],
)
def test_trafficking_definition_for_children_and_adults(
    as_child: bool, actions: set[str], means: set[str], purposes: set[str], expected: str | None
) -> None:
    assert legal.trafficking_definition(as_child, actions, means, purposes) == expected


@pytest.mark.parametrize(
    ("crossing", "ended", "exploited", "smuggling"),
    [
        (True, True, False, True),
        (True, True, True, False),
        (True, None, False, False),
        (None, True, False, False),
        (True, False, False, False),
    ],
)
def test_smuggling_needs_a_crossing_that_ended_on_arrival_and_no_exploitation(
    crossing: bool | None, ended: bool | None, exploited: bool, smuggling: bool
) -> None:
    assert legal.smuggling_not_trafficking(crossing, ended, exploited) is smuggling


def test_potential_victim_basis_prefers_the_definition_then_child_purpose_then_indicators() -> None:
    assert legal.potential_victim(True, legal.CHILD_DEFINITION, {"sexual"}, True) == (
        legal.CHILD_DEFINITION
    )
    assert legal.potential_victim(True, None, {"labour"}, False) == legal.CHILD_PURPOSE_BASIS
    assert legal.potential_victim(False, None, set(), True) == legal.INDICATOR_BASIS
    assert legal.potential_victim(True, None, {"illegal_adoption"}, False) is None
    # Unknown is never no: an adult's unknown means keep them a possible victim.
    assert legal.potential_victim(False, None, {"labour"}, False) == legal.MEANS_UNKNOWN_BASIS
    # Seed 002, "Illegal adoption": the mother may be a victim herself.
    assert legal.potential_victim(False, None, {"illegal_adoption"}, False) == legal.MOTHER_BASIS
    assert legal.potential_victim(False, None, {"forced_marriage"}, False) is None
    assert legal.potential_victim(False, None, set(), False) is None


@pytest.mark.parametrize(
    ("abuse", "needs", "unable", "at_risk", "suspected", "may_be"),
    [
        (True, True, True, True, True, True),
        (True, None, True, False, True, True),
        (True, True, None, False, True, True),
        (True, None, None, False, False, True),
        (True, False, True, False, False, False),
        (True, True, False, False, False, False),
        (True, False, None, False, False, False),
        (False, True, True, False, False, False),
    ],
)
def test_adult_at_risk_three_part_test_and_the_suspicion_that_triggers_the_duty_to_report(
    abuse: bool,
    needs: bool | None,
    unable: bool | None,
    at_risk: bool,
    suspected: bool,
    may_be: bool,
) -> None:
    # SSWB(W)A 2014 s126(1) defines the adult at risk; s128 reports on reasonable cause to suspect.
    assert legal.adult_at_risk(abuse, needs, unable) is at_risk
    assert legal.adult_suspected_at_risk(abuse, needs, unable) is suspected
    assert legal.adult_may_be_at_risk(abuse, needs, unable) is may_be


@pytest.mark.parametrize(
    ("as_child", "means", "purposes", "expected"),
    [
        (False, {"threat"}, {"labour"}, legal.SLAVERY_DEFINITION),
        (False, {"coercion"}, {"domestic_servitude"}, legal.SLAVERY_DEFINITION),
        (False, set(), {"labour"}, None),
        (True, set(), {"criminal"}, legal.SLAVERY_DEFINITION),
        (False, {"force"}, {"organ_removal"}, None),
        (True, set(), {"illegal_adoption"}, None),
        (False, {"threat"}, {"forced_marriage"}, None),
    ],
)
def test_slavery_servitude_and_forced_labour_need_no_movement(
    as_child: bool, means: set[str], purposes: set[str], expected: str | None
) -> None:
    # MSA 2015 s1 with ECHR Art. 4: for an adult, work exacted under a menace; for a child,
    # being a child is one of the circumstances (s1(4)(a)) and consent never counts (s1(5)).
    assert legal.slavery_definition(as_child, means, purposes) == expected
    assert legal.definition_met(as_child, set(), means, purposes) == expected


@pytest.mark.parametrize(
    ("age", "disputed", "adult_facts", "child_facts", "child", "uncertain"),
    [
        (None, None, False, False, True, True),
        (None, None, True, False, False, True),
        (None, None, True, True, True, True),
        (None, True, True, False, True, True),
        (30, None, False, True, False, False),
        (30, True, True, False, True, True),
        (16, None, True, False, True, False),
    ],
)
def test_an_unrecorded_age_is_not_by_itself_grounds_to_think_the_person_may_be_a_child(
    age: int | None,
    disputed: bool | None,
    adult_facts: bool,
    child_facts: bool,
    child: bool,
    uncertain: bool,
) -> None:
    # MSA 2015 s51 needs reasonable grounds to believe the person may be under 18.
    reading = legal.read_age(age, disputed, adult_facts=adult_facts, child_facts=child_facts)
    assert (reading.as_child, reading.uncertain) == (child, uncertain)


def test_forced_marriage_is_a_marker_read_as_the_exploitation_it_serves() -> None:
    # sources.md#ref-2-4: an aggravating marker, mapped to domestic servitude or sexual
    # exploitation.
    assert legal.exploitative_purposes({"forced_marriage"}) == frozenset()
    assert legal.exploitative_purposes({"forced_marriage", "domestic_servitude"}) == {
        "domestic_servitude"
    }
    assert legal.markers({"forced_marriage", "sexual"}) == {"forced_marriage"}


def test_illegal_adoption_only_is_undone_by_any_sign_of_exploitation() -> None:
    assert legal.illegal_adoption_only({"illegal_adoption"}, exploitation_indicated=False)
    assert not legal.illegal_adoption_only({"illegal_adoption"}, exploitation_indicated=True)
    assert not legal.illegal_adoption_only({"illegal_adoption", "labour"}, False)
    assert not legal.illegal_adoption_only(set(), False)
