"""Scenarios from the guidance, named in its words, run through the public engine."""

from __future__ import annotations

from typing import Any

import pytest

from noddfa.pathway import evaluate, load_vocabulary, parse_case
from noddfa.pathway.legal import (
    INDICATOR_BASIS,
    MEANS_UNKNOWN_BASIS,
    MOTHER_BASIS,
    SLAVERY_DEFINITION,
)

Result = dict[str, Any]

# Indicators used below, by what they describe.
DRUG_RUNNING = "CTL-14"  # found moving drugs under someone else's direction (exploitation)
PAID_NOTHING = "CTL-05"  # paid little or nothing (exploitation)
PASSPORT_HELD = "DOC-01"  # documents held by someone else (exploitation)
AVOIDS_EYE_CONTACT = "PHY-12"  # warning sign
ARRIVED_ALONE = "MOV-02"  # unaccompanied child (warning sign)
STILL_CONTROLLED_AFTER_SMUGGLING = "CTL-34"  # exploitation
HOMELESS = "RSK-04"  # vulnerability
CANNOT_LEAVE = "CTL-03"  # not free to come and go (exploitation)


def run(jurisdiction: str = "wales", **sections: object) -> Result:
    return evaluate({"jurisdiction": jurisdiction, **sections})


def codes(result: Result) -> list[str]:
    return [action["code"] for action in result["actions"]]


def action(result: Result, code: str) -> dict[str, Any]:
    matches = [item for item in result["actions"] if item["code"] == code]
    assert len(matches) == 1, f"expected exactly one {code}, got {codes(result)}"
    return matches[0]


def county_lines_child(jurisdiction: str = "wales", **overrides: object) -> Result:
    sections: dict[str, object] = {
        "person": {"age": 15, "age_disputed": False},
        "elements": {"action": ["recruitment", "transportation"], "purpose": ["criminal"]},
        "indicators": [DRUG_RUNNING],
        "referrer": {"organisation_type": "school"},
    }
    sections.update(overrides)
    return run(jurisdiction, **sections)


def exploited_adult(
    consent: bool | None,
    referrer: dict[str, object],
    adult: dict[str, object] | None = None,
    **extra: object,
) -> Result:
    return run(
        person={"age": 34},
        indicators=[PAID_NOTHING],
        adult={"consents_to_nrm": consent, **(adult or {})},
        referrer=referrer,
        **extra,
    )


# ---- Children ----


def test_child_recruited_for_county_lines_is_reported_without_consent() -> None:
    result = county_lines_child()
    assessment = result["assessment"]
    assert assessment["treated_as_child"] is True
    assert assessment["potential_victim"] is True
    assert assessment["definition_met"] == "child: action + purpose"
    assert assessment["exploitation_types"] == ["criminal"]
    assert assessment["exploitation_subtypes"] == ["county_lines"]
    assert {"REPORT_CHILD_AT_RISK", "NRM_REFERRAL", "ICTA_REFERRAL"} <= set(codes(result))
    assert "SEEK_INFORMED_CONSENT" not in codes(result)
    assert "DUTY_TO_NOTIFY" not in codes(result)


def test_child_trafficking_needs_no_means_because_a_child_cannot_consent() -> None:
    without_means = county_lines_child()
    with_means = county_lines_child(
        elements={"action": ["recruitment"], "means": ["deception"], "purpose": ["criminal"]}
    )
    assert without_means["assessment"]["definition_met"] == "child: action + purpose"
    assert with_means["assessment"]["definition_met"] == "child: action + purpose"


def test_adult_trafficking_needs_action_means_and_purpose() -> None:
    elements = {"action": ["recruitment"], "purpose": ["labour"]}
    no_means = run(person={"age": 30}, elements=elements)
    with_means = run(person={"age": 30}, elements={**elements, "means": ["deception"]})
    assert no_means["assessment"]["definition_met"] is None
    # The means are unknown, not absent: the person stays a possible victim (issue 14, item 2).
    assert no_means["assessment"]["potential_victim_basis"] == MEANS_UNKNOWN_BASIS
    assert with_means["assessment"]["definition_met"] == "adult: action + means + purpose"
    assert with_means["assessment"]["potential_victim"] is True


def test_child_directed_to_work_is_a_potential_victim_even_if_movement_is_not_known() -> None:
    result = run(person={"age": 13}, elements={"purpose": ["labour"]})
    assert result["assessment"]["potential_victim"] is True
    # MSA 2015 s1: forced labour needs no movement, and being a child is a circumstance (s1(4)).
    assert result["assessment"]["definition_met"] == SLAVERY_DEFINITION
    assert "NRM_REFERRAL" in codes(result)


def test_school_that_is_not_a_first_responder_passes_the_nrm_to_one() -> None:
    result = county_lines_child()
    nrm = action(result, "NRM_REFERRAL")
    assert nrm["who"] == "first_responder_organisation"
    assert nrm["for_referrer"] is False
    assert action(result, "SIGNPOST_HELPLINE")["rule"] == "helpline-not-first-responder"
    assert action(result, "REPORT_CHILD_AT_RISK")["for_referrer"] is True


def test_childrens_services_own_the_nrm_referral_for_a_child() -> None:
    result = county_lines_child(referrer={"organisation_type": "la_childrens_services"})
    assert action(result, "NRM_REFERRAL")["for_referrer"] is True
    assert action(result, "STRATEGY_DISCUSSION")["for_referrer"] is True
    assert "SIGNPOST_HELPLINE" not in codes(result)


def test_child_victim_is_never_routed_to_the_anonymous_duty_to_notify() -> None:
    result = county_lines_child(
        adult={"consents_to_nrm": False}, referrer={"organisation_type": "police"}
    )
    assert "NRM_REFERRAL" in codes(result)
    assert "DUTY_TO_NOTIFY" not in codes(result)
    assert "SEEK_INFORMED_CONSENT" not in codes(result)


def test_wales_child_is_referred_to_the_ictg_service_everywhere_in_wales() -> None:
    ictg = action(county_lines_child(), "ICTA_REFERRAL")
    assert "0800 043 4303" in ictg["why"]
    assert ictg["legal_basis"].startswith("Modern Slavery Act 2015 s48")


def test_single_warning_sign_is_enough_to_report_a_child_but_not_for_an_nrm() -> None:
    result = run(person={"age": 12}, indicators=[AVOIDS_EYE_CONTACT])
    assert result["assessment"]["potential_victim"] is False
    assert "REPORT_CHILD_AT_RISK" in codes(result)
    enquiries = action(result, "FURTHER_ENQUIRIES")
    assert (enquiries["who"], enquiries["due"]) == ("local_authority", "within 1 working day")
    assert "NRM_REFERRAL" not in codes(result)


def test_unaccompanied_child_is_not_assumed_a_victim_on_that_alone() -> None:
    # Seed 002 and sources.md#ref-5: arriving alone is risk context, not enough on its own.
    result = run(person={"age": 16}, indicators=[ARRIVED_ALONE])
    assert result["assessment"]["potential_victim"] is False
    assert "NRM_REFERRAL" not in codes(result)
    assert action(result, "FURTHER_ENQUIRIES")["rule"] == "enquiries-vulnerability-only"


def test_a_vulnerability_alone_prompts_enquiries_and_the_lead_not_an_immediate_report() -> None:
    # Issue 14, item 11; sources.md#ref-5: proportion. A sign recorded later brings the report.
    result = run(person={"age": 14}, indicators=[HOMELESS])
    assert "REPORT_CHILD_AT_RISK" not in codes(result)
    assert result["assessment"]["potential_victim"] is False
    assert action(result, "FURTHER_ENQUIRIES")["who"] == "practitioner"
    assert "INFORM_SAFEGUARDING_LEAD" in codes(result)
    with_sign = run(person={"age": 14}, indicators=[HOMELESS, AVOIDS_EYE_CONTACT])
    assert "REPORT_CHILD_AT_RISK" in codes(with_sign)


def test_child_who_may_go_missing_before_safe_gets_999_and_a_safety_plan() -> None:
    result = county_lines_child(situation={"at_risk_of_going_missing": True})
    assert codes(result)[0] == "CALL_999"
    assert action(result, "CALL_999")["rule"] == "call-999-child-may-go-missing"
    assert action(result, "SAFETY_PLAN")["who"] == "local_authority"


def test_missing_child_is_reported_to_police_and_social_services_now() -> None:
    result = run(person={"age": 15}, situation={"missing_now": True})
    missing = action(result, "REPORT_MISSING")
    assert (missing["priority"], missing["due"]) == (1, "immediately")
    assert "police" in missing["why"]
    assert "SAFETY_PLAN" in codes(result)


def test_disputed_age_is_treated_as_a_child_until_assessed() -> None:
    result = run(
        person={"age": 19, "age_disputed": True},
        indicators=[PASSPORT_HELD],
        adult={"consents_to_nrm": False},
    )
    assert result["assessment"]["treated_as_child"] is True
    assert {"AGE_ASSESSMENT", "REPORT_CHILD_AT_RISK", "NRM_REFERRAL"} <= set(codes(result))
    assert "SEEK_INFORMED_CONSENT" not in codes(result)
    assert "DUTY_TO_NOTIFY" not in codes(result)


def test_unknown_age_with_a_concern_is_treated_as_a_child_and_assessed() -> None:
    # Nothing recorded is about an adult (no consent answer, no adult at risk test), so the
    # NRM form's rule holds: an unknown age routes as a child until assessed.
    result = run(indicators=[PAID_NOTHING])
    assert result["assessment"]["treated_as_child"] is True
    assert result["assessment"]["age_uncertain"] is True
    assert action(result, "AGE_ASSESSMENT")["who"] == "local_authority"


def test_unknown_age_with_nothing_recorded_asks_for_no_age_assessment() -> None:
    result = run()
    assert "AGE_ASSESSMENT" not in codes(result)


def test_17_year_old_victim_gets_planning_for_turning_18() -> None:
    result = county_lines_child(person={"age": 17})
    plan = action(result, "TRANSITION_PLAN")
    assert plan["due"] == "before the 18th birthday"
    assert result["assessment"]["treated_as_child"] is True


def test_18_year_old_is_an_adult_whose_consent_is_needed() -> None:
    result = run(person={"age": 18}, indicators=[PAID_NOTHING])
    assert result["assessment"]["treated_as_child"] is False
    assert "SEEK_INFORMED_CONSENT" in codes(result)
    assert "TRANSITION_PLAN" not in codes(result)
    assert "REPORT_CHILD_AT_RISK" not in codes(result)


def test_illegal_adoption_into_a_loving_home_is_child_protection_not_trafficking() -> None:
    result = run(
        person={"age": 0}, elements={"action": ["transfer"], "purpose": ["illegal_adoption"]}
    )
    assessment = result["assessment"]
    assert assessment["potential_victim"] is False
    assert assessment["definition_met"] is None
    assert assessment["illegal_adoption_only"] is True
    assert assessment["exploitation_types"] == []
    assert action(result, "REPORT_CHILD_AT_RISK")["rule"] == "report-child-illegal-adoption"
    assert "NRM_REFERRAL" not in codes(result)


def test_illegal_adoption_by_people_who_mean_to_exploit_the_child_is_trafficking() -> None:
    result = run(
        person={"age": 2},
        elements={"action": ["transfer"], "purpose": ["illegal_adoption", "labour"]},
    )
    assert result["assessment"]["definition_met"] == "child: action + purpose"
    assert result["assessment"]["exploitation_types"] == ["labour", "illegal_adoption"]
    assert "NRM_REFERRAL" in codes(result)


def test_mother_in_an_illegal_adoption_case_still_gets_the_baby_reported() -> None:
    result = run(person={"age": 24}, elements={"purpose": ["illegal_adoption"]})
    assert result["assessment"]["treated_as_child"] is False
    assert action(result, "REPORT_CHILD_AT_RISK")["rule"] == "report-child-illegal-adoption"
    assert "mother" in action(result, "REPORT_CHILD_AT_RISK")["why"]
    # Seed 002: the mother may be a victim herself (issue 14, item 12).
    assert result["assessment"]["potential_victim_basis"] == MOTHER_BASIS


# ---- Adults and consent ----


def test_adult_who_refuses_nrm_is_notified_anonymously_by_public_authority() -> None:
    result = exploited_adult(False, {"organisation_type": "police"})
    notify = action(result, "DUTY_TO_NOTIFY")
    assert notify["rule"] == "notify-adult-refuses-s52"
    assert notify["for_referrer"] is True
    assert "anonymous" in notify["why"]
    assert "NRM_REFERRAL" not in codes(result)
    assert "SEEK_INFORMED_CONSENT" not in codes(result)


def test_adult_who_refuses_nrm_in_hospital_leaves_the_duty_to_notify_to_s52_bodies() -> None:
    result = exploited_adult(False, {"organisation_type": "hospital"})
    notify = action(result, "DUTY_TO_NOTIFY")
    assert notify["rule"] == "notify-adult-refuses-others"
    assert notify["who"] == "s52_public_authority"
    assert notify["for_referrer"] is False
    assert action(result, "SIGNPOST_HELPLINE")["rule"] == "helpline-adult-refuses"
    assert "NRM_REFERRAL" not in codes(result)


def test_adult_whose_consent_is_not_known_is_asked_before_any_referral() -> None:
    result = exploited_adult(None, {"organisation_type": "third_sector"})
    consent = action(result, "SEEK_INFORMED_CONSENT")
    assert consent["due"] == "before any NRM referral"
    assert "NRM_REFERRAL" not in codes(result)
    # Only an s52 authority is told now what a refusal would bring (issue 14, item 6).
    assert "DUTY_TO_NOTIFY" not in codes(result)


def test_adult_who_consents_is_referred_by_a_first_responder_with_support() -> None:
    result = exploited_adult(True, {"organisation_type": "third_sector", "first_responder": True})
    assert action(result, "NRM_REFERRAL")["for_referrer"] is True
    support = action(result, "SUPPORT_REFERRAL")
    assert "0800 808 3733" in support["why"]
    assert "Bawso" in support["why"]
    assert "SIGNPOST_HELPLINE" not in codes(result)
    assert "DUTY_TO_NOTIFY" not in codes(result)


def test_indicator_describing_exploitation_makes_an_adult_a_potential_victim() -> None:
    result = run(person={"age": 40}, indicators=[PASSPORT_HELD])
    assert result["assessment"]["potential_victim"] is True
    assert result["assessment"]["potential_victim_basis"] == INDICATOR_BASIS
    assert "SEEK_INFORMED_CONSENT" in codes(result)


def test_single_warning_sign_for_an_adult_means_enquiries_not_a_referral() -> None:
    result = run(person={"age": 40}, indicators=[AVOIDS_EYE_CONTACT])
    assert result["assessment"]["potential_victim"] is False
    assert action(result, "FURTHER_ENQUIRIES")["who"] == "practitioner"
    assert "SEEK_INFORMED_CONSENT" not in codes(result)
    assert "REPORT_ADULT_AT_RISK" not in codes(result)


def test_adult_at_risk_meeting_all_three_parts_is_reported_to_the_local_authority() -> None:
    result = exploited_adult(
        None,
        {"organisation_type": "health_board"},
        adult={"care_and_support_needs": True, "unable_to_protect_self": True},
    )
    assert result["assessment"]["adult_at_risk"] is True
    assert "s128" in action(result, "REPORT_ADULT_AT_RISK")["legal_basis"]
    enquiries = action(result, "FURTHER_ENQUIRIES")
    assert (enquiries["who"], enquiries["due"]) == ("local_authority", "within 7 working days")
    assert action(result, "STRATEGY_DISCUSSION")["due"] == "within 7 working days"


@pytest.mark.parametrize(
    "adult",
    [
        {"care_and_support_needs": True, "unable_to_protect_self": False},
        {"care_and_support_needs": False, "unable_to_protect_self": True},
    ],
)
def test_adult_who_fails_a_part_of_the_test_is_not_an_adult_at_risk(
    adult: dict[str, bool],
) -> None:
    result = run(person={"age": 50}, indicators=[PAID_NOTHING], adult=adult)
    assert result["assessment"]["adult_at_risk"] is False
    assert "REPORT_ADULT_AT_RISK" not in codes(result)


def test_adult_with_care_needs_but_no_sign_of_abuse_is_not_an_adult_at_risk() -> None:
    result = run(
        person={"age": 50},
        indicators=[HOMELESS],
        adult={"care_and_support_needs": True, "unable_to_protect_self": True},
    )
    assert result["assessment"]["adult_at_risk"] is False


def test_access_refused_to_an_adult_who_may_be_at_risk_in_wales_means_considering_an_apso() -> None:
    result = run(
        person={"age": 45},
        indicators=[CANNOT_LEAVE],
        adult={"access_refused": True, "care_and_support_needs": True},
    )
    apso = action(result, "CONSIDER_APSO")
    assert apso["who"] == "local_authority"
    assert "s127" in apso["legal_basis"]
    assert action(result, "REPORT_ADULT_AT_RISK")["rule"] == "report-adult-access-refused"


def test_adult_at_risk_of_being_moved_on_is_reported_to_police_with_a_safety_plan() -> None:
    result = exploited_adult(True, {}, situation={"at_risk_of_going_missing": True})
    assert "CALL_999" not in codes(result)
    assert action(result, "POLICE_REPORT")["who"] == "practitioner"
    assert action(result, "SAFETY_PLAN")["who"] == "safeguarding_lead"


def test_immediate_danger_puts_call_999_first_for_an_adult() -> None:
    result = exploited_adult(None, {}, situation={"immediate_danger": True})
    first = result["actions"][0]
    assert (first["code"], first["priority"], first["due"]) == ("CALL_999", 1, "immediately")


# ---- Smuggling ----


def test_smuggled_adult_whose_arrangement_ended_on_arrival_is_not_referred_to_the_nrm() -> None:
    result = run(
        person={"age": 29},
        elements={"action": ["transportation"]},
        smuggling={"facilitated_border_crossing": True, "relationship_ended_on_arrival": True},
    )
    assert result["assessment"]["smuggling_not_trafficking"] is True
    assert result["assessment"]["potential_victim"] is False
    assert "NRM_REFERRAL" not in codes(result)
    assert action(result, "SIGNPOST_HELPLINE")["rule"] == "helpline-smuggling"
    assert "FURTHER_ENQUIRIES" in codes(result)


def test_smuggled_person_still_controlled_after_arrival_may_be_trafficked() -> None:
    result = run(
        person={"age": 29},
        indicators=[STILL_CONTROLLED_AFTER_SMUGGLING],
        smuggling={"facilitated_border_crossing": True, "relationship_ended_on_arrival": True},
    )
    assert result["assessment"]["smuggling_not_trafficking"] is False
    assert result["assessment"]["potential_victim"] is True


def test_smuggling_is_not_assumed_when_the_end_of_the_arrangement_is_unknown() -> None:
    result = run(person={"age": 29}, smuggling={"facilitated_border_crossing": True})
    assert result["assessment"]["smuggling_not_trafficking"] is False


# ---- Nothing recorded ----


@pytest.mark.parametrize("jurisdiction", ["wales", "england"])
@pytest.mark.parametrize("person", [{"age": 15}, {"age": 40}, {}])
def test_no_indicators_and_no_elements_means_further_enquiries_not_victimhood(
    jurisdiction: str, person: dict[str, int]
) -> None:
    result = run(jurisdiction, person=person, referrer={"organisation_type": "school"})
    assert result["assessment"]["potential_victim"] is False
    assert codes(result) == ["INFORM_SAFEGUARDING_LEAD", "RECORD_CONCERN", "FURTHER_ENQUIRIES"]


# ---- England ----


def test_england_child_is_referred_under_the_children_act_not_the_welsh_act() -> None:
    report = action(county_lines_child("england"), "REPORT_CHILD_AT_RISK")
    assert "Children Act 1989" in report["legal_basis"]
    assert "SSWB" not in report["legal_basis"]


def test_england_ictg_referral_depends_on_where_the_child_lives() -> None:
    result = county_lines_child("england")
    assert result["ruleset"] == "england-2026.2"
    assert "some areas of England" in action(result, "ICTA_REFERRAL")["why"]


def test_england_adult_at_risk_is_referred_under_care_act_s42() -> None:
    result = run(
        "england",
        person={"age": 60},
        indicators=[PAID_NOTHING],
        adult={"care_and_support_needs": True, "unable_to_protect_self": True},
    )
    assert "Care Act 2014 s42" in action(result, "REPORT_ADULT_AT_RISK")["legal_basis"]
    assert action(result, "FURTHER_ENQUIRIES")["due"] == "as soon as possible"


def test_england_has_no_apso_so_the_local_authority_discusses_other_routes() -> None:
    result = run(
        "england",
        person={"age": 45},
        indicators=[CANNOT_LEAVE],
        adult={"access_refused": True, "care_and_support_needs": True},
    )
    assert "CONSIDER_APSO" not in codes(result)
    discussion = action(result, "STRATEGY_DISCUSSION")
    assert discussion["rule"] == "strategy-discussion-adult-access-refused"
    assert "no adult protection order" in discussion["why"]


def test_england_support_comes_from_the_salvation_army_not_bawso() -> None:
    result = run(
        "england", person={"age": 30}, indicators=[PAID_NOTHING], adult={"consents_to_nrm": True}
    )
    support = action(result, "SUPPORT_REFERRAL")
    assert "Salvation Army" in support["why"]
    assert "Bawso" not in support["why"]


# ---- The contract's shape ----


def test_contract_example_case_gives_the_contract_output_shape() -> None:
    example = {
        "jurisdiction": "wales",
        "person": {"age": 15, "age_disputed": False},
        "situation": {
            "immediate_danger": False,
            "at_risk_of_going_missing": False,
            "missing_now": False,
        },
        "elements": {"action": ["recruitment"], "means": [], "purpose": ["criminal"]},
        "indicators": [DRUG_RUNNING],
        "smuggling": {"facilitated_border_crossing": False, "relationship_ended_on_arrival": False},
        "adult": {
            "consents_to_nrm": None,
            "care_and_support_needs": False,
            "unable_to_protect_self": False,
            "access_refused": False,
        },
        "referrer": {
            "organisation_type": "school",
            "first_responder": False,
            "s52_public_authority": False,
        },
    }
    result = evaluate(example)
    assert list(result) == ["ruleset", "assessment", "actions"]
    assert result["ruleset"] == "wales-2026.2"
    assert list(result["assessment"])[:5] == [
        "treated_as_child",
        "potential_victim",
        "definition_met",
        "exploitation_types",
        "smuggling_not_trafficking",
    ]
    for item in result["actions"]:
        assert list(item)[:7] == [
            "code",
            "priority",
            "due",
            "who",
            "legal_basis",
            "source",
            "why",
        ]


def test_actions_are_sorted_by_priority_then_how_soon_they_are_due_then_code_order() -> None:
    actions = county_lines_child(situation={"immediate_danger": True})["actions"]
    due_order = [label.en for label in load_vocabulary().due.values()]
    code_order = list(load_vocabulary().action_codes)
    keys = [
        (item["priority"], due_order.index(item["due"]), code_order.index(item["code"]))
        for item in actions
    ]
    assert keys == sorted(keys)


def test_evaluate_accepts_an_already_checked_case() -> None:
    raw = {"jurisdiction": "wales", "person": {"age": 15}, "indicators": [DRUG_RUNNING]}
    assert evaluate(parse_case(raw)) == evaluate(raw)


def test_changing_a_result_does_not_change_the_next_one() -> None:
    first = county_lines_child()
    first["actions"][0]["why"] = "changed"
    first["assessment"]["exploitation_types"].append("sexual")
    assert county_lines_child()["actions"][0]["why"] != "changed"
    assert county_lines_child()["assessment"]["exploitation_types"] == ["criminal"]
