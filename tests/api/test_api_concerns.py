from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from factories import PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import Role, User
from noddfa.api.models import IdempotencyKey
from noddfa.audit.models import AuditAction, AuditEvent
from noddfa.concerns.models import Concern
from noddfa.concerns.services import record_outcome
from noddfa.people.models import Person

pytestmark = pytest.mark.django_db

ApiAs = Callable[[User], APIClient]


def _child(by: User) -> Person:
    return PersonFactory(
        organisation=by.organisation, given_name="Dritan", family_name="Hoxha", approximate_age=15
    )


def _report(subject: Person, **changes: Any) -> dict[str, Any]:
    report: dict[str, Any] = {
        "subject": str(subject.pk),
        "observed_at": "2026-03-02T08:45:00Z",
        "observed_where": "School gate",
        "immediate_danger": "no",
        "account": "Dropped off by a different adult in a car every morning; new phone.",
        "quotes": ["I owe them for the trainers."],
        "facts": {"action": ["recruitment"], "purpose": ["criminal"]},
    }
    report.update(changes)
    return report


def test_other_system_records_a_concern_and_gets_the_pathway_back(api_as: ApiAs) -> None:
    practitioner = UserFactory()
    child = _child(practitioner)
    response = api_as(practitioner).post("/api/v1/concerns/", _report(child), format="json")
    assert response.status_code == 201, response.content
    codes = {action["code"] for action in response.json()["pathway_result"]["actions"]}
    assert {"REPORT_CHILD_AT_RISK", "NRM_REFERRAL"} <= codes
    concern = Concern.objects.get(pk=response.json()["id"])
    assert concern.subject == child and concern.recorded_by == practitioner
    assert concern.quotes == ["I owe them for the trainers."]
    assert response["Location"] == f"/api/v1/concerns/{concern.pk}/"
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(concern.pk)).exists()


def test_repeating_a_post_with_the_same_idempotency_key_returns_the_first_concern(
    api_as: ApiAs,
) -> None:
    practitioner = UserFactory()
    client = api_as(practitioner)
    report = _report(_child(practitioner))
    first = client.post("/api/v1/concerns/", report, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post("/api/v1/concerns/", report, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert again["Idempotent-Replayed"] == "true"
    assert Concern.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1


def test_a_new_idempotency_key_records_a_new_concern(api_as: ApiAs) -> None:
    practitioner = UserFactory()
    client = api_as(practitioner)
    report = _report(_child(practitioner))
    client.post("/api/v1/concerns/", report, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    client.post("/api/v1/concerns/", report, format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    assert Concern.objects.count() == 2


def test_an_idempotency_key_reused_for_a_different_concern_is_refused(api_as: ApiAs) -> None:
    practitioner = UserFactory()
    client = api_as(practitioner)
    child = _child(practitioner)
    client.post("/api/v1/concerns/", _report(child), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    other = _report(child, account="Another day, another car.")
    response = client.post("/api/v1/concerns/", other, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert response.status_code == 422
    assert response.json()["field"] == "Idempotency-Key"
    assert Concern.objects.count() == 1


def test_another_users_idempotency_key_does_not_answer_for_them(api_as: ApiAs) -> None:
    practitioner = UserFactory()
    colleague = UserFactory(organisation=practitioner.organisation)
    report = _report(_child(practitioner))
    api_as(practitioner).post("/api/v1/concerns/", report, format="json", HTTP_IDEMPOTENCY_KEY="k")
    api_as(colleague).post("/api/v1/concerns/", report, format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert Concern.objects.count() == 2


@pytest.mark.parametrize(
    ("facts", "field"),
    [
        ({"purpose": ["criminal", "bogus"]}, "facts.purpose[1]"),
        ({"action": ["kidnap"]}, "facts.action[0]"),
        ({"indicators": ["NOT-AN-INDICATOR"]}, "facts.indicators[0]"),
        ({"jurisdiction": "narnia"}, "facts.jurisdiction"),
        ({"favourite_colour": "blue"}, "facts.favourite_colour"),
    ],
)
def test_an_unknown_code_is_refused_naming_the_field(
    api_as: ApiAs, facts: dict[str, Any], field: str
) -> None:
    practitioner = UserFactory()
    report = _report(_child(practitioner), facts=facts)
    response = api_as(practitioner).post("/api/v1/concerns/", report, format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["field"] == field
    assert {"type", "title", "status", "detail"} <= problem.keys()
    assert problem["status"] == 400
    assert Concern.objects.count() == 0


def test_invalid_input_is_reported_without_echoing_what_was_sent(api_as: ApiAs) -> None:
    practitioner = UserFactory()
    report = _report(
        _child(practitioner), immediate_danger="Mirela Krasniqi", observed_at="Mirela Krasniqi"
    )
    response = api_as(practitioner).post("/api/v1/concerns/", report, format="json")
    assert response.status_code == 400
    assert "Mirela" not in response.content.decode()
    fields = {error["field"] for error in response.json()["errors"]}
    assert {"immediate_danger", "observed_at"} <= fields


def test_missing_fields_are_named(api_as: ApiAs) -> None:
    practitioner = UserFactory()
    response = api_as(practitioner).post(
        "/api/v1/concerns/", {"subject": str(_child(practitioner).pk)}, format="json"
    )
    assert response.status_code == 400
    fields = {error["field"] for error in response.json()["errors"]}
    assert {"observed_at", "observed_where", "immediate_danger", "account"} <= fields


def test_a_body_that_is_not_json_is_a_problem_not_a_crash(api_as: ApiAs) -> None:
    response = api_as(UserFactory()).post(
        "/api/v1/concerns/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "The request body is not valid JSON."


def test_a_concern_is_read_with_its_actions_and_latest_outcomes(api_as: ApiAs) -> None:
    practitioner = UserFactory()
    concern = make_concern(practitioner, _child(practitioner), action=["recruitment"])
    action = concern.actions.get(code="INFORM_SAFEGUARDING_LEAD")
    record_outcome(practitioner, action, status="done", happened_at=timezone.now())
    response = api_as(practitioner).get(f"/api/v1/concerns/{concern.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(concern.pk)
    actions = {item["code"]: item for item in body["actions"]}
    assert actions["INFORM_SAFEGUARDING_LEAD"]["latest_outcome"]["status"] == "done"
    # Recording the concern is itself the evidence that "record the concern" is done.
    assert actions["RECORD_CONCERN"]["latest_outcome"]["status"] == "done"
    assert all(
        item["latest_outcome"] is None
        for code, item in actions.items()
        if code not in ("INFORM_SAFEGUARDING_LEAD", "RECORD_CONCERN")
    )
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, actor=practitioner, object_id=str(concern.pk)
    ).exists()


def test_a_practitioner_may_record_only_about_people_they_can_see(api_as: ApiAs) -> None:
    practitioner = UserFactory()
    elsewhere = PersonFactory(given_name="Nadia", family_name="Rahimi")
    response = api_as(practitioner).post("/api/v1/concerns/", _report(elsewhere), format="json")
    assert response.status_code == 404
    assert response.json()["field"] == "subject"
    assert "Nadia" not in response.content.decode()
    assert Concern.objects.count() == 0


@pytest.mark.parametrize(
    "role", [Role.PARTNERSHIP_ANALYST, Role.SYSTEM_ADMIN, Role.ORGANISATION_ADMIN]
)
def test_roles_that_do_not_record_concerns_are_refused(api_as: ApiAs, role: str) -> None:
    user = UserFactory(role=role)
    subject = PersonFactory(organisation=user.organisation)
    response = api_as(user).post("/api/v1/concerns/", _report(subject), format="json")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert Concern.objects.count() == 0


def test_without_a_token_the_api_answers_401(api_as: ApiAs) -> None:
    subject = PersonFactory()
    response = APIClient().post("/api/v1/concerns/", _report(subject), format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["status"] == 401


def test_a_wrong_token_is_refused_with_401(api_as: ApiAs) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    response = client.get("/api/v1/people/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_a_deactivated_users_token_stops_working(api_as: ApiAs) -> None:
    practitioner = UserFactory()
    client = api_as(practitioner)
    practitioner.is_active = False
    practitioner.save()
    assert client.get("/api/v1/people/").status_code == 401
