from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from factories import TEST_PASSWORD, OrganisationFactory, PersonFactory, UserFactory
from noddfa.accounts.models import Role, User
from noddfa.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def test_sign_in_and_sign_out_are_recorded_with_the_request_that_caused_them(
    client: Client,
) -> None:
    user = UserFactory()
    response = client.post(
        "/accounts/sign-in/", {"username": user.email, "password": TEST_PASSWORD}
    )
    login = AuditEvent.objects.get(action=AuditAction.LOGIN, actor=user)
    assert login.organisation_id == user.organisation_id
    assert login.request_id == response["X-Request-ID"]
    client.post("/accounts/sign-out/")
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=user).exists()


def test_a_failed_sign_in_is_recorded_against_the_account_without_storing_what_was_typed(
    client: Client,
) -> None:
    user = UserFactory()
    client.post("/accounts/sign-in/", {"username": user.email, "password": "Guess-1234"})
    failed = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert failed.actor is None
    assert failed.detail == {"account_id": user.pk}
    assert failed.organisation_id == user.organisation_id
    assert "Guess-1234" not in str(failed.detail)


def test_a_failed_sign_in_typed_with_spaces_and_capitals_is_recorded_against_the_account(
    client: Client,
) -> None:
    user = UserFactory()
    typed = f"  {user.email.upper()} "
    client.post("/accounts/sign-in/", {"username": typed, "password": "Guess-1234"})
    failed = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert failed.detail == {"account_id": user.pk}
    assert failed.organisation_id == user.organisation_id


def test_looking_at_a_person_is_recorded(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    person = PersonFactory(organisation=practitioner.organisation)
    sign_in(practitioner).get(f"/people/{person.pk}/")
    view = AuditEvent.objects.get(action=AuditAction.VIEW, object_id=str(person.pk))
    assert view.actor == practitioner
    assert view.object_type == "people.person"


def test_an_organisation_admin_reads_and_filters_their_own_audit_trail(
    sign_in: Callable[[User], Client],
) -> None:
    organisation = OrganisationFactory()
    admin = UserFactory(organisation=organisation, role=Role.ORGANISATION_ADMIN)
    colleague = UserFactory(organisation=organisation, full_name="Catrin Colleague")
    person = PersonFactory(organisation=organisation, created_by=colleague)
    sign_in(colleague).get(f"/people/{person.pk}/")
    client = sign_in(admin)
    client.get("/people/")

    everything = client.get("/audit/").content.decode()
    assert "Catrin Colleague" in everything
    only_views_by_colleague = client.get(
        "/audit/", {"action": "view", "actor": colleague.pk}
    ).content.decode()
    assert "1 event" in only_views_by_colleague
    assert str(person.pk)[:10] in only_views_by_colleague


def test_nobody_reads_another_organisations_audit_trail(
    sign_in: Callable[[User], Client],
) -> None:
    theirs = UserFactory(full_name="Outsider Person")
    PersonFactory(organisation=theirs.organisation, created_by=theirs)
    Client().post("/accounts/sign-in/", {"username": theirs.email, "password": TEST_PASSWORD})
    admin = UserFactory(role=Role.ORGANISATION_ADMIN)
    body = sign_in(admin).get("/audit/").content.decode()
    assert "Outsider Person" not in body
    other_ids = AuditEvent.objects.filter(organisation=theirs.organisation).values_list(
        "request_id", flat=True
    )
    assert other_ids
    assert not any(request_id[:6] in body for request_id in other_ids)


@pytest.mark.parametrize(
    "role",
    [Role.PRACTITIONER, Role.SAFEGUARDING_LEAD, Role.PARTNERSHIP_ANALYST, Role.SYSTEM_ADMIN],
)
def test_roles_other_than_organisation_admin_cannot_read_the_trail(
    sign_in: Callable[[User], Client], role: str
) -> None:
    user = UserFactory(role=role)
    assert sign_in(user).get("/audit/").status_code == 403


def test_an_impossible_date_range_is_explained_not_ignored(
    sign_in: Callable[[User], Client],
) -> None:
    admin = UserFactory(role=Role.ORGANISATION_ADMIN)
    body = (
        sign_in(admin)
        .get("/audit/", {"date_from": "2026-11-20", "date_to": "2026-11-01"})
        .content.decode()
    )
    assert "govuk-error-summary" in body
    assert "The end date must be the same as or after the start date" in body
