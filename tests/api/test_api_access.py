"""No API answer leaks a person across organisations, and a sharing decision opens the door."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from factories import OrganisationFactory, PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import Role, User
from noddfa.concerns.models import Concern
from noddfa.people.services import share_with_organisation

pytestmark = pytest.mark.django_db

ApiAs = Callable[[User], APIClient]
GIVEN, FAMILY = "Esmeralda", "Vrapi"


@dataclass(frozen=True)
class Held:
    """A person held by one organisation, with a concern about them."""

    holder: User
    concern: Concern

    @property
    def person_id(self) -> str:
        return str(self.concern.subject_id)


@pytest.fixture
def held() -> Held:
    holder = UserFactory(role=Role.SAFEGUARDING_LEAD)
    person = PersonFactory(organisation=holder.organisation, given_name=GIVEN, family_name=FAMILY)
    return Held(holder, make_concern(holder, person, account=f"{GIVEN} {FAMILY} seemed scared."))


def _request(client: APIClient, endpoint: str, held: Held) -> tuple[int, str]:
    person, concern = held.person_id, held.concern.pk
    if endpoint == "person":
        response = client.get(f"/api/v1/people/{person}/")
    elif endpoint == "chronology":
        response = client.get(f"/api/v1/people/{person}/chronology/")
    elif endpoint == "concern":
        response = client.get(f"/api/v1/concerns/{concern}/")
    elif endpoint == "record concern":
        report = {
            "subject": person,
            "observed_at": "2026-03-02T08:45:00Z",
            "observed_where": "Clinic",
            "immediate_danger": "not_known",
            "account": "Seen again.",
        }
        response = client.post("/api/v1/concerns/", report, format="json")
    elif endpoint == "search":
        response = client.post("/api/v1/people/search/", {"text": FAMILY}, format="json")
    else:
        response = client.get("/api/v1/people/")
    return response.status_code, response.content.decode()


ENDPOINTS = ["person", "chronology", "concern", "record concern", "search", "list"]
OUTSIDER_STATUS = {"person": 404, "chronology": 404, "concern": 404, "record concern": 404}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(
    "role", [Role.PRACTITIONER, Role.SAFEGUARDING_LEAD, Role.ORGANISATION_ADMIN]
)
def test_an_unrelated_organisation_learns_nothing_about_the_person_from_any_endpoint(
    api_as: ApiAs, held: Held, endpoint: str, role: str
) -> None:
    outsider = UserFactory(role=role)
    status, body = _request(api_as(outsider), endpoint, held)
    expected = OUTSIDER_STATUS.get(endpoint, 200)
    if role == Role.ORGANISATION_ADMIN and endpoint in ("record concern", "search", "list"):
        # The role records nothing and reads no case (issue 17, item 7): refused before any lookup.
        expected = 403
    assert status == expected
    assert GIVEN not in body
    assert FAMILY not in body
    assert held.person_id not in body


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("role", [Role.PARTNERSHIP_ANALYST, Role.SYSTEM_ADMIN])
def test_roles_without_casework_get_no_records_even_in_their_own_organisation(
    api_as: ApiAs, held: Held, endpoint: str, role: str
) -> None:
    organisation = None if role == Role.SYSTEM_ADMIN else held.holder.organisation
    user = UserFactory(role=role, organisation=organisation)
    status, body = _request(api_as(user), endpoint, held)
    assert status in {403, 404}
    assert GIVEN not in body
    assert FAMILY not in body


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_the_holding_organisation_reaches_the_person_on_every_endpoint(
    api_as: ApiAs, held: Held, endpoint: str
) -> None:
    status, body = _request(api_as(held.holder), endpoint, held)
    assert status == (201 if endpoint == "record concern" else 200)
    if endpoint in {"person", "search", "list", "chronology"}:
        assert held.person_id in body


def test_an_organisation_that_joined_the_case_reads_the_person_and_chronology(
    api_as: ApiAs, held: Held
) -> None:
    council = OrganisationFactory(name="Cyngor Caerdydd")
    social_worker = UserFactory(organisation=council, role=Role.LA_SAFEGUARDING_TEAM)
    client = api_as(social_worker)
    assert client.get(f"/api/v1/people/{held.person_id}/").status_code == 404

    share_with_organisation(
        held.holder,
        held.concern.subject,
        organisation=council,
        reason="Strategy discussion about possible criminal exploitation.",
        lawful_basis="safeguarding",
    )

    person = client.get(f"/api/v1/people/{held.person_id}/")
    assert person.status_code == 200
    assert person.json()["family_name"] == FAMILY
    entries = client.get(f"/api/v1/people/{held.person_id}/chronology/").json()["entries"]
    kinds = [entry["kind"] for entry in entries]
    assert "concern" in kinds and "sharing" in kinds
    assert client.get(f"/api/v1/concerns/{held.concern.pk}/").status_code == 200
    found = client.post("/api/v1/people/search/", {"text": FAMILY}, format="json").json()["results"]
    assert [item["id"] for item in found] == [held.person_id]


def test_a_third_organisation_still_sees_nothing_after_sharing_with_another(
    api_as: ApiAs, held: Held
) -> None:
    share_with_organisation(
        held.holder,
        held.concern.subject,
        organisation=OrganisationFactory(),
        reason="Joint visit.",
        lawful_basis="safeguarding",
    )
    bystander = UserFactory(role=Role.LA_SAFEGUARDING_TEAM)
    status, body = _request(api_as(bystander), "chronology", held)
    assert status == 404
    assert FAMILY not in body
