"""Invalid cases give one line naming the field, never a traceback or the submitted value."""

from __future__ import annotations

from typing import Any

import pytest

from noddfa.pathway import Case, CaseError, parse_case


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ({}, "jurisdiction: is required; expected one of: wales, england"),
        (
            {"jurisdiction": "scotland"},
            "jurisdiction: unknown code; expected one of: wales, england",
        ),
        ({"jurisdiction": 1}, "jurisdiction: must be text"),
        (
            {"jurisdiction": "wales", "person": {"age": -1}},
            "person.age: must be a whole number from 0 to 130",
        ),
        (
            {"jurisdiction": "wales", "person": {"age": 131}},
            "person.age: must be a whole number from 0 to 130",
        ),
        (
            {"jurisdiction": "wales", "person": {"age": 15.5}},
            "person.age: must be a whole number from 0 to 130",
        ),
        (
            {"jurisdiction": "wales", "person": {"age": True}},
            "person.age: must be a whole number from 0 to 130",
        ),
        (
            {"jurisdiction": "wales", "person": {"age": "15"}},
            "person.age: must be a whole number from 0 to 130",
        ),
        ({"jurisdiction": "wales", "person": {"height": 150}}, "person.height: unknown field"),
        ({"jurisdiction": "wales", "name": "Ann"}, "name: unknown field"),
        ({"jurisdiction": "wales", "person": []}, "person: must be an object"),
        (
            {"jurisdiction": "wales", "situation": {"missing_now": "yes"}},
            "situation.missing_now: must be true, false or null",
        ),
        (
            {"jurisdiction": "wales", "adult": {"consents_to_nrm": 1}},
            "adult.consents_to_nrm: must be true, false or null",
        ),
        (
            {"jurisdiction": "wales", "elements": {"action": "recruitment"}},
            "elements.action: must be a list",
        ),
        (
            {"jurisdiction": "wales", "elements": {"purpose": ["criminal", "slavery"]}},
            "elements.purpose[1]: unknown code",
        ),
        ({"jurisdiction": "wales", "elements": {"means": [3]}}, "elements.means[0]: must be text"),
        (
            {"jurisdiction": "wales", "indicators": ["CTL-14", "XYZ-99"]},
            "indicators[1]: not an indicator id in the catalogue",
        ),
        (
            {"jurisdiction": "wales", "referrer": {"organisation_type": "church"}},
            "referrer.organisation_type: unknown code",
        ),
        (
            {"jurisdiction": "wales", "smuggling": {"crossing": True}},
            "smuggling.crossing: unknown field",
        ),
    ],
)
def test_invalid_case_message_names_the_field(case: dict[str, Any], message: str) -> None:
    with pytest.raises(CaseError) as raised:
        parse_case(case)
    assert str(raised.value).startswith(message)


def test_error_never_echoes_the_submitted_value() -> None:
    with pytest.raises(CaseError) as raised:
        parse_case({"jurisdiction": "wales", "referrer": {"organisation_type": "Jane Doe's house"}})
    assert "Jane" not in str(raised.value)


def test_null_and_missing_sections_mean_not_known() -> None:
    case = parse_case(
        {"jurisdiction": "wales", "person": None, "elements": {"action": None}, "indicators": None}
    )
    assert case == Case(jurisdiction="wales")


def test_repeated_codes_count_once() -> None:
    case = parse_case({"jurisdiction": "england", "indicators": ["CTL-14", "CTL-14"]})
    assert case.indicators == {"CTL-14"}
