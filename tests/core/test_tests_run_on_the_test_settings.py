"""Every test process runs on the tests' own settings, whatever the shell or `make` exports.

`make` exports DJANGO_SETTINGS_MODULE for the commands it runs (the development settings), and
pytest-django prefers the environment to pyproject.toml: for a long time `make test` ran every
test on the development settings, with real Argon2 password hashing, several times slower, and
without the settings the tests are written for."""

from __future__ import annotations

import os

from django.conf import settings


def test_the_tests_run_on_the_test_settings() -> None:
    assert settings.SETTINGS_MODULE == "noddfa.config.settings.test"
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "noddfa.config.settings.test"
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
