"""A missing episode records what happened: last seen, an action done, a return found are never
later than now (a few minutes' clock skew allowed), on the form, in both languages (issue 19)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from casework_factories import make_episode
from noddfa.accounts.models import User
from noddfa.casework.models import MissingEpisode
from noddfa.people.models import Person

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def _local(offset: timedelta) -> str:
    return (timezone.localtime() + offset).strftime("%Y-%m-%dT%H:%M")


def _report(client: Client, child: Person, last_seen_at: str) -> str:
    response = client.post(
        f"/casework/people/{child.pk}/missing/",
        {
            "last_seen_at": last_seen_at,
            "last_seen_where": "School gate",
            "description": "Blue school jumper",
            "risk": "high",
        },
    )
    return response.content.decode() if response.status_code == 200 else ""


def test_a_child_last_seen_thirteen_hours_from_now_is_refused_and_nothing_is_saved(
    sign_in: SignIn, teacher: User, child: Person
) -> None:
    body = _report(sign_in(teacher), child, _local(timedelta(hours=13)))
    assert "govuk-error-summary" in body
    assert "When they were last seen cannot be in the future" in body
    assert "Blue school jumper" in body  # what was typed is kept
    assert not MissingEpisode.objects.exists()


def test_last_seen_a_few_minutes_ahead_of_the_server_clock_is_accepted(
    sign_in: SignIn, teacher: User, child: Person
) -> None:
    assert _report(sign_in(teacher), child, _local(timedelta(minutes=2))) == ""
    assert MissingEpisode.objects.count() == 1


def test_last_seen_before_1990_is_a_slip_of_the_year(
    sign_in: SignIn, teacher: User, child: Person
) -> None:
    body = _report(sign_in(teacher), child, "1925-03-01T10:00")
    assert "When they were last seen must be in 1990 or later: check the year" in body


def test_the_error_is_in_welsh_for_a_welsh_reader(
    sign_in: SignIn, teacher: User, child: Person
) -> None:
    client = sign_in(teacher)
    client.get("/language/cy/", {"next": "/"})
    body = _report(client, child, _local(timedelta(hours=13)))
    assert "yn y dyfodol" in body
    assert "cannot be in the future" not in body


def test_an_immediate_action_done_later_today_is_refused(
    sign_in: SignIn, teacher: User, child: Person
) -> None:
    episode = make_episode(teacher, child)
    step = episode.actions.first()
    assert step is not None
    response = sign_in(teacher).post(
        f"/casework/missing/steps/{step.pk}/", {"done_at": _local(timedelta(hours=3))}
    )
    step.refresh_from_db()
    assert step.done_at is None
    assert "When it was done cannot be in the future" in response.content.decode()


def test_a_return_in_the_future_is_refused(sign_in: SignIn, teacher: User, child: Person) -> None:
    episode = make_episode(teacher, child)
    response = sign_in(teacher).post(
        f"/casework/missing/{episode.pk}/return/",
        {"returned_at": _local(timedelta(days=1)), "found_where": "Cardiff Central"},
    )
    episode.refresh_from_db()
    assert not episode.has_returned
    assert "When they returned cannot be in the future" in response.content.decode()
