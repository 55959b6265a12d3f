"""Reminders before and at expiry, sent at most once per record and kind.

Safe to run every few minutes: the unique (record, kind) row is created in the same short
transaction that puts the email in the outbox, so a second run, or two runs at once, finds the
row and adds nothing; a crash leaves all or nothing. `noddfa send_mail` sends it, at most once.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db import transaction
from django.utils import formats, translation
from django.utils.translation import gettext as _

from noddfa.audit.models import AuditAction
from noddfa.audit.services import record
from noddfa.core.outbox import enqueue

from .expiry import EXPIRING_WITHIN, SECOND_REMINDER_WITHIN
from .models import ExpiryReminder, ReminderKind, TrainingRecord
from .selectors import latest_by_course


def kind_due(expires_on: date, on: date) -> ReminderKind | None:
    """The most urgent reminder a record is due on a day. A record first seen 20 days before
    expiry gets the 30-day reminder only: the 60-day one would say nothing more."""
    if expires_on < on:
        return ReminderKind.EXPIRED
    if expires_on - on <= SECOND_REMINDER_WITHIN:
        return ReminderKind.DAYS_30
    if expires_on - on <= EXPIRING_WITHIN:
        return ReminderKind.DAYS_60
    return None


def _candidates(on: date) -> list[TrainingRecord]:
    # Only the latest record of a course for a member matters: a renewed certificate must not
    # trigger a reminder about the one it replaced. Retired courses cannot be renewed, and
    # people who have left need no reminder.
    records = TrainingRecord.objects.filter(
        expires_on__isnull=False,
        completed_on__lte=on,
        user__is_active=True,
        course__retired_at__isnull=True,
    ).select_related("user", "user__organisation", "course")
    return list(latest_by_course(records).values())


def _send(training: TrainingRecord, kind: ReminderKind) -> None:
    """Put the reminder in the outbox, in the caller's transaction; sent at most once."""
    user = training.user
    assert training.expires_on is not None  # only training that expires is reminded of
    with translation.override(user.language):
        expiry = formats.date_format(training.expires_on, "j F Y")
        course = training.course.display_title
        if kind == ReminderKind.EXPIRED:
            body = _("Your training for %(course)s expired on %(date)s.")
        else:
            body = _("Your training for %(course)s expires on %(date)s.")
        # Course and date only: an email may be read on a shared or personal device.
        enqueue(
            user.email,
            _("Noddfa: training reminder"),
            body % {"course": course, "date": expiry},
            at_most_once=True,
        )


def send_due_reminders(on: date) -> Counter[str]:
    """Send every reminder due on a day that has not been sent; count what was sent by kind."""
    sent: Counter[str] = Counter()
    for training in _candidates(on):
        assert training.expires_on is not None
        kind = kind_due(training.expires_on, on)
        if kind is None:
            continue
        with transaction.atomic():
            reminder, created = ExpiryReminder.objects.get_or_create(record=training, kind=kind)
            if not created:
                continue
            _send(training, kind)
            record(
                AuditAction.CREATE,
                organisation=training.user.organisation,
                target=reminder,
                detail={"kind": kind.value, "user_id": training.user_id},
            )
        sent[kind.value] += 1
    return sent
