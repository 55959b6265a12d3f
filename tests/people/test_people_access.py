from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from factories import OrganisationFactory, PersonFactory, UserFactory
from noddfa.accounts.models import Role, User
from noddfa.people.selectors import people_for

pytestmark = pytest.mark.django_db


def test_practitioner_sees_the_people_their_organisation_recorded(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    person = PersonFactory(organisation=practitioner.organisation, given_name="Arben")
    client = sign_in(practitioner)
    assert "Arben" in client.get("/people/").content.decode()
    assert "Arben" in client.get(f"/people/{person.pk}/").content.decode()


def test_another_organisations_person_is_not_found_and_nothing_of_them_shows(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    elsewhere = PersonFactory(given_name="Tesfay", family_name="Gebremedhin")
    client = sign_in(practitioner)
    detail = client.get(f"/people/{elsewhere.pk}/")
    assert detail.status_code == 404
    assert "Tesfay" not in detail.content.decode()
    assert "Gebremedhin" not in detail.content.decode()
    assert "Tesfay" not in client.get("/people/").content.decode()


def test_the_selector_itself_refuses_other_organisations(practitioner: User) -> None:
    PersonFactory()
    mine = PersonFactory(organisation=practitioner.organisation)
    assert list(people_for(practitioner)) == [mine]


@pytest.mark.parametrize("role", [Role.PARTNERSHIP_ANALYST, Role.SYSTEM_ADMIN])
def test_roles_without_casework_cannot_open_records(
    sign_in: Callable[[User], Client], role: str
) -> None:
    organisation = OrganisationFactory()
    user = UserFactory(organisation=organisation, role=role)
    person = PersonFactory(organisation=organisation, given_name="Ioana")
    client = sign_in(user)
    assert client.get("/people/").status_code == 403
    response = client.get(f"/people/{person.pk}/")
    assert response.status_code == 404
    assert "Ioana" not in response.content.decode()


def test_signed_out_visitor_is_sent_to_sign_in_and_the_address_carries_no_name(
    client: Client,
) -> None:
    person = PersonFactory(given_name="Blessing")
    response = client.get(f"/people/{person.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")
    assert "Blessing" not in response["Location"]


def test_deactivated_account_cannot_open_records(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    person = PersonFactory(organisation=practitioner.organisation)
    client = sign_in(practitioner)
    practitioner.is_active = False
    practitioner.save()
    assert client.get(f"/people/{person.pk}/").status_code in (302, 404)


def test_searching_by_name_keeps_the_name_out_of_the_address(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    PersonFactory(organisation=practitioner.organisation, given_name="Ioana", family_name="Popa")
    PersonFactory(organisation=practitioner.organisation, given_name="Kacper")
    client = sign_in(practitioner)
    page = client.get("/people/").content.decode()
    assert 'method="post"' in page
    found = client.post("/people/", {"q": "Pop"})
    assert found.status_code == 200
    assert "Ioana" in found.content.decode()
    assert "Kacper" not in found.content.decode()
