"""Issue 18, item 3 (ADR 18): a referral recorded as submitted is the evidence that the pathway
action it was prepared for is done. For referrals submitted before that was recorded, the
action's current version (same concern and code) gets a "done" outcome, when the first
submission was made, by whoever recorded it, with its reference, unless it has an outcome
already. A migration writes no audit events: the outcome says where it came from (`evidence`)
and when it was added. Casework's migration 0003 finishes the tasks that mirror them."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def close_submitted(apps: Any, schema_editor: Any) -> None:
    ReferralDraft = apps.get_model("referrals", "ReferralDraft")
    StatusChange = apps.get_model("referrals", "StatusChange")
    PathwayAction = apps.get_model("concerns", "PathwayAction")
    ActionOutcome = apps.get_model("concerns", "ActionOutcome")
    drafts = ReferralDraft.objects.filter(action__isnull=False).select_related("action")
    for draft in drafts.iterator():
        submitted = (
            StatusChange.objects.filter(draft=draft, status="submitted").order_by("pk").first()
        )
        if submitted is None:
            continue
        action = PathwayAction.objects.filter(
            concern_id=draft.concern_id, code=draft.action.code, retracted_at__isnull=True
        ).first()
        if action is None or ActionOutcome.objects.filter(action=action).exists():
            continue
        ActionOutcome.objects.create(
            action=action,
            status="done",
            happened_at=submitted.at,
            reference=(submitted.external_reference or "").strip() or draft.reference,
            reason="",
            evidence="referral_submitted",
            recorded_by_id=submitted.by_id,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("concerns", "0005_outcome_evidence_and_immediate_grace"),
        ("referrals", "0002_submission_channel_and_written_confirmation"),
    ]

    operations = [migrations.RunPython(close_submitted, migrations.RunPython.noop)]
