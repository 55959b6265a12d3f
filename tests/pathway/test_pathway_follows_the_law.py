"""Issue 14: the pathway follows the law in every case.

One scenario per finding of the adversarial review, each named from the law or guidance it
follows, with the source in a comment. The engine is run through its public entry point.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from noddfa.pathway import evaluate
from noddfa.pathway.legal import MEANS_UNKNOWN_BASIS, SLAVERY_DEFINITION

Result = dict[str, Any]

CUCKOOING = "CTL-21"  # others have taken over their home to deal drugs (exploitation)
INSECURE_STATUS = "RSK-07"  # insecure immigration status (vulnerability)
NOT_AT_SCHOOL = "SCH-05"  # not enrolled at any school (vulnerability)
UNEXPLAINED_MONEY = "CSB-17"  # county lines sign
SECRETIVE_ABSENT = "CSB-18"  # county lines sign
GANG_SLANG = "CSB-19"  # county lines sign
FORCED_MARRIAGE_SIGN = "CTL-19"
AVOIDS_EYE_CONTACT = "PHY-12"
PAID_NOTHING = "CTL-05"


def run(jurisdiction: str = "wales", **sections: object) -> Result:
    return evaluate({"jurisdiction": jurisdiction, **sections})


def codes(result: Result) -> list[str]:
    return [action["code"] for action in result["actions"]]


def action(result: Result, code: str) -> dict[str, Any]:
    matches = [item for item in result["actions"] if item["code"] == code]
    assert len(matches) == 1, f"expected exactly one {code}, got {codes(result)}"
    return matches[0]


def questions(result: Result) -> list[str]:
    return [question["question"] for question in result["assessment"]["open_questions"]]


JURISDICTIONS = pytest.mark.parametrize("jurisdiction", ["wales", "england"])


# ---- 1. Modern slavery needs no movement (MSA 2015 s1; NRM and s52 cover slavery too) ----


@JURISDICTIONS
def test_adult_held_in_forced_labour_under_threat_is_a_victim_without_any_movement(
    jurisdiction: str,
) -> None:
    result = run(
        jurisdiction,
        person={"age": 38},
        elements={"means": ["threat"], "purpose": ["labour"]},
        adult={"consents_to_nrm": False},
        referrer={"organisation_type": "police"},
    )
    assessment = result["assessment"]
    assert assessment["potential_victim"] is True
    assert assessment["definition_met"] == SLAVERY_DEFINITION
    notify = action(result, "DUTY_TO_NOTIFY")
    assert notify["for_referrer"] is True
    assert notify["due"] != "if the person does not agree to an NRM referral"
    assert "NRM_REFERRAL" not in codes(result)


def test_domestic_servitude_of_an_adult_controlled_by_debt_needs_no_movement() -> None:
    result = run(
        person={"age": 51},
        elements={"means": ["abuse_of_vulnerability"], "purpose": ["domestic_servitude"]},
    )
    assert result["assessment"]["definition_met"] == SLAVERY_DEFINITION
    assert "SEEK_INFORMED_CONSENT" in codes(result)


def test_trafficking_is_named_when_movement_means_and_purpose_are_all_known() -> None:
    result = run(
        person={"age": 25},
        elements={"action": ["transportation"], "means": ["deception"], "purpose": ["sexual"]},
    )
    assert result["assessment"]["definition_met"] == "adult: action + means + purpose"


# ---- 2. Unknown is never "no" ----


def test_adult_moved_for_exploitation_whose_means_are_unknown_stays_a_possible_victim() -> None:
    result = run(
        person={"age": 30},
        elements={"action": ["recruitment", "transportation"], "purpose": ["labour"]},
        referrer={"organisation_type": "health_board"},
    )
    assessment = result["assessment"]
    assert assessment["potential_victim"] is True
    assert assessment["potential_victim_basis"] == MEANS_UNKNOWN_BASIS
    assert assessment["definition_met"] is None
    assert "means" in questions(result)
    assert "Nothing recorded so far shows exploitation" not in json.dumps(result)
    means = next(q for q in assessment["open_questions"] if q["question"] == "means")
    assert means["field"] == "elements.means"
    assert "not the same as it being absent" in means["why"]
    assert means["why_cy"] and means["why_cy"] != means["why"]
    assert "SEEK_INFORMED_CONSENT" in codes(result)


def test_movement_with_no_known_purpose_prompts_the_enquiry_that_would_settle_it() -> None:
    result = run(person={"age": 33}, elements={"action": ["transportation"]})
    assert result["assessment"]["potential_victim"] is False
    assert "purpose" in questions(result)
    assert action(result, "FURTHER_ENQUIRIES")["rule"] == "enquiries-purpose-unknown"
    assert "does not rule it out" in action(result, "FURTHER_ENQUIRIES")["why"]


def test_adult_victim_whose_consent_is_unknown_has_the_question_named() -> None:
    result = run(person={"age": 30}, indicators=[PAID_NOTHING])
    assert "consents_to_nrm" in questions(result)


# ---- 3. Reasonable cause to suspect is enough (SSWB(W)A 2014 s128; Care Act 2014 s42) ----


@JURISDICTIONS
def test_adult_with_care_needs_whose_home_is_taken_over_is_reported_on_suspicion(
    jurisdiction: str,
) -> None:
    result = run(
        jurisdiction,
        person={"age": 44},
        indicators=[CUCKOOING],
        adult={"care_and_support_needs": True},
        referrer={"organisation_type": "health_board"},
    )
    assert result["assessment"]["adult_at_risk"] is False
    assert result["assessment"]["adult_suspected_at_risk"] is True
    report = action(result, "REPORT_ADULT_AT_RISK")
    assert report["rule"] == "report-adult-suspected-at-risk"
    assert report["due"] == "immediately"
    assert "unable_to_protect_self" in questions(result)
    enquiries = action(result, "FURTHER_ENQUIRIES")
    assert enquiries["who"] == "local_authority"


def test_adult_victim_whose_care_needs_are_unknown_is_asked_about_them() -> None:
    result = run(person={"age": 44}, indicators=[CUCKOOING])
    assert "REPORT_ADULT_AT_RISK" not in codes(result)
    assert {"care_and_support_needs", "unable_to_protect_self"} <= set(questions(result))
    assert action(result, "FURTHER_ENQUIRIES")["rule"] == "enquiries-care-needs-unknown"


def test_adult_known_able_to_protect_themselves_is_not_reported_as_at_risk() -> None:
    result = run(
        person={"age": 44},
        indicators=[CUCKOOING],
        adult={"care_and_support_needs": True, "unable_to_protect_self": False},
    )
    assert "REPORT_ADULT_AT_RISK" not in codes(result)


# ---- 4. Consent can be withdrawn (NRM form; MSA 2015 s52(3)) ----


def test_withdrawn_consent_turns_an_adult_nrm_into_an_anonymous_duty_to_notify() -> None:
    adult_case = {
        "person": {"age": 27},
        "indicators": [PAID_NOTHING],
        "referrer": {"organisation_type": "la_adult_services"},
    }
    consented = run(**adult_case, adult={"consents_to_nrm": True})
    withdrawn = run(**adult_case, adult={"consents_to_nrm": False})
    assert "NRM_REFERRAL" in codes(consented)
    assert "DUTY_TO_NOTIFY" not in codes(consented)
    assert "NRM_REFERRAL" not in codes(withdrawn)
    assert action(withdrawn, "DUTY_TO_NOTIFY")["rule"] == "notify-adult-refuses-s52"
    assert "anonymous" in action(withdrawn, "DUTY_TO_NOTIFY")["why"]


# ---- 5. Duties are settled by law, not by a flag (MSA 2015 s52(5); NRM form FRO list) ----


def test_police_force_registered_with_false_flags_still_owns_the_duty_to_notify() -> None:
    result = run(
        person={"age": 38},
        indicators=[PAID_NOTHING],
        adult={"consents_to_nrm": False},
        referrer={
            "organisation_type": "police",
            "first_responder": False,
            "s52_public_authority": False,
        },
    )
    notify = action(result, "DUTY_TO_NOTIFY")
    assert notify["rule"] == "notify-adult-refuses-s52"
    assert notify["for_referrer"] is True


def test_school_wrongly_flagged_s52_is_not_told_it_must_notify() -> None:
    result = run(
        person={"age": 38},
        indicators=[PAID_NOTHING],
        adult={"consents_to_nrm": False},
        referrer={
            "organisation_type": "school",
            "first_responder": True,
            "s52_public_authority": True,
        },
    )
    notify = action(result, "DUTY_TO_NOTIFY")
    assert notify["for_referrer"] is False
    assert action(result, "SIGNPOST_HELPLINE")["rule"] == "helpline-adult-refuses"


@pytest.mark.parametrize(
    "organisation_type",
    ["british_transport_police", "national_crime_agency", "glaa", "home_office"],
)
def test_bodies_the_law_names_under_s52_notify_for_an_adult_who_refuses(
    organisation_type: str,
) -> None:
    result = run(
        person={"age": 30},
        indicators=[PAID_NOTHING],
        adult={"consents_to_nrm": False},
        referrer={"organisation_type": organisation_type},
    )
    assert action(result, "DUTY_TO_NOTIFY")["for_referrer"] is True


def test_first_responder_charity_can_refer_but_never_owns_the_duty_to_notify() -> None:
    referrer = {"organisation_type": "first_responder_charity", "s52_public_authority": True}
    consents = run(
        person={"age": 30},
        indicators=[PAID_NOTHING],
        adult={"consents_to_nrm": True},
        referrer=referrer,
    )
    refuses = run(
        person={"age": 30},
        indicators=[PAID_NOTHING],
        adult={"consents_to_nrm": False},
        referrer=referrer,
    )
    assert action(consents, "NRM_REFERRAL")["for_referrer"] is True
    assert action(refuses, "DUTY_TO_NOTIFY")["for_referrer"] is False


def test_a_flag_fills_only_what_the_law_leaves_open() -> None:
    charity = {"organisation_type": "third_sector", "first_responder": True}
    result = run(
        person={"age": 30},
        indicators=[PAID_NOTHING],
        adult={"consents_to_nrm": True},
        referrer=charity,
    )
    assert action(result, "NRM_REFERRAL")["for_referrer"] is True


# ---- 6. An s52 authority is told what a refusal means before it happens ----


@pytest.mark.parametrize("organisation_type", ["police", "la_adult_services"])
def test_s52_authority_is_told_a_duty_to_notify_follows_if_consent_is_not_given(
    organisation_type: str,
) -> None:
    result = run(
        person={"age": 30},
        indicators=[PAID_NOTHING],
        situation={"missing_now": True},
        referrer={"organisation_type": organisation_type},
    )
    notify = action(result, "DUTY_TO_NOTIFY")
    assert notify["rule"] == "notify-adult-consent-unknown-s52"
    assert notify["due"] == "if the person does not agree to an NRM referral"
    assert notify["for_referrer"] is True
    assert "missing" in notify["why"]
    assert "NRM_REFERRAL" not in codes(result)


# ---- 7. A child missing now comes first (WSP practice guide: police on 999) ----


@JURISDICTIONS
def test_child_missing_now_gets_999_and_a_police_report_at_the_top(jurisdiction: str) -> None:
    result = run(jurisdiction, person={"age": 14}, situation={"missing_now": True})
    assert codes(result)[:2] == ["CALL_999", "REPORT_MISSING"]
    assert action(result, "CALL_999")["rule"] == "call-999-missing-now"
    assert action(result, "REPORT_MISSING")["priority"] == 1


def test_adult_victim_missing_now_gets_999() -> None:
    result = run(person={"age": 30}, indicators=[PAID_NOTHING], situation={"missing_now": True})
    assert codes(result)[0] == "CALL_999"


# ---- 8. Order by urgency, not by alphabet ----


def test_report_of_a_child_at_risk_now_comes_before_telling_the_lead_today() -> None:
    result = run(person={"age": 15}, indicators=[AVOIDS_EYE_CONTACT])
    order = codes(result)
    assert order.index("REPORT_CHILD_AT_RISK") < order.index("INFORM_SAFEGUARDING_LEAD")


def test_lead_is_told_at_once_not_by_end_of_day_when_someone_is_in_danger() -> None:
    result = run(person={"age": 15}, situation={"immediate_danger": True})
    assert action(result, "INFORM_SAFEGUARDING_LEAD")["due"] == "immediately"
    calm = run(person={"age": 15}, indicators=[AVOIDS_EYE_CONTACT])
    assert action(calm, "INFORM_SAFEGUARDING_LEAD")["due"] == "today (the same working day)"


# ---- 9. The Wales procedures' clocks (WSP children C3) ----


def test_local_authority_decides_on_every_child_report_within_one_working_day() -> None:
    # In every case, including when the child is a potential victim.
    victim = run(
        person={"age": 15},
        elements={"action": ["recruitment"], "purpose": ["criminal"]},
    )
    enquiries = action(victim, "FURTHER_ENQUIRIES")
    assert (enquiries["who"], enquiries["due"]) == ("local_authority", "within 1 working day")
    assert "7 working days" in enquiries["why"]


def test_telephone_report_of_a_child_is_confirmed_in_writing_within_24_hours() -> None:
    report = action(
        run(person={"age": 15}, indicators=[AVOIDS_EYE_CONTACT]), "REPORT_CHILD_AT_RISK"
    )
    assert "in writing within 24 hours" in report["why"]


# ---- 10. "Age not recorded" is not "may be under 18" (MSA 2015 s51) ----


def test_adult_refusing_the_nrm_with_no_age_recorded_is_asked_their_age_not_overridden() -> None:
    result = run(
        indicators=[PAID_NOTHING],
        adult={"consents_to_nrm": False},
        referrer={"organisation_type": "police"},
    )
    assert result["assessment"]["treated_as_child"] is False
    assert result["assessment"]["age_uncertain"] is True
    assert "NRM_REFERRAL" not in codes(result)
    assert action(result, "DUTY_TO_NOTIFY")["rule"] == "notify-adult-refuses-s52"
    assert "age" in questions(result)
    assert "AGE_ASSESSMENT" not in codes(result)


def test_no_age_and_a_child_sign_keeps_the_child_route_whatever_adult_facts_say() -> None:
    result = run(indicators=[UNEXPLAINED_MONEY], adult={"consents_to_nrm": False})
    assert result["assessment"]["treated_as_child"] is True
    assert "AGE_ASSESSMENT" in codes(result)


# ---- 11. Proportion: a vulnerability alone (sources.md#ref-5) ----


@pytest.mark.parametrize("vulnerability", [INSECURE_STATUS, NOT_AT_SCHOOL])
def test_vulnerability_alone_prompts_enquiries_and_a_word_with_the_lead(vulnerability: str) -> None:
    result = run(person={"age": 13}, indicators=[vulnerability])
    assert "REPORT_CHILD_AT_RISK" not in codes(result)
    assert not any(
        item["due"] == "immediately"
        for item in result["actions"]
        if item["code"].startswith("REPORT")
    )
    assert action(result, "FURTHER_ENQUIRIES")["rule"] == "enquiries-vulnerability-only"
    assert "INFORM_SAFEGUARDING_LEAD" in codes(result)


# ---- 12. Illegal adoption and forced marriage (seed 002; sources.md#ref-2-4) ----


def test_mother_forced_to_give_up_her_baby_is_assessed_as_a_possible_victim() -> None:
    result = run(
        person={"age": 22},
        elements={"means": ["coercion"], "purpose": ["illegal_adoption"]},
        referrer={"organisation_type": "health_board"},
    )
    assert result["assessment"]["potential_victim"] is True
    assert "SEEK_INFORMED_CONSENT" in codes(result)
    assert action(result, "REPORT_CHILD_AT_RISK")["rule"] == "report-child-illegal-adoption"


def test_forced_marriage_alone_is_a_marker_with_its_own_route_not_a_full_purpose() -> None:
    result = run(person={"age": 24}, elements={"purpose": ["forced_marriage"]})
    assessment = result["assessment"]
    assert assessment["potential_victim"] is False
    assert assessment["exploitation_types"] == []
    assert assessment["markers"] == ["forced_marriage"]
    assert "forced_marriage_purpose" in questions(result)
    assert action(result, "SIGNPOST_HELPLINE")["rule"] == "helpline-forced-marriage"
    assert action(result, "FURTHER_ENQUIRIES")["rule"] == "enquiries-forced-marriage"


def test_forced_marriage_serving_domestic_servitude_is_read_as_that_exploitation() -> None:
    result = run(
        person={"age": 24},
        elements={"means": ["force"], "purpose": ["forced_marriage", "domestic_servitude"]},
    )
    assert result["assessment"]["exploitation_types"] == ["domestic_servitude"]
    assert result["assessment"]["definition_met"] == SLAVERY_DEFINITION
    assert action(result, "SIGNPOST_HELPLINE")["rule"] == "helpline-forced-marriage"


def test_child_at_risk_of_forced_marriage_is_reported_to_police_and_social_services() -> None:
    result = run(person={"age": 15}, indicators=[FORCED_MARRIAGE_SIGN])
    assert {"REPORT_CHILD_AT_RISK", "POLICE_REPORT", "STRATEGY_DISCUSSION"} <= set(codes(result))


# ---- 13. ICTG in Wales: who refers (NRM form: the first responder; WSP: the local authority) ----


def test_police_making_the_nrm_referral_is_asked_to_refer_to_the_ictg_too() -> None:
    result = run(
        person={"age": 15},
        elements={"action": ["recruitment"], "purpose": ["criminal"]},
        referrer={"organisation_type": "police"},
    )
    ictg = action(result, "ICTA_REFERRAL")
    assert ictg["rule"] == "ictg-child-first-responder"
    assert ictg["for_referrer"] is True
    assert "social services" in ictg["why"]


def test_local_authority_makes_sure_the_ictg_referral_is_made() -> None:
    result = run(
        person={"age": 15},
        elements={"action": ["recruitment"], "purpose": ["criminal"]},
        referrer={"organisation_type": "la_childrens_services"},
    )
    ictg = action(result, "ICTA_REFERRAL")
    assert ictg["rule"] == "ictg-child"
    assert ictg["for_referrer"] is True


def test_school_sees_the_ictg_referral_as_someone_elses() -> None:
    result = run(
        person={"age": 15},
        elements={"action": ["recruitment"], "purpose": ["criminal"]},
        referrer={"organisation_type": "school"},
    )
    assert action(result, "ICTA_REFERRAL")["for_referrer"] is False


# ---- 14. Several county-lines signs (sources.md#ref-5: combinations) ----


@JURISDICTIONS
def test_child_with_several_county_lines_signs_gets_the_police_and_a_strategy_discussion(
    jurisdiction: str,
) -> None:
    result = run(
        jurisdiction,
        person={"age": 14},
        indicators=[UNEXPLAINED_MONEY, SECRETIVE_ABSENT, GANG_SLANG],
    )
    assert result["assessment"]["potential_victim"] is False
    assert {"REPORT_CHILD_AT_RISK", "POLICE_REPORT", "STRATEGY_DISCUSSION"} <= set(codes(result))


def test_one_sign_alone_gets_a_report_but_not_yet_a_strategy_discussion() -> None:
    result = run(person={"age": 14}, indicators=[GANG_SLANG])
    assert "REPORT_CHILD_AT_RISK" in codes(result)
    assert "STRATEGY_DISCUSSION" not in codes(result)
