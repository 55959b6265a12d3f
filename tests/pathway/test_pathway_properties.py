"""Properties that must hold for every valid case, and fuzzing of invalid ones."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noddfa.pathway import CaseError, evaluate, load_catalogue, load_vocabulary
from noddfa.pathway.case import SECTION_FIELDS, TOP_LEVEL_FIELDS

CATALOGUE = load_catalogue()
VOCABULARY = load_vocabulary()
INDICATOR_IDS = sorted(CATALOGUE.by_id)
ACTIONS = sorted(VOCABULARY.elements["action"])
MEANS = sorted(VOCABULARY.elements["means"])
PURPOSES = list(CATALOGUE.purposes)
ORGANISATION_TYPES = sorted(VOCABULARY.organisation_types)
DUE_ORDER = [label.en for label in VOCABULARY.due.values()]
CODE_ORDER = list(VOCABULARY.action_codes)
CONDITIONAL_DUE = VOCABULARY.due["if_consent_not_given"].en

flags = st.one_of(st.none(), st.booleans())


def code_lists(codes: list[str]) -> st.SearchStrategy[list[str] | None]:
    return st.one_of(st.none(), st.lists(st.sampled_from(codes), max_size=4))


def section(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), st.fixed_dictionaries({}, optional=fields))


valid_cases = st.fixed_dictionaries(
    {"jurisdiction": st.sampled_from(sorted(VOCABULARY.jurisdictions))},
    optional={
        "person": section(
            {"age": st.one_of(st.none(), st.integers(0, 130)), "age_disputed": flags}
        ),
        "situation": section(
            {"immediate_danger": flags, "at_risk_of_going_missing": flags, "missing_now": flags}
        ),
        "elements": section(
            {
                "action": code_lists(ACTIONS),
                "means": code_lists(MEANS),
                "purpose": code_lists(PURPOSES),
            }
        ),
        "indicators": code_lists(INDICATOR_IDS),
        "smuggling": section(
            {"facilitated_border_crossing": flags, "relationship_ended_on_arrival": flags}
        ),
        "adult": section(
            {
                "consents_to_nrm": flags,
                "care_and_support_needs": flags,
                "unable_to_protect_self": flags,
                "access_refused": flags,
            }
        ),
        "referrer": section(
            {
                "organisation_type": st.one_of(st.none(), st.sampled_from(ORGANISATION_TYPES)),
                "first_responder": flags,
                "s52_public_authority": flags,
            }
        ),
    },
)


def codes(result: dict[str, Any]) -> list[str]:
    return [action["code"] for action in result["actions"]]


def reordered(value: Any) -> Any:
    """The same case with every object's keys and every list in reverse order."""
    if isinstance(value, dict):
        return {key: reordered(value[key]) for key in reversed(list(value))}
    if isinstance(value, list):
        return [reordered(item) for item in reversed(value)]
    return value


@given(valid_cases)
def test_valid_cases_never_raise_and_keep_the_contract_shape(case: dict[str, Any]) -> None:
    result = evaluate(case)
    assert result["ruleset"] == VOCABULARY.jurisdictions[case["jurisdiction"]].default_ruleset
    assessment = result["assessment"]
    assert isinstance(assessment["treated_as_child"], bool)
    assert isinstance(assessment["potential_victim"], bool)
    assert assessment["definition_met"] is None or isinstance(assessment["definition_met"], str)
    assert set(assessment["exploitation_types"]) <= set(PURPOSES)
    assert isinstance(assessment["smuggling_not_trafficking"], bool)
    assert len(set(codes(result))) == len(codes(result))
    assert set(codes(result)) <= set(VOCABULARY.action_codes)
    order = [
        (action["priority"], DUE_ORDER.index(action["due"]), CODE_ORDER.index(action["code"]))
        for action in result["actions"]
    ]
    assert order == sorted(order)
    json.dumps(result)


@given(valid_cases)
def test_every_action_says_whose_it_is_why_and_on_what_authority(case: dict[str, Any]) -> None:
    for action in evaluate(case)["actions"]:
        assert action["source"].strip()
        assert action["legal_basis"].strip()
        assert action["why"].strip()
        assert action["why_cy"].strip()
        assert action["due"].strip()
        assert action["who"] in VOCABULARY.who


@given(valid_cases)
def test_potential_victim_treated_as_child_is_reported_and_referred_without_consent(
    case: dict[str, Any],
) -> None:
    result = evaluate(case)
    assessment = result["assessment"]
    if assessment["potential_victim"] and assessment["treated_as_child"]:
        assert "REPORT_CHILD_AT_RISK" in codes(result)
        assert "NRM_REFERRAL" in codes(result)
        assert "SEEK_INFORMED_CONSENT" not in codes(result)
        assert "DUTY_TO_NOTIFY" not in codes(result)


@given(valid_cases)
def test_adult_without_consent_is_never_referred_to_the_nrm(case: dict[str, Any]) -> None:
    result = evaluate(case)
    consent = (case.get("adult") or {}).get("consents_to_nrm")
    if not result["assessment"]["treated_as_child"] and consent is not True:
        assert "NRM_REFERRAL" not in codes(result)


@given(valid_cases)
def test_adult_potential_victim_gets_exactly_one_consent_route(case: dict[str, Any]) -> None:
    result = evaluate(case)
    assessment = result["assessment"]
    if assessment["potential_victim"] and not assessment["treated_as_child"]:
        consent = (case.get("adult") or {}).get("consents_to_nrm")
        # A Duty to Notify that waits on the person's answer is not yet a route of its own.
        route = {
            action["code"]
            for action in result["actions"]
            if action["code"] in {"NRM_REFERRAL", "DUTY_TO_NOTIFY", "SEEK_INFORMED_CONSENT"}
            and action["due"] != CONDITIONAL_DUE
        }
        expected = {True: "NRM_REFERRAL", False: "DUTY_TO_NOTIFY", None: "SEEK_INFORMED_CONSENT"}
        assert route == {expected[consent]}


@given(valid_cases)
def test_no_adult_is_ever_both_referred_to_the_nrm_and_notified_anonymously(
    case: dict[str, Any],
) -> None:
    # An adult NRM referral needs consent and itself meets the s52 duty; the anonymous Duty to
    # Notify is for an adult who has not consented (MSA 2015 s52; sources.md#ref-3-3).
    result = evaluate(case)
    if not result["assessment"]["treated_as_child"]:
        assert not {"NRM_REFERRAL", "DUTY_TO_NOTIFY"} <= set(codes(result))


@given(valid_cases)
def test_a_refusal_or_withdrawal_of_consent_always_takes_the_adult_nrm_away(
    case: dict[str, Any],
) -> None:
    adult = {**(case.get("adult") or {}), "consents_to_nrm": False}
    result = evaluate({**case, "adult": adult})
    if not result["assessment"]["treated_as_child"]:
        assert "NRM_REFERRAL" not in codes(result)
        if result["assessment"]["potential_victim"]:
            assert "DUTY_TO_NOTIFY" in codes(result)


def _forget(case: dict[str, Any], section: str, field: str) -> dict[str, Any]:
    values = dict(case.get(section) or {})
    values.pop(field, None)
    return {**case, section: values}


@given(
    valid_cases,
    st.sampled_from(
        [
            ("elements", "means"),
            ("elements", "action"),
            ("person", "age"),
            ("adult", "care_and_support_needs"),
            ("adult", "unable_to_protect_self"),
            ("adult", "consents_to_nrm"),
            ("smuggling", "relationship_ended_on_arrival"),
        ]
    ),
)
def test_an_unknown_fact_never_turns_a_possible_victim_into_no_victim(
    case: dict[str, Any], forgotten: tuple[str, str]
) -> None:
    # Unknown is never no: forgetting a fact can open possibilities, never close one.
    if evaluate(case)["assessment"]["potential_victim"]:
        assert evaluate(_forget(case, *forgotten))["assessment"]["potential_victim"] is True


@given(valid_cases)
def test_every_concern_that_is_not_yet_a_victim_says_what_would_settle_it(
    case: dict[str, Any],
) -> None:
    result = evaluate(case)
    assessment = result["assessment"]
    recorded = "RECORD_CONCERN" in codes(result) and any(
        action["code"] not in {"INFORM_SAFEGUARDING_LEAD", "RECORD_CONCERN", "FURTHER_ENQUIRIES"}
        for action in result["actions"]
    )
    settled = assessment["smuggling_not_trafficking"] or assessment["illegal_adoption_only"]
    if recorded and not assessment["potential_victim"] and not settled:
        assert assessment["open_questions"], "a concern left without its open questions"
        for question in assessment["open_questions"]:
            assert question["why"].strip() and question["why_cy"].strip()


@given(valid_cases)
def test_immediate_danger_always_puts_call_999_first(case: dict[str, Any]) -> None:
    result = evaluate(case)
    if (case.get("situation") or {}).get("immediate_danger") is True:
        first = result["actions"][0]
        assert (first["code"], first["priority"]) == ("CALL_999", 1)


@given(valid_cases)
def test_smuggling_not_trafficking_is_never_referred_and_never_a_victim(
    case: dict[str, Any],
) -> None:
    result = evaluate(case)
    if result["assessment"]["smuggling_not_trafficking"]:
        assert result["assessment"]["potential_victim"] is False
        assert "NRM_REFERRAL" not in codes(result)


@given(valid_cases)
def test_england_never_suggests_an_adult_protection_and_support_order(
    case: dict[str, Any],
) -> None:
    if case["jurisdiction"] == "england":
        assert "CONSIDER_APSO" not in codes(evaluate(case))


@given(valid_cases)
def test_output_is_deterministic_and_independent_of_key_and_list_order(
    case: dict[str, Any],
) -> None:
    first = evaluate(case)
    assert evaluate(case) == first
    assert json.dumps(evaluate(reordered(case))) == json.dumps(first)


@given(st.sampled_from(["wales", "england"]), st.sampled_from([None, 3, 15, 17, 18, 45]))
def test_nothing_recorded_never_makes_anyone_a_victim(jurisdiction: str, age: int | None) -> None:
    result = evaluate({"jurisdiction": jurisdiction, "person": {"age": age}})
    assert result["assessment"]["potential_victim"] is False
    assert set(codes(result)) == {"INFORM_SAFEGUARDING_LEAD", "FURTHER_ENQUIRIES", "RECORD_CONCERN"}
    assert "Nothing recorded so far shows exploitation" not in json.dumps(result)


# ---- Invalid input: every problem raises CaseError naming the field ----

not_bool = st.one_of(
    st.integers(), st.text(max_size=5), st.lists(st.booleans(), max_size=2), st.floats()
)
bad_ages = st.one_of(
    st.integers(max_value=-1),
    st.integers(min_value=131),
    st.booleans(),
    st.floats(),
    st.text(max_size=4),
)
FLAG_FIELDS = [
    (name, field)
    for name, fields in SECTION_FIELDS.items()
    for field in sorted(fields)
    if name != "elements" and field not in {"age", "organisation_type"}
]
LIST_FIELDS = [("elements", "action"), ("elements", "means"), ("elements", "purpose")]


def unknown_names(allowed: frozenset[str]) -> st.SearchStrategy[str]:
    return st.text(min_size=1, max_size=12).filter(
        lambda name: name.isprintable() and name not in allowed
    )


@st.composite
def broken_cases(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """A valid case with exactly one fault, and the path the error must name."""
    case: dict[str, Any] = draw(valid_cases)
    fault = draw(
        st.sampled_from(
            [
                "top_field",
                "section_field",
                "flag",
                "age",
                "code",
                "indicator",
                "organisation",
                "section_type",
                "list_type",
                "jurisdiction",
            ]
        )
    )
    if fault == "top_field":
        name = draw(unknown_names(TOP_LEVEL_FIELDS))
        case[name] = draw(flags)
        return case, name
    if fault == "section_field":
        section_name = draw(st.sampled_from(sorted(SECTION_FIELDS)))
        name = draw(unknown_names(SECTION_FIELDS[section_name]))
        case[section_name] = {**(case.get(section_name) or {}), name: draw(flags)}
        return case, f"{section_name}.{name}"
    if fault == "flag":
        section_name, field = draw(st.sampled_from(FLAG_FIELDS))
        case[section_name] = {**(case.get(section_name) or {}), field: draw(not_bool)}
        return case, f"{section_name}.{field}"
    if fault == "age":
        case["person"] = {**(case.get("person") or {}), "age": draw(bad_ages)}
        return case, "person.age"
    if fault in {"code", "indicator"}:
        if fault == "code":
            section_name, field = draw(st.sampled_from(LIST_FIELDS))
            good = {"action": ACTIONS, "means": MEANS, "purpose": PURPOSES}[field]
        else:
            section_name, field, good = "", "indicators", INDICATOR_IDS
        bad = draw(st.one_of(st.text(max_size=10), st.integers()).filter(lambda c: c not in good))
        items = draw(st.lists(st.sampled_from(good), max_size=3))
        index = draw(st.integers(0, len(items)))
        items.insert(index, bad)
        if section_name:
            case[section_name] = {**(case.get(section_name) or {}), field: items}
            return case, f"{section_name}.{field}[{index}]"
        case[field] = items
        return case, f"{field}[{index}]"
    if fault == "organisation":
        bad_type = draw(st.text(max_size=10).filter(lambda code: code not in ORGANISATION_TYPES))
        case["referrer"] = {**(case.get("referrer") or {}), "organisation_type": bad_type}
        return case, "referrer.organisation_type"
    if fault == "section_type":
        section_name = draw(st.sampled_from(sorted(SECTION_FIELDS)))
        case[section_name] = draw(st.one_of(st.integers(), st.text(), st.lists(st.integers())))
        return case, section_name
    if fault == "list_type":
        case["indicators"] = draw(st.one_of(st.integers(), st.text(), st.booleans()))
        return case, "indicators"
    bad_jurisdiction = draw(
        st.one_of(st.text(max_size=10), st.integers()).filter(
            lambda code: code not in VOCABULARY.jurisdictions
        )
    )
    case["jurisdiction"] = bad_jurisdiction
    return case, "jurisdiction"


@settings(max_examples=300)
@given(broken_cases())
def test_every_invalid_case_raises_case_error_naming_the_field(
    broken: tuple[dict[str, Any], str],
) -> None:
    case, field = broken
    with pytest.raises(CaseError) as raised:
        evaluate(case)
    assert raised.value.field == field
    assert str(raised.value).startswith(f"{field}: ")
    assert "\n" not in str(raised.value)


@given(st.one_of(st.none(), st.integers(), st.text(), st.lists(st.integers())))
def test_a_case_that_is_not_an_object_is_rejected(value: Any) -> None:
    with pytest.raises(CaseError) as raised:
        evaluate(value)
    assert raised.value.field == "case"


def test_a_field_name_with_control_characters_is_escaped_to_keep_one_line() -> None:
    with pytest.raises(CaseError) as raised:
        evaluate({"jurisdiction": "wales", "person": {"a\nb": 1}})
    assert raised.value.field == "person.'a\\nb'"
    assert "\n" not in str(raised.value)
