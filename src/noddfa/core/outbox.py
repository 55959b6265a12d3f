"""Queue mail with the event (`enqueue`) and deliver it later (`deliver_queued`).

Delivery claims one row at a time in a short transaction (`SELECT ... FOR UPDATE SKIP
LOCKED` on PostgreSQL; SQLite's `BEGIN IMMEDIATE`, which the settings choose, serialises
claims), commits, and only then talks to the mail server, with `EMAIL_TIMEOUT`. Two senders
at once never take the same row. A failure is recorded and retried with backoff; after
`MAX_ATTEMPTS` the row is given up. A row whose sender died mid-send (its claim expired) is
tried again, unless it is `at_most_once` (reminders), which is given up instead: better one
reminder missing than two sent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from .models import OutboxMail

logger = logging.getLogger("noddfa.outbox")

MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)


def enqueue(recipient: str, subject: str, body: str, *, at_most_once: bool = False) -> None:
    """Add an email to the outbox, inside the caller's transaction."""
    OutboxMail.objects.create(
        recipient=recipient, subject=subject, body=body, at_most_once=at_most_once
    )


def enqueue_many(messages: list[tuple[str, str, str]], *, at_most_once: bool = False) -> None:
    """Add (recipient, subject, body) emails to the outbox, inside the caller's transaction."""
    OutboxMail.objects.bulk_create(
        OutboxMail(recipient=to, subject=subject, body=body, at_most_once=at_most_once)
        for to, subject, body in messages
    )


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 ... minutes after the first, second, third ... failure; at most 6 hours."""
    return min(FIRST_RETRY * (1 << max(attempts - 1, 0)), LONGEST_RETRY)


def _lease() -> timedelta:
    # Long enough for the slowest send the timeout allows, with room to record the result.
    return timedelta(seconds=3 * int(settings.EMAIL_TIMEOUT) + 60)


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    given_up: int = 0


def _claim(now: datetime, tried: set[int], report: DeliveryReport) -> OutboxMail | None:
    """Take the next due row for this sender, in one short transaction."""
    with transaction.atomic():
        due = (
            OutboxMail.objects.exclude(pk__in=tried)
            .filter(
                Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
                sent_at__isnull=True,
                gave_up_at__isnull=True,
                next_attempt_at__lte=now,
            )
            .order_by("next_attempt_at", "pk")
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        while (row := due.first()) is not None:
            if row.claimed_until is not None and row.at_most_once:
                # Its sender died while sending: it may have gone. Never send it twice.
                row.gave_up_at = now
                row.claimed_until = None
                row.last_error = "sender stopped during sending; not sent again"
                row.save(update_fields=["gave_up_at", "claimed_until", "last_error"])
                report.given_up += 1
                logger.warning("Outbox mail %s given up: its sender stopped mid-send", row.pk)
                continue
            row.claimed_until = now + _lease()
            row.attempts += 1
            row.save(update_fields=["claimed_until", "attempts"])
            tried.add(row.pk)
            return row
    return None


def _send(row: OutboxMail) -> None:
    with get_connection(timeout=settings.EMAIL_TIMEOUT) as mail_connection:
        EmailMessage(
            subject=row.subject,
            body=row.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[row.recipient],
            connection=mail_connection,
        ).send()


def _failed(row: OutboxMail, error: Exception, report: DeliveryReport) -> None:
    now = timezone.now()
    # The error's type only: an SMTP reply can quote the address back.
    reason = type(error).__name__[:255]
    if row.attempts >= MAX_ATTEMPTS:
        OutboxMail.objects.filter(pk=row.pk).update(
            claimed_until=None, gave_up_at=now, last_error=reason
        )
        report.given_up += 1
        logger.error("Outbox mail %s given up after %s attempts (%s)", row.pk, row.attempts, reason)
        return
    OutboxMail.objects.filter(pk=row.pk).update(
        claimed_until=None, next_attempt_at=now + backoff(row.attempts), last_error=reason
    )
    report.failed += 1
    logger.warning("Outbox mail %s not sent, attempt %s (%s)", row.pk, row.attempts, reason)


def _in_transaction() -> bool:
    # A test case's own wrapping transaction does not count (as for durable blocks).
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def deliver_queued(limit: int = 500, now: datetime | None = None) -> DeliveryReport:
    """Send what is due, up to `limit` emails. Never inside a transaction."""
    if _in_transaction():
        raise RuntimeError("deliver_queued talks to a mail server: call it outside transactions")
    report = DeliveryReport()
    tried: set[int] = set()
    for _ in range(limit):
        row = _claim(now or timezone.now(), tried, report)
        if row is None:
            break
        try:
            _send(row)
        except Exception as error:  # any failure of the mail server is retried
            _failed(row, error, report)
            continue
        OutboxMail.objects.filter(pk=row.pk).update(
            sent_at=timezone.now(), claimed_until=None, last_error=""
        )
        report.sent += 1
    return report
