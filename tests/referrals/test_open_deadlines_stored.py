"""Issue 22, ADR 0029: each referral's open dates are stored so the deadline lists page in the
database. What is stored is always what `deadlines_of` works out from the referral's history:
every step through the services writes it again, `noddfa referral_deadlines --check` finds a
difference and puts it right (nightly), and referrals made before the dates were stored get
them at the next migrate."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from noddfa.referrals.deadlines import deadlines_of
from noddfa.referrals.models import Channel, OpenDeadline, ReferralDraft
from noddfa.referrals.open_deadlines import rebuild_open_deadlines
from noddfa.referrals.selectors import referral_deadlines
from noddfa.referrals.services import (
    mark_ready,
    record_acknowledgement,
    record_nrm_decision,
    record_response,
    record_written_confirmation,
    update_draft,
)
from referral_factories import CountyLinesStory, as_first_responder, complete, county_lines_story
from referral_factories import submit as submit_referral

pytestmark = pytest.mark.django_db


def _stored(draft: ReferralDraft) -> set[tuple[str, object, bool]]:
    return {
        (row.key, row.due, row.can_be_overdue) for row in OpenDeadline.objects.filter(draft=draft)
    }


def _worked_out(draft: ReferralDraft) -> set[tuple[str, object, bool]]:
    fresh = ReferralDraft.objects.get(pk=draft.pk)
    return {(d.key, d.due, d.can_be_overdue) for d in deadlines_of(fresh)}


def _assert_stored_as_worked_out(draft: ReferralDraft, keys: set[str]) -> None:
    assert {key for key, _due, _o in _stored(draft)} == keys
    assert _stored(draft) == _worked_out(draft)
    assert not rebuild_open_deadlines(write=False).any


def _ready(story: CountyLinesStory, code: str) -> ReferralDraft:
    draft = story.start(code)
    complete(story.practitioner, draft, story.children_services)
    mark_ready(story.practitioner, draft)
    return draft


def test_every_step_of_a_telephone_report_leaves_the_stored_dates_as_worked_out() -> None:
    story = county_lines_story()
    draft = story.start("REPORT_CHILD_AT_RISK")
    # Before submission the draft is due when the pathway action is.
    _assert_stored_as_worked_out(draft, {"submit"})
    complete(story.practitioner, draft, story.children_services)
    mark_ready(story.practitioner, draft)
    _assert_stored_as_worked_out(draft, {"submit"})
    sent = timezone.now() - timedelta(days=2)
    submit_referral(story.practitioner, draft, sent, channel=Channel.TELEPHONE)
    _assert_stored_as_worked_out(draft, {"reply", "confirm_in_writing", "follow_up"})
    record_written_confirmation(
        story.practitioner,
        draft,
        confirmed_at=sent + timedelta(hours=3),
        channel=Channel.SECURE_EMAIL,
    )
    _assert_stored_as_worked_out(draft, {"reply", "follow_up"})
    record_acknowledgement(story.la_officer, draft, acknowledged_at=sent + timedelta(hours=4))
    _assert_stored_as_worked_out(draft, {"reply"})
    record_response(
        story.la_officer,
        draft,
        accepted=True,
        reason="",
        responded_at=sent + timedelta(hours=5),
    )
    _assert_stored_as_worked_out(draft, set())
    assert referral_deadlines(story.lead) == []


def test_a_positive_reasonable_grounds_decision_stores_the_recovery_period_until_conclusive() -> (
    None
):
    story = county_lines_story()
    as_first_responder(story.school)
    story.practitioner.refresh_from_db()
    draft = _ready(story, "NRM_REFERRAL")
    submit_referral(story.practitioner, draft, timezone.now() - timedelta(days=40))
    _assert_stored_as_worked_out(draft, {"reply"})
    decided = timezone.localdate() - timedelta(days=35)
    record_nrm_decision(
        story.la_officer,
        draft,
        decision="reasonable_grounds",
        outcome="positive",
        decided_on=decided,
    )
    _assert_stored_as_worked_out(draft, {"recovery"})
    # An earliest date, not a deadline to miss: it is never listed as overdue.
    (recovery,) = referral_deadlines(story.lead)
    assert recovery.key == "recovery" and not recovery.overdue
    record_nrm_decision(
        story.la_officer,
        draft,
        decision="conclusive_grounds",
        outcome="trafficking",
        decided_on=timezone.localdate(),
    )
    _assert_stored_as_worked_out(draft, set())


def _store_a_recovery_period_end(draft: ReferralDraft) -> None:
    """A date the referral's history does not give (a report has no recovery period)."""
    OpenDeadline.objects.create(
        draft=draft,
        key="recovery",
        due=timezone.now(),
        can_be_overdue=False,
        organisation_id=draft.organisation_id,
        subject_id=draft.subject_id,
    )


def _telephone_report(story: CountyLinesStory) -> ReferralDraft:
    draft = _ready(story, "REPORT_CHILD_AT_RISK")
    submit_referral(
        story.practitioner, draft, timezone.now() - timedelta(days=1), channel=Channel.TELEPHONE
    )
    return draft


def test_check_finds_stored_dates_gone_wrong_and_the_nightly_run_puts_them_right() -> None:
    story = county_lines_story()
    draft = _telephone_report(story)
    right = _stored(draft)
    OpenDeadline.objects.filter(draft=draft, key="reply").delete()
    OpenDeadline.objects.filter(draft=draft, key="follow_up").update(due=timezone.now())
    _store_a_recovery_period_end(draft)
    with pytest.raises(CommandError, match="missing: 1, moved: 1, no longer open: 1"):
        call_command("referral_deadlines", "--check")
    call_command("referral_deadlines")
    assert _stored(draft) == right
    call_command("referral_deadlines", "--check")


def test_referrals_made_before_the_dates_were_stored_get_them_at_the_next_migrate() -> None:
    story = county_lines_story()
    draft = _telephone_report(story)
    right = _stored(draft)
    OpenDeadline.objects.all().delete()
    assert referral_deadlines(story.lead) == []
    call_command("migrate", verbosity=0)
    assert _stored(draft) == right
    assert {d.key for d in referral_deadlines(story.lead)} == {
        "reply",
        "confirm_in_writing",
        "follow_up",
    }


def test_a_stored_date_the_history_no_longer_gives_is_not_listed_and_is_logged_plainly(
    caplog: pytest.LogCaptureFixture,
) -> None:
    story = county_lines_story()
    draft = _telephone_report(story)
    _store_a_recovery_period_end(draft)
    with caplog.at_level(logging.WARNING):
        listed = referral_deadlines(story.lead)
    assert "recovery" not in {d.key for d in listed}
    assert len(listed) == 3
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "out of date" in logged
    # Ids and keys only: nothing about the child.
    for personal in ("Jac", "Evans", "CF11", draft.reference):
        assert personal not in logged


def test_another_organisation_lists_none_of_the_stored_dates() -> None:
    story = county_lines_story(shared=False)
    _telephone_report(story)
    other = county_lines_story()
    assert len(referral_deadlines(story.lead)) == 3
    assert referral_deadlines(other.lead) == []
    assert referral_deadlines(other.la_officer) == []


def test_naming_another_receiving_body_moves_who_sees_the_drafts_date() -> None:
    story = county_lines_story()
    draft = complete(story.practitioner, story.start("REPORT_CHILD_AT_RISK"), None)
    assert referral_deadlines(story.la_officer) == []
    complete(story.practitioner, draft, story.children_services)
    # The council the person is shared with sees what is coming to it, as it sees the draft.
    assert [d.key for d in referral_deadlines(story.la_officer)] == ["submit"]
    update_draft(story.practitioner, draft, draft.data, None)
    assert referral_deadlines(story.la_officer) == []
    assert [d.key for d in referral_deadlines(story.lead)] == ["submit"]
    assert not rebuild_open_deadlines(write=False).any


def test_the_stored_dates_are_checked_nightly_by_the_timers_and_by_cron() -> None:
    root = Path(__file__).resolve().parents[2]
    cron = (root / "deploy" / "cron" / "noddfa").read_text()
    assert "noddfa-manage referral_deadlines 2>&1" in cron
    timer = (root / "deploy" / "systemd" / "noddfa-referral_deadlines.timer").read_text()
    assert "noddfa-job@referral_deadlines.service" in timer
    assert "noddfa-referral_deadlines.timer" in (root / "docs" / "operations.md").read_text()
