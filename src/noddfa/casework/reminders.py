"""Task reminders, sent at most once per task and kind.

Safe to run every few minutes, and twice at once: the unique (task, kind) reminder row is
created in the same short transaction that puts the email in the outbox and writes the in-app
notices, so a second run finds the row and adds nothing, and a crash leaves all or nothing.
The outbox sends each reminder email at most once (`at_most_once`), whatever the crash.
Emails say only that a task is due and where to look: a task's title can name a person, and
email may be read on a shared device.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.dispatch import Signal
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from noddfa.accounts.models import User
from noddfa.audit.models import AuditAction
from noddfa.audit.services import appended_together, record
from noddfa.core.outbox import enqueue_many

from .models import Notice, Reminder, ReminderKind, Task
from .permissions import MANAGING_ROLES

DUE_SOON_WITHIN = timedelta(hours=24)

# Apps above casework add their own clocks to `noddfa reminders` without casework importing
# them: a receiver gets `now=`, writes its reminders like `send_due_reminders` does (once per
# thing and kind, in short transactions) and returns one line for the command's summary.
more_reminders = Signal()


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
    return list(_leads_of({task.organisation_id}).get(task.organisation_id, []))


def _leads_of(organisation_ids: set[int]) -> dict[int, list[User]]:
    """The active leads of each team, read in one query for a whole batch."""
    leads: dict[int, list[User]] = {}
    if not organisation_ids:
        return leads
    for lead in User.objects.filter(
        organisation_id__in=organisation_ids, role__in=MANAGING_ROLES, is_active=True
    ).order_by("pk"):
        assert lead.organisation_id is not None
        leads.setdefault(lead.organisation_id, []).append(lead)
    return leads


def _email(user: User, kind: ReminderKind, link: str) -> tuple[str, str, str]:
    with translation.override(user.language):
        if kind == ReminderKind.OVERDUE:
            subject = _("Noddfa: you have an overdue task")
        else:
            subject = _("Noddfa: you have a task due")
        body = _("You have a task due in Noddfa. Sign in to see it: %(link)s") % {"link": link}
    return (user.email, subject, body)


def _not_yet_reminded(kind: ReminderKind) -> Q:
    return ~Q(Exists(Reminder.objects.filter(task=OuterRef("pk"), kind=kind)))


def due_tasks(now: datetime) -> QuerySet[Task]:
    """Open tasks owed a reminder now and not yet sent it: a task reminded once of a kind
    drops out of this query, so a run reads only what is new, not every overdue task ever."""
    overdue = Q(due_at__lte=now) & _not_yet_reminded(ReminderKind.OVERDUE)
    soon = Q(due_at__gt=now, due_at__lte=now + DUE_SOON_WITHIN) & _not_yet_reminded(
        ReminderKind.DUE_SOON
    )
    return Task.objects.filter(overdue | soon, outcome="", due_at__isnull=False)


def _remind_batch(tasks: list[Task], now: datetime, link: str, sent: Counter[str]) -> None:
    """One short transaction, a fixed number of queries whatever the batch's size: the
    reminder rows, the notices, the audit events and the emails in the outbox, all or
    nothing. A person gets one email per kind per batch however many of their tasks came due:
    a clock that jumps forward must not flood them.

    The reminders already there are read again inside the transaction: a run that lost the
    race to another adds nothing for those tasks. On PostgreSQL a run that commits between
    that read and our insert makes the insert fail on the unique (task, kind) pair; the whole
    batch then rolls back and `send_due_reminders` tries it once more."""
    wanted = {task.pk: kind for task in tasks if (kind := kind_due(task, now)) is not None}
    if not wanted:
        return
    emails: dict[tuple[int, str], User] = {}
    with transaction.atomic(), appended_together():
        taken = set(Reminder.objects.filter(task__in=list(wanted)).values_list("task_id", "kind"))
        fresh = [
            task for task in tasks if task.pk in wanted and (task.pk, wanted[task.pk]) not in taken
        ]
        if not fresh:
            return
        reminders = Reminder.objects.bulk_create(
            Reminder(task=task, kind=wanted[task.pk]) for task in fresh
        )
        unowned = {
            task.organisation_id for task in fresh if task.owner is None or not task.owner.is_active
        }
        leads = _leads_of(unowned)
        notices: list[Notice] = []
        for task, reminder in zip(fresh, reminders, strict=True):
            kind = wanted[task.pk]
            owner = task.owner
            people = (
                [owner]
                if owner is not None and owner.is_active
                else leads.get(task.organisation_id, [])
            )
            notices.extend(Notice(reminder=reminder, recipient=person) for person in people)
            for person in people:
                emails.setdefault((person.pk, kind.value), person)
            record(
                AuditAction.CREATE,
                organisation=task.organisation,
                target=reminder,
                detail={"event": "task_reminder", "kind": kind.value, "task": str(task.pk)},
            )
            sent[kind.value] += 1
        Notice.objects.bulk_create(notices)
        enqueue_many(
            [_email(person, ReminderKind(kind), link) for (_, kind), person in emails.items()],
            at_most_once=True,
        )


def send_due_reminders(now: datetime, batch_size: int = 500) -> Counter[str]:
    """Write the reminders due now (in-app notices and emails in the outbox). No mail is
    sent here: `noddfa send_mail` sends it, outside any transaction.

    Tasks are read a batch at a time in the order of their keys, each batch outside any
    transaction, and each batch written in its own short one: the job never holds the
    database's write lock for longer than one batch takes (SQLite has one writer at a time)."""
    sent: Counter[str] = Counter()
    candidates = due_tasks(now).select_related("owner", "organisation").order_by("pk")
    link = reverse("casework:my_tasks")
    after: uuid.UUID | None = None
    while True:
        page = candidates if after is None else candidates.filter(pk__gt=after)
        batch = list(page[:batch_size])
        if not batch:
            return sent
        after = batch[-1].pk
        for attempt in range(2):
            tally: Counter[str] = Counter()
            try:
                _remind_batch(batch, now, link, tally)
            except IntegrityError:
                if attempt:
                    raise
                continue  # another run wrote some of these reminders first: read again
            sent.update(tally)
            break
