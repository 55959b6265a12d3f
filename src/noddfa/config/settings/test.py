"""Tests: fast hashing; every other setting as in production use."""

from __future__ import annotations

from .base import *  # noqa: F403

SECRET_KEY = "test-key-not-secret"  # noqa: S105
# A fixed audit chain key for the tests (issue 17): not a secret.
NODDFA_AUDIT_KEY = "test-audit-key-not-secret"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Speak-up receipts hashed at the least Argon2id cost (production: 64 MiB, 3 passes, ADR 26);
# the test of the ADR's parameters takes this away and hashes at the real cost.
NODDFA_RECEIPT_ARGON2 = {"time_cost": 1, "memory_cost": 8}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # A test database is thrown away after the run: a commit need not wait for the disk.
    _options = DATABASES["default"]["OPTIONS"]  # noqa: F405
    _options["options"] = f"{_options.get('options', '')} -c synchronous_commit=off".strip()
