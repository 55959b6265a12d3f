"""Seal the authenticator secrets stored before sealing (issue 17; ADR 21).

Self-contained, as every data migration here is: the sealed form is written out below as it
was when this migration was made ("sealed:v1:", AES-GCM under an HKDF-SHA256 key derived from
NODDFA_AUDIT_KEY with the purpose bound in), which `noddfa.accounts.sealed_totp` reads.
"""

from __future__ import annotations

import base64
import binascii
import os
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import migrations

PREFIX = "sealed:v1:"
PURPOSE = b"noddfa totp device secret"
NONCE_BYTES = 12


def _cipher() -> AESGCM:
    key = str(getattr(settings, "NODDFA_AUDIT_KEY", "") or "").encode("utf-8")
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PURPOSE).derive(key)
    return AESGCM(derived)


def _seal(hex_key: str) -> str:
    nonce = os.urandom(NONCE_BYTES)
    sealed = nonce + _cipher().encrypt(nonce, binascii.unhexlify(hex_key), PURPOSE)
    return PREFIX + base64.urlsafe_b64encode(sealed).decode("ascii").rstrip("=")


def _open(stored: str) -> str:
    text = stored.removeprefix(PREFIX)
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    return _cipher().decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], PURPOSE).hex()


def seal_stored_secrets(apps: Any, schema_editor: Any) -> None:
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    for device in TOTPDevice.objects.only("pk", "key").iterator():
        if device.key and not device.key.startswith(PREFIX):
            TOTPDevice.objects.filter(pk=device.pk).update(key=_seal(device.key))


def open_stored_secrets(apps: Any, schema_editor: Any) -> None:
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    for device in TOTPDevice.objects.only("pk", "key").iterator():
        if device.key.startswith(PREFIX):
            TOTPDevice.objects.filter(pk=device.pk).update(key=_open(device.key))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_account_lifecycle"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(seal_stored_secrets, open_stored_secrets)]
