"""Issue 17, item 3: an organisation admin deactivates a member, which ends every session of
theirs and their API token at once; reactivation is by a new invitation. Another
organisation's admin, a practitioner and the admin on themselves are refused."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from account_lifecycle import accept, admin_of, api_client_of, token_mailed_to
from factories import UserFactory
from noddfa.accounts.models import AccountLink, User
from noddfa.api.models import ApiToken
from noddfa.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def _sessions_of(user: User) -> int:
    return sum(
        1 for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)
    )


def test_a_deactivated_members_session_and_api_token_are_both_refused_at_once(
    sign_in: SignIn,
) -> None:
    admin = admin_of()
    member = UserFactory(organisation=admin.organisation)
    browser = sign_in(member)
    laptop = sign_in(member)
    api = api_client_of(member)
    assert browser.get("/people/").status_code == 200
    assert api.get("/api/v1/people/").status_code == 200

    response = sign_in(admin).post(f"/accounts/users/{member.pk}/deactivate/")
    assert response.status_code == 302

    for client in (browser, laptop):
        refused = client.get("/people/")
        assert refused.status_code == 302
        assert refused["Location"].startswith("/accounts/sign-in/")
    assert api.get("/api/v1/people/").status_code == 401
    member.refresh_from_db()
    assert not member.is_active
    assert _sessions_of(member) == 0
    assert not ApiToken.objects.filter(user=member).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.DEACTIVATED, actor=admin, object_id=str(member.pk)
    ).exists()


def test_a_deactivated_member_cannot_sign_in_again(sign_in: SignIn) -> None:
    admin = admin_of()
    member = UserFactory(organisation=admin.organisation)
    sign_in(admin).post(f"/accounts/users/{member.pk}/deactivate/")
    client = Client()
    from factories import TEST_PASSWORD

    client.post("/accounts/sign-in/", {"username": member.email, "password": TEST_PASSWORD})
    assert "_auth_user_id" not in client.session


def test_the_confirmation_page_changes_nothing(sign_in: SignIn) -> None:
    admin = admin_of()
    member = UserFactory(organisation=admin.organisation)
    page = sign_in(admin).get(f"/accounts/users/{member.pk}/deactivate/")
    assert page.status_code == 200 and "Deactivate account" in page.content.decode()
    member.refresh_from_db()
    assert member.is_active


def test_an_admin_cannot_deactivate_themselves(sign_in: SignIn) -> None:
    admin = admin_of()
    response = sign_in(admin).post(f"/accounts/users/{admin.pk}/deactivate/")
    assert response.status_code == 400
    admin.refresh_from_db()
    assert admin.is_active


def test_another_organisations_admin_cannot_deactivate_your_member(sign_in: SignIn) -> None:
    member = UserFactory()
    stranger = sign_in(admin_of())
    assert stranger.get(f"/accounts/users/{member.pk}/deactivate/").status_code == 404
    assert stranger.post(f"/accounts/users/{member.pk}/deactivate/").status_code == 404
    member.refresh_from_db()
    assert member.is_active


def test_a_practitioner_cannot_deactivate_a_colleague(sign_in: SignIn, practitioner: User) -> None:
    colleague = UserFactory(organisation=practitioner.organisation)
    client = sign_in(practitioner)
    assert client.get(f"/accounts/users/{colleague.pk}/deactivate/").status_code == 403
    assert client.post(f"/accounts/users/{colleague.pk}/deactivate/").status_code == 403
    colleague.refresh_from_db()
    assert colleague.is_active


def test_deactivating_an_invited_person_revokes_their_link(sign_in: SignIn) -> None:
    admin_client = sign_in(admin_of())
    admin_client.post(
        "/accounts/users/invite/",
        {"email": "nia@example.org", "full_name": "Nia", "role": "practitioner"},
    )
    token = token_mailed_to("nia@example.org")
    invited = User.objects.get(email="nia@example.org")
    admin_client.post(f"/accounts/users/{invited.pk}/deactivate/")
    assert accept(Client(), token)[0] == 404
    assert AccountLink.objects.get(user=invited).revoked_at is not None


def test_a_deactivated_member_comes_back_only_through_a_new_invitation(sign_in: SignIn) -> None:
    admin = admin_of()
    member = UserFactory(organisation=admin.organisation, email="back@example.org")
    admin_client = sign_in(admin)
    admin_client.post(f"/accounts/users/{member.pk}/deactivate/")
    assert admin_client.post(f"/accounts/users/{member.pk}/invite-again/").status_code == 302
    client = Client()
    assert accept(client, token_mailed_to("back@example.org"))[0] == 200
    member.refresh_from_db()
    assert member.is_active
    assert client.get("/people/").status_code == 200
