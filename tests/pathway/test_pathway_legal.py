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
    assert legal.potential_victim(False, None, {"labour"}, False) is None
    assert legal.potential_victim(False, None, set(), True) == legal.INDICATOR_BASIS
    assert legal.potential_victim(True, None, {"illegal_adoption"}, False) is None


@pytest.mark.parametrize(
    ("abuse", "needs", "unable", "at_risk", "may_be"),
    [
        (True, True, True, True, True),
        (True, None, True, False, True),
        (True, True, None, False, True),
        (True, False, True, False, False),
        (True, True, False, False, False),
        (False, True, True, False, False),
    ],
)
def test_adult_at_risk_three_part_test(
    abuse: bool, needs: bool | None, unable: bool | None, at_risk: bool, may_be: bool
) -> None:
    assert legal.adult_at_risk(abuse, needs, unable) is at_risk
    assert legal.adult_may_be_at_risk(abuse, needs, unable) is may_be


def test_illegal_adoption_only_is_undone_by_any_sign_of_exploitation() -> None:
    assert legal.illegal_adoption_only({"illegal_adoption"}, exploitation_indicated=False)
    assert not legal.illegal_adoption_only({"illegal_adoption"}, exploitation_indicated=True)
    assert not legal.illegal_adoption_only({"illegal_adoption", "labour"}, False)
    assert not legal.illegal_adoption_only(set(), False)
