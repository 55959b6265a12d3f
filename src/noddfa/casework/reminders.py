"""Task reminders, sent at most once per task and kind.

Safe to run every few minutes, and twice at once: the unique (task, kind) reminder row is
created in the same short transaction that puts the email in the outbox and writes the in-app
notices, so a second run finds the row and adds nothing, and a crash leaves all or nothing.
The outbox sends each reminder email at most once (`at_most_once`), whatever the crash.
Emails say only that a task is due and where to look: a task's title can name a person, and
email may be read on a shared device.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from noddfa.accounts.models import User
from noddfa.audit.models import AuditAction
from noddfa.audit.services import record
from noddfa.core.outbox import enqueue_many

from .models import Notice, Reminder, ReminderKind, Task
from .permissions import MANAGING_ROLES

DUE_SOON_WITHIN = timedelta(hours=24)


def kind_due(task: Task, now: datetime) -> ReminderKind | None:
    """The most urgent reminder a task is due: a task first seen overdue gets only the
    overdue reminder."""
    if task.due_at is None:
        return None
    if task.due_at <= now:
        return ReminderKind.OVERDUE
    if task.due_at - now <= DUE_SOON_WITHIN:
        return ReminderKind.DUE_SOON
    return None


def recipients(task: Task) -> list[User]:
    """The owner, or, for a task nobody owns yet, the team's leads."""
    if task.owner is not None and task.owner.is_active:
        return [task.owner]
    return list(
        User.objects.filter(
            organisation_id=task.organisation_id, role__in=MANAGING_ROLES, is_active=True
        )
    )


def _email(user: User, kind: ReminderKind, link: str) -> tuple[str, str, str]:
    with translation.override(user.language):
        if kind == ReminderKind.OVERDUE:
            subject = _("Noddfa: you have an overdue task")
        else:
            subject = _("Noddfa: you have a task due")
        body = _("You have a task due in Noddfa. Sign in to see it: %(link)s") % {"link": link}
    return (user.email, subject, body)


def _remind_batch(tasks: list[Task], now: datetime, link: str, sent: Counter[str]) -> None:
    """One short transaction: the reminder rows, the notices, the audit events and the
    emails in the outbox, all or nothing. A person gets one email per kind per batch
    however many of their tasks came due: a clock that jumps forward must not flood them."""
    emails: dict[tuple[int, str], User] = {}
    with transaction.atomic():
        for task in tasks:
            kind = kind_due(task, now)
            if kind is None:
                continue
            reminder, created = Reminder.objects.get_or_create(task=task, kind=kind)
            if not created:
                continue
            people = recipients(task)
            Notice.objects.bulk_create(
                Notice(reminder=reminder, recipient=person) for person in people
            )
            for person in people:
                emails.setdefault((person.pk, kind.value), person)
            record(
                AuditAction.CREATE,
                organisation=task.organisation,
                target=reminder,
                detail={"event": "task_reminder", "kind": kind.value, "task": str(task.pk)},
            )
            sent[kind.value] += 1
        enqueue_many(
            [_email(person, ReminderKind(kind), link) for (_, kind), person in emails.items()],
            at_most_once=True,
        )


def send_due_reminders(now: datetime, batch_size: int = 200) -> Counter[str]:
    """Write the reminders due now (in-app notices and emails in the outbox). No mail is
    sent here: `noddfa send_mail` sends it, outside any transaction."""
    sent: Counter[str] = Counter()
    candidates = (
        Task.objects.filter(outcome="", due_at__isnull=False, due_at__lte=now + DUE_SOON_WITHIN)
        .select_related("owner", "organisation")
        .order_by("pk")
    )
    link = reverse("casework:my_tasks")
    batch: list[Task] = []
    for task in candidates.iterator(chunk_size=batch_size):
        if kind_due(task, now) is not None:
            batch.append(task)
        if len(batch) >= batch_size:
            _remind_batch(batch, now, link, sent)
            batch = []
    if batch:
        _remind_batch(batch, now, link, sent)
    return sent
