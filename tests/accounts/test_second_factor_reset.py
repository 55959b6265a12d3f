"""Issue 17, item 3: an organisation admin resets a member's lost second factor. Audited; the
member's authenticator and recovery codes are forgotten, their sessions and API token end,
and a reset link (the invitation's mechanism) lets them enrol again."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from account_lifecycle import (
    accept,
    admin_of,
    api_client_of,
    invite,
    recovery_codes_on,
    token_mailed_to,
)
from factories import TEST_PASSWORD, UserFactory
from noddfa.accounts.models import RecoveryCode, User
from noddfa.api.models import ApiToken
from noddfa.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def test_a_reset_ends_the_members_sessions_token_and_second_factor_and_sends_a_link(
    sign_in: SignIn,
) -> None:
    admin = admin_of()
    invite(sign_in(admin), "nia@example.org")
    status, page = accept(Client(), token_mailed_to("nia@example.org"), TEST_PASSWORD)
    old_codes = recovery_codes_on(page)
    member = User.objects.get(email="nia@example.org")
    browser = sign_in(member)
    api = api_client_of(member)
    assert browser.get("/people/").status_code == 200
    assert api.get("/api/v1/people/").status_code == 200

    response = sign_in(admin).post(f"/accounts/users/{member.pk}/reset-two-factor/")
    assert response.status_code == 302

    # The member is still active, yet the session they had is over at once, and so is the token.
    assert browser.get("/people/")["Location"].startswith("/accounts/sign-in/")
    assert api.get("/api/v1/people/").status_code == 401
    assert not ApiToken.objects.filter(user=member).exists()
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert not RecoveryCode.objects.filter(user=member).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.MFA_RESET, actor=admin, object_id=str(member.pk)
    ).exists()

    # The password alone is not enough, and no setup key is shown to it.
    half = Client()
    half.post("/accounts/sign-in/", {"username": member.email, "password": TEST_PASSWORD})
    page = half.get("/accounts/two-factor/", follow=True).content.decode()
    assert "Ask your organisation admin for a new link" in page and "<svg" not in page
    assert half.get("/people/").status_code == 302
    # An old recovery code opens nothing either.
    half.post("/accounts/two-factor/", {"recovery_code": old_codes[0]})
    assert half.get("/people/").status_code == 302

    # Through the reset link the member enrols again and gets new codes.
    client = Client()
    status, page = accept(client, token_mailed_to("nia@example.org"), "a brand new long password")
    assert status == 200
    assert set(recovery_codes_on(page)).isdisjoint(old_codes)
    assert client.get("/people/").status_code == 200


def test_the_confirmation_page_resets_nothing(sign_in: SignIn) -> None:
    admin = admin_of()
    member = UserFactory(organisation=admin.organisation)
    TOTPDevice.objects.create(user=member, name="app", confirmed=True)
    page = sign_in(admin).get(f"/accounts/users/{member.pk}/reset-two-factor/")
    assert page.status_code == 200
    assert TOTPDevice.objects.filter(user=member, confirmed=True).exists()


def test_another_organisations_admin_cannot_reset_your_member(sign_in: SignIn) -> None:
    member = UserFactory()
    TOTPDevice.objects.create(user=member, name="app", confirmed=True)
    stranger = sign_in(admin_of())
    assert stranger.get(f"/accounts/users/{member.pk}/reset-two-factor/").status_code == 404
    assert stranger.post(f"/accounts/users/{member.pk}/reset-two-factor/").status_code == 404
    assert TOTPDevice.objects.filter(user=member, confirmed=True).exists()


def test_a_practitioner_cannot_reset_a_colleague(sign_in: SignIn, practitioner: User) -> None:
    colleague = UserFactory(organisation=practitioner.organisation)
    TOTPDevice.objects.create(user=colleague, name="app", confirmed=True)
    client = sign_in(practitioner)
    assert client.post(f"/accounts/users/{colleague.pk}/reset-two-factor/").status_code == 403
    assert client.get("/accounts/users/").status_code == 403
    assert TOTPDevice.objects.filter(user=colleague, confirmed=True).exists()


def test_an_admin_cannot_reset_their_own_second_factor_from_the_page(sign_in: SignIn) -> None:
    admin = admin_of()
    client = sign_in(admin)
    assert client.post(f"/accounts/users/{admin.pk}/reset-two-factor/").status_code == 400
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()


def test_a_password_only_session_cannot_enrol_a_new_authenticator() -> None:
    # The attack: a session that passed only the password tried to enrol its own app, for an
    # account with a confirmed authenticator and for one with none.
    for has_device in (True, False):
        member = UserFactory()
        if has_device:
            TOTPDevice.objects.create(user=member, name="app", confirmed=True)
        client = Client()
        client.post("/accounts/sign-in/", {"username": member.email, "password": TEST_PASSWORD})
        page = client.get("/accounts/two-factor/set-up/")
        assert b"<svg" not in page.content
        client.post("/accounts/two-factor/set-up/", {"code": "123456"})
        assert TOTPDevice.objects.filter(user=member, confirmed=True).count() == int(has_device)
        assert not TOTPDevice.objects.filter(user=member, confirmed=False).exists()
        assert client.get("/people/").status_code == 302
