"""Blocking keys rewritten for the people whose names the matcher now reads differently.

Issue 20 changed how names written in Arabic, Persian, Urdu, Hebrew, Indic, Greek, Kurdish
and Korean script become Latin letters, and with it their blocking keys. A person stored
before keeps the old keys until rewritten, and a new record in the same script would no
longer find them; this rewrites the keys that differ, in batches, and no others.
"""

from django.db import migrations


def _rewrite_changed_keys(apps, schema_editor):  # type: ignore[no-untyped-def]
    from noddfa.people.match_keys import rebuild_all_keys

    rebuild_all_keys(
        people=apps.get_model("people", "Person"),
        stored=apps.get_model("people", "PersonMatchKey"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0008_suggested_duplicate_holders_required"),
    ]

    operations = [
        migrations.RunPython(_rewrite_changed_keys, migrations.RunPython.noop),
    ]
