from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from factories import UserFactory
from noddfa.accounts.models import Role, User

pytestmark = pytest.mark.django_db

ApiAs = Callable[[User], APIClient]
CASE = {
    "jurisdiction": "wales",
    "person": {"age": 15},
    "elements": {"action": ["recruitment"], "purpose": ["criminal"]},
}


def test_the_pathway_endpoint_answers_as_the_contract_says(api_as: ApiAs) -> None:
    response = api_as(UserFactory()).post("/api/v1/pathway", CASE, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["ruleset"].startswith("wales-")
    assert body["assessment"]["treated_as_child"] is True
    assert {"REPORT_CHILD_AT_RISK", "NRM_REFERRAL"} <= {a["code"] for a in body["actions"]}


def test_anyone_signed_in_may_ask_the_pathway_even_without_casework(api_as: ApiAs) -> None:
    analyst = UserFactory(role=Role.PARTNERSHIP_ANALYST)
    assert api_as(analyst).post("/api/v1/pathway", CASE, format="json").status_code == 200


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ({**CASE, "elements": {"purpose": ["Arben Krasniqi"]}}, "elements.purpose[0]"),
        ({**CASE, "jurisdiction": "scotland"}, "jurisdiction"),
        ({"person": {"age": 15}}, "jurisdiction"),
        ({**CASE, "nickname": "Ari"}, "nickname"),
        ({**CASE, "person": {"age": "fifteen"}}, "person.age"),
        (["not", "an", "object"], "case"),
    ],
)
def test_an_invalid_case_is_a_400_naming_the_field_and_never_the_value(
    api_as: ApiAs, case: object, field: str
) -> None:
    response = api_as(UserFactory()).post("/api/v1/pathway", case, format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["field"] == field
    assert problem["type"] == "/api/v1/problems/invalid-input"
    for value in ("Arben", "Krasniqi", "scotland", "Ari", "fifteen"):
        assert value not in problem["detail"]


def test_the_pathway_needs_a_token(api_as: ApiAs) -> None:
    response = APIClient().post("/api/v1/pathway", CASE, format="json")
    assert response.status_code == 401
    assert response.json()["title"] == "Unauthorized"


def test_a_field_given_twice_is_refused_not_read_as_the_last_value(api_as: ApiAs) -> None:
    body = '{"jurisdiction": "wales", "person": {"age": 15, "age": 30}}'
    response = api_as(UserFactory()).post("/api/v1/pathway", body, content_type="application/json")
    assert response.status_code == 400
    assert "more than once" in response.json()["detail"]


def test_a_number_too_long_to_read_is_a_400_that_does_not_echo_it(api_as: ApiAs) -> None:
    digits = "7" * 5000
    body = f'{{"jurisdiction": "wales", "person": {{"age": {digits}}}}}'
    response = api_as(UserFactory()).post("/api/v1/pathway", body, content_type="application/json")
    assert response.status_code == 400
    assert digits[:20] not in response.content.decode()
