from __future__ import annotations

import pytest
from django.test import Client

from noddfa.pathway import load_ruleset

pytestmark = pytest.mark.django_db


def test_anyone_can_read_every_rule_of_the_wales_rule_set_with_its_source(client: Client) -> None:
    response = client.get("/how-noddfa-decides/")
    assert response.status_code == 200
    body = response.content.decode()
    ruleset = load_ruleset("wales-2026.2")
    assert "wales-2026.2" in body
    assert f"{len(ruleset.rules)} rules" in body
    for rule in ruleset.rules:
        assert rule.code in body
    assert "Social Services and Well-being (Wales) Act 2014" in body
    assert "Call 999" in body


def test_the_england_rule_set_is_shown_when_chosen(client: Client) -> None:
    body = client.get("/how-noddfa-decides/", {"ruleset": "england-2026.2"}).content.decode()
    assert '<strong aria-current="page">england-2026.2</strong>' in body
    assert "CONSIDER_APSO" not in body


def test_a_welsh_reader_gets_the_rules_in_welsh(client: Client) -> None:
    client.cookies["django_language"] = "cy"
    body = client.get("/how-noddfa-decides/").content.decode()
    rule = load_ruleset("wales-2026.2").rules[0]
    assert "Sut mae Noddfa’n penderfynu" in body
    assert rule.why_cy.split(";")[0] in body.replace("&#x27;", "'")


def test_an_unknown_rule_set_is_not_found(client: Client) -> None:
    assert client.get("/how-noddfa-decides/", {"ruleset": "mars-3000"}).status_code == 404


def test_the_page_says_what_is_asked_when_a_fact_is_not_known_and_who_holds_which_duty(
    client: Client,
) -> None:
    body = client.get("/how-noddfa-decides/").content.decode().replace("&#x27;", "'")
    assert "When a fact is not known" in body
    # The question in words, not the case field's code (issue 19).
    assert "How was the person recruited, moved or kept?" in body
    assert "elements.means" not in body
    assert "not the same as it being absent" in body
    assert "Who holds which duty" in body
    assert "British Transport Police" in body
    assert "Always" in body and "Never" in body and "Depends" in body
    # Most urgent first: the 999 rules head the table, before the first report.
    assert body.index("CALL_999") < body.index("REPORT_CHILD_AT_RISK")


def test_a_welsh_reader_gets_the_open_questions_and_duties_in_welsh(client: Client) -> None:
    client.cookies["django_language"] = "cy"
    body = client.get("/how-noddfa-decides/").content.decode().replace("&#x27;", "'")
    assert "Pan nad yw ffaith yn hysbys" in body
    assert "Pwy sydd â pha ddyletswydd" in body
    assert "Heddlu Trafnidiaeth Prydain" in body
    assert "nad yw'r un peth â'i fod yn absennol" in body


def test_a_welsh_reader_gets_each_rules_legal_basis_in_welsh_beside_the_documents_title(
    client: Client,
) -> None:
    client.cookies["django_language"] = "cy"
    body = client.get("/how-noddfa-decides/?ruleset=wales-2026.2").content.decode()
    body = body.replace("&#x27;", "'")
    assert "Gweithdrefnau Diogelu Cymru (penderfyniad ar bob adroddiad)" in body
    assert '<p class="govuk-body govuk-!-margin-bottom-1" lang="cy">' in body
    # The document keeps its own title, marked English; its part is in Welsh.
    assert '<cite lang="en">Modern Slavery Act 2015</cite>: adran 52' in body
    assert "SSWB(W)A 2014 Part 7" not in body
    assert "A oes gan yr oedolyn anghenion gofal a chymorth?" in body
    assert "adult.care_and_support_needs" not in body
