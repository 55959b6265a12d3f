"""Authenticator secrets sealed at rest (issue 17; ADR 21).

django-otp keeps each TOTP device's secret in the database as hex: anyone holding a copy of
the database (a backup, a replica, a leaked dump) could make every user's one-time codes.
Here the secret is stored sealed with AES-GCM under a key that is never in the database: the
audit key (NODDFA_AUDIT_KEY, kept in a secrets store and out of the backups) stretched with
HKDF into a key of its own, so the two uses never share a key.

`install()` (from the app's `ready`) teaches django-otp's `TOTPDevice` to seal its secret
whenever it is saved and to open it whenever a code is checked or a QR code drawn. A secret
written before this (plain hex) still works and is sealed by the migration and on its next save.
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
from django.core.exceptions import ImproperlyConfigured

PREFIX = "sealed:v1:"
_NONCE_BYTES = 12
_COLUMN = 80  # django-otp's TOTPDevice.key
# Binds a sealed value to what it is: a sealed secret cannot be passed off as anything else.
_PURPOSE = b"noddfa totp device secret"


class SealBroken(Exception):
    """A sealed secret that the key cannot open: another key, or a changed value."""


def _cipher() -> AESGCM:
    key = str(getattr(settings, "NODDFA_AUDIT_KEY", "") or "")
    if not key:
        raise ImproperlyConfigured(
            "NODDFA_AUDIT_KEY must be set: authenticator secrets are sealed under it."
        )
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_PURPOSE).derive(
        key.encode("utf-8")
    )
    return AESGCM(derived)


def is_sealed(stored: str) -> bool:
    return stored.startswith(PREFIX)


def seal(secret: bytes) -> str:
    """The stored form of a secret: fits django-otp's 80-character key column for secrets of
    up to 24 bytes (its default is 20)."""
    nonce = os.urandom(_NONCE_BYTES)
    sealed = nonce + _cipher().encrypt(nonce, secret, _PURPOSE)
    stored = PREFIX + base64.urlsafe_b64encode(sealed).decode("ascii").rstrip("=")
    if len(stored) > _COLUMN:
        raise ValueError(f"a secret of {len(secret)} bytes is too long to store sealed")
    return stored


def open_secret(stored: str) -> bytes:
    """The secret itself, from its sealed form or from the plain hex written before sealing."""
    if not is_sealed(stored):
        return binascii.unhexlify(stored.encode("ascii"))
    text = stored.removeprefix(PREFIX)
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    nonce, body = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
    try:
        return _cipher().decrypt(nonce, body, _PURPOSE)
    except Exception as error:  # cryptography's InvalidTag, or a value cut short
        raise SealBroken("this authenticator secret cannot be opened with this key") from error


def sealed_form(stored: str) -> str:
    """What to store for a key as django-otp made it (hex) or as already sealed."""
    return stored if is_sealed(stored) else seal(open_secret(stored))


def _seal_before_saving(sender: type[Any], instance: Any, **kwargs: Any) -> None:
    if instance.key:
        instance.key = sealed_form(instance.key)


def install() -> None:
    """Make django-otp's TOTP devices keep their secret sealed."""
    from django.db.models.signals import pre_save
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.bin_key = property(lambda device: open_secret(device.key))
    pre_save.connect(_seal_before_saving, sender=TOTPDevice, dispatch_uid="noddfa-sealed-totp")
