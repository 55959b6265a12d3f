from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from casework_factories import make_plan
from noddfa.accounts.models import User
from noddfa.casework.models import CaseStatus, CaseStatusChange
from noddfa.casework.services import CaseClosedError, close_case, reopen_case
from noddfa.people.models import Person

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def test_a_case_closes_only_with_an_outcome_and_a_reason(lead: User, child: Person) -> None:
    make_plan(lead, child)
    with pytest.raises(ValidationError):
        close_case(lead, child, outcome="safe_and_supported", reason=" ")
    with pytest.raises(ValidationError):
        close_case(lead, child, outcome="", reason="Settled")
    casefile = child.casefiles.get()
    # Even written directly, the database refuses a closure without both.
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseStatusChange.objects.create(casefile=casefile, status="closed", changed_by=lead)
    assert not casefile.is_closed


def test_a_closed_case_stays_readable_and_refuses_new_work_until_reopened(
    sign_in: SignIn, lead: User, child: Person
) -> None:
    make_plan(lead, child, risks="Readable after closure")
    close_case(lead, child, outcome="moved_to_adult_services", reason="Now 18, adult team leads")
    client = sign_in(lead)
    page = client.get(f"/casework/people/{child.pk}/").content.decode()
    assert "Closed" in page and "Moved to adult services" in page
    plan = child.casefiles.get().safety_plan
    assert (
        "Readable after closure"
        in client.get(f"/casework/safety-plans/{plan.pk}/").content.decode()
    )
    with pytest.raises(CaseClosedError):
        make_plan(lead, child)
    refused = client.post(f"/casework/people/{child.pk}/safety-plan/", {"template": "child"})
    assert refused.status_code == 200


def test_reopening_needs_a_reason_and_every_status_change_is_kept(
    lead: User, child: Person
) -> None:
    make_plan(lead, child)
    close_case(lead, child, outcome="no_further_action", reason="Risk has gone")
    with pytest.raises(ValidationError):
        reopen_case(lead, child, reason="")
    reopen_case(lead, child, reason="New intelligence from police")
    statuses = list(child.casefiles.get().status_changes.values_list("status", "reason"))
    assert statuses == [
        (CaseStatus.OPEN, ""),
        (CaseStatus.CLOSED, "Risk has gone"),
        (CaseStatus.REOPENED, "New intelligence from police"),
    ]
    make_plan(lead, child, change_reason="After reopening")


def test_closing_through_the_page_names_the_missing_reason(
    sign_in: SignIn, lead: User, child: Person
) -> None:
    make_plan(lead, child)
    response = sign_in(lead).post(f"/casework/people/{child.pk}/close/", {"outcome": "moved_away"})
    assert 'href="#id_reason"' in response.content.decode()
    assert not child.casefiles.get().is_closed
