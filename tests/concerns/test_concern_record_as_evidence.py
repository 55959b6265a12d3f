from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.urls import get_resolver
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from factories import PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import Role, User
from noddfa.api.models import Scope
from noddfa.api.services import issue_token
from noddfa.concerns.services import assign_action
from noddfa.people.match_keys import person_record
from noddfa.people.match_suggestions import check_held_elsewhere
from noddfa.people.models import Person

pytestmark = pytest.mark.django_db


def checked(user: User, person: Person) -> None:
    """The held-elsewhere check, as made for the person of a concern being written: a page
    about the person shows only what a check already answered (issue 17, item 2)."""
    account = "She said a man waits for her outside the gates and takes her phone away."
    check_held_elsewhere(user, person_record(person), account=account, subject=person)


def test_no_address_exists_to_edit_or_delete_a_submitted_concern() -> None:
    names = [
        name for name in get_resolver("noddfa.concerns.urls").reverse_dict if isinstance(name, str)
    ]
    assert "detail" in names
    assert not [n for n in names if any(w in n for w in ("edit", "delete", "update", "change"))]


def test_the_api_refuses_to_change_or_delete_a_concern() -> None:
    practitioner = UserFactory()
    concern = make_concern(practitioner)
    client = APIClient()
    # Only a user with a second factor may hold a token, read-only unless widened (issue 17).
    TOTPDevice.objects.create(user=practitioner, name="app", confirmed=True)
    key, _ = issue_token(practitioner, scope=Scope.READ_WRITE)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    for method in ("put", "patch", "delete"):
        response = getattr(client, method)(f"/api/v1/concerns/{concern.pk}/", {}, format="json")
        assert response.status_code == 405
    concern.refresh_from_db()
    assert concern.account


def test_a_person_held_elsewhere_shows_only_that_they_are_known_to_other_agencies(
    sign_in: Callable[[User], Client],
) -> None:
    police = UserFactory(full_name="Officer Elsewhere")
    theirs = PersonFactory(
        organisation=police.organisation,
        given_name="Arben",
        family_name="Hoxha",
        date_of_birth=date(2008, 6, 21),
    )
    make_concern(police, theirs, account="Found at a cannabis farm in Newport.")
    practitioner = UserFactory()
    mine = PersonFactory(
        organisation=practitioner.organisation,
        given_name="Arben",
        family_name="Hoxha",
        date_of_birth=date(2008, 6, 21),
    )
    checked(practitioner, mine)
    body = sign_in(practitioner).get(f"/people/{mine.pk}/").content.decode()
    assert "This person is known to other agencies" in body
    assert "cannabis" not in body
    assert "Officer Elsewhere" not in body
    assert police.organisation.name not in body


def test_a_child_the_police_wrote_in_cyrillic_is_known_to_other_agencies_at_school(
    sign_in: Callable[[User], Client],
) -> None:
    police = UserFactory()
    PersonFactory(
        organisation=police.organisation,
        given_name="Иван",
        family_name="Петров",
        date_of_birth=date(2009, 5, 5),
    )
    teacher = UserFactory()
    same = PersonFactory(
        organisation=teacher.organisation,
        given_name="Ivan",
        family_name="Petrov",
        date_of_birth=date(2009, 5, 5),
    )
    other = PersonFactory(
        organisation=teacher.organisation,
        given_name="Olena",
        family_name="Shevchenko",
        date_of_birth=date(2009, 5, 5),
    )
    client = sign_in(teacher)
    checked(teacher, same)
    checked(teacher, other)
    assert "This person is known to other agencies" in client.get(f"/people/{same.pk}/").text
    assert "This person is known to other agencies" not in client.get(f"/people/{other.pk}/").text


def test_a_lead_assigns_an_action_only_to_someone_in_their_own_organisation() -> None:
    practitioner = UserFactory()
    lead = UserFactory(organisation=practitioner.organisation, role=Role.SAFEGUARDING_LEAD)
    action = make_concern(practitioner).actions.first()
    assert action is not None
    assign_action(lead, action, practitioner)
    action.refresh_from_db()
    assert action.assigned_to == practitioner
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        assign_action(lead, action, UserFactory())
