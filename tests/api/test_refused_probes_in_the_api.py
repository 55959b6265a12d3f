"""A token asking the API for another organisation's record by id is refused and the refusal
logged, ids only (issue 17, item 8; the pages' side is tests/audit/test_refused_probes.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from factories import OrganisationFactory, UserFactory, make_concern
from noddfa.accounts.models import Role, User
from noddfa.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def test_an_api_request_for_another_organisations_person_is_logged(
    api_as: Callable[[User], APIClient],
) -> None:
    holder = UserFactory(role=Role.SAFEGUARDING_LEAD)
    person_id = make_concern(holder).subject_id
    user = UserFactory(organisation=OrganisationFactory(), role=Role.SAFEGUARDING_LEAD)
    response = api_as(user).get(f"/api/v1/people/{person_id}/")
    assert response.status_code == 404
    [event] = AuditEvent.objects.filter(action=AuditAction.REFUSED)
    assert event.actor_id == user.pk
    assert event.detail["ids"] == {"person_id": str(person_id)}
