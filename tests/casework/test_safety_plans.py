from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from casework_factories import make_plan, plan_fields
from noddfa.accounts.models import User
from noddfa.casework.models import SafetyPlanVersion, Task
from noddfa.casework.services import PLAN_REVIEW
from noddfa.people.models import Person

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def test_every_change_to_a_safety_plan_is_a_new_version_and_every_version_is_kept(
    lead: User, child: Person
) -> None:
    first = make_plan(lead, child)
    second = make_plan(
        lead, child, phone_and_internet="A basic phone, checked weekly.", change_reason="Review"
    )
    assert (first.plan_id, first.number, second.number) == (second.plan_id, 1, 2)
    kept = SafetyPlanVersion.objects.get(pk=first.pk)
    assert kept.phone_and_internet.startswith("At first, no phone of their own")
    assert second.plan.current == second
    with pytest.raises(PermissionError, match="cannot be changed"):
        kept.risks = "rewritten"
        kept.save()


def test_a_plan_is_not_saved_without_the_professionals_who_agreed_it(
    lead: User, child: Person
) -> None:
    with pytest.raises(ValidationError):
        make_plan(lead, child, agreed_by="   \n ")
    assert not SafetyPlanVersion.objects.exists()


def test_each_version_sets_the_review_reminder_and_the_review_closes_the_last_one(
    lead: User, child: Person
) -> None:
    first = make_plan(lead, child)
    reminder = Task.objects.get(source_kind=PLAN_REVIEW, source_id=str(first.pk))
    assert timezone.localtime(reminder.due_at).date() == first.review_on
    assert reminder.owner == lead
    second = make_plan(lead, child, review_on=timezone.localdate() + timedelta(days=30))
    reminder.refresh_from_db()
    assert reminder.outcome == "done"
    assert Task.objects.get(source_kind=PLAN_REVIEW, outcome="").source_id == str(second.pk)


def test_the_form_starts_from_the_child_template_from_the_guidance(
    sign_in: SignIn, lead: User, child: Person
) -> None:
    page = sign_in(lead).get(f"/casework/people/{child.pk}/safety-plan/").content.decode()
    assert "not left alone" in page.lower() or "Not left alone" in page
    assert "0800 043 4303" in page  # the ICTG referral line for children


def test_a_lead_saves_a_plan_through_the_page_and_sees_both_versions(
    sign_in: SignIn, lead: User, child: Person
) -> None:
    client = sign_in(lead)
    data = plan_fields()
    data["review_on"] = data["review_on"].isoformat()  # type: ignore[union-attr]
    response = client.post(f"/casework/people/{child.pk}/safety-plan/", data)
    assert response.status_code == 302
    data["change_reason"] = "Planned review with carers"
    client.post(f"/casework/people/{child.pk}/safety-plan/", data)
    page = client.get(response["Location"]).content.decode()
    assert "First plan after the strategy discussion" in page
    assert "Planned review with carers" in page


def test_a_missing_review_date_is_named_in_the_error_summary(
    sign_in: SignIn, lead: User, child: Person
) -> None:
    data = plan_fields()
    data["review_on"] = ""
    response = sign_in(lead).post(f"/casework/people/{child.pk}/safety-plan/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_review_on"' in body
    assert "Enter the review date" in body


def test_carers_get_a_plain_language_copy_in_english_and_in_welsh(
    sign_in: SignIn, lead: User, child: Person
) -> None:
    version = make_plan(lead, child)
    client = sign_in(lead)
    english = client.get(f"/casework/safety-plans/{version.plan_id}/for-carers/en/")
    welsh = client.get(f"/casework/safety-plans/{version.plan_id}/for-carers/cy/")
    assert "Who they must not see or talk to" in english.content.decode()
    assert 'lang="cy"' in welsh.content.decode()
    assert "Who they must not see or talk to" not in welsh.content.decode()
    assert "The man who drove him to the nail bar." in welsh.content.decode()


def test_an_earlier_version_can_be_read_and_says_it_is_not_the_current_one(
    sign_in: SignIn, lead: User, child: Person
) -> None:
    first = make_plan(lead, child, risks="Early risk wording")
    make_plan(lead, child, risks="Later risk wording")
    client = sign_in(lead)
    page = client.get(f"/casework/safety-plans/{first.plan_id}/?version=1").content.decode()
    assert "Early risk wording" in page
    assert "earlier version" in page
    assert client.get(f"/casework/safety-plans/{first.plan_id}/?version=9").status_code == 404


def test_a_review_date_in_the_past_is_named_on_the_review_date(
    sign_in: SignIn, lead: User, child: Person
) -> None:
    data = plan_fields()
    data["review_on"] = (timezone.localdate() - timedelta(days=1)).isoformat()
    body = sign_in(lead).post(f"/casework/people/{child.pk}/safety-plan/", data).content.decode()
    assert 'id="id_review_on-error"' in body
    assert "The review date must be in the future" in body


def test_the_persons_record_links_to_keeping_safe_and_the_menu_to_tasks(
    sign_in: SignIn, teacher: User, child: Person
) -> None:
    page = sign_in(teacher).get(f"/people/{child.pk}/").content.decode()
    assert f'href="/casework/people/{child.pk}/"' in page
    assert 'href="/casework/tasks/"' in page


def test_keeping_safe_reads_in_welsh(sign_in: SignIn, lead: User, child: Person) -> None:
    client = sign_in(lead)
    client.get(f"/language/cy/?next=/casework/people/{child.pk}/")
    page = client.get(f"/casework/people/{child.pk}/").content.decode()
    assert "Cadw’n ddiogel" in page
    assert "Rhoi gwybod eu bod ar goll nawr" in page


def test_template_wording_left_unchanged_reads_in_welsh_on_the_welsh_carers_copy(
    sign_in: SignIn, lead: User, child: Person
) -> None:
    version = make_plan(lead, child)  # phone, supervision and missing parts as templated
    welsh = sign_in(lead).get(f"/casework/safety-plans/{version.plan_id}/for-carers/cy/")
    body = welsh.content.decode()
    assert "I ddechrau, dim ffôn ei hun" in body
    assert "At first, no phone of their own" not in body
    assert "Controllers may phone him." in body  # typed by a professional: shown as typed
