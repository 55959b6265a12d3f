from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from casework_factories import make_episode
from noddfa.accounts.models import User
from noddfa.audit.models import AuditEvent
from noddfa.casework.models import ImmediateStep, MissingRisk
from noddfa.casework.selectors import missing_episodes_for
from noddfa.casework.services import (
    close_case,
    record_immediate_action,
    record_return,
)
from noddfa.core.errors import Conflict
from noddfa.people.models import Person

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def test_a_high_risk_child_going_missing_puts_999_first_then_social_services(
    teacher: User, child: Person
) -> None:
    episode = make_episode(teacher, child, risk=MissingRisk.HIGH)
    steps = [action.step for action in episode.actions.all()]
    assert steps == [ImmediateStep.CALL_999, ImmediateStep.INFORM_SOCIAL_SERVICES]


def test_a_medium_risk_child_is_reported_on_101_and_social_services_told_at_once(
    teacher: User, child: Person
) -> None:
    episode = make_episode(teacher, child, risk=MissingRisk.MEDIUM)
    steps = [action.step for action in episode.actions.all()]
    assert steps == [ImmediateStep.CALL_101, ImmediateStep.INFORM_SOCIAL_SERVICES]
    assert all(action.done_at is None for action in episode.actions.all())


def test_each_immediate_action_keeps_the_time_it_was_done_and_by_whom(
    teacher: User, child: Person
) -> None:
    episode = make_episode(teacher, child, risk=MissingRisk.HIGH)
    police = episode.actions.get(step=ImmediateStep.CALL_999)
    called_at = timezone.now() - timedelta(minutes=3)
    record_immediate_action(teacher, police, done_at=called_at, reference="SWP-123")
    police.refresh_from_db()
    assert (police.done_at, police.done_by, police.reference) == (called_at, teacher, "SWP-123")
    with pytest.raises(Conflict):
        record_immediate_action(teacher, police, done_at=timezone.now())


def test_the_fast_form_saves_and_shows_the_immediate_actions_first(
    sign_in: SignIn, teacher: User, child: Person
) -> None:
    client = sign_in(teacher)
    response = client.post(
        f"/casework/people/{child.pk}/missing/",
        {
            "last_seen_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "last_seen_where": "School gate",
            "description": "Blue school jumper",
            "risk": "high",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert page.index("Call the police on 999") < page.index("Tell social services now")
    assert page.index("Tell social services now") < page.index("Blue school jumper")


def test_the_fast_form_names_what_is_missing(sign_in: SignIn, teacher: User, child: Person) -> None:
    response = sign_in(teacher).post(f"/casework/people/{child.pk}/missing/", {})
    body = response.content.decode()
    assert 'href="#id_last_seen_at"' in body
    assert "Choose the level of risk" in body


def test_a_return_is_recorded_with_the_return_interview(teacher: User, child: Person) -> None:
    episode = make_episode(teacher, child)
    returned = record_return(
        teacher,
        episode,
        returned_at=timezone.now(),
        found_where="Cardiff Central",
        interview_offered=True,
        interview_held=True,
        interviewed_by="Independent return interview worker",
        learned="Stayed at an address used by the group.",
    )
    episode.refresh_from_db()
    assert episode.has_returned and returned.interviewed_by
    # What was learned stays in the record, never in the audit log.
    assert not AuditEvent.objects.filter(detail__icontains="address used").exists()


def test_a_return_interview_that_was_held_must_say_who_held_it(
    teacher: User, child: Person
) -> None:
    episode = make_episode(teacher, child)
    with pytest.raises(ValidationError):
        record_return(
            teacher,
            episode,
            returned_at=timezone.now(),
            found_where="",
            interview_offered=True,
            interview_held=True,
            interviewed_by="",
            learned="",
        )


def test_the_pattern_selector_counts_episodes_within_the_window(
    teacher: User, child: Person
) -> None:
    now = timezone.now()
    for days in (1, 40, 89, 120):
        make_episode(teacher, child, last_seen_at=now - timedelta(days=days))
    assert missing_episodes_for(child, within_days=90, now=now).count() == 3


def test_going_missing_reopens_a_closed_case_with_the_reason_logged(
    lead: User, teacher: User, child: Person
) -> None:
    make_episode(teacher, child)
    close_case(lead, child, outcome="safe_and_supported", reason="Settled in placement")
    episode = make_episode(teacher, child)
    assert not episode.casefile.is_closed
    assert episode.casefile.latest_status.reason == "missing episode reported"  # type: ignore[union-attr]
