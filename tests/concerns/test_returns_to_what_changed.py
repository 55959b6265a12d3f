"""After assigning an action or reviewing a concern the page opens at what was changed, not at
its top (issue 19): the redirect names the item's id, and the item can take the focus."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from factories import UserFactory, make_concern
from noddfa.accounts.models import Role, User
from noddfa.concerns.models import LeadReview

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def test_assigning_an_action_returns_to_that_action(sign_in: SignIn) -> None:
    practitioner = UserFactory(role=Role.PRACTITIONER)
    lead = UserFactory(organisation=practitioner.organisation, role=Role.SAFEGUARDING_LEAD)
    concern = make_concern(practitioner)
    action = concern.actions.order_by("pk").last()
    assert action is not None
    client = sign_in(lead)
    response = client.post(
        reverse("concerns:action", args=[action.pk]), {"assignee": str(practitioner.pk)}
    )
    detail = reverse("concerns:detail", args=[concern.pk])
    assert response.status_code == 302
    assert response["Location"] == f"{detail}#action-{action.pk}"
    page = client.get(detail).content.decode()
    assert f'id="action-{action.pk}" tabindex="-1"' in page


def test_reviewing_a_concern_returns_to_the_review(sign_in: SignIn) -> None:
    practitioner = UserFactory(role=Role.PRACTITIONER)
    lead = UserFactory(organisation=practitioner.organisation, role=Role.SAFEGUARDING_LEAD)
    concern = make_concern(practitioner)
    client = sign_in(lead)
    response = client.post(
        reverse("concerns:review", args=[concern.pk]),
        {"risk_level": "high", "risk_reason": "Older men collect him.", "decision": "Refer."},
    )
    review = LeadReview.objects.get(concern=concern)
    detail = reverse("concerns:detail", args=[concern.pk])
    assert response["Location"] == f"{detail}#review-{review.pk}"
    page = client.get(detail).content.decode()
    assert f'id="review-{review.pk}" tabindex="-1"' in page


def test_someone_from_another_organisation_cannot_assign(sign_in: SignIn) -> None:
    practitioner = UserFactory(role=Role.PRACTITIONER)
    stranger = UserFactory(role=Role.SAFEGUARDING_LEAD)
    concern = make_concern(practitioner)
    action = concern.actions.order_by("pk").last()
    assert action is not None
    response = sign_in(stranger).post(
        reverse("concerns:action", args=[action.pk]), {"assignee": str(practitioner.pk)}
    )
    assert response.status_code == 404
    action.refresh_from_db()
    assert action.assigned_to is None
