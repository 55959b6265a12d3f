"""Issue 16 item 5: an implausible observed_at is a 400 problem naming the field, never a 500."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from factories import PersonFactory, UserFactory
from noddfa.accounts.models import User
from noddfa.concerns.models import Concern

pytestmark = pytest.mark.django_db

ApiAs = Callable[[User], APIClient]


@pytest.mark.parametrize(
    ("observed_at", "detail"),
    [
        ("2031-03-02T08:45:00Z", "This date and time is in the future."),
        ("1900-03-02T08:45:00Z", "This date and time is before 1990: check the year."),
        ("0001-01-02T00:00:00Z", "This date and time is before 1990: check the year."),
        # Year 1 in UTC is before year 1 in London's time: out of range, still a 400.
        ("0001-01-01T00:00:00Z", "This date and time is out of range."),
        ("0001-01-01T00:00:00+14:00", "This date and time is out of range."),
        ("9999-12-31T23:59:59-12:00", "This date and time is out of range."),
    ],
)
def test_the_api_refuses_an_implausible_observed_at_as_a_400_problem_naming_the_field(
    observed_at: str, detail: str, api_as: ApiAs
) -> None:
    practitioner = UserFactory()
    child = PersonFactory(organisation=practitioner.organisation, approximate_age=15)
    report = {
        "subject": str(child.pk),
        "observed_at": observed_at,
        "observed_where": "School gate",
        "immediate_danger": "no",
        "account": "Dropped off by a different adult in a car every morning; new phone.",
    }
    response = api_as(practitioner).post("/api/v1/concerns/", report, format="json")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400
    assert {"field": "observed_at", "detail": detail} in problem["errors"]
    assert not Concern.objects.exists()


def test_the_api_records_a_concern_seen_a_minute_ago(api_as: ApiAs) -> None:
    practitioner = UserFactory()
    child = PersonFactory(organisation=practitioner.organisation, approximate_age=15)
    report = {
        "subject": str(child.pk),
        "observed_at": (timezone.now() - timedelta(minutes=1)).isoformat(),
        "observed_where": "School gate",
        "immediate_danger": "no",
        "account": "Dropped off by a different adult in a car every morning; new phone.",
    }
    response = api_as(practitioner).post("/api/v1/concerns/", report, format="json")
    assert response.status_code == 201, response.content
