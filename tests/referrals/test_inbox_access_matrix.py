"""The referral inbox for every role, in the receiving organisation, in the referring one and
in an unrelated organisation of the receiver's kind (issue 17: the access matrix over the new
inbox routes; issue 18, item 1). Only the receiver's case workers see what arrived; only its
leads and local authority team answer for it; anyone else is not found."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from factories import OrganisationFactory, UserFactory
from noddfa.accounts.models import OrganisationType, Role, User
from noddfa.referrals.models import InboxItem, ReceiverDecision, Status
from noddfa.referrals.services import mark_ready, send_through_noddfa
from referral_factories import complete, county_lines_story

pytestmark = pytest.mark.django_db

CASEWORK = {Role.PRACTITIONER, Role.SAFEGUARDING_LEAD, Role.LA_SAFEGUARDING_TEAM}
ANSWERING = {Role.SAFEGUARDING_LEAD, Role.LA_SAFEGUARDING_TEAM}
RELATIONS = ("receiver", "referrer", "unrelated")


def _expected(role: str, relation: str) -> dict[str, int]:
    sees = role in CASEWORK and relation == "receiver"
    answers = sees and role in ANSWERING
    refused = 403 if sees else 404
    return {
        "inbox": 200 if role in CASEWORK else 403,
        "item": 200 if sees else 404,
        "acknowledge": 302 if answers else refused,
        "decide": 302 if answers else refused,
    }


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", [role for role, _ in Role.choices])
def test_each_inbox_route_answers_each_role_and_relation(
    role: str, relation: str, sign_in: Callable[[User], Client]
) -> None:
    story = county_lines_story(shared=False)
    draft = story.start("REPORT_CHILD_AT_RISK", by=story.lead)
    complete(story.lead, draft, story.children_services)
    mark_ready(story.lead, draft)
    send_through_noddfa(story.lead, draft)
    item = InboxItem.objects.get(draft=draft)
    organisation = {
        "receiver": story.children_services,
        "referrer": story.lead.organisation,
        "unrelated": OrganisationFactory(organisation_type=OrganisationType.LA_CHILDRENS_SERVICES),
    }[relation]
    reader = UserFactory(
        role=role, organisation=None if role == Role.SYSTEM_ADMIN else organisation
    )
    client = sign_in(reader)
    answers = {
        "inbox": client.get(reverse("referrals:inbox")).status_code,
        "item": client.get(reverse("referrals:inbox_item", args=[item.pk])).status_code,
        "acknowledge": client.post(
            reverse("referrals:inbox_acknowledge", args=[item.pk]), {"confirm": "1"}
        ).status_code,
        "decide": client.post(
            reverse("referrals:inbox_decide", args=[item.pk]),
            {"decision": ReceiverDecision.STRATEGY_DISCUSSION, "reason": ""},
        ).status_code,
    }
    assert answers == _expected(role, relation)
    draft.refresh_from_db()
    answered = _expected(role, relation)["decide"] == 302
    assert (draft.status == Status.ACCEPTED) is answered
    if relation != "receiver" and role in CASEWORK:
        # What arrived elsewhere is not in this organisation's inbox.
        assert str(item.pk) not in client.get(reverse("referrals:inbox")).content.decode()
