from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from casework_factories import make_plan
from factories import PersonFactory
from noddfa.accounts.models import User
from noddfa.casework.models import Task
from noddfa.casework.services import TRANSITION, save_transition_plan, schedule_transition_tasks
from noddfa.casework.transition import (
    eighteenth_birthday,
    in_transition_window,
    transition_due,
)

NOW = timezone.make_aware(datetime(2027, 1, 10, 12, 0))


def test_a_child_born_on_29_february_turns_18_on_1_march_in_a_common_year() -> None:
    assert eighteenth_birthday(date(2008, 2, 29)) == date(2026, 3, 1)
    assert eighteenth_birthday(date(2012, 2, 29)) == date(2030, 3, 1)


def test_the_days_either_side_of_29_february_keep_their_own_birthdays() -> None:
    # 18 years after a leap year is never a leap year, so 29 February births always move.
    assert eighteenth_birthday(date(2008, 2, 28)) == date(2026, 2, 28)
    assert eighteenth_birthday(date(2008, 3, 1)) == date(2026, 3, 1)


@pytest.mark.parametrize(
    "born",
    [date(2009, 2, 28), date(2009, 3, 1), date(2008, 2, 29), date(2009, 6, 30), date(2009, 12, 31)],
)
def test_the_transition_task_is_due_well_before_the_18th_birthday(born: date) -> None:
    now = timezone.make_aware(
        datetime(born.year + 17, born.month, 28 if born.day > 28 else born.day)
    )
    due = transition_due(born, now)
    adult_on = eighteenth_birthday(born)
    assert timezone.localtime(due).date() == adult_on - timedelta(days=100)
    assert due > now


def test_a_17_year_old_found_late_gets_a_task_due_before_the_birthday_not_after() -> None:
    born = date(2009, 1, 20)  # 18 on 20 January 2027, ten days after NOW
    due = transition_due(born, NOW)
    assert NOW < due < timezone.make_aware(datetime(2027, 1, 20))


def test_a_child_born_on_29_february_2008_found_late_is_due_before_1_march() -> None:
    now = timezone.make_aware(datetime(2026, 2, 27, 10, 0))
    due = transition_due(date(2008, 2, 29), now)
    assert now < due < timezone.make_aware(datetime(2026, 3, 1))


def test_the_window_runs_from_the_17th_birthday_to_the_eve_of_the_18th() -> None:
    born = date(2009, 5, 1)
    assert not in_transition_window(born, date(2026, 4, 30))
    assert in_transition_window(born, date(2026, 5, 1))
    assert in_transition_window(born, date(2027, 4, 30))
    assert not in_transition_window(born, date(2027, 5, 1))


@pytest.mark.django_db
def test_the_scheduled_job_gives_a_17_year_old_one_transition_task(lead: User) -> None:
    today = timezone.localdate(NOW)
    seventeen = PersonFactory(
        organisation=lead.organisation, date_of_birth=date(2009, 6, 30), created_by=lead
    )
    fifteen = PersonFactory(
        organisation=lead.organisation, date_of_birth=date(2011, 6, 30), created_by=lead
    )
    for person in (seventeen, fifteen):
        make_plan(lead, person, review_on=today + timedelta(days=400))
    assert schedule_transition_tasks(NOW) == 1
    assert schedule_transition_tasks(NOW) == 0
    task = Task.objects.get(source_kind=TRANSITION)
    assert task.person == seventeen
    assert timezone.localtime(task.due_at).date() == date(2027, 3, 22)  # 100 days before 30 June


@pytest.mark.django_db
def test_saving_the_transition_plan_finishes_the_task_and_carries_the_nrm_status(
    lead: User,
) -> None:
    today = timezone.localdate()
    person = PersonFactory(
        organisation=lead.organisation,
        date_of_birth=today.replace(year=today.year - 17) - timedelta(days=10),
        created_by=lead,
    )
    make_plan(lead, person)
    schedule_transition_tasks()
    plan = save_transition_plan(
        lead,
        person,
        adult_services="Swansea adult services, named worker from March",
        nrm_status="positive_rg",
        nrm_reference="NRM-0001",
        arrangements="Supported lodgings; college place kept.",
        person_views="Wants to stay in Swansea.",
    )
    assert plan.get_nrm_status_display() == "Positive reasonable grounds decision"
    assert Task.objects.get(source_kind=TRANSITION).outcome == "done"
