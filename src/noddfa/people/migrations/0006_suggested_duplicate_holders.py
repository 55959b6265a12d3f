"""Each stored pair says who holds each record (issue 22): added empty here, filled from
the people by 0007 and required by 0008, each in its own transaction (PostgreSQL alters no
table, and makes no index, while the fill's constraint checks are pending)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_seal_authenticator_secrets"),
        ("people", "0005_stored_duplicate_suggestions"),
    ]

    operations = [
        migrations.AddField(
            model_name="suggestedduplicate",
            name="organisation_a",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="accounts.organisation",
            ),
        ),
        migrations.AddField(
            model_name="suggestedduplicate",
            name="organisation_b",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="accounts.organisation",
            ),
        ),
    ]
