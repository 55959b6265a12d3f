"""The scheduled jobs cost a few queries per batch, not a few per task or case file
(issue 22): `noddfa reminders` issued 4,492 queries at a region's size, the transition
scheduler one status query per case file. Each batch is its own short transaction, and a
reminder is still written at most once per task and kind."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from factories import UserFactory
from noddfa.accounts.models import Organisation, Role, User
from noddfa.audit.services import verify_chain
from noddfa.casework.models import (
    Casefile,
    CaseOutcome,
    CaseStatus,
    CaseStatusChange,
    Notice,
    Reminder,
    Task,
)
from noddfa.casework.reminders import send_due_reminders
from noddfa.casework.services import TRANSITION, schedule_transition_tasks
from noddfa.core.models import OutboxMail
from noddfa.people.models import Person

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime(2026, 6, 15, 9, 0))


def _tasks(lead: User, how_many: int) -> None:
    """Tasks of a team, some owned by one of its practitioners and some by nobody, half
    overdue and half due within the day."""
    organisation = lead.organisation
    assert organisation is not None
    owners = [UserFactory(organisation=organisation, role=Role.PRACTITIONER) for _ in range(3)] + [
        None
    ]
    Task.objects.bulk_create(
        Task(
            organisation=organisation,
            title=f"Task {n}",
            due_at=NOW + (timedelta(hours=-n - 1) if n % 2 else timedelta(hours=n % 20 + 1)),
            owner=owners[n % len(owners)],
        )
        for n in range(how_many)
    )


def _queries_of(job: Callable[[], object]) -> int:
    """Statements the job sent, one multi-row INSERT counted once: Django splits a bulk insert
    into several statements when it passes SQLite's limit on parameters per statement."""
    with CaptureQueriesContext(connection) as queries:
        job()
    statements = [query["sql"] for query in queries]
    return sum(
        1
        for before, sql in zip(["", *statements], statements, strict=False)
        if not (sql.startswith("INSERT") and before.split(" (")[0] == sql.split(" (")[0])
    )


@pytest.mark.parametrize("how_many", [10, 100])
def test_reminders_for_many_tasks_cost_no_more_queries_than_for_a_few(
    lead: User, how_many: int
) -> None:
    _tasks(lead, how_many)
    baseline_lead = UserFactory(organisation=lead.organisation, role=Role.SAFEGUARDING_LEAD)
    assert baseline_lead.is_active
    spent = _queries_of(lambda: send_due_reminders(NOW))
    assert Reminder.objects.count() == how_many
    # Every task of nobody reached both leads, every owned task its owner alone.
    unowned = Task.objects.filter(owner__isnull=True).count()
    assert Notice.objects.count() == (how_many - unowned) + 2 * unowned
    # One read of the due tasks, one batch write (its reminders, leads, notices, audit
    # events and outbox in one transaction), one read that finds nothing more.
    assert spent <= 16, spent
    assert verify_chain().intact


def test_the_query_count_of_reminders_is_the_same_for_10_and_for_100_tasks(
    lead: User, organisation: Organisation
) -> None:
    counts = []
    for how_many in (10, 100):
        Notice.objects.all().delete()
        Reminder.objects.all().delete()
        Task.objects.all().delete()
        _tasks(lead, how_many)
        counts.append(_queries_of(lambda: send_due_reminders(NOW)))
        assert Reminder.objects.count() == how_many
    assert counts[0] == counts[1], counts


def test_a_second_run_reads_once_and_writes_nothing(lead: User) -> None:
    _tasks(lead, 40)
    send_due_reminders(NOW)
    mails = OutboxMail.objects.count()
    spent = _queries_of(lambda: send_due_reminders(NOW + timedelta(minutes=5)))
    assert spent == 1  # tasks already reminded drop out of the one read
    assert OutboxMail.objects.count() == mails


def test_a_crash_in_a_later_batch_keeps_the_batches_before_it_and_the_rerun_sends_once(
    lead: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tasks(lead, 25)
    from noddfa.casework import reminders

    real = reminders.enqueue_many
    calls = []

    def crash_on_the_second_batch(*args: object, **kwargs: object) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # the process dies while writing the second batch
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reminders, "enqueue_many", crash_on_the_second_batch)
    with pytest.raises(KeyboardInterrupt):
        send_due_reminders(NOW, batch_size=10)
    # The first batch was committed on its own; nothing of the second is left half-written.
    assert Reminder.objects.count() == 10
    assert Notice.objects.filter(reminder__isnull=True).count() == 0
    monkeypatch.setattr(reminders, "enqueue_many", real)
    send_due_reminders(NOW, batch_size=10)
    send_due_reminders(NOW, batch_size=10)
    assert Reminder.objects.count() == 25
    assert sorted(Reminder.objects.values_list("task_id", flat=True)) == sorted(
        Task.objects.values_list("pk", flat=True)
    )
    assert verify_chain().intact


def _case_files(lead: User, how_many: int, *, closed_every: int = 5) -> None:
    """Case files of 17-year-olds (every `closed_every`th one closed) and of 15-year-olds."""
    organisation = lead.organisation
    assert organisation is not None
    people = Person.objects.bulk_create(
        Person(
            organisation=organisation,
            created_by=lead,
            given_name=f"Person {n}",
            date_of_birth=date(2008, 7 + n % 6, 1 + n % 28) if n % 2 else date(2011, 3, 3),
        )
        for n in range(how_many)
    )
    files = Casefile.objects.bulk_create(
        Casefile(person=person, organisation=organisation, opened_by=lead) for person in people
    )
    CaseStatusChange.objects.bulk_create(
        CaseStatusChange(casefile=casefile, status=CaseStatus.OPEN, changed_by=lead)
        for casefile in files
    )
    CaseStatusChange.objects.bulk_create(
        CaseStatusChange(
            casefile=casefile,
            status=CaseStatus.CLOSED,
            changed_by=lead,
            outcome=CaseOutcome.SAFE_AND_SUPPORTED,
            reason="Moved away",
        )
        for n, casefile in enumerate(files)
        if n % closed_every == 0
    )


def test_the_transition_scheduler_costs_the_same_for_10_and_for_100_case_files(
    lead: User,
) -> None:
    counts = []
    for how_many in (10, 100):
        _case_files(lead, how_many)
        made_before = Task.objects.filter(source_kind=TRANSITION).count()
        counts.append(_queries_of(lambda: schedule_transition_tasks(NOW)))
        made = Task.objects.filter(source_kind=TRANSITION).count() - made_before
        # The 17-year-olds (odd numbers) whose case is not closed (not a multiple of 5).
        assert made == len([n for n in range(how_many) if n % 2 and n % 5]), made
    assert counts[0] == counts[1], counts
    assert schedule_transition_tasks(NOW) == 0
    assert verify_chain().intact
