"""Every new database starts with the directory as it stood when this migration was written.

The rows are frozen beside this file in 0002_load_directory.json: data/services.yaml as the
loader read it then (each number's international form already worked out), so this migration
adds the same rows whenever it runs, whatever later becomes of the data file, the loader or the
models. It uses only the historical models.

Later changes to the data file reach existing databases through `noddfa load_directory`, which
audits each change. This first load is not audited: the migration itself is the reviewed
record of what it added.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.db import migrations

DATA = Path(__file__).with_name("0002_load_directory.json")


def load(apps: Any, schema_editor: Any) -> None:
    Service = apps.get_model("directory", "Service")
    PhoneNumber = apps.get_model("directory", "PhoneNumber")
    services = json.loads(DATA.read_text(encoding="utf-8"))["services"]
    for row in services:
        if Service.objects.filter(key=row["key"]).exists():
            continue
        phones = row.pop("phones")
        row["last_checked"] = datetime.date.fromisoformat(row["last_checked"])
        service = Service.objects.create(from_data_file=True, **row)
        PhoneNumber.objects.bulk_create(
            PhoneNumber(service=service, position=index, **phone)
            for index, phone in enumerate(phones)
        )


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
