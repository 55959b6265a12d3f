"""Unknown is never no, first of all for danger (DESIGN.md, "unknown is never no").

Immediate danger and a person missing now are the two facts that put a 999 call first in
the pathway. Left unanswered, they are not taken as no: the pathway says what would settle
them, before any other open question, and says nothing of them once they are answered.
"""

from __future__ import annotations

from typing import Any

import pytest

from noddfa.pathway import evaluate

COUNTY_LINES = {"action": ["recruitment"], "purpose": ["criminal"]}
JURISDICTIONS = pytest.mark.parametrize("jurisdiction", ["wales", "england"])


def _run(jurisdiction: str, **sections: object) -> dict[str, Any]:
    return evaluate({"jurisdiction": jurisdiction, **sections})


def _asked(result: dict[str, Any]) -> list[str]:
    return [question["question"] for question in result["assessment"]["open_questions"]]


def _codes(result: dict[str, Any]) -> list[str]:
    return [action["code"] for action in result["actions"]]


@JURISDICTIONS
def test_child_recruited_for_county_lines_with_danger_unanswered_is_asked_about_danger_first(
    jurisdiction: str,
) -> None:
    result = _run(jurisdiction, person={"age": 15}, elements=COUNTY_LINES)

    assert _asked(result)[:2] == ["immediate_danger", "missing_now"]
    danger = result["assessment"]["open_questions"][0]
    assert danger["field"] == "situation.immediate_danger"
    assert "999" in danger["why"] and "999" in danger["why_cy"]
    # Still a question, not a duty: 999 is for danger that is known.
    assert "CALL_999" not in _codes(result)


@JURISDICTIONS
def test_once_danger_and_whereabouts_are_answered_no_they_are_not_asked_again(
    jurisdiction: str,
) -> None:
    result = _run(
        jurisdiction,
        person={"age": 15},
        situation={"immediate_danger": False, "missing_now": False},
        elements=COUNTY_LINES,
    )

    assert "immediate_danger" not in _asked(result)
    assert "missing_now" not in _asked(result)


@JURISDICTIONS
def test_danger_answered_yes_calls_999_and_is_no_longer_a_question(jurisdiction: str) -> None:
    result = _run(
        jurisdiction,
        person={"age": 15},
        situation={"immediate_danger": True, "missing_now": False},
        elements=COUNTY_LINES,
    )

    assert _codes(result)[0] == "CALL_999"
    assert "immediate_danger" not in _asked(result)


@JURISDICTIONS
def test_an_adult_with_no_sign_of_exploitation_is_not_asked_whether_they_are_missing(
    jurisdiction: str,
) -> None:
    # Missing now calls 999 only for a child or a possible victim; a vulnerability alone
    # raises the danger question but not that one.
    result = _run(jurisdiction, person={"age": 40}, indicators=["RSK-07"])

    assert "missing_now" not in _asked(result)


@JURISDICTIONS
def test_a_case_with_nothing_of_concern_in_it_asks_nothing_about_danger(
    jurisdiction: str,
) -> None:
    result = _run(jurisdiction, person={"age": 15})

    assert _asked(result) == []
