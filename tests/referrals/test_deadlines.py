"""Referral deadlines in working days, skipping weekends and each nation's bank holidays."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from noddfa.accounts.models import User
from noddfa.referrals.deadlines import next_deadline
from noddfa.referrals.models import ReferralDraft, StatusChange
from noddfa.referrals.services import mark_ready
from referral_factories import (
    CountyLinesStory,
    as_first_responder,
    complete,
    county_lines_story,
    submit,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
# Thursday 24 December 2026: Christmas Day is a Friday and Boxing Day a Saturday, so its
# bank holiday moves to Monday 28 December; New Year's Day 2027 is a Friday.
CHRISTMAS_EVE = datetime(2026, 12, 24, 10, 0, tzinfo=LONDON)


def _submitted(story: CountyLinesStory, code: str, at: datetime) -> ReferralDraft:
    if code == "NRM_REFERRAL":
        as_first_responder(story.school)
        story.practitioner.refresh_from_db()
    draft = story.prepare(code)
    mark_ready(story.practitioner, draft)
    submit(story.practitioner, draft, at)
    return draft


def _due(draft: ReferralDraft) -> datetime:
    deadline = next_deadline(draft)
    assert deadline is not None
    return deadline.due.astimezone(LONDON)


def test_a_child_at_risk_report_sent_on_christmas_eve_is_due_a_decision_on_29_december() -> None:
    draft = _submitted(county_lines_story(), "REPORT_CHILD_AT_RISK", CHRISTMAS_EVE)
    assert _due(draft) == datetime(2026, 12, 29, 10, 0, tzinfo=LONDON)


def test_reasonable_grounds_is_expected_five_working_days_after_christmas_eve() -> None:
    draft = _submitted(county_lines_story(), "NRM_REFERRAL", CHRISTMAS_EVE)
    # 29, 30, 31 December, then 4 and 5 January: New Year's Day does not count.
    assert _due(draft) == datetime(2027, 1, 5, 10, 0, tzinfo=LONDON)


def test_an_adult_at_risk_report_gets_seven_working_days_over_easter() -> None:
    from datetime import date

    from factories import PersonFactory, UserFactory, make_concern
    from noddfa.referrals.services import start_referral

    practitioner = UserFactory()
    adult = PersonFactory(
        organisation=practitioner.organisation,
        created_by=practitioner,
        date_of_birth=date(1970, 1, 1),
    )
    concern = make_concern(
        practitioner,
        adult,
        action=["recruitment"],
        means=["threat"],
        purpose=["labour"],
        care_and_support_needs=True,
        unable_to_protect_self=True,
    )
    draft = start_referral(practitioner, concern.actions.get(code="REPORT_ADULT_AT_RISK"))
    complete(practitioner, draft)
    mark_ready(practitioner, draft)
    # Thursday 25 March 2027; Good Friday 26 March and Easter Monday 29 March are holidays.
    submit(practitioner, draft, datetime(2027, 3, 25, 9, 0, tzinfo=LONDON))
    assert _due(draft) == datetime(2027, 4, 7, 9, 0, tzinfo=LONDON)


def test_a_draft_is_due_when_its_pathway_action_is() -> None:
    story = county_lines_story()
    draft = story.start("REPORT_CHILD_AT_RISK")
    deadline = next_deadline(draft)
    assert deadline is not None
    assert deadline.due == story.action("REPORT_CHILD_AT_RISK").due_at


def test_an_acknowledged_report_is_still_due_for_a_decision() -> None:
    from noddfa.referrals.services import record_acknowledgement

    story = county_lines_story()
    draft = _submitted(story, "REPORT_CHILD_AT_RISK", CHRISTMAS_EVE)
    before = _due(draft)
    record_acknowledgement(story.practitioner, draft, acknowledged_at=CHRISTMAS_EVE)
    # Receipt is not the decision: the local authority's working day still runs.
    assert _due(draft) == before


def test_the_leads_queue_shows_referral_deadlines_overdue_first(
    sign_in: Callable[[User], Client],
) -> None:
    story = county_lines_story()
    late = _submitted(story, "REPORT_CHILD_AT_RISK", timezone.now() - timedelta(days=10))
    soon = _submitted(story, "ICTA_REFERRAL", timezone.now())
    body = sign_in(story.lead).get(reverse("site:review_queue")).content.decode()
    table = body[body.index("Referral deadlines") :]
    assert late.reference in table
    assert "Overdue" in table
    # The ICTA referral has no reply deadline; the overdue report leads the table.
    assert soon.reference not in table
    assert StatusChange.objects.filter(draft=late).count() == 3


def test_overdue_referrals_come_before_ones_still_in_time(
    sign_in: Callable[[User], Client],
) -> None:
    story = county_lines_story()
    in_time = _submitted(story, "REPORT_CHILD_AT_RISK", timezone.now())
    as_first_responder(story.school)
    story.practitioner.refresh_from_db()
    late = _submitted(story, "NRM_REFERRAL", timezone.now() - timedelta(days=20))
    body = sign_in(story.lead).get(reverse("site:review_queue")).content.decode()
    assert body.index(late.reference) < body.index(in_time.reference)


def test_the_deadline_list_asks_the_database_the_same_number_of_times_for_more_referrals() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from noddfa.referrals.selectors import referral_deadlines

    story = county_lines_story()
    _submitted(story, "REPORT_CHILD_AT_RISK", timezone.now())
    with CaptureQueriesContext(connection) as one:
        # The local authority's decision, and the follow-up if no acknowledgement comes.
        assert len(referral_deadlines(story.lead)) == 2
    story.start("ICTA_REFERRAL")
    story.start("NRM_REFERRAL")
    with CaptureQueriesContext(connection) as three:
        referral_deadlines(story.lead)
    assert len(three.captured_queries) == len(one.captured_queries)
