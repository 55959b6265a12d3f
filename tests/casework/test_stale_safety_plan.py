"""A stale save of a safety plan is refused and shows what changed (issue 16, item 3)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from casework_factories import make_plan, plan_fields
from factories import UserFactory
from noddfa.accounts.models import Role, User
from noddfa.casework.models import SafetyPlanVersion
from noddfa.casework.services import StalePlan
from noddfa.people.models import Person

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def _opened(client: Client, child: Person) -> dict[str, object]:
    """The plan form as a lead opens it: its answers as the page holds them."""
    page = client.get(f"/casework/people/{child.pk}/safety-plan/").content.decode()
    based_on = re.search(r'name="based_on" value="(\d+)"', page)
    assert based_on, "the form carries the version it was opened at"
    data = plan_fields(change_reason="Planned review")
    data["review_on"] = data["review_on"].isoformat()  # type: ignore[union-attr]
    data["based_on"] = based_on.group(1)
    return data


def _other_lead(lead: User) -> User:
    return UserFactory(
        organisation=lead.organisation, role=Role.SAFEGUARDING_LEAD, full_name="Owain Lead"
    )


def test_two_leads_open_version_3_and_the_second_save_is_refused_showing_what_changed(
    sign_in: SignIn, lead: User, child: Person
) -> None:
    for reason in ("First plan", "Review one", "Review two"):
        make_plan(lead, child, change_reason=reason)
    first, second = sign_in(lead), sign_in(_other_lead(lead))
    gwen, owain = _opened(first, child), _opened(second, child)
    assert gwen["based_on"] == owain["based_on"] == "3"
    gwen["risks"] = "Controllers may phone him. Do not release to uncle."
    assert first.post(f"/casework/people/{child.pk}/safety-plan/", gwen).status_code == 302
    owain["supervision"] = "Escorted to and from school."
    refused = second.post(f"/casework/people/{child.pk}/safety-plan/", owain)
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "What changed since you opened version 3" in page
    assert "Do not release to uncle." in page
    assert "Version 4 saved by Gwen Lead" in page
    assert "Escorted to and from school." in page, "the refused answers are kept on the page"
    current = SafetyPlanVersion.objects.filter(plan__casefile__person=child).first()
    assert current is not None and current.number == 4
    assert "Do not release to uncle." in current.risks
    # Saving again from the refusal page is a knowing save over version 4.
    again = re.search(r'name="based_on" value="(\d+)"', page)
    assert again and again.group(1) == "4"
    owain["based_on"] = "4"
    assert second.post(f"/casework/people/{child.pk}/safety-plan/", owain).status_code == 302
    assert SafetyPlanVersion.objects.filter(plan__casefile__person=child).count() == 5


def test_two_leads_making_the_first_plan_the_second_is_refused(
    sign_in: SignIn, lead: User, child: Person
) -> None:
    first, second = sign_in(lead), sign_in(_other_lead(lead))
    gwen, owain = _opened(first, child), _opened(second, child)
    assert gwen["based_on"] == "0"
    assert first.post(f"/casework/people/{child.pk}/safety-plan/", gwen).status_code == 302
    refused = second.post(f"/casework/people/{child.pk}/safety-plan/", owain)
    assert refused.status_code == 409
    assert SafetyPlanVersion.objects.filter(plan__casefile__person=child).count() == 1


def test_the_service_refuses_a_version_made_from_an_older_one_and_writes_nothing(
    lead: User, child: Person
) -> None:
    make_plan(lead, child)
    make_plan(lead, child, change_reason="Review")
    with pytest.raises(StalePlan) as refused:
        make_plan(lead, child, based_on=1, change_reason="From version 1")
    assert (refused.value.opened, refused.value.current) == (1, 2)
    assert make_plan(lead, child, based_on=2, change_reason="From version 2").number == 3
    assert SafetyPlanVersion.objects.filter(plan__casefile__person=child).count() == 3
