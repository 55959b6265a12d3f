"""Welsh for the Welsh reader in the directory's own entries (issue 19).

Beside this file, 0004_welsh_for_the_welsh_reader.json holds, by key, what data/services.yaml
gave in Welsh when this was written: a Welsh rendering of descriptive names and of the foreign
helplines' descriptions, each entry's source in Welsh and each phone note in Welsh; and three
websites that carried an English note ("(instant messaging)") now hold the address alone, the
note having moved into the description in both languages. Only rows
the data file still owns (``from_data_file``) are changed: an administrator's edit is theirs.
It uses only the historical models and the frozen file, so it means the same whenever it runs;
later changes reach a database through `noddfa load_directory`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import migrations

DATA = Path(__file__).with_name("0004_welsh_for_the_welsh_reader.json")


def add_welsh(apps: Any, schema_editor: Any) -> None:
    Service = apps.get_model("directory", "Service")
    PhoneNumber = apps.get_model("directory", "PhoneNumber")
    for row in json.loads(DATA.read_text(encoding="utf-8"))["services"]:
        service = Service.objects.filter(key=row["key"], from_data_file=True).first()
        if service is None:
            continue
        for name in ("name_cy", "description_en", "description_cy", "website", "source_cy"):
            if name in row:
                setattr(service, name, row[name])
        service.save()
        for display, welsh in row.get("note_cy", {}).items():
            PhoneNumber.objects.filter(service=service, display=display).update(note_cy=welsh)


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_welsh_sources_and_notes")]

    operations = [migrations.RunPython(add_welsh, migrations.RunPython.noop)]
