"""Issue 18, item 3 (ADR 18): the tasks that mirror pathway actions follow what the concerns
and referrals migrations changed on the actions.

- An open task's deadline is its action's, now that "immediately" holds its grace (a
  transition task keeps the deadline worked out from the birthday).
- An open task whose action has an outcome recorded from its evidence (the concern recorded,
  the lead's review, the referral submitted) is finished as that outcome says, by whoever it
  names, when it happened. A migration writes no audit events.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def follow(apps: Any, schema_editor: Any) -> None:
    Task = apps.get_model("casework", "Task")
    ActionOutcome = apps.get_model("concerns", "ActionOutcome")
    tasks = Task.objects.filter(outcome="", pathway_action__isnull=False).select_related(
        "pathway_action"
    )
    for task in tasks.iterator():
        action = task.pathway_action
        changes: dict[str, Any] = {}
        if action.code != "TRANSITION_PLAN" and task.due_at != action.due_at:
            changes["due_at"] = action.due_at
        outcome = (
            ActionOutcome.objects.filter(action=action)
            .exclude(evidence="")
            .order_by("-recorded_at", "-pk")
            .first()
        )
        if outcome is not None:
            changes.update(
                outcome="done" if outcome.status == "done" else "not_done",
                outcome_note=outcome.reason,
                finished_at=outcome.happened_at,
                finished_by_id=outcome.recorded_by_id,
            )
        if changes:
            Task.objects.filter(pk=task.pk).update(**changes)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0002_patterns"),
        ("concerns", "0005_outcome_evidence_and_immediate_grace"),
        ("referrals", "0003_submitted_referrals_close_their_actions"),
    ]

    operations = [migrations.RunPython(follow, migrations.RunPython.noop)]
