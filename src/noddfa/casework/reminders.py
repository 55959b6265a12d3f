"""Task reminders, sent at most once per task and kind.

Safe to run every few minutes, and twice at once: the unique (task, kind) reminder row is
created in the same transaction that sends the email and writes the in-app notices, so a
second run finds the row and sends nothing, and a run that fails to send rolls back and tries
again next time. Emails say only that a task is due and where to look: a task's title can
name a person, and email may be read on a shared device.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from noddfa.accounts.models import User
from noddfa.audit.models import AuditAction
from noddfa.audit.services import record

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


def _email(user: User, kind: ReminderKind, link: str) -> None:
    with translation.override(user.language):
        if kind == ReminderKind.OVERDUE:
            subject = _("Noddfa: you have an overdue task")
        else:
            subject = _("Noddfa: you have a task due")
        body = _("You have a task due in Noddfa. Sign in to see it: %(link)s") % {"link": link}
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[user.email])


def send_due_reminders(now: datetime) -> Counter[str]:
    sent: Counter[str] = Counter()
    candidates = Task.objects.filter(outcome="", due_at__isnull=False).select_related(
        "owner", "organisation"
    )
    link = reverse("casework:my_tasks")
    for task in candidates:
        kind = kind_due(task, now)
        if kind is None:
            continue
        with transaction.atomic():
            reminder, created = Reminder.objects.get_or_create(task=task, kind=kind)
            if not created:
                continue
            people = recipients(task)
            Notice.objects.bulk_create(
                Notice(reminder=reminder, recipient=person) for person in people
            )
            for person in people:
                _email(person, kind, link)
            record(
                AuditAction.CREATE,
                organisation=task.organisation,
                target=reminder,
                detail={"event": "task_reminder", "kind": kind.value, "task": str(task.pk)},
            )
        sent[kind.value] += 1
    return sent
