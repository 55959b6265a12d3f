"""A submitted referral's wait for a reply is a task for the team that sent it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from noddfa.casework.models import Task, TaskOutcome
from noddfa.referrals.follow_up import REFERRAL_STEP
from noddfa.referrals.services import mark_ready, record_response
from referral_factories import county_lines_story, submit

pytestmark = pytest.mark.django_db


def _reply_tasks() -> list[Task]:
    """The tasks for the receiving body's reply (not the referrer's own follow-ups)."""
    return list(
        Task.objects.filter(source_kind=REFERRAL_STEP, source_id__endswith=":reply").order_by(
            "created_at"
        )
    )


def test_submitting_a_child_at_risk_report_makes_a_task_due_when_the_decision_is() -> None:
    story = county_lines_story()
    draft = story.prepare("REPORT_CHILD_AT_RISK")
    mark_ready(story.practitioner, draft)
    assert _reply_tasks() == []
    submit(story.practitioner, draft, timezone.now() - timedelta(days=5), reference="LA-1")
    [task] = _reply_tasks()
    assert task.owner == story.practitioner
    assert task.organisation_id == draft.organisation_id
    assert task.person_id == draft.subject_id
    assert task.display_title == "Local authority decision on the report"
    assert task.due_at is not None and task.due_at < timezone.now()  # the reply is late


def test_the_reply_task_is_finished_when_the_local_authority_answers() -> None:
    story = county_lines_story()
    draft = story.prepare("REPORT_CHILD_AT_RISK")
    mark_ready(story.practitioner, draft)
    submit(story.practitioner, draft, timezone.now(), reference="LA-2")
    record_response(
        story.practitioner, draft, accepted=True, reason="", responded_at=timezone.now()
    )
    [task] = _reply_tasks()
    assert task.outcome == TaskOutcome.DONE
    assert task.finished_by is None  # the system closed it, not a person
