"""Issue 18, item 3 (ADR 18): an outcome says how it is known, and no deadline is the moment
the pathway listed the action.

- `ActionOutcome.evidence`: empty when a person recorded it, else the act it came from.
- A deadline stored for "immediately" was the very moment the action was listed, so the action
  was overdue as soon as it existed. It now holds the grace for "immediately" (one hour, frozen
  here as it was decided; `pathway_case.IMMEDIATE_GRACE` is the live value). A "today"
  deadline stored as the moment itself (a concern recorded after the working day ended) gets
  the same grace.
- What recording a concern is the evidence of is recorded for concerns recorded before: "record
  the concern" done when it was recorded, by whoever recorded it; "tell your safeguarding lead"
  done when a lead of the recording organisation first reviewed it, or when it was recorded if
  a safeguarding lead recorded it. Each says so in `evidence`. A migration writes no audit
  events; the outcomes carry their evidence and the time they were added (`recorded_at`).
  The tasks mirrored from these actions follow in casework's migration 0003.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import migrations, models

GRACE = timedelta(hours=1)


def move_deadlines(apps: Any, schema_editor: Any) -> None:
    PathwayAction = apps.get_model("concerns", "PathwayAction")
    PathwayRun = apps.get_model("concerns", "PathwayRun")
    actions = PathwayAction.objects.filter(
        due__in=["immediately", "today (the same working day)"], due_at__isnull=False
    ).select_related("concern")
    for action in actions.iterator():
        if action.due == "immediately":
            action.due_at = action.due_at + GRACE
        else:
            starts = set(
                PathwayRun.objects.filter(concern_id=action.concern_id).values_list(
                    "ran_at", flat=True
                )
            ) | {action.concern.recorded_at}
            if action.due_at not in starts:
                continue
            action.due_at = action.due_at + GRACE
        PathwayAction.objects.filter(pk=action.pk).update(due_at=action.due_at)


def _done(apps: Any, action: Any, when: Any, by_id: int, evidence: str) -> None:
    ActionOutcome = apps.get_model("concerns", "ActionOutcome")
    if ActionOutcome.objects.filter(action=action).exists():
        return
    ActionOutcome.objects.create(
        action=action,
        status="done",
        happened_at=when,
        reference="",
        reason="",
        evidence=evidence,
        recorded_by_id=by_id,
    )


def close_from_evidence(apps: Any, schema_editor: Any) -> None:
    PathwayAction = apps.get_model("concerns", "PathwayAction")
    LeadReview = apps.get_model("concerns", "LeadReview")
    current = PathwayAction.objects.filter(retracted_at__isnull=True).select_related(
        "concern__recorded_by"
    )
    for action in current.filter(code="RECORD_CONCERN").iterator():
        concern = action.concern
        _done(apps, action, concern.recorded_at, concern.recorded_by_id, "concern_recorded")
    for action in current.filter(code="INFORM_SAFEGUARDING_LEAD").iterator():
        concern = action.concern
        if concern.recorded_by.role == "safeguarding_lead":
            _done(apps, action, concern.recorded_at, concern.recorded_by_id, "recorded_by_lead")
            continue
        review = (
            LeadReview.objects.filter(
                concern=concern, reviewed_by__organisation_id=concern.organisation_id
            )
            .order_by("reviewed_at", "pk")
            .first()
        )
        if review is not None:
            _done(apps, action, review.reviewed_at, review.reviewed_by_id, "lead_reviewed")


class Migration(migrations.Migration):
    dependencies = [
        ("concerns", "0004_draft_per_form_instance"),
    ]

    operations = [
        migrations.AddField(
            model_name="actionoutcome",
            name="evidence",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Recorded by hand"),
                    ("concern_recorded", "The concern was recorded in Noddfa"),
                    ("recorded_by_lead", "Recorded by a safeguarding lead"),
                    ("lead_reviewed", "The safeguarding lead reviewed the concern"),
                    ("referral_submitted", "The referral was recorded as submitted"),
                ],
                default="",
                max_length=32,
                verbose_name="how it is known",
            ),
        ),
        migrations.RunPython(move_deadlines, migrations.RunPython.noop),
        migrations.RunPython(close_from_evidence, migrations.RunPython.noop),
    ]
