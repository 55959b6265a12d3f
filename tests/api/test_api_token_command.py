from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from factories import UserFactory
from noddfa.accounts.models import User
from noddfa.api.models import ApiToken, Scope
from noddfa.audit.models import AuditAction, AuditEvent
from noddfa.audit.services import verify_chain

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("api_token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _user(**fields: object) -> User:
    """A user who has set up the second factor, as every token holder must have."""
    user: User = UserFactory(**fields)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


def _client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key.strip()}")
    return client


def test_the_command_creates_a_token_that_works_and_prints_only_the_token() -> None:
    user = _user(email="lead@test.noddfa.example")
    out, _ = _run("Lead@Test.Noddfa.Example")
    key = out.strip()
    assert out == key + "\n"
    assert key.startswith("noddfa_")
    token = ApiToken.objects.get(user=user)
    assert token.scope == Scope.READ
    assert 89 <= (token.expires_at - token.created_at).days <= 90
    assert _client(key).get("/api/v1/people/").status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(user.pk))
    assert event.object_type == "accounts.user"
    assert event.organisation_id == user.organisation_id
    assert key not in str(event.detail)
    assert token.prefix not in str(event.detail)


def test_running_it_again_cannot_show_the_token_and_says_how_to_replace_it() -> None:
    user = _user()
    first, _ = _run(user.email)
    with pytest.raises(CommandError) as refused:
        _run(user.email)
    assert "--rotate" in str(refused.value)
    assert ApiToken.objects.filter(user=user).count() == 1
    assert _client(first).get("/api/v1/people/").status_code == 200


def test_rotating_replaces_the_token_and_the_old_one_stops_working() -> None:
    user = _user()
    old, _ = _run(user.email)
    new, _ = _run(user.email, "--rotate")
    assert new != old
    assert _client(old).get("/api/v1/people/").status_code == 401
    assert _client(new).get("/api/v1/people/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.CHANGE, object_id=str(user.pk)).exists()
    assert verify_chain().intact


def test_days_shortens_a_new_tokens_life() -> None:
    user = _user()
    _run(user.email, "--days", "7")
    token = ApiToken.objects.get(user=user)
    assert (token.expires_at - token.created_at).days == 7
    with pytest.raises(CommandError):
        _run(user.email, "--rotate", "--days", "366")


def test_an_expired_token_is_simply_replaced() -> None:
    user = _user()
    old, _ = _run(user.email)
    ApiToken.objects.filter(user=user).update(expires_at="2000-01-01T00:00:00Z")
    new, _ = _run(user.email)
    assert new != old
    assert _client(new).get("/api/v1/people/").status_code == 200


def test_an_unknown_address_is_an_error_that_does_not_repeat_it() -> None:
    with pytest.raises(CommandError) as error:
        _run("nobody@test.noddfa.example")
    assert "nobody" not in str(error.value)


def test_an_inactive_account_gets_no_token() -> None:
    user = _user(is_active=False)
    with pytest.raises(CommandError):
        _run(user.email)
    assert not ApiToken.objects.filter(user=user).exists()
