"""Issue 16 items 6 and 11: mail goes from an outbox, never from a request or a transaction,
at most once for reminders, and one email per person however many tasks come due at once."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from factories import PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import Role, User
from noddfa.casework.models import Reminder
from noddfa.casework.reminders import send_due_reminders
from noddfa.casework.services import schedule_task
from noddfa.core import outbox
from noddfa.core.models import OutboxMail
from noddfa.core.outbox import MAX_ATTEMPTS, backoff, deliver_queued, enqueue


@pytest.fixture
def hanging_smtp() -> Iterator[dict[str, Any]]:
    """A mail server that accepts connections and never says a word."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                client, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            held.append(client)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    settings = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": server.getsockname()[1],
        "EMAIL_TIMEOUT": 1,
        "EMAIL_USE_TLS": False,
    }
    try:
        with override_settings(**settings):
            yield {**settings, "connections": held}
    finally:
        stop.set()
        thread.join()
        for client in held:
            client.close()
        server.close()


def lead_and_practitioner() -> tuple[User, User]:
    practitioner = UserFactory()
    lead = UserFactory(organisation=practitioner.organisation, role=Role.SAFEGUARDING_LEAD)
    return practitioner, lead


@pytest.mark.django_db
def test_a_hanging_mail_server_does_not_delay_recording_a_concern(
    hanging_smtp: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    practitioner, lead = lead_and_practitioner()
    make_concern(practitioner)  # warm the pathway engine's caches
    OutboxMail.objects.all().delete()
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        make_concern(practitioner)
    assert time.monotonic() - started < hanging_smtp["EMAIL_TIMEOUT"]
    assert hanging_smtp["connections"] == []  # nobody even tried the mail server
    (queued,) = OutboxMail.objects.all()
    assert queued.recipient == lead.email and queued.sent_at is None
    assert "Sign in" in queued.body


@pytest.mark.django_db
def test_the_reminders_job_writes_the_outbox_and_never_waits_for_the_mail_server(
    hanging_smtp: dict[str, Any],
) -> None:
    _practitioner, lead = lead_and_practitioner()
    person = PersonFactory(organisation=lead.organisation, created_by=lead)
    schedule_task(lead, person, "Call back", timezone.now() - timedelta(hours=1), lead)
    started = time.monotonic()
    call_command("reminders", stdout=StringIO())
    assert time.monotonic() - started < hanging_smtp["EMAIL_TIMEOUT"]
    assert OutboxMail.objects.filter(recipient=lead.email, sent_at__isnull=True).count() == 1


@pytest.mark.django_db
def test_a_hanging_mail_server_times_out_and_the_email_waits_for_a_retry(
    hanging_smtp: dict[str, Any],
) -> None:
    enqueue("lead@test.noddfa.example", "Noddfa: a new concern", "Sign in to read it.")
    started = time.monotonic()
    out = StringIO()
    call_command("send_mail", stdout=out)
    assert time.monotonic() - started < 4 * hanging_smtp["EMAIL_TIMEOUT"]
    assert "failed, to retry: 1" in out.getvalue()
    row = OutboxMail.objects.get()
    assert (row.attempts, row.sent_at, row.claimed_until) == (1, None, None)
    assert row.next_attempt_at > timezone.now()
    assert row.last_error  # the kind of failure, for whoever looks


class _TransactionSpy(LocmemBackend):
    """Notes how many transactions are open whenever the mail server is spoken to."""

    open_blocks: list[int] = []

    def send_messages(self, messages: Any) -> int:
        _TransactionSpy.open_blocks.append(len(connection.atomic_blocks))
        return super().send_messages(messages)


@pytest.mark.django_db
@override_settings(EMAIL_BACKEND="tests.core.test_mail_outbox._TransactionSpy")
def test_the_sender_holds_no_transaction_while_talking_to_the_mail_server() -> None:
    _TransactionSpy.open_blocks = []
    for n in range(3):
        enqueue(f"lead{n}@test.noddfa.example", "Noddfa", "Sign in to read it.")
    test_case_blocks = len(connection.atomic_blocks)  # the test's own, rolled back after
    report = deliver_queued()
    assert report.sent == 3
    assert _TransactionSpy.open_blocks == [test_case_blocks] * 3
    assert OutboxMail.objects.filter(sent_at__isnull=True).count() == 0


@pytest.mark.django_db
def test_a_second_sender_never_takes_an_email_another_sender_holds() -> None:
    enqueue("lead@test.noddfa.example", "Noddfa", "Sign in to read it.")
    # Another sender claimed it a moment ago and is talking to the mail server.
    OutboxMail.objects.update(claimed_until=timezone.now() + timedelta(minutes=1), attempts=1)
    assert deliver_queued().sent == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_reminder_whose_sender_died_mid_send_is_never_sent_twice() -> None:
    enqueue("lead@test.noddfa.example", "Noddfa: a task is due", "Sign in.", at_most_once=True)
    enqueue("lead@test.noddfa.example", "Noddfa: a new concern", "Sign in.")
    # kill -9 while both were being sent: their claims ran out.
    OutboxMail.objects.update(claimed_until=timezone.now() - timedelta(seconds=1), attempts=1)
    report = deliver_queued()
    assert (report.sent, report.given_up) == (1, 1)
    assert [m.subject for m in mail.outbox] == ["Noddfa: a new concern"]
    reminder = OutboxMail.objects.get(at_most_once=True)
    assert reminder.gave_up_at is not None and reminder.sent_at is None


class _Refusing(LocmemBackend):
    def send_messages(self, messages: Any) -> int:
        raise ConnectionRefusedError


@pytest.mark.django_db
@override_settings(EMAIL_BACKEND="tests.core.test_mail_outbox._Refusing")
def test_failures_are_retried_with_growing_backoff_then_given_up() -> None:
    enqueue("lead@test.noddfa.example", "Noddfa", "Sign in.")
    now = timezone.now()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        deliver_queued(now=now)
        row = OutboxMail.objects.get()
        assert row.attempts == attempt
        now = row.next_attempt_at + timedelta(seconds=1)
    assert row.gave_up_at is not None and row.last_error == "ConnectionRefusedError"
    assert backoff(1) < backoff(2) < backoff(3) <= outbox.LONGEST_RETRY


@pytest.mark.django_db
def test_a_crash_while_writing_reminders_leaves_nothing_and_the_rerun_sends_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _practitioner, lead = lead_and_practitioner()
    person = PersonFactory(organisation=lead.organisation, created_by=lead)
    schedule_task(lead, person, "Call back", timezone.now() - timedelta(hours=1), lead)

    def crash(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt  # the process dies between the reminder and its email

    monkeypatch.setattr("noddfa.casework.reminders.enqueue_many", crash)
    with pytest.raises(KeyboardInterrupt):
        send_due_reminders(timezone.now())
    assert (Reminder.objects.count(), OutboxMail.objects.count()) == (0, 0)
    monkeypatch.undo()
    send_due_reminders(timezone.now())
    send_due_reminders(timezone.now())
    deliver_queued()
    deliver_queued()
    assert Reminder.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_clock_jumping_forward_sends_one_overdue_email_per_person_not_one_per_task() -> None:
    _practitioner, lead = lead_and_practitioner()
    person = PersonFactory(organisation=lead.organisation, created_by=lead)
    for n in range(40):
        schedule_task(lead, person, f"Step {n}", timezone.now() + timedelta(days=10 + n), lead)
    jumped = timezone.now() + timedelta(days=400)
    send_due_reminders(jumped)
    send_due_reminders(jumped + timedelta(hours=1))
    deliver_queued()
    assert Reminder.objects.filter(kind="overdue").count() == 40  # once per task, in the app
    assert [m.to for m in mail.outbox] == [[lead.email]]
