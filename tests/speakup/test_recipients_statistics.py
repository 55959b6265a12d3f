"""Speak-up statistics in the insights app: counts per channel per month and the times to
answer, only in aggregate and under the same disclosure control as every other count."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from factories import OrganisationFactory, UserFactory
from noddfa.accounts.models import Role, User
from noddfa.audit.models import AuditEvent
from noddfa.insights.disclosure import Hidden
from noddfa.insights.speak_up import speak_up_statistics
from noddfa.speakup.models import (
    ACKNOWLEDGE_WITHIN,
    FEEDBACK_WITHIN,
    SpeakUpChannel,
    SpeakUpReport,
)

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
CARDIFF_AND_VALE = ("cardiff", "vale-of-glamorgan")


def _received(channel: SpeakUpChannel, month: int, count: int, **answered: int) -> None:
    """Reports received in a month of this year. Statistics read only their dates, so the
    rows are written directly (sealing and hashing a receipt for each would only be slow)."""
    for day in range(count):
        when = timezone.make_aware(datetime(YEAR, month, 1 + day % 28, 10))
        after = answered.get("acknowledged_after")
        SpeakUpReport.objects.create(
            channel=channel,
            key_id="test",
            body_sealed=b"",
            receipt_index="",
            receipt_hash="",
            submission=uuid.uuid4().hex,
            received_at=when,
            acknowledge_by=when + ACKNOWLEDGE_WITHIN,
            feedback_by=when + FEEDBACK_WITHIN,
            acknowledged_at=None if after is None else when + timedelta(days=after),
        )


def _every_month(channel: SpeakUpChannel, count: int, **answered: int) -> None:
    for month in range(1, 13):
        _received(channel, month, count, **answered)


@pytest.fixture
def analyst(db: None) -> User:
    return UserFactory(
        role=Role.PARTNERSHIP_ANALYST,
        organisation=OrganisationFactory(local_authority_area="vale-of-glamorgan"),
    )


def test_a_month_with_few_reports_is_hidden_and_cannot_be_worked_out(
    channel: SpeakUpChannel,
) -> None:
    for month in range(1, 13):
        _received(channel, month, 2 if month == 2 else 6)
    figures = speak_up_statistics(YEAR, CARDIFF_AND_VALE)
    [row] = figures.rows
    assert row.months[1].hidden is Hidden.SMALL and row.months[1].value is None
    # The other months and the year's total would give February away (68 - 11 x 6): one of
    # them is withheld too.
    assert any(f.hidden is Hidden.WITHHELD for f in (*row.months, row.total))
    shown = [f.value for f in (*row.months, row.total, *figures.month_totals, figures.total)]
    assert 2 not in shown


def test_a_channel_without_reports_hides_its_zeros_like_any_small_count(
    channel: SpeakUpChannel,
) -> None:
    _received(channel, 3, 6)
    [row] = speak_up_statistics(YEAR, CARDIFF_AND_VALE).rows
    assert row.months[0].is_small
    # With eleven months of 0 to 4 and a total, March's 6 would give the zeros away.
    assert row.months[2].hidden is not None or row.total.hidden is not None


def test_counts_of_five_or_more_are_shown(channel: SpeakUpChannel) -> None:
    _every_month(channel, 5)
    figures = speak_up_statistics(YEAR, CARDIFF_AND_VALE)
    [row] = figures.rows
    assert [f.value for f in row.months] == [5] * 12
    assert row.total.value == 60 and figures.total.value == 60


def test_times_are_shown_only_from_ten_reports(channel: SpeakUpChannel) -> None:
    _received(channel, 5, 9, acknowledged_after=3)
    acknowledge, feedback = speak_up_statistics(YEAR, CARDIFF_AND_VALE).times
    assert not acknowledge.published and not feedback.published
    _received(channel, 6, 1, acknowledged_after=5)
    acknowledge, _feedback = speak_up_statistics(YEAR, CARDIFF_AND_VALE).times
    assert acknowledge.published and acknowledge.median == 3 and acknowledge.ninetieth == 3


def test_another_regions_channels_are_not_counted(channel: SpeakUpChannel) -> None:
    _every_month(channel, 5)
    assert speak_up_statistics(YEAR, ("gwynedd", "conwy")).rows == []


def test_the_page_is_for_the_regions_analysts_and_opens_no_report(
    channel: SpeakUpChannel,
    analyst: User,
    lead: User,
    sign_in: Callable[[User], Client],
) -> None:
    _every_month(channel, 6)
    page = sign_in(analyst).get("/insights/speak-up/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Glan Môr speak-up line" in html
    assert re.search(r">\s*6\s*<", html) and re.search(r">\s*72\s*<", html)
    assert not AuditEvent.objects.filter(
        object_type="speakup.speakupreport", action="view"
    ).exists()
    assert sign_in(lead).get("/insights/speak-up/").status_code == 403
    assert sign_in(analyst).get("/insights/speak-up/?year=1999").status_code == 404
    elsewhere = UserFactory(
        role=Role.PARTNERSHIP_ANALYST,
        organisation=OrganisationFactory(local_authority_area="gwynedd"),
    )
    assert "Glan Môr" not in sign_in(elsewhere).get("/insights/speak-up/").content.decode()
