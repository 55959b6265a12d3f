"""Existing organisations' flags follow the law where it settles them (issue 14, item 5).

A police force or a local authority is always a first responder and an s52 public authority;
a school, the NHS or a business is neither; a first responder charity is a first responder
but not under s52; a third sector organisation is never under s52. Rows whose stored flag said
otherwise are set to the law's answer; flags the law leaves open are left as they are.

The table is the law as `pathway/data/vocabulary.yaml` stated it when this migration was
written, copied here so that the migration means the same thing whenever it runs.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

# organisation_type: (first_responder, s52_public_authority); None where the law leaves it open.
LAW = {
    "school": (False, False),
    "further_education": (False, False),
    "health_board": (False, False),
    "hospital": (False, False),
    "police": (True, True),
    "british_transport_police": (True, True),
    "national_crime_agency": (True, True),
    "glaa": (True, True),
    "home_office": (True, True),
    "fair_work_agency": (True, None),
    "la_childrens_services": (True, True),
    "la_adult_services": (True, True),
    "first_responder_charity": (True, False),
    "third_sector": (None, False),
    "business": (False, False),
    "youth_justice": (None, None),
    "housing": (None, None),
    "other": (None, None),
}


def follow_the_law(apps: Any, schema_editor: Any) -> None:
    Organisation = apps.get_model("accounts", "Organisation")
    for organisation_type, (first_responder, s52) in LAW.items():
        rows = Organisation.objects.filter(organisation_type=organisation_type)
        if first_responder is not None:
            rows.exclude(first_responder=first_responder).update(first_responder=first_responder)
        if s52 is not None:
            rows.exclude(s52_public_authority=s52).update(s52_public_authority=s52)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_organisation_types_the_law_names_and_local_authority_contacts"),
    ]

    # Going back leaves the flags as the law says: the old values were wrong, not a choice.
    # Elidable: it only corrects rows that already exist. 0001_squashed_0003 runs only on a
    # database with none of 0001-0003 applied, where it creates the tables empty; a database
    # part of the way through still runs these files, this step included.
    operations = [
        migrations.RunPython(follow_the_law, migrations.RunPython.noop, elidable=True)
    ]
