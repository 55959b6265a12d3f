"""Schemathesis reads the OpenAPI schema and sends generated requests to every operation.

No answer may be a server error, and every answer must match what the schema promises
(status code, content type, body). Examples are few and derandomised, so the run is the same
every time and takes seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis import checks

from noddfa.accounts.models import Role
from noddfa.core.plausible_dates import observed_at_problem
from referral_factories import county_lines_story

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def keep_the_test_connection() -> Iterator[None]:
    # A WSGI request closes database connections when it ends; inside a test that would end
    # the test's transaction (on PostgreSQL), so do what Django's test client does.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(token_for: Callable[..., str]) -> str:
    # A lead whose organisation holds a child, a concern, tasks and a referral, so that
    # generated requests meet real records as well as missing ones.
    story = county_lines_story()
    story.start("NRM_REFERRAL")
    assert story.lead.role == Role.SAFEGUARDING_LEAD
    return token_for(story.lead)


def _plausible_observed_at(case: schemathesis.Case) -> None:
    """OpenAPI cannot say "not in the future, not before 1990" for a date-time, so a generated
    observed_at outside that is brought inside it; the refusals have their own tests
    (tests/api/test_api_implausible_dates.py)."""
    if not isinstance(case.body, dict) or not isinstance(case.body.get("observed_at"), str):
        return
    try:
        observed = datetime.fromisoformat(case.body["observed_at"])
    except ValueError:
        return
    if observed_at_problem(observed, timezone.now()) is not None:
        case.body["observed_at"] = timezone.now().isoformat()


# Read once at collection: serving the schema touches no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=6,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_the_schema_says(case: schemathesis.Case, token: str) -> None:
    _plausible_observed_at(case)
    case.call_and_validate(
        headers={"Authorization": f"Token {token}"},
        # DRF accepts some values a strict reading of the schema would refuse (the number 0
        # as the text "0"); that leniency is deliberate, so only the answers are judged.
        excluded_checks=[checks.negative_data_rejection],
    )
