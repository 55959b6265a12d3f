"""Issue 18, item 3: the migrations bring actions and tasks recorded before into line: an
immediate deadline gets its grace, what recording, a lead's review and a submission are the
evidence of is recorded, and the open tasks follow."""

from __future__ import annotations

import importlib
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from factories import PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import Role
from noddfa.casework.models import Task
from noddfa.concerns.models import ActionOutcome, Evidence
from noddfa.concerns.services import review_concern
from noddfa.referrals.services import mark_ready
from referral_factories import county_lines_story, submit

pytestmark = pytest.mark.django_db
concerns_0005 = importlib.import_module(
    "noddfa.concerns.migrations.0005_outcome_evidence_and_immediate_grace"
)
referrals_0003 = importlib.import_module(
    "noddfa.referrals.migrations.0003_submitted_referrals_close_their_actions"
)
casework_0003 = importlib.import_module(
    "noddfa.casework.migrations.0003_tasks_follow_action_deadlines_and_evidence"
)


def _as_before(concern_ids: list[object]) -> None:
    """The data as the code before issue 18 left it: immediate deadlines at the very moment,
    no outcomes from evidence, every task open with the action's old deadline."""
    ActionOutcome.objects.filter(action__concern__in=concern_ids).exclude(evidence="").delete()
    for task in Task.objects.filter(pathway_action__concern__in=concern_ids):
        action = task.pathway_action
        assert action is not None
        if action.due == "immediately" and action.due_at is not None:
            action.due_at -= timedelta(hours=1)
            type(action).history.filter(pk=action.pk).update(due_at=action.due_at)
        Task.objects.filter(pk=task.pk).update(
            due_at=action.due_at, outcome="", finished_at=None, finished_by=None
        )


def _migrate() -> None:
    # Moving the deadlines runs once, as a migration does; what records outcomes and finishes
    # tasks changes nothing the second time.
    concerns_0005.move_deadlines(apps, None)
    for _pass in range(2):
        concerns_0005.close_from_evidence(apps, None)
        referrals_0003.close_submitted(apps, None)
        casework_0003.follow(apps, None)


def test_the_migrations_bring_earlier_actions_and_tasks_into_line() -> None:
    practitioner = UserFactory()
    lead = UserFactory(organisation=practitioner.organisation, role=Role.SAFEGUARDING_LEAD)
    child = PersonFactory(organisation=practitioner.organisation, date_of_birth=date(2012, 1, 1))
    concern = make_concern(
        practitioner, child, danger="yes", immediate_danger=True, purpose=["criminal"]
    )
    review_concern(lead, concern, risk_level="high", risk_reason="r", decision="d")
    story = county_lines_story()
    draft = story.prepare("REPORT_CHILD_AT_RISK")
    mark_ready(story.practitioner, draft)
    submitted_at = timezone.now() - timedelta(minutes=5)
    submit(story.practitioner, draft, submitted_at, reference="CARDIFF-9")
    _as_before([concern.pk, story.concern.pk])
    call = concern.actions.get(code="CALL_999")
    assert call.due_at == concern.recorded_at  # overdue the moment it existed

    _migrate()

    call.refresh_from_db()
    assert call.due_at == concern.recorded_at + timedelta(hours=1)
    assert Task.objects.get(pathway_action=call).due_at == call.due_at
    recorded = concern.actions.get(code="RECORD_CONCERN").outcomes.get()
    assert (recorded.evidence, recorded.recorded_by) == (Evidence.CONCERN_RECORDED, practitioner)
    told = concern.actions.get(code="INFORM_SAFEGUARDING_LEAD").outcomes.get()
    assert (told.evidence, told.recorded_by) == (Evidence.LEAD_REVIEWED, lead)
    report = story.action("REPORT_CHILD_AT_RISK").outcomes.get()
    assert (report.evidence, report.reference) == (Evidence.REFERRAL_SUBMITTED, "CARDIFF-9")
    assert report.happened_at == submitted_at
    report_task = Task.objects.get(pathway_action=story.action("REPORT_CHILD_AT_RISK"))
    assert report_task.outcome == "done" and report_task.finished_by == story.practitioner
    assert (
        Task.objects.get(
            pathway_action__code="RECORD_CONCERN", pathway_action__concern=concern
        ).outcome
        == "done"
    )
    assert Task.objects.get(pathway_action=call).is_open
