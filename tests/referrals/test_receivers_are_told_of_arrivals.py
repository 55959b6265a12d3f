"""The people who answer an inbox are told when a referral arrives (a left-alone seam).

A referral delivered through Noddfa waited, unread, until someone happened to open the
inbox: nobody at the council was told. Now each of its safeguarding leads and local
authority team gets an email, queued in the outbox with the delivery itself, naming the
kind and reference and never the person, since email leaves Noddfa.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from factories import UserFactory
from noddfa.accounts.models import Role
from noddfa.core.models import OutboxMail
from noddfa.referrals.models import InboxItem
from noddfa.referrals.services import WrongStatus, mark_ready, send_through_noddfa
from referral_factories import complete, county_lines_story

pytestmark = pytest.mark.django_db


def _send_the_schools_report_to_the_council() -> tuple[object, InboxItem]:
    story = county_lines_story(shared=False)
    draft = story.start("REPORT_CHILD_AT_RISK", by=story.lead)
    complete(story.lead, draft, story.children_services)
    mark_ready(story.lead, draft)
    OutboxMail.objects.all().delete()  # only what the sending queues
    send_through_noddfa(story.lead, draft)
    return story, InboxItem.objects.get(draft=draft)


def test_the_councils_team_is_emailed_when_a_report_of_a_child_at_risk_arrives() -> None:
    story, item = _send_the_schools_report_to_the_council()

    mail = OutboxMail.objects.get(recipient=story.la_officer.email)
    assert item.draft.reference in mail.body
    assert reverse("referrals:inbox_item", args=[item.pk]) in mail.body
    # Nothing that names the child leaves Noddfa by email.
    person = item.draft.subject
    for detail in (person.given_name, person.family_name, person.address):
        assert detail and detail not in mail.body and detail not in mail.subject


def test_only_people_of_the_receiving_organisation_who_answer_its_inbox_are_told() -> None:
    story = county_lines_story(shared=False)
    practitioner = UserFactory(organisation=story.children_services, role=Role.PRACTITIONER)
    left = UserFactory(
        organisation=story.children_services, role=Role.LA_SAFEGUARDING_TEAM, is_active=False
    )
    draft = story.start("REPORT_CHILD_AT_RISK", by=story.lead)
    complete(story.lead, draft, story.children_services)
    mark_ready(story.lead, draft)
    OutboxMail.objects.all().delete()

    send_through_noddfa(story.lead, draft)

    told = set(OutboxMail.objects.values_list("recipient", flat=True))
    assert story.la_officer.email in told
    assert practitioner.email not in told
    assert left.email not in told
    assert story.lead.email not in told, "the sender's own organisation is not the receiver"


def test_a_welsh_speaker_is_told_in_welsh() -> None:
    story = county_lines_story(shared=False)
    story.la_officer.language = "cy"
    story.la_officer.save(update_fields=["language"])
    draft = story.start("REPORT_CHILD_AT_RISK", by=story.lead)
    complete(story.lead, draft, story.children_services)
    mark_ready(story.lead, draft)

    send_through_noddfa(story.lead, draft)

    mail = OutboxMail.objects.get(recipient=story.la_officer.email)
    assert "mewnflwch" in mail.subject


def test_sending_twice_tells_them_once() -> None:
    story, item = _send_the_schools_report_to_the_council()

    with pytest.raises(WrongStatus):
        send_through_noddfa(story.lead, item.draft)

    assert OutboxMail.objects.filter(recipient=story.la_officer.email).count() == 1
