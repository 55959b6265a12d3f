from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from factories import TEST_PASSWORD, UserFactory
from noddfa.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def _password_sign_in(client: Client, email: str, password: str = TEST_PASSWORD) -> int:
    return client.post("/accounts/sign-in/", {"username": email, "password": password}).status_code


def _current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_password_alone_does_not_open_any_record_outside_demo_mode(client: Client) -> None:
    user = UserFactory()
    assert _password_sign_in(client, user.email) == 302
    for path in ("/", "/people/", "/audit/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == "/accounts/two-factor/"


def test_an_account_with_no_second_factor_is_told_to_ask_for_a_link_not_shown_a_key(
    client: Client,
) -> None:
    # Issue 17, item 3: outside demo mode a second factor is enrolled only through an
    # invitation or reset link (tests/accounts/test_invitation.py), never by the password alone.
    user = UserFactory()
    _password_sign_in(client, user.email)
    response = client.get("/accounts/two-factor/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/two-factor/set-up/"
    body = response.content.decode()
    assert b"<svg" not in response.content
    assert "Setup key" not in body
    assert "Ask your organisation admin for a new link" in body
    assert not TOTPDevice.objects.filter(user=user).exists()


@override_settings(DEMO_MODE=True)
def test_in_demo_mode_setting_up_the_app_with_a_correct_code_opens_the_service(
    client: Client,
) -> None:
    user = UserFactory()
    _password_sign_in(client, user.email)
    client.get("/accounts/two-factor/set-up/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/accounts/two-factor/set-up/", {"code": _current_code(device)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(actor=user, action=AuditAction.MFA_ENROLLED).exists()


def test_enrolled_user_must_enter_a_current_code_each_sign_in(client: Client) -> None:
    user = UserFactory()
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    _password_sign_in(client, user.email)
    wrong = client.post("/accounts/two-factor/", {"code": "000000"})
    assert wrong.status_code == 200
    assert "The code is not right" in wrong.content.decode()
    assert client.get("/people/").status_code == 302
    assert AuditEvent.objects.filter(actor=user, action=AuditAction.MFA_FAILED).exists()

    device.refresh_from_db()
    device.throttle_reset()
    right = client.post("/accounts/two-factor/", {"code": _current_code(device)})
    assert right.status_code == 302
    assert client.get("/people/").status_code == 200


def test_code_that_is_not_six_digits_gets_a_clear_error(client: Client) -> None:
    user = UserFactory()
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    _password_sign_in(client, user.email)
    response = client.post("/accounts/two-factor/", {"code": "12ab"})
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "The code must be 6 digits" in body


@override_settings(DEMO_MODE=True)
def test_demo_mode_signs_in_with_password_only(client: Client) -> None:
    user = UserFactory()
    _password_sign_in(client, user.email)
    assert client.get("/people/").status_code == 200


def test_repeated_failed_sign_ins_lock_the_account_even_with_the_right_password(
    client: Client,
) -> None:
    user = UserFactory()
    for _ in range(5):
        _password_sign_in(client, user.email, "wrong password")
    response = client.post(
        "/accounts/sign-in/", {"username": user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 429
    assert "Your account is locked for now" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT).exists()


def test_wrong_password_gives_one_message_that_does_not_reveal_whether_the_account_exists(
    client: Client,
) -> None:
    user = UserFactory()
    known = client.post("/accounts/sign-in/", {"username": user.email, "password": "nope"})
    unknown = client.post(
        "/accounts/sign-in/", {"username": "nobody@test.noddfa.example", "password": "nope"}
    )
    message = "Enter a correct email address and password"
    assert message in known.content.decode()
    assert message in unknown.content.decode()


def test_sign_in_page_keeps_the_email_typed_but_never_the_password(client: Client) -> None:
    response = client.post(
        "/accounts/sign-in/", {"username": "a@test.noddfa.example", "password": "s3cret-typed"}
    )
    body = response.content.decode()
    assert 'value="a@test.noddfa.example"' in body
    assert "s3cret-typed" not in body
