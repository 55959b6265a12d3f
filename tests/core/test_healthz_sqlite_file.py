"""Issue 16 item 9: a locked or read-only SQLite file makes /healthz's database check fail,
within seconds. A file database of its own, since the test database is in memory."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections
from pytest_django import DjangoDbBlocker

from noddfa.core import health
from noddfa.core.models import OutboxMail


@pytest.fixture
def sqlite_file(tmp_path: Path, django_db_blocker: DjangoDbBlocker) -> Iterator[Path]:
    """A SQLite database file of its own with the outbox table, as a deployment has (the
    test database may be in memory or PostgreSQL)."""
    path = tmp_path / "noddfa.sqlite3"
    django_db_blocker.unblock()
    connections.settings["healthprobe"] = connections.configure_settings(
        {
            "default": dict(connections.settings["default"]),
            "healthprobe": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(path),
                "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
            },
        }
    )["healthprobe"]
    with connections["healthprobe"].schema_editor() as editor:
        editor.create_model(OutboxMail)
    yield path
    connections["healthprobe"].close()
    del connections.settings["healthprobe"]
    del connections["healthprobe"]
    django_db_blocker.restore()


def test_a_locked_sqlite_database_is_not_ok_within_seconds(sqlite_file: Path) -> None:
    other = sqlite3.connect(sqlite_file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        started = time.monotonic()
        assert health.database("healthprobe") == "locked"
        assert time.monotonic() - started < 5
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert health.database("healthprobe") == "writable"


def test_a_read_only_sqlite_database_is_not_ok(sqlite_file: Path) -> None:
    connections["healthprobe"].close()
    connections.settings["healthprobe"]["NAME"] = f"file:{sqlite_file}?mode=ro"
    del connections["healthprobe"]
    assert health.database("healthprobe") == "read-only"
