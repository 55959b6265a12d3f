from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from rest_framework.test import APIClient

from factories import PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import User
from noddfa.audit.models import AuditAction, AuditEvent
from noddfa.concerns.services import add_addendum

pytestmark = pytest.mark.django_db

ApiAs = Callable[[User], APIClient]


def test_search_finds_people_by_the_start_of_their_names_with_minimal_fields(
    api_as: ApiAs,
) -> None:
    practitioner = UserFactory()
    person = PersonFactory(
        organisation=practitioner.organisation,
        given_name="Lindita",
        family_name="Berisha",
        date_of_birth=date(2010, 4, 2),
        address="1 Stryd y Castell",
    )
    PersonFactory(organisation=practitioner.organisation, given_name="Other", family_name="Name")
    response = api_as(practitioner).post(
        "/api/v1/people/search/", {"text": "lind ber"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert response.json()["results"] == [
        {
            "id": str(person.pk),
            "given_name": "Lindita",
            "family_name": "Berisha",
            "date_of_birth": "2010-04-02",
            "organisation": practitioner.organisation.name,
        }
    ]
    assert "Castell" not in response.content.decode()


def test_the_list_is_paginated(api_as: ApiAs) -> None:
    practitioner = UserFactory()
    PersonFactory.create_batch(51, organisation=practitioner.organisation)
    first = api_as(practitioner).get("/api/v1/people/").json()
    assert first["count"] == 51
    assert len(first["results"]) == 50
    assert first["next"] is not None


def test_listing_people_is_audited_without_the_search_words(api_as: ApiAs) -> None:
    practitioner = UserFactory()
    api_as(practitioner).post("/api/v1/people/search/", {"text": "Berisha"}, format="json")
    event = AuditEvent.objects.get(actor=practitioner, action=AuditAction.VIEW)
    assert "Berisha" not in str(event.detail)


def test_reading_a_person_is_audited_as_a_view(api_as: ApiAs) -> None:
    practitioner = UserFactory()
    person = PersonFactory(organisation=practitioner.organisation, nationality="Vietnamese")
    response = api_as(practitioner).get(f"/api/v1/people/{person.pk}/")
    assert response.status_code == 200
    assert response.json()["nationality"] == "Vietnamese"
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, actor=practitioner, object_id=str(person.pk)
    ).exists()


def test_a_person_that_does_not_exist_is_not_found_as_problem_details(api_as: ApiAs) -> None:
    response = api_as(UserFactory()).get("/api/v1/people/00000000-0000-4000-8000-000000000000/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "Not found.",
    }


def test_the_chronology_comes_oldest_first_and_is_audited(api_as: ApiAs) -> None:
    practitioner = UserFactory()
    concern = make_concern(practitioner, account="First seen at the bus station.")
    add_addendum(practitioner, concern, reason="Correction", text="It was the train station.")
    response = api_as(practitioner).get(f"/api/v1/people/{concern.subject_id}/chronology/")
    assert response.status_code == 200
    body = response.json()
    assert body["person"] == str(concern.subject_id)
    assert [entry["kind"] for entry in body["entries"]] == ["concern", "addendum"]
    first = body["entries"][0]
    assert first["summary"] == "School gate: First seen at the bus station."
    assert first["by"] == practitioner.full_name
    assert first["concern_id"] == str(concern.pk)
    assert {"at", "kind", "organisation", "by", "summary", "concern_id"} == first.keys()
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, actor=practitioner, object_id=str(concern.subject_id)
    ).exists()
