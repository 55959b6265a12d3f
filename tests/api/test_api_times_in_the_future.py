"""The API refuses a concern "seen" later today, as the form does (issue 19)."""

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


def test_the_api_refuses_a_concern_seen_later_today(
    api_as: Callable[[User], APIClient],
) -> None:
    practitioner = UserFactory()
    child = PersonFactory(organisation=practitioner.organisation, approximate_age=15)
    response = api_as(practitioner).post(
        "/api/v1/concerns/",
        {
            "subject": str(child.pk),
            "observed_at": (timezone.now() + timedelta(hours=3)).isoformat(),
            "observed_where": "School gate",
            "immediate_danger": "no",
            "account": "Dropped off by a different adult in a car every morning.",
        },
        format="json",
    )
    assert response.status_code == 400
    assert not Concern.objects.exists()
    assert {"field": "observed_at", "detail": "This date and time is in the future."} in (
        response.json()["errors"]
    )
