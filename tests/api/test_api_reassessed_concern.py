"""The API's view of a concern a lead re-assessed (issue 18, item 4): the pathway it shows is
the latest run, each action once, and the addendum names the facts it changed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from factories import PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import Role, User
from noddfa.concerns.addenda import reassess

pytestmark = pytest.mark.django_db
ApiAs = Callable[[User], APIClient]


def test_the_api_shows_the_pathway_after_the_lead_completed_the_facts(api_as: ApiAs) -> None:
    teacher = UserFactory()
    lead = UserFactory(organisation=teacher.organisation, role=Role.SAFEGUARDING_LEAD)
    child = PersonFactory(organisation=teacher.organisation, approximate_age=15)
    concern = make_concern(teacher, child, action=["recruitment"])
    reassess(
        lead,
        concern,
        facts={"elements.purpose": ["sexual"]},
        reason="The police shared indicators of child sexual exploitation at the meeting.",
        opened_version=1,
    )
    response = api_as(teacher).get(f"/api/v1/concerns/{concern.pk}/")
    assert response.status_code == 200, response.content
    body = response.json()
    listed = [action["code"] for action in body["pathway_result"]["actions"]]
    assert {"NRM_REFERRAL", "ICTA_REFERRAL"} <= set(listed)
    assert body["pathway_result"]["assessment"]["potential_victim"] is True
    codes = Counter(action["code"] for action in body["actions"])
    assert codes["RECORD_CONCERN"] == 1 and max(codes.values()) == 1
    (addendum,) = body["addenda"]
    assert addendum["changes"] == [
        {"fact": "elements.purpose", "before": None, "after": ["sexual"]}
    ]
    # The concern as recorded is still there for whoever needs the advice as first given.
    assert concern.pathway_result["assessment"]["potential_victim"] is False
