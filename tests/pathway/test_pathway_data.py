"""The packaged catalogue, vocabularies and rule sets are complete and consistent."""

from __future__ import annotations

import re

import pytest

from noddfa.pathway import (
    FACTS,
    Indicator,
    Rule,
    UnknownRuleset,
    available_rulesets,
    load_catalogue,
    load_ruleset,
    load_vocabulary,
    ruleset_for,
)
from noddfa.pathway.datafile import DataError
from noddfa.pathway.ruleset import _rule

# The closed action vocabulary as written in the pathway contract (DESIGN.md).
CONTRACT_ACTION_CODES = {
    "CALL_999",
    "INFORM_SAFEGUARDING_LEAD",
    "REPORT_CHILD_AT_RISK",
    "REPORT_ADULT_AT_RISK",
    "NRM_REFERRAL",
    "SEEK_INFORMED_CONSENT",
    "DUTY_TO_NOTIFY",
    "ICTA_REFERRAL",
    "POLICE_REPORT",
    "REPORT_MISSING",
    "AGE_ASSESSMENT",
    "SAFETY_PLAN",
    "TRANSITION_PLAN",
    "SUPPORT_REFERRAL",
    "SIGNPOST_HELPLINE",
    "FURTHER_ENQUIRIES",
    "RECORD_CONCERN",
    "STRATEGY_DISCUSSION",
    "CONSIDER_APSO",
}
CONTRACT_PURPOSES = [
    "sexual",
    "criminal",
    "labour",
    "domestic_servitude",
    "organ_removal",
    "financial",
    "forced_marriage",
    "illegal_adoption",
]
CONTRACT_ORGANISATION_TYPES = {
    "school",
    "further_education",
    "health_board",
    "hospital",
    "police",
    "la_childrens_services",
    "la_adult_services",
    "youth_justice",
    "housing",
    "third_sector",
    "business",
    "other",
    # Added in 2026.2: the bodies the law names as first responders or s52 authorities.
    "british_transport_police",
    "national_crime_agency",
    "glaa",
    "home_office",
    "fair_work_agency",
    "first_responder_charity",
}
CONTRACT_WHO = {
    "anyone",
    "practitioner",
    "safeguarding_lead",
    "first_responder_organisation",
    "s52_public_authority",
    "local_authority",
    "police",
}
# Checkbox codes of the Home Office NRM form (sources.md#ref-2-1).
NRM_FORM_CODES = {
    "LABOUR_FORCED_WORK",
    "LABOUR_WAGES_TAKEN",
    "FINANCIAL_FRAUD",
    "SEXUAL_PROSTITUTION",
    "SEXUAL_CSE",
    "SEXUAL_HELD_ASSAULTED",
    "CRIMINAL",
    "ORGAN_REMOVAL",
    "DOMESTIC_SERVITUDE",
    "OTHER",
}
CATEGORY_PREFIXES = {
    "says_and_behaves": "CSB",
    "physical": "PHY",
    "movement": "MOV",
    "exploitation_and_control": "CTL",
    "documentation": "DOC",
    "further_risk": "RSK",
    "health_settings": "HLT",
    "education_school_registration": "SCH",
}

CATALOGUE = load_catalogue()
VOCABULARY = load_vocabulary()
RULESETS = [load_ruleset(name) for name in available_rulesets()]
ALL_RULES = [(ruleset.name, rule) for ruleset in RULESETS for rule in ruleset.rules]


# ---- Catalogue ----


def test_catalogue_has_at_least_80_indicators_with_unique_ids() -> None:
    ids = [indicator.id for indicator in CATALOGUE.indicators]
    assert len(ids) >= 80
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("indicator", CATALOGUE.indicators, ids=lambda item: item.id)
def test_every_indicator_is_complete_in_both_languages(indicator: Indicator) -> None:
    assert re.fullmatch(r"[A-Z]{3}-\d{2}", indicator.id)
    assert indicator.id.startswith(CATEGORY_PREFIXES[indicator.category])
    assert indicator.text_en.strip() and indicator.text_cy.strip()
    assert indicator.text_cy != indicator.text_en
    assert bool(indicator.help_en) == bool(indicator.help_cy)
    assert indicator.source in CATALOGUE.sources
    assert indicator.kind in CATALOGUE.kinds
    assert indicator.audience in {"child", "adult", "both"}
    assert set(indicator.exploitation_types) <= set(CATALOGUE.exploitation_types)


def test_every_category_of_the_wales_practice_guide_has_indicators() -> None:
    assert set(CATALOGUE.categories) == set(CATEGORY_PREFIXES)
    used = {indicator.category for indicator in CATALOGUE.indicators}
    assert used == set(CATEGORY_PREFIXES)
    for category in CATALOGUE.categories.values():
        assert category.en and category.cy and category.en != category.cy


def test_every_exploitation_type_is_represented_by_some_indicator() -> None:
    used = {
        CATALOGUE.exploitation_types[code].top_level
        for indicator in CATALOGUE.indicators
        for code in indicator.exploitation_types
    }
    assert used == set(CONTRACT_PURPOSES)


def test_exploitation_types_are_the_contract_purposes_with_criminal_subtypes() -> None:
    assert list(CATALOGUE.purposes) == CONTRACT_PURPOSES
    subtypes = {
        code: kind.parent for code, kind in CATALOGUE.exploitation_types.items() if kind.parent
    }
    assert subtypes == dict.fromkeys(
        ["county_lines", "cannabis_cultivation", "begging", "pickpocketing", "theft", "fraud"],
        "criminal",
    )


def test_every_exploitation_type_maps_to_the_nrm_form() -> None:
    for kind in CATALOGUE.exploitation_types.values():
        assert kind.label.en and kind.label.cy
        assert kind.nrm_form.options
        assert set(kind.nrm_form.options) <= NRM_FORM_CODES
    assert CATALOGUE.exploitation_types["county_lines"].nrm_form.county_lines_flag
    assert not CATALOGUE.exploitation_types["criminal"].nrm_form.county_lines_flag


# ---- Vocabulary ----


def test_vocabularies_match_the_contract() -> None:
    assert set(VOCABULARY.action_codes) == CONTRACT_ACTION_CODES
    assert set(VOCABULARY.organisation_types) == CONTRACT_ORGANISATION_TYPES
    assert set(VOCABULARY.who) == CONTRACT_WHO
    assert set(VOCABULARY.elements["action"]) == {
        "recruitment",
        "transportation",
        "transfer",
        "harbouring",
        "receipt",
    }
    assert len(VOCABULARY.elements["means"]) == 9
    for labels in [VOCABULARY.action_codes, VOCABULARY.who, VOCABULARY.due]:
        for label in labels.values():
            assert label.en and label.cy and label.en != label.cy


def test_police_and_councils_are_first_responders_under_s52_and_schools_are_not() -> None:
    types = VOCABULARY.organisation_types
    assert types["police"].first_responder and types["police"].s52_public_authority
    assert types["la_adult_services"].s52_public_authority
    assert types["school"].first_responder is False
    assert types["health_board"].s52_public_authority is False


# ---- Rule sets ----


def test_wales_and_england_rule_sets_are_packaged_and_chosen_by_jurisdiction() -> None:
    assert available_rulesets() == ("england-2026.2", "wales-2026.2")
    assert ruleset_for("wales").name == "wales-2026.2"
    assert ruleset_for("england").name == "england-2026.2"
    assert load_ruleset("wales-2026.2") is load_ruleset("wales-2026.2")
    for ruleset in RULESETS:
        assert ruleset.version == "2026.2"
        assert ruleset.name == f"{ruleset.jurisdiction}-{ruleset.version}"


def test_unknown_rule_set_is_refused() -> None:
    with pytest.raises(UnknownRuleset):
        load_ruleset("scotland-2026.1")


@pytest.mark.parametrize(("ruleset", "rule"), ALL_RULES, ids=lambda item: getattr(item, "id", item))
def test_every_rule_is_a_contract_action_with_its_source_and_reasons(
    ruleset: str, rule: Rule
) -> None:
    assert rule.code in CONTRACT_ACTION_CODES
    assert rule.who in CONTRACT_WHO
    assert rule.source.strip() and rule.legal_basis.strip()
    # The law's reason in Welsh for a Welsh reader (issue 19), and every part of a document too.
    assert rule.legal_basis_cy.strip() and rule.legal_basis_cy != rule.legal_basis
    assert all(ref.part_cy and ref.part_cy != ref.part for ref in rule.references if ref.part)
    assert rule.why_en.strip() and rule.why_cy.strip() and rule.why_cy != rule.why_en
    assert rule.condition_en.strip() and rule.condition_cy.strip()
    assert set(rule.when) | set(rule.unless) | set(rule.when_any) <= set(FACTS)
    # Priority 1 belongs to calling 999 and to reporting someone missing now (issue 14, item 7);
    # the code order puts 999 first among them.
    assert (rule.priority == 1) == (rule.code in {"CALL_999", "REPORT_MISSING"})


def test_england_has_no_apso_and_wales_does() -> None:
    codes = {ruleset.name: {rule.code for rule in ruleset.rules} for ruleset in RULESETS}
    assert "CONSIDER_APSO" in codes["wales-2026.2"]
    assert "CONSIDER_APSO" not in codes["england-2026.2"]


def test_wales_uses_the_welsh_act_and_england_does_not() -> None:
    for ruleset in RULESETS:
        bases = " ".join(rule.legal_basis for rule in ruleset.rules)
        assert ("SSWB(W)A 2014" in bases) is (ruleset.jurisdiction == "wales")


def test_a_malformed_rule_is_refused_at_load() -> None:
    good: dict[str, object] = {
        "id": "x",
        "code": "CALL_999",
        "priority": 1,
        "due": "immediately",
        "who": "anyone",
        "legal_basis": "basis",
        "legal_basis_cy": "sail",
        "source": [{"document": "DOC"}],
        "why_en": "why",
        "why_cy": "pam",
        "condition_en": "when",
        "condition_cy": "pryd",
        "confidence": "verified",
    }
    assert _rule(good, "test", VOCABULARY, {"DOC": "A document"}).code == "CALL_999"
    changes: list[dict[str, object]] = [
        {"code": "PRAY"},
        {"when": ["feeling_worried"]},
        {"who": "neighbour"},
        {"priority": 0},
        {"source": []},
        {"why_cy": ""},
        {"legal_basis_cy": None},
        {"legal_basis_cy": ""},
        {"source": [{"document": "DOC", "part": "s52"}]},
        {"source": [{"document": "DOC", "part_cy": "adran 52"}]},
        {"confidence": "sure"},
    ]
    for change in changes:
        with pytest.raises(DataError):
            _rule({**good, **change}, "test", VOCABULARY, {"DOC": "A document"})


def test_open_questions_come_in_the_vocabulary_order() -> None:
    from noddfa.pathway import evaluate

    order = list(VOCABULARY.open_questions)
    result = evaluate(
        {
            "jurisdiction": "wales",
            "elements": {"purpose": ["forced_marriage"]},
            "indicators": ["PHY-12"],
            "adult": {"consents_to_nrm": False},
        }
    )
    asked = [question["question"] for question in result["assessment"]["open_questions"]]
    assert asked == sorted(asked, key=order.index)
    assert asked[0] == "immediate_danger", "danger comes first"
    assert len(asked) == 5


def test_a_rules_source_gives_its_parts_in_welsh_and_keeps_the_documents_title() -> None:
    rule = _rule(
        {
            "id": "x",
            "code": "DUTY_TO_NOTIFY",
            "priority": 3,
            "due": "immediately",
            "who": "anyone",
            "legal_basis": "Modern Slavery Act 2015 s52 (duty to notify)",
            "legal_basis_cy": "Deddf Caethwasiaeth Fodern 2015 adran 52 (y ddyletswydd i hysbysu)",
            "source": [
                {"document": "MSA", "part": "s52", "part_cy": "adran 52"},
                {"document": "NRM"},
            ],
            "why_en": "why",
            "why_cy": "pam",
            "condition_en": "when",
            "condition_cy": "pryd",
            "confidence": "verified",
        },
        "test",
        VOCABULARY,
        {"MSA": "Modern Slavery Act 2015", "NRM": "Home Office NRM service"},
    )
    assert rule.source == "Modern Slavery Act 2015, s52; Home Office NRM service"
    assert rule.source_cy == "Modern Slavery Act 2015, adran 52; Home Office NRM service"
    action = rule.action(0)
    assert str(action["legal_basis_cy"]).startswith("Deddf Caethwasiaeth Fodern 2015")
    assert action["references"] == [
        {"document": "Modern Slavery Act 2015", "part": "s52", "part_cy": "adran 52"},
        {"document": "Home Office NRM service", "part": "", "part_cy": ""},
    ]


def test_every_open_question_asks_in_words_in_both_languages() -> None:
    for question in VOCABULARY.open_questions.values():
        assert question.asks.en.endswith("?") and question.asks.cy.endswith("?")
        assert "." not in question.asks.en and "_" not in question.asks.en
