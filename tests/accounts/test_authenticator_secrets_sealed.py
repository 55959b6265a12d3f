"""Authenticator secrets are sealed at rest (issue 17): a copy of the database alone cannot
make anyone's one-time codes."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from factories import UserFactory
from noddfa.accounts.sealed_totp import PREFIX, SealBroken, open_secret

pytestmark = pytest.mark.django_db

RFC_6238_KEY = "3132333435363738393031323334353637383930"  # the RFC's test secret, hex


def _stored(device: TOTPDevice) -> str:
    return str(TOTPDevice.objects.filter(pk=device.pk).values_list("key", flat=True).get())


def test_the_database_holds_the_secret_sealed_not_in_hex() -> None:
    device = TOTPDevice.objects.create(user=UserFactory(), name="app", key=RFC_6238_KEY)
    stored = _stored(device)
    assert stored.startswith(PREFIX)
    assert RFC_6238_KEY not in stored
    assert len(stored) <= 80


def test_a_code_from_the_persons_app_still_passes() -> None:
    device = TOTPDevice.objects.create(user=UserFactory(), name="app", key=RFC_6238_KEY)
    code = totp(bytes.fromhex(RFC_6238_KEY))
    reloaded = TOTPDevice.objects.get(pk=device.pk)
    assert reloaded.verify_token(f"{code:06d}")


def test_a_new_device_made_by_django_otp_is_sealed_and_its_qr_code_carries_the_secret() -> None:
    device = TOTPDevice.objects.create(user=UserFactory(), name="app", confirmed=False)
    assert _stored(device).startswith(PREFIX)
    reloaded = TOTPDevice.objects.get(pk=device.pk)
    assert len(reloaded.bin_key) == 20
    assert "secret=" in reloaded.config_url


def test_without_the_key_a_copy_of_the_database_cannot_open_the_secret(settings: Any) -> None:
    device = TOTPDevice.objects.create(user=UserFactory(), name="app", key=RFC_6238_KEY)
    stored = _stored(device)
    settings.NODDFA_AUDIT_KEY = "another key entirely, as on a machine that only has the dump"
    with pytest.raises(SealBroken):
        open_secret(stored)


def test_a_changed_sealed_value_is_refused_not_read_as_another_secret() -> None:
    device = TOTPDevice.objects.create(user=UserFactory(), name="app", key=RFC_6238_KEY)
    stored = _stored(device)
    flipped = stored[:-2] + ("A" if stored[-2] != "A" else "B") + stored[-1]
    with pytest.raises(SealBroken):
        open_secret(flipped)


def test_the_migration_seals_a_secret_stored_in_hex_before_sealing() -> None:
    device = TOTPDevice.objects.create(user=UserFactory(), name="app", key=RFC_6238_KEY)
    # As it was written before sealing: update() bypasses the model's save.
    TOTPDevice.objects.filter(pk=device.pk).update(key=RFC_6238_KEY)
    migration = importlib.import_module(
        "noddfa.accounts.migrations.0005_seal_authenticator_secrets"
    )
    migration.seal_stored_secrets(apps, None)
    assert _stored(device).startswith(PREFIX)
    assert TOTPDevice.objects.get(pk=device.pk).bin_key == bytes.fromhex(RFC_6238_KEY)
    migration.open_stored_secrets(apps, None)
    assert _stored(device) == RFC_6238_KEY
