"""Issue 18, item 3: submitting a referral with its reference is the evidence that the action
it came from is done. The action and its task close, with the reference, when and by whom."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from noddfa.accounts.models import User
from noddfa.casework.models import Task
from noddfa.concerns.action_status import State, status_of
from noddfa.concerns.models import ActionOutcome, Evidence
from noddfa.referrals.services import mark_ready
from referral_factories import county_lines_story, submit

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def test_submitting_the_report_with_its_reference_completes_the_report_action_and_its_task(
    sign_in: SignIn,
) -> None:
    story = county_lines_story()
    action = story.action("REPORT_CHILD_AT_RISK")
    draft = story.prepare("REPORT_CHILD_AT_RISK")
    mark_ready(story.practitioner, draft)
    task = Task.objects.get(pathway_action=action)
    assert task.is_open
    at = timezone.now()
    submit(story.practitioner, draft, at, reference="CARDIFF-4471")
    outcome = action.outcomes.get()
    assert outcome.status == ActionOutcome.Status.DONE
    assert outcome.evidence == Evidence.REFERRAL_SUBMITTED
    assert outcome.reference == "CARDIFF-4471"
    assert outcome.happened_at == at
    assert outcome.recorded_by == story.practitioner
    assert status_of(action, outcome, timezone.now()).state == State.DONE
    task.refresh_from_db()
    assert task.outcome == "done"
    assert task.finished_by == story.practitioner
    page = sign_in(story.practitioner).get(f"/concerns/{story.concern.pk}/").content.decode()
    report = page[page.index("Report a child at risk") :]
    report = report[: report.index("Legal basis and source")]
    assert ">Done<" in report
    assert "CARDIFF-4471" in report
    assert ">Overdue<" not in report


def test_a_submission_records_one_outcome_even_if_the_action_was_done_by_hand() -> None:
    from noddfa.concerns.services import record_outcome

    story = county_lines_story()
    action = story.action("REPORT_CHILD_AT_RISK")
    record_outcome(
        story.practitioner,
        action,
        status=ActionOutcome.Status.DONE,
        happened_at=timezone.now(),
        reference="PHONED-1",
    )
    draft = story.prepare("REPORT_CHILD_AT_RISK")
    mark_ready(story.practitioner, draft)
    submit(story.practitioner, draft, timezone.now(), reference="CARDIFF-4471")
    assert action.outcomes.count() == 1
