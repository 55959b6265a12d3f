"""Seal the authenticator secrets stored before sealing (issue 17; ADR 21).

The sealing itself is `noddfa.accounts.sealed_totp`, which needs only the settings' key; the
rows are read and written through the historical model, without django-otp's own code.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def seal_stored_secrets(apps: Any, schema_editor: Any) -> None:
    from noddfa.accounts.sealed_totp import is_sealed, sealed_form

    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    for device in TOTPDevice.objects.only("pk", "key").iterator():
        if device.key and not is_sealed(device.key):
            TOTPDevice.objects.filter(pk=device.pk).update(key=sealed_form(device.key))


def open_stored_secrets(apps: Any, schema_editor: Any) -> None:
    from noddfa.accounts.sealed_totp import is_sealed, open_secret

    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    for device in TOTPDevice.objects.only("pk", "key").iterator():
        if is_sealed(device.key):
            TOTPDevice.objects.filter(pk=device.pk).update(key=open_secret(device.key).hex())


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_account_lifecycle"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(seal_stored_secrets, open_stored_secrets)]
