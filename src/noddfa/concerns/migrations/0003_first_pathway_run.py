"""Each concern recorded before pathway runs were kept gets its first run: the case and answer
stored with it, by whoever recorded it, when they did. Its actions are tied to that run in the
engine's order; an action a consent decision added later (before runs were kept) keeps an empty
`listed_by` and comes after them."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def first_runs(apps: Any, schema_editor: Any) -> None:
    Concern = apps.get_model("concerns", "Concern")
    PathwayRun = apps.get_model("concerns", "PathwayRun")
    PathwayAction = apps.get_model("concerns", "PathwayAction")
    for concern in Concern.objects.order_by("recorded_at").iterator():
        if PathwayRun.objects.filter(concern=concern).exists():
            continue
        run = PathwayRun.objects.create(
            concern=concern,
            number=1,
            ran_at=concern.recorded_at,
            ran_by_id=concern.recorded_by_id,
            trigger="recorded",
            reason="",
            changed=[],
            case=concern.pathway_case,
            result=concern.pathway_result,
            summary={"added": [a["code"] for a in concern.pathway_result.get("actions", [])]},
        )
        order = {a["code"]: i for i, a in enumerate(concern.pathway_result.get("actions", []))}
        later = len(order)
        for action in PathwayAction.objects.filter(concern=concern).order_by("priority", "code"):
            if action.code in order:
                action.position = order[action.code]
                action.listed_by = run
            else:
                action.position = later
                later += 1
            action.save(update_fields=["position", "listed_by"])


class Migration(migrations.Migration):
    dependencies = [("concerns", "0002_pathway_runs_and_retraction")]

    operations = [migrations.RunPython(first_runs, migrations.RunPython.noop)]
