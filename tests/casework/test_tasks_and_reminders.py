from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from factories import UserFactory, make_concern
from noddfa.accounts.models import Role, User
from noddfa.casework.models import Notice, Reminder, Task
from noddfa.casework.reminders import send_due_reminders
from noddfa.casework.selectors import my_tasks, team_tasks
from noddfa.casework.services import PATHWAY_ACTION, schedule_task
from noddfa.concerns.services import assign_action, record_outcome
from noddfa.core.outbox import deliver_queued
from noddfa.people.models import Person

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]
NOW = timezone.make_aware(datetime(2026, 6, 15, 9, 0))


def run(now: datetime = NOW) -> str:
    out = StringIO()
    call_command("reminders", now=now, stdout=out)
    deliver_queued()  # what `noddfa send_mail` does next, on its own schedule
    return out.getvalue()


def task(lead: User, person: Person, title: str, due_in: timedelta | None, **kw: object) -> Task:
    due = NOW + due_in if due_in is not None else None
    return schedule_task(lead, person, title, due, **kw)  # type: ignore[arg-type]


def test_overdue_tasks_come_first_most_overdue_at_the_top(lead: User, child: Person) -> None:
    task(lead, child, "No time", None, owner=lead)
    task(lead, child, "Next week", timedelta(days=7), owner=lead)
    task(lead, child, "Yesterday", timedelta(days=-1), owner=lead)
    task(lead, child, "Last week", timedelta(days=-7), owner=lead)
    task(lead, child, "Tomorrow", timedelta(days=1), owner=lead)
    titles = [t.title for t in my_tasks(lead, now=NOW)]
    assert titles == ["Last week", "Yesterday", "Tomorrow", "Next week", "No time"]


def test_my_tasks_are_mine_and_my_teams_tasks_are_everyones_in_the_team(
    lead: User, teacher: User, child: Person
) -> None:
    task(lead, child, "Mine", timedelta(days=1), owner=lead)
    task(lead, child, "Teacher's", timedelta(days=1), owner=teacher)
    task(lead, child, "Nobody's yet", timedelta(days=1))
    assert [t.title for t in my_tasks(teacher, now=NOW)] == ["Teacher's"]
    assert {t.title for t in team_tasks(teacher, now=NOW)} == {"Mine", "Teacher's", "Nobody's yet"}


def test_the_tasks_page_marks_overdue_tasks(sign_in: SignIn, lead: User, child: Person) -> None:
    schedule_task(lead, child, "Strategy meeting", timezone.now() - timedelta(hours=1), lead)
    page = sign_in(lead).get("/casework/tasks/").content.decode()
    assert "noddfa-overdue" in page
    assert "govuk-tag--red" in page


def test_scheduling_the_same_source_twice_makes_one_task(lead: User, child: Person) -> None:
    first = task(
        lead, child, "Referral step", timedelta(days=2), source_kind="referral_step", source_id="42"
    )
    again = task(
        lead, child, "Referral step", timedelta(days=3), source_kind="referral_step", source_id="42"
    )
    assert first == again
    assert Task.objects.count() == 1


def test_a_reminder_fires_once_per_due_task_however_often_the_job_runs(
    lead: User, teacher: User, child: Person
) -> None:
    task(lead, child, "Call Minh's aunt", timedelta(hours=3), owner=teacher)
    first, second = run(), run()
    assert "Task reminders queued: 1 (1 due_soon, 0 overdue)" in first
    assert "Task reminders queued: 0" in second
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [teacher.email]
    # The email says only that there is a task and where: no name, no title.
    assert "Minh" not in mail.outbox[0].body + mail.outbox[0].subject
    assert "/casework/tasks/" in mail.outbox[0].body
    assert Notice.objects.get().recipient == teacher


def test_a_task_that_becomes_overdue_gets_one_more_reminder_and_no_more(
    lead: User, child: Person
) -> None:
    task(lead, child, "Strategy meeting", timedelta(hours=3), owner=lead)
    for minutes in range(0, 6 * 60, 10):
        run(NOW + timedelta(minutes=minutes))
    assert sorted(Reminder.objects.values_list("kind", flat=True)) == ["due_soon", "overdue"]
    assert len(mail.outbox) == 2


def test_a_task_nobody_owns_reminds_the_teams_leads(lead: User, child: Person) -> None:
    other_lead = UserFactory(organisation=lead.organisation, role=Role.SAFEGUARDING_LEAD)
    task(lead, child, "Unowned", timedelta(hours=-1))
    send_due_reminders(NOW)
    deliver_queued()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([lead.email, other_lead.email])


def test_a_finished_task_is_never_reminded(lead: User, child: Person) -> None:
    done = task(lead, child, "Done already", timedelta(hours=-1), owner=lead)
    done.outcome = "done"
    done.save()
    assert run().startswith("Transition tasks scheduled: 0. Task reminders queued: 0")
    assert mail.outbox == []


def test_the_in_app_reminder_shows_once_on_my_tasks(
    sign_in: SignIn, lead: User, child: Person
) -> None:
    schedule_task(lead, child, "Strategy meeting", timezone.now() - timedelta(hours=1), lead)
    send_due_reminders(timezone.now())
    client = sign_in(lead)
    assert "Overdue:" in client.get("/casework/tasks/").content.decode()
    assert "Overdue:" not in client.get("/casework/tasks/").content.decode()


def test_pathway_actions_become_tasks_that_follow_assignment_and_outcome(
    lead: User, teacher: User, child: Person
) -> None:
    concern = make_concern(teacher, child, missing_now=True)
    tasks = Task.objects.filter(source_kind=PATHWAY_ACTION, person=child)
    assert tasks.count() == concern.actions.filter(for_referrer=True).count() > 0
    action = concern.actions.get(code="REPORT_MISSING")
    mirrored = tasks.get(pathway_action=action)
    assert mirrored.due_at == action.due_at
    assign_action(lead, action, teacher)
    mirrored.refresh_from_db()
    assert mirrored.owner == teacher
    record_outcome(teacher, action, status="done", happened_at=timezone.now())
    mirrored.refresh_from_db()
    assert mirrored.outcome == "done"


def test_a_task_cannot_be_given_to_someone_in_another_organisation(
    lead: User, outsider: User, child: Person
) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        task(lead, child, "Leak", timedelta(days=1), owner=outsider)


def test_finishing_a_task_as_not_done_needs_a_reason(
    sign_in: SignIn, lead: User, child: Person
) -> None:
    open_task = task(lead, child, "Home visit", timedelta(days=1), owner=lead)
    client = sign_in(lead)
    refused = client.post(f"/casework/tasks/{open_task.pk}/finish/", {"outcome": "not_done"})
    assert "Say why the task was not done" in refused.content.decode()
    done = client.post(f"/casework/tasks/{open_task.pk}/finish/", {"outcome": "done"})
    assert done.status_code == 302
    open_task.refresh_from_db()
    assert (open_task.outcome, open_task.finished_by) == ("done", lead)


def test_a_run_that_loses_the_race_to_another_run_sends_nothing(lead: User, child: Person) -> None:
    due = task(lead, child, "Strategy meeting", timedelta(hours=-1), owner=lead)
    # The other run committed its reminder row after this run listed the task.
    Reminder.objects.create(task=due, kind="overdue")
    assert sum(send_due_reminders(NOW).values()) == 0
    assert mail.outbox == []
