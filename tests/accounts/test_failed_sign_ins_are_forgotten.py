"""Failed sign-in records are kept for a stated, short period and then deleted.

The attack: django-axes kept every failed sign-in (the address someone typed, their IP
address and browser) for ever; nothing ever deleted them once the lockout was over. A
mistyped address is often someone else's real address, so the table became a list of who
tried to sign in from where, kept without a reason.
"""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _forget() -> str:
    out = StringIO()
    call_command("forget_failed_sign_ins", stdout=out)
    return out.getvalue()


def _age(model: type[AccessAttempt | AccessFailureLog | AccessLog], days: float) -> None:
    model.objects.update(attempt_time=timezone.now() - timedelta(days=days))


def _failed_sign_in(client: Client, address: str) -> None:
    client.post(
        "/accounts/sign-in/",
        {"username": address, "password": "not the password"},
        HTTP_USER_AGENT="Attacker's browser",
        REMOTE_ADDR="203.0.113.9",
    )


def test_the_retention_is_stated_and_short() -> None:
    assert settings.NODDFA_FAILED_SIGN_IN_DAYS == 30


def test_a_failed_sign_in_older_than_the_retention_is_deleted(client: Client) -> None:
    UserFactory(email="someone@example.org")
    _failed_sign_in(client, "someone@example.org")
    _failed_sign_in(client, "somebody.else@example.org")
    assert AccessAttempt.objects.count() == 2
    _age(AccessAttempt, settings.NODDFA_FAILED_SIGN_IN_DAYS + 1)

    output = _forget()

    assert not AccessAttempt.objects.exists()
    # The command says how many, never whose or from where.
    assert "2" in output
    assert "example.org" not in output
    assert "203.0.113.9" not in output


def test_a_recent_failed_sign_in_is_kept(client: Client) -> None:
    _failed_sign_in(client, "someone@example.org")
    _age(AccessAttempt, settings.NODDFA_FAILED_SIGN_IN_DAYS - 1)
    _forget()
    assert AccessAttempt.objects.count() == 1


def test_the_failure_log_and_the_sign_in_log_are_forgotten_too() -> None:
    for model in (AccessFailureLog, AccessLog):
        model.objects.create(
            username="someone@example.org", ip_address="203.0.113.9", user_agent="browser"
        )
        model.objects.create(
            username="recent@example.org", ip_address="203.0.113.10", user_agent="browser"
        )
        model.objects.filter(username="someone@example.org").update(
            attempt_time=timezone.now() - timedelta(days=settings.NODDFA_FAILED_SIGN_IN_DAYS + 1)
        )

    _forget()

    for model in (AccessFailureLog, AccessLog):
        assert list(model.objects.values_list("username", flat=True)) == ["recent@example.org"]


def test_running_again_on_a_schedule_is_safe() -> None:
    _forget()
    assert "0" in _forget()


def test_the_command_runs_on_a_schedule_and_the_operations_guide_says_so() -> None:
    cron = (ROOT / "deploy" / "cron" / "noddfa").read_text()
    assert "noddfa-manage forget_failed_sign_ins" in cron
    timer = (ROOT / "deploy" / "systemd" / "noddfa-forget_failed_sign_ins.timer").read_text()
    assert "noddfa-job@forget_failed_sign_ins.service" in timer
    operations = (ROOT / "docs" / "operations.md").read_text()
    assert "forget_failed_sign_ins" in operations
    assert "Privacy: failed sign-ins" in operations
