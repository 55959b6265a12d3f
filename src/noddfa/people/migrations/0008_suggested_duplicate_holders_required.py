"""The holders filled by 0007 are required from now on."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0007_fill_suggested_duplicate_holders"),
    ]

    operations = [
        migrations.AlterField(
            model_name="suggestedduplicate",
            name="organisation_a",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="accounts.organisation",
            ),
        ),
        migrations.AlterField(
            model_name="suggestedduplicate",
            name="organisation_b",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="accounts.organisation",
            ),
        ),
    ]
