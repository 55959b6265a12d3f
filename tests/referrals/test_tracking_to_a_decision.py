"""Every status change, who may make it, and the NRM decisions that follow a referral."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from factories import UserFactory
from noddfa.accounts.models import Role
from noddfa.audit.models import AuditEvent
from noddfa.referrals.models import ReferralDraft, Status
from noddfa.referrals.services import (
    ReferralInvalid,
    WrongStatus,
    mark_ready,
    record_acknowledgement,
    record_nrm_decision,
    record_response,
    set_policy,
)
from noddfa.training.models import Course, Level, TrainingRecord
from referral_factories import (
    CountyLinesStory,
    as_first_responder,
    complete,
    county_lines_story,
    submit,
)

pytestmark = pytest.mark.django_db


def _ready(story: CountyLinesStory, code: str) -> ReferralDraft:
    """The referral, naming the local authority's children's services as its receiver."""
    draft = story.start(code)
    complete(story.practitioner, draft, story.children_services)
    mark_ready(story.practitioner, draft)
    return draft


def _submit(story: CountyLinesStory, draft: ReferralDraft, by: object = None) -> None:
    submit(
        by or story.practitioner,  # type: ignore[arg-type]
        draft,
        timezone.now() - timedelta(days=40),
        reference="LA-2026-0042",
    )


def test_a_report_goes_from_draft_to_accepted_and_keeps_every_step() -> None:
    story = county_lines_story()
    draft = _ready(story, "REPORT_CHILD_AT_RISK")
    _submit(story, draft)
    record_acknowledgement(story.la_officer, draft, acknowledged_at=timezone.now())
    record_response(story.la_officer, draft, accepted=True, reason="", responded_at=timezone.now())
    history = list(draft.history())
    assert [c.status for c in history] == [
        "draft",
        "ready",
        "submitted",
        "acknowledged",
        "accepted",
    ]
    assert history[2].external_reference == "LA-2026-0042"
    assert history[2].by == story.practitioner
    assert history[3].by == story.la_officer
    events = AuditEvent.objects.filter(object_id=str(draft.pk), action="change")
    assert [e.detail["event"] for e in events] == [
        "referral_edited",
        "referral_ready",
        "referral_submitted",
        "referral_acknowledged",
        "referral_accepted",
    ]
    # Audit details hold names of fields and codes, never what the referral says.
    assert "receiving_body" in events[0].detail["fields"]
    assert "parents_told" in events[0].detail["fields"]
    assert events[2].detail["channel"] == "secure_email"
    assert all(set(e.detail) <= {"event", "kind", "fields", "channel"} for e in events)


def test_a_declined_referral_needs_a_reason() -> None:
    story = county_lines_story()
    draft = _ready(story, "REPORT_CHILD_AT_RISK")
    _submit(story, draft)
    with pytest.raises(ReferralInvalid):
        record_response(
            story.la_officer, draft, accepted=False, reason=" ", responded_at=timezone.now()
        )
    record_response(
        story.la_officer,
        draft,
        accepted=False,
        reason="Already open to the team; added to the existing plan",
        responded_at=timezone.now(),
    )
    assert draft.status == Status.DECLINED


def test_steps_cannot_be_skipped() -> None:
    story = county_lines_story()
    draft = story.prepare("REPORT_CHILD_AT_RISK")
    with pytest.raises(WrongStatus):
        _submit(story, draft)
    with pytest.raises(WrongStatus):
        record_acknowledgement(story.practitioner, draft, acknowledged_at=timezone.now())
    with pytest.raises(WrongStatus):
        record_response(
            story.practitioner, draft, accepted=True, reason="", responded_at=timezone.now()
        )
    mark_ready(story.practitioner, draft)
    with pytest.raises(WrongStatus):
        mark_ready(story.practitioner, draft)


def test_the_receiving_body_cannot_mark_ready_or_submit_for_the_referrer() -> None:
    story = county_lines_story()
    draft = story.prepare("REPORT_CHILD_AT_RISK")
    with pytest.raises(PermissionDenied):
        mark_ready(story.la_officer, draft)
    mark_ready(story.practitioner, draft)
    with pytest.raises(PermissionDenied):
        _submit(story, draft, by=story.la_officer)


def test_a_practitioner_at_the_receiving_body_cannot_answer_for_it() -> None:
    story = county_lines_story()
    draft = _ready(story, "REPORT_CHILD_AT_RISK")
    _submit(story, draft)
    practitioner = UserFactory(organisation=story.children_services, role=Role.PRACTITIONER)
    with pytest.raises(PermissionDenied):
        record_acknowledgement(practitioner, draft, acknowledged_at=timezone.now())


def test_an_organisation_admin_cannot_submit() -> None:
    story = county_lines_story()
    draft = _ready(story, "REPORT_CHILD_AT_RISK")
    admin = UserFactory(organisation=story.school, role=Role.ORGANISATION_ADMIN)
    with pytest.raises(PermissionDenied):
        _submit(story, draft, by=admin)


def test_only_a_first_responder_organisation_submits_an_nrm_referral() -> None:
    story = county_lines_story()
    draft = _ready(story, "NRM_REFERRAL")
    with pytest.raises(PermissionDenied):
        _submit(story, draft)
    as_first_responder(story.school)
    story.practitioner.refresh_from_db()
    _submit(story, draft)
    assert draft.status == Status.SUBMITTED


def _first_responder_story() -> CountyLinesStory:
    story = county_lines_story()
    as_first_responder(story.school)
    story.practitioner.refresh_from_db()
    return story


def test_the_training_gate_stops_untrained_staff_submitting_an_nrm_referral() -> None:
    story = _first_responder_story()
    admin = UserFactory(organisation=story.school, role=Role.ORGANISATION_ADMIN)
    set_policy(admin, nrm_submission_requires_training=True)
    draft = _ready(story, "NRM_REFERRAL")
    with pytest.raises(PermissionDenied):
        _submit(story, draft)
    course = Course.objects.create(
        key="fr-test", title="First responder", level=Level.FIRST_RESPONDER
    )
    TrainingRecord.objects.create(
        user=story.practitioner,
        course=course,
        completed_on=timezone.localdate() - timedelta(days=10),
        recorded_by=admin,
    )
    _submit(story, draft)
    assert draft.status == Status.SUBMITTED


def test_the_training_gate_does_not_apply_to_other_referrals() -> None:
    story = _first_responder_story()
    admin = UserFactory(organisation=story.school, role=Role.ORGANISATION_ADMIN)
    set_policy(admin, nrm_submission_requires_training=True)
    draft = _ready(story, "ICTA_REFERRAL")
    _submit(story, draft)
    assert draft.status == Status.SUBMITTED


def test_only_an_organisation_admin_sets_the_training_gate() -> None:
    story = county_lines_story()
    with pytest.raises(PermissionDenied):
        set_policy(story.lead, nrm_submission_requires_training=True)


def _submitted_nrm() -> tuple[CountyLinesStory, ReferralDraft]:
    story = _first_responder_story()
    draft = _ready(story, "NRM_REFERRAL")
    _submit(story, draft)
    return story, draft


def test_a_positive_reasonable_grounds_decision_starts_a_30_day_recovery_period() -> None:
    story, draft = _submitted_nrm()
    rg_day = timezone.localdate() - timedelta(days=35)
    record_nrm_decision(
        story.la_officer,
        draft,
        decision="reasonable_grounds",
        outcome="positive",
        decided_on=rg_day,
    )
    from noddfa.referrals.deadlines import next_deadline

    deadline = next_deadline(draft)
    assert deadline is not None
    assert deadline.due.date() == rg_day + timedelta(days=30)
    assert not deadline.overdue  # an earliest date, not a deadline to miss


def test_no_conclusive_grounds_decision_before_the_recovery_period_ends() -> None:
    story, draft = _submitted_nrm()
    rg_day = timezone.localdate() - timedelta(days=35)
    record_nrm_decision(
        story.practitioner,
        draft,
        decision="reasonable_grounds",
        outcome="positive",
        decided_on=rg_day,
    )
    with pytest.raises(WrongStatus, match="recovery period"):
        record_nrm_decision(
            story.practitioner,
            draft,
            decision="conclusive_grounds",
            outcome="trafficking",
            decided_on=rg_day + timedelta(days=29),
        )
    record_nrm_decision(
        story.practitioner,
        draft,
        decision="conclusive_grounds",
        outcome="trafficking",
        decided_on=rg_day + timedelta(days=30),
    )
    assert [d.decision for d in draft.decisions.all()] == [
        "reasonable_grounds",
        "conclusive_grounds",
    ]


def test_a_negative_decision_can_be_reconsidered() -> None:
    story, draft = _submitted_nrm()
    day = timezone.localdate() - timedelta(days=20)
    with pytest.raises(WrongStatus):
        record_nrm_decision(
            story.practitioner,
            draft,
            decision="reconsideration_requested",
            outcome="",
            decided_on=day,
        )
    record_nrm_decision(
        story.practitioner, draft, decision="reasonable_grounds", outcome="negative", decided_on=day
    )
    with pytest.raises(WrongStatus, match="request"):
        record_nrm_decision(
            story.practitioner,
            draft,
            decision="reconsideration",
            outcome="positive",
            decided_on=day,
        )
    record_nrm_decision(
        story.practitioner,
        draft,
        decision="reconsideration_requested",
        outcome="",
        decided_on=day + timedelta(days=2),
        note="New evidence from the youth offending team",
    )
    record_nrm_decision(
        story.practitioner,
        draft,
        decision="reconsideration",
        outcome="positive",
        decided_on=day + timedelta(days=9),
    )
    assert draft.decisions.count() == 3


@pytest.mark.parametrize(
    ("decision", "outcome", "days_ago", "message"),
    [
        ("reasonable_grounds", "trafficking", 5, "positive or negative"),
        ("conclusive_grounds", "trafficking", 5, "follows a positive"),
        ("reasonable_grounds", "positive", -1, "between the submission and today"),
        ("reasonable_grounds", "positive", 60, "between the submission and today"),
    ],
)
def test_impossible_nrm_decisions_are_refused(
    decision: str, outcome: str, days_ago: int, message: str
) -> None:
    story, draft = _submitted_nrm()
    with pytest.raises(WrongStatus, match=message):
        record_nrm_decision(
            story.practitioner,
            draft,
            decision=decision,
            outcome=outcome,
            decided_on=timezone.localdate() - timedelta(days=days_ago),
        )


def test_nrm_decisions_only_on_nrm_referrals() -> None:
    story = county_lines_story()
    draft = _ready(story, "REPORT_CHILD_AT_RISK")
    _submit(story, draft)
    with pytest.raises(PermissionDenied):
        record_nrm_decision(
            story.practitioner,
            draft,
            decision="reasonable_grounds",
            outcome="positive",
            decided_on=date.today(),
        )
