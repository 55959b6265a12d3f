from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from factories import UserFactory
from noddfa.audit.models import AuditAction, AuditEvent
from noddfa.audit.services import verify_chain

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("api_token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_creates_a_token_that_works_and_prints_only_the_token() -> None:
    user = UserFactory(email="lead@test.noddfa.example")
    out, _ = _run("Lead@Test.Noddfa.Example")
    key = Token.objects.get(user=user).key
    assert out == key + "\n"
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/people/").status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(user.pk))
    assert event.object_type == "accounts.user"
    assert event.organisation_id == user.organisation_id
    assert key not in str(event.detail)


def test_running_it_again_shows_the_same_token_and_logs_that_it_was_shown() -> None:
    user = UserFactory()
    first, _ = _run(user.email)
    again, _ = _run(user.email)
    assert first == again
    assert Token.objects.filter(user=user).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(user.pk)).exists()


def test_rotating_replaces_the_token_and_the_old_one_stops_working() -> None:
    user = UserFactory()
    old, _ = _run(user.email)
    new, _ = _run(user.email, "--rotate")
    assert new != old
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {old.strip()}")
    assert client.get("/api/v1/people/").status_code == 401
    assert AuditEvent.objects.filter(action=AuditAction.CHANGE, object_id=str(user.pk)).exists()
    assert verify_chain().intact


def test_an_unknown_address_is_an_error_that_does_not_repeat_it() -> None:
    with pytest.raises(CommandError) as error:
        _run("nobody@test.noddfa.example")
    assert "nobody" not in str(error.value)


def test_an_inactive_account_gets_no_token() -> None:
    user = UserFactory(is_active=False)
    with pytest.raises(CommandError):
        _run(user.email)
    assert not Token.objects.filter(user=user).exists()
