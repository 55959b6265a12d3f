"""Issue 18, item 6: a task mirroring a pathway action the rule set gives the practitioner
("You" on the concern page) belongs to the practitioner who recorded the concern, so it is in
their "My tasks". Open tasks already made with no owner, for an action nobody was assigned,
are given to the recorder while they are an active member of the concern's organisation.
Self-contained, as every data migration here is; a migration writes no audit events.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def give_to_recorder(apps: Any, schema_editor: Any) -> None:
    Task = apps.get_model("casework", "Task")
    tasks = Task.objects.filter(
        outcome="",
        owner__isnull=True,
        pathway_action__who="practitioner",
        pathway_action__assigned_to__isnull=True,
    ).select_related("pathway_action__concern__recorded_by")
    for task in tasks.iterator():
        concern = task.pathway_action.concern
        recorder = concern.recorded_by
        if (
            recorder.is_active
            and recorder.organisation_id == concern.organisation_id
            and task.organisation_id == concern.organisation_id
        ):
            Task.objects.filter(pk=task.pk, owner__isnull=True).update(owner=recorder)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0003_tasks_follow_action_deadlines_and_evidence"),
        ("concerns", "0006_correcting_the_facts"),
    ]

    operations = [migrations.RunPython(give_to_recorder, migrations.RunPython.noop)]
