"""Every new database starts with the directory: the entries of data/services.yaml.

Later changes to the data file reach existing databases through `noddfa load_directory`, which
audits each change. This first load is not audited: it runs against historical models and the
migration itself is the reviewed record of what it added.
"""

from __future__ import annotations

from django.db import migrations


def load(apps, schema_editor):
    from noddfa.directory.loader import load_directory

    load_directory(
        service_model=apps.get_model("directory", "Service"),
        phone_model=apps.get_model("directory", "PhoneNumber"),
        audited=False,
    )


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
