"""Speak-up reports sealed at rest, under keys that are never in the database (ADR 26).

A report's text, its messages and its attachments are stored sealed with AES-GCM. The key is
named by a short key id stored beside each sealed value, so a new key can be brought in and
the old one kept only to open what it sealed (rotation). Keys come from settings:

- `NODDFA_SPEAKUP_KEYS`, a mapping of key id to secret text (from the environment or a
  secrets store), and `NODDFA_SPEAKUP_KEY_ID`, the id new values are sealed under;
- without them, key id "a1": a key derived with HKDF-SHA256 from `NODDFA_AUDIT_KEY`, the way
  authenticator secrets are sealed (ADR 21), so no new secret has to be distributed.

Each sealed value is bound, as associated data, to what it is and to whose it is
("report body" of report X): a value copied onto another report, or another field, will not
open. The same module derives the receipt's lookup key and the proof's signing key, each from
its own HKDF label, so no two uses share a key.
"""

from __future__ import annotations

import os
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DERIVED_KEY_ID = "a1"
_NONCE_BYTES = 12


class SealBroken(Exception):
    """A sealed value that no configured key opens: another key, or a changed value."""


def _derive(secret: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(
        secret.encode("utf-8")
    )


def _audit_key() -> str:
    key = str(getattr(settings, "NODDFA_AUDIT_KEY", "") or "")
    if not key:
        raise ImproperlyConfigured(
            "NODDFA_AUDIT_KEY must be set: speak-up reports are sealed under a key derived "
            "from it unless NODDFA_SPEAKUP_KEYS is set."
        )
    return key


def _secrets() -> dict[str, str]:
    configured = dict(getattr(settings, "NODDFA_SPEAKUP_KEYS", {}) or {})
    if DERIVED_KEY_ID not in configured:
        configured[DERIVED_KEY_ID] = _audit_key()
    return configured


def current_key_id() -> str:
    return str(getattr(settings, "NODDFA_SPEAKUP_KEY_ID", "") or DERIVED_KEY_ID)


@lru_cache(maxsize=16)
def _cipher_for(secret: str) -> AESGCM:
    return AESGCM(_derive(secret, b"noddfa speak-up sealing v1"))


def _cipher(key_id: str) -> AESGCM:
    secret = _secrets().get(key_id)
    if not secret:
        raise SealBroken(f"no key with id {key_id!r} is configured")
    return _cipher_for(secret)


def seal(plain: bytes, *, purpose: str) -> tuple[str, bytes]:
    """(key id, nonce + ciphertext + tag) of `plain`, bound to `purpose`."""
    key_id = current_key_id()
    nonce = os.urandom(_NONCE_BYTES)
    return key_id, nonce + _cipher(key_id).encrypt(nonce, plain, purpose.encode("utf-8"))


def open_sealed(key_id: str, sealed: bytes, *, purpose: str) -> bytes:
    nonce, body = bytes(sealed[:_NONCE_BYTES]), bytes(sealed[_NONCE_BYTES:])
    try:
        return _cipher(key_id).decrypt(nonce, body, purpose.encode("utf-8"))
    except SealBroken:
        raise
    except Exception as error:  # cryptography's InvalidTag, or a value cut short
        raise SealBroken("this speak-up value cannot be opened with this key") from error


def receipt_index_key() -> bytes:
    """The key of the receipt's lookup index: never the sealing key, never in the database."""
    secret = str(getattr(settings, "NODDFA_SPEAKUP_INDEX_KEY", "") or "") or _audit_key()
    return _derive(secret, b"noddfa speak-up receipt index v1")


def proof_signing_key() -> Ed25519PrivateKey:
    """The instance's Ed25519 key that signs proofs of report.

    `NODDFA_SPEAKUP_PROOF_KEY` (secret text) if set, else derived from the audit key; the
    32 derived bytes are the private key's seed, so the same settings always give the same
    key and the public key can be published and checked against old proofs."""
    secret = str(getattr(settings, "NODDFA_SPEAKUP_PROOF_KEY", "") or "") or _audit_key()
    return Ed25519PrivateKey.from_private_bytes(_derive(secret, b"noddfa speak-up proof v1"))
