"""Issue 18, item 3: tasks mirrored from pathway actions carry the action's status. "My tasks",
the team's tasks and `noddfa reminders` never call a just-created immediate action overdue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from factories import PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import Role, User
from noddfa.casework.models import Reminder, Task
from noddfa.casework.reminders import send_due_reminders
from noddfa.casework.selectors import my_tasks, task_status, team_tasks
from noddfa.concerns.action_status import State
from noddfa.concerns.models import Concern
from noddfa.concerns.services import assign_action

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def _in_danger(by: User) -> Concern:
    child = PersonFactory(organisation=by.organisation, date_of_birth=date(2012, 3, 4))
    return make_concern(
        by, child, danger="yes", immediate_danger=True, action=["recruitment"], purpose=["criminal"]
    )


def test_no_task_from_a_just_saved_concern_is_overdue() -> None:
    practitioner = UserFactory()
    lead = UserFactory(organisation=practitioner.organisation, role=Role.SAFEGUARDING_LEAD)
    _in_danger(practitioner)
    now = timezone.now()
    tasks = team_tasks(lead, now)
    assert tasks
    states = {task.title: task_status(task, now).state for task in tasks}
    assert State.OVERDUE not in states.values()
    assert states["CALL_999"] == State.NOW


def test_a_task_from_an_immediate_action_is_overdue_after_the_grace() -> None:
    practitioner = UserFactory()
    lead = UserFactory(organisation=practitioner.organisation, role=Role.SAFEGUARDING_LEAD)
    concern = _in_danger(practitioner)
    task = Task.objects.get(pathway_action__concern=concern, title="CALL_999")
    assert task.due_at is not None
    assert task_status(task, task.due_at + timedelta(minutes=1)).state == State.OVERDUE
    later = team_tasks(lead, task.due_at + timedelta(minutes=1))
    assert later[0].title == "CALL_999"


def test_reminders_do_not_call_a_just_created_immediate_task_overdue() -> None:
    practitioner = UserFactory()
    UserFactory(organisation=practitioner.organisation, role=Role.SAFEGUARDING_LEAD)
    _in_danger(practitioner)
    sent = send_due_reminders(timezone.now())
    assert sent["overdue"] == 0
    assert not Reminder.objects.filter(kind="overdue").exists()


def test_my_tasks_page_shows_now_for_an_immediate_action_assigned_to_me(sign_in: SignIn) -> None:
    practitioner = UserFactory()
    lead = UserFactory(organisation=practitioner.organisation, role=Role.SAFEGUARDING_LEAD)
    concern = _in_danger(practitioner)
    assign_action(lead, concern.actions.get(code="CALL_999"), practitioner)
    # First: it is the most urgent. The practitioner's own actions follow it (issue 18, item 6:
    # the actions that read "You" are theirs), none of them overdue either.
    assert my_tasks(practitioner)[0].title == "CALL_999"
    page = sign_in(practitioner).get("/casework/tasks/").content.decode()
    assert ">Now<" in page
    assert ">Overdue<" not in page
    assert "noddfa-overdue" not in page
