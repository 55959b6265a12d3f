"""The holders of each stored pair, from the people (see 0006)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def _fill_holders(apps, schema_editor):  # type: ignore[no-untyped-def]
    pairs = apps.get_model("people", "SuggestedDuplicate")
    people = apps.get_model("people", "Person")
    holder = people.objects.filter(pk=OuterRef("person_a_id")).values("organisation_id")[:1]
    pairs.objects.update(organisation_a_id=Subquery(holder))
    holder = people.objects.filter(pk=OuterRef("person_b_id")).values("organisation_id")[:1]
    pairs.objects.update(organisation_b_id=Subquery(holder))


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0006_suggested_duplicate_holders"),
    ]

    operations = [
        migrations.RunPython(_fill_holders, migrations.RunPython.noop),
    ]
