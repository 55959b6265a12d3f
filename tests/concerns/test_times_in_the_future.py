"""Times that record something that happened are never later than now (issue 19): a concern
"seen" later today, and an action's outcome "done" tomorrow, are refused on the form with the
question's own words; a few minutes' clock skew is allowed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.concerns.test_recording_a_concern import _TYPICAL, _start

from noddfa.accounts.models import User
from noddfa.concerns.models import ActionOutcome, Concern, PathwayAction

pytestmark = pytest.mark.django_db


def _local(offset: timedelta) -> str:
    return (timezone.localtime() + offset).strftime("%Y-%m-%dT%H:%M")


def _record(client: Client, observed_at: str) -> tuple[int, str]:
    response = client.post(
        _start(client),
        {
            **_TYPICAL,
            "observed_at": observed_at,
            "person-given_name": "Arben",
            "person-sex": "male",
            "submit": "",
        },
    )
    return response.status_code, response.content.decode()


def test_a_concern_seen_later_today_is_refused(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    status, body = _record(sign_in(practitioner), _local(timedelta(hours=3)))
    assert status == 200
    assert "When you saw or heard this cannot be in the future" in body
    assert not Concern.objects.exists()


def _an_action(client: Client) -> PathwayAction:
    status, body = _record(client, _local(-timedelta(hours=1)))
    assert status == 302, body[:2000]
    concern = Concern.objects.get()
    action = PathwayAction.objects.filter(concern=concern).first()
    assert action is not None
    return action


def test_an_outcome_done_tomorrow_is_refused_and_one_done_now_is_recorded(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    action = _an_action(client)
    url = reverse("concerns:action", args=[action.pk])
    refused = client.post(url, {"status": "done", "happened_at": _local(timedelta(days=1))})
    assert refused.status_code == 200
    assert "When it was done cannot be in the future" in refused.content.decode()
    assert not ActionOutcome.objects.filter(action=action).exists()
    accepted = client.post(url, {"status": "done", "happened_at": _local(timedelta(minutes=2))})
    assert accepted.status_code == 302
    assert ActionOutcome.objects.filter(action=action).count() == 1
