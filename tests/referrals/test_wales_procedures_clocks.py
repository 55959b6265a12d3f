"""The Wales Safeguarding Procedures' clocks as referral deadlines with their sources
(WSP children C3, adults A3; sources.md#ref-4-2; issue 14 item 9):
- a report of a child or adult at risk made by telephone is confirmed in writing within
  24 hours;
- the local authority decides and records what happens next within one working day of
  receiving a report of a child at risk, in every case, and both sides see that deadline;
- the referrer follows the report up when there is no acknowledgement within 7 working days.
Working days skip weekends and the nation's bank holidays (noddfa.core.working_days)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from factories import OrganisationFactory, PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import Role, User
from noddfa.audit.models import AuditEvent
from noddfa.casework.models import Task, TaskOutcome
from noddfa.referrals.deadlines import Deadline, deadlines_of
from noddfa.referrals.follow_up import REFERRAL_STEP
from noddfa.referrals.models import Channel, ReferralDraft
from noddfa.referrals.selectors import referral_deadlines
from noddfa.referrals.services import (
    ReferralInvalid,
    WrongStatus,
    mark_ready,
    record_acknowledgement,
    record_response,
    record_submission,
    record_written_confirmation,
    start_referral,
)
from referral_factories import CountyLinesStory, complete, county_lines_story, submit

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]
LONDON = ZoneInfo("Europe/London")
# Thursday 24 December 2026: Christmas (Friday), the Boxing Day holiday (Monday 28), and New
# Year's Day (Friday 1 January 2027) are not working days in Wales.
CHRISTMAS_EVE = datetime(2026, 12, 24, 10, 0, tzinfo=LONDON)
CONFIRM = "Confirm the report in writing"
DECIDE = "Local authority decision on the report"
FOLLOW_UP = "No acknowledgement yet: follow up the report"


@contextmanager
def now_is(moment: datetime) -> Iterator[None]:
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _report(
    story: CountyLinesStory, at: datetime, channel: str = Channel.TELEPHONE
) -> ReferralDraft:
    """A report of a child at risk to the children's services named as its receiver."""
    draft = story.start("REPORT_CHILD_AT_RISK")
    complete(story.practitioner, draft, story.children_services)
    mark_ready(story.practitioner, draft)
    submit(story.practitioner, draft, at, channel=channel)
    return draft


def _by_label(draft: ReferralDraft) -> dict[str, Deadline]:
    return {str(d.label): d for d in deadlines_of(draft)}


def test_a_telephone_report_is_to_be_confirmed_in_writing_within_24_hours() -> None:
    draft = _report(county_lines_story(), CHRISTMAS_EVE)
    confirm = _by_label(draft)[CONFIRM]
    # 24 hours, not a working day: Christmas Day does not stop this clock.
    assert confirm.due == datetime(2026, 12, 25, 10, 0, tzinfo=LONDON)
    assert str(confirm.source) == "Wales Safeguarding Procedures, children C3"
    assert str(confirm.who) == "The referrer"


def test_a_report_made_in_writing_needs_no_written_confirmation() -> None:
    draft = _report(county_lines_story(), CHRISTMAS_EVE, channel=Channel.SECURE_EMAIL)
    assert CONFIRM not in _by_label(draft)


def test_the_deadlines_are_not_overdue_before_they_are_due() -> None:
    draft = _report(county_lines_story(), CHRISTMAS_EVE)
    deadlines = _by_label(draft)
    for label, due in (
        (CONFIRM, datetime(2026, 12, 25, 10, 0, tzinfo=LONDON)),
        (DECIDE, datetime(2026, 12, 29, 10, 0, tzinfo=LONDON)),
        (FOLLOW_UP, datetime(2027, 1, 7, 10, 0, tzinfo=LONDON)),
    ):
        assert deadlines[label].due == due, label
        with now_is(due - timedelta(minutes=1)):
            assert not deadlines[label].overdue, label
        with now_is(due + timedelta(minutes=1)):
            assert deadlines[label].overdue, label


def test_recording_the_written_confirmation_ends_its_deadline_and_task() -> None:
    story = county_lines_story()
    draft = _report(story, timezone.now() - timedelta(hours=30))
    task = Task.objects.get(source_kind=REFERRAL_STEP, source_id=f"{draft.pk}:confirm_in_writing")
    assert task.display_title == CONFIRM
    assert task.owner == story.practitioner
    assert task.due_at is not None and task.due_at < timezone.now()  # late already
    record_written_confirmation(
        story.practitioner, draft, confirmed_at=timezone.now(), channel=Channel.SECURE_EMAIL
    )
    assert CONFIRM not in _by_label(draft)
    task.refresh_from_db()
    assert task.outcome == TaskOutcome.DONE
    event = AuditEvent.objects.get(
        object_id=str(draft.pk), detail__event="report_confirmed_in_writing"
    )
    assert event.detail == {
        "event": "report_confirmed_in_writing",
        "kind": "child_at_risk",
        "channel": "secure_email",
    }
    # The other clocks still run.
    assert {DECIDE, FOLLOW_UP} <= set(_by_label(draft))


def test_only_a_telephone_report_is_confirmed_in_writing_and_only_once() -> None:
    story = county_lines_story()
    written = _report(story, timezone.now(), channel=Channel.IN_WRITING)
    with pytest.raises(WrongStatus):
        record_written_confirmation(
            story.practitioner, written, confirmed_at=timezone.now(), channel=Channel.IN_WRITING
        )
    other = county_lines_story()
    phoned = _report(other, timezone.now() - timedelta(hours=2))
    with pytest.raises(ReferralInvalid) as problem:
        record_written_confirmation(
            other.practitioner, phoned, confirmed_at=timezone.now(), channel=Channel.TELEPHONE
        )
    assert "channel" in problem.value.errors
    with pytest.raises(ReferralInvalid) as problem:
        record_written_confirmation(
            other.practitioner,
            phoned,
            confirmed_at=timezone.now() - timedelta(hours=3),
            channel=Channel.IN_WRITING,
        )
    assert "confirmed_at" in problem.value.errors
    record_written_confirmation(
        other.practitioner, phoned, confirmed_at=timezone.now(), channel=Channel.IN_WRITING
    )
    with pytest.raises(WrongStatus):
        record_written_confirmation(
            other.practitioner, phoned, confirmed_at=timezone.now(), channel=Channel.PORTAL
        )


def test_the_receiving_council_cannot_confirm_for_the_referrer() -> None:
    story = county_lines_story()
    draft = _report(story, timezone.now() - timedelta(hours=2))
    with pytest.raises(PermissionDenied):
        record_written_confirmation(
            story.la_officer, draft, confirmed_at=timezone.now(), channel=Channel.IN_WRITING
        )


def test_a_report_must_say_how_it_was_made() -> None:
    story = county_lines_story()
    draft = story.prepare("REPORT_CHILD_AT_RISK")
    mark_ready(story.practitioner, draft)
    with pytest.raises(ReferralInvalid) as problem:
        record_submission(
            story.practitioner, draft, external_reference="LA-1", submitted_at=timezone.now()
        )
    assert problem.value.errors == {"channel": "Choose how the report was made"}


def test_the_local_authority_decides_within_one_working_day_whatever_it_finds(
    sign_in: SignIn,
) -> None:
    story = county_lines_story()
    draft = _report(story, CHRISTMAS_EVE, channel=Channel.PORTAL)
    decide = _by_label(draft)[DECIDE]
    assert decide.due == datetime(2026, 12, 29, 10, 0, tzinfo=LONDON)
    assert str(decide.who) == "The local authority"
    assert str(decide.source) == "Wales Safeguarding Procedures, children C3"
    # An acknowledgement is not the decision: the working day still runs.
    record_acknowledgement(story.la_officer, draft, acknowledged_at=CHRISTMAS_EVE)
    assert _by_label(draft)[DECIDE].due == decide.due
    # Both sides see it: the referrer and the receiving council, in their lists and pages.
    for user in (story.practitioner, story.la_officer):
        assert DECIDE in {str(d.label) for d in referral_deadlines(user)}
        client = sign_in(user)
        listing = client.get(reverse("referrals:list")).content.decode()
        assert DECIDE in listing and draft.reference in listing
        page = client.get(reverse("referrals:detail", args=[draft.pk])).content.decode()
        table = page[page.index('id="deadlines"') :]
        assert DECIDE in table
        assert "Wales Safeguarding Procedures, children C3" in table
    record_response(story.la_officer, draft, accepted=True, reason="", responded_at=timezone.now())
    assert DECIDE not in _by_label(draft)


def test_no_acknowledgement_in_seven_working_days_means_following_the_report_up() -> None:
    story = county_lines_story()
    draft = _report(story, CHRISTMAS_EVE, channel=Channel.SECURE_EMAIL)
    follow_up = _by_label(draft)[FOLLOW_UP]
    # 29, 30, 31 December, 4, 5, 6 and 7 January.
    assert follow_up.due == datetime(2027, 1, 7, 10, 0, tzinfo=LONDON)
    assert str(follow_up.who) == "The referrer"
    task = Task.objects.get(source_kind=REFERRAL_STEP, source_id=f"{draft.pk}:follow_up")
    assert task.display_title == FOLLOW_UP
    record_acknowledgement(story.la_officer, draft, acknowledged_at=timezone.now())
    assert FOLLOW_UP not in _by_label(draft)
    task.refresh_from_db()
    assert task.outcome == TaskOutcome.DONE


def test_an_adult_at_risk_report_by_telephone_has_the_adult_procedures_clocks() -> None:
    practitioner = UserFactory(role=Role.PRACTITIONER)
    adult = PersonFactory(
        organisation=practitioner.organisation,
        created_by=practitioner,
        date_of_birth=date(1960, 3, 1),
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
    submit(practitioner, draft, CHRISTMAS_EVE, channel=Channel.TELEPHONE)
    deadlines = _by_label(draft)
    assert str(deadlines[CONFIRM].source) == "Wales Safeguarding Procedures, adults A3"
    assert deadlines[FOLLOW_UP].due == datetime(2027, 1, 7, 10, 0, tzinfo=LONDON)
    assert str(deadlines["Local authority enquiries finished"].who) == "The local authority"


def test_a_report_made_in_england_has_none_of_the_wales_only_clocks() -> None:
    organisation = OrganisationFactory(local_authority_area="england")
    practitioner = UserFactory(organisation=organisation, role=Role.PRACTITIONER)
    child = PersonFactory(
        organisation=organisation, created_by=practitioner, date_of_birth=date(2012, 1, 1)
    )
    concern = make_concern(
        practitioner, child, action=["recruitment"], purpose=["criminal"], missing_now=False
    )
    draft = start_referral(practitioner, concern.actions.get(code="REPORT_CHILD_AT_RISK"))
    assert draft.jurisdiction == "england"
    complete(practitioner, draft)
    mark_ready(practitioner, draft)
    submit(practitioner, draft, CHRISTMAS_EVE, channel=Channel.TELEPHONE)
    labels = set(_by_label(draft))
    assert CONFIRM not in labels and FOLLOW_UP not in labels
    decide = _by_label(draft)[DECIDE]
    assert "England period is not yet checked" in str(decide.source)


def test_the_submission_page_asks_how_a_report_was_made_but_not_how_an_nrm_was(
    sign_in: SignIn,
) -> None:
    story = county_lines_story()
    report = story.prepare("REPORT_CHILD_AT_RISK")
    mark_ready(story.practitioner, report)
    client = sign_in(story.practitioner)
    page = client.get(reverse("referrals:detail", args=[report.pk])).content.decode()
    assert "How was it made?" in page
    assert 'value="telephone"' in page
    response = client.post(
        reverse("referrals:submitted", args=[report.pk]),
        {
            "external_reference": "LA-1",
            "submitted_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "channel": "telephone",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("referrals:detail", args=[report.pk])).content.decode()
    assert "By telephone" in page  # in the history
    assert "Record the written confirmation" in page
    # The written confirmation through the page: errors first, then recorded.
    confirm = reverse("referrals:confirmed", args=[report.pk])
    bad = client.post(confirm, {"confirmed_at": "soon"}).content.decode()
    assert "Choose how it was confirmed in writing" in bad
    assert "Enter a real date and time" in bad
    good = client.post(
        confirm,
        {
            "channel": "secure_email",
            "confirmed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert good.status_code == 302
    page = client.get(reverse("referrals:detail", args=[report.pk])).content.decode()
    assert "Confirmed in writing (by secure email)" in page
    assert "Record the written confirmation" not in page


def test_the_receiving_council_is_refused_the_written_confirmation_page(
    sign_in: SignIn,
) -> None:
    story = county_lines_story()
    draft = _report(story, timezone.now() - timedelta(hours=2))
    client = sign_in(story.la_officer)
    page = client.get(reverse("referrals:detail", args=[draft.pk])).content.decode()
    assert CONFIRM in page  # it sees the deadline...
    assert "Record the written confirmation" not in page  # ...but it is not its step
    response = client.post(
        reverse("referrals:confirmed", args=[draft.pk]),
        {
            "channel": "secure_email",
            "confirmed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 403
    assert not draft.written_confirmations.exists()


def test_the_nrm_submission_form_does_not_ask_how_it_was_made(sign_in: SignIn) -> None:
    from referral_factories import as_first_responder

    story = county_lines_story()
    as_first_responder(story.school)
    story.practitioner.refresh_from_db()
    nrm = story.prepare("NRM_REFERRAL")
    mark_ready(story.practitioner, nrm)
    page = sign_in(story.practitioner).get(reverse("referrals:detail", args=[nrm.pk]))
    body = page.content.decode()
    assert "Record the submission" in body
    assert "How was it made?" not in body


def test_an_icta_referral_says_how_it_was_made_and_an_nrm_is_never_by_telephone() -> None:
    from referral_factories import as_first_responder

    story = county_lines_story()
    icta = story.prepare("ICTA_REFERRAL")
    mark_ready(story.practitioner, icta)
    with pytest.raises(ReferralInvalid) as problem:
        record_submission(
            story.practitioner, icta, external_reference="ICTG-1", submitted_at=timezone.now()
        )
    assert problem.value.errors == {"channel": "Choose how the referral was made"}
    as_first_responder(story.school)
    story.practitioner.refresh_from_db()
    nrm = story.prepare("NRM_REFERRAL")
    mark_ready(story.practitioner, nrm)
    with pytest.raises(ReferralInvalid):
        record_submission(
            story.practitioner,
            nrm,
            external_reference="NRM-1",
            submitted_at=timezone.now(),
            channel=Channel.TELEPHONE,
        )
    # Through the Home Office form: nothing to choose.
    record_submission(
        story.practitioner, nrm, external_reference="NRM-1", submitted_at=timezone.now()
    )
    assert nrm.history().last().channel == ""
