"""Tests: fast hashing; every other setting as in production use."""

from __future__ import annotations

from .base import *  # noqa: F403

SECRET_KEY = "test-key-not-secret"  # noqa: S105
# A fixed audit chain key for the tests (issue 17): not a secret.
NODDFA_AUDIT_KEY = "test-audit-key-not-secret"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
