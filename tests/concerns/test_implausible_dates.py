"""Issue 16 item 5: implausible dates are a clear error on the form and the API, never a 500."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from noddfa.accounts.models import User
from noddfa.concerns.models import Concern
from noddfa.people.models import Person

pytestmark = pytest.mark.django_db

_TYPICAL = {
    "immediate_danger": "no",
    "observed_at": "2026-11-24T08:40",
    "observed_where": "School gate",
    "account": "Collected by a different adult each day; has new phones; seemed frightened.",
    "action": ["recruitment"],
    "purpose": ["criminal"],
    "at_risk_of_going_missing": "not_known",
    "missing_now": "no",
}


def _start(client: Client) -> str:
    response = client.get("/concerns/new/")
    assert response.status_code == 302
    return str(response["Location"])


def _errors(body: str) -> str:
    start = body.find("govuk-error-summary__list")
    return body[start : start + 1500]


def _local(moment: timezone.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize(
    ("observed_at", "error"),
    [
        ("2031-03-02T08:45", "When you saw or heard this cannot be in the future"),
        ("1900-03-02T08:45", "must be in 1990 or later: check the year"),
        ("1989-12-31T23:59", "must be in 1990 or later: check the year"),
        ("0001-01-01T00:00", "must be in 1990 or later: check the year"),
    ],
)
def test_a_concern_seen_in_the_future_or_before_1990_is_a_form_error_and_nothing_is_lost(
    sign_in: Callable[[User], Client], practitioner: User, observed_at: str, error: str
) -> None:
    client = sign_in(practitioner)
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
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and error in body
    assert _TYPICAL["account"] in body
    assert not Concern.objects.exists() and not Person.objects.exists()


def test_a_concern_seen_a_minute_ahead_of_the_server_clock_is_recorded(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    soon = _local(timezone.now() + timedelta(minutes=2))
    response = client.post(
        _start(client),
        {
            **_TYPICAL,
            "observed_at": soon,
            "person-given_name": "Arben",
            "person-sex": "male",
            "submit": "",
        },
    )
    assert response.status_code == 302, _errors(response.content.decode())
    assert Concern.objects.count() == 1


@pytest.mark.parametrize(
    ("born", "error"),
    [
        ("2031-01-01", "Date of birth cannot be in the future"),
        ("9999-12-31", "Date of birth cannot be in the future"),
        ("1890-05-01", "Date of birth is more than 130 years ago: check the year"),
        ("0001-01-01", "Date of birth is more than 130 years ago: check the year"),
    ],
)
def test_a_new_person_born_in_the_future_or_over_130_years_ago_is_a_form_error_not_a_500(
    sign_in: Callable[[User], Client], practitioner: User, born: str, error: str
) -> None:
    client = sign_in(practitioner)
    response = client.post(
        _start(client),
        {
            **_TYPICAL,
            "person-given_name": "Arben",
            "person-sex": "male",
            "person-date_of_birth": born,
            "submit": "",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and error in body
    assert not Concern.objects.exists() and not Person.objects.exists()


def test_a_new_person_born_today_is_recorded(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    today = timezone.localdate().isoformat()
    response = client.post(
        _start(client),
        {
            **_TYPICAL,
            "person-given_name": "Arben",
            "person-sex": "male",
            "person-date_of_birth": today,
            "submit": "",
        },
    )
    assert response.status_code == 302, _errors(response.content.decode())
    assert Person.objects.get().date_of_birth == timezone.localdate()


def test_the_date_errors_are_in_welsh_for_a_welsh_reader(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    client.get("/language/cy/", {"next": "/"})
    response = client.post(
        _start(client),
        {
            **_TYPICAL,
            "observed_at": "2031-03-02T08:45",
            "person-given_name": "Arben",
            "person-sex": "male",
            "person-date_of_birth": "1890-05-01",
            "submit": "",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "yn y dyfodol" in body
    assert "130 o flynyddoedd" in body
