"""What `/healthz` checks: everything a monitor needs to know the service can take a concern.

- the database accepts a write (made inside a transaction that is rolled back), within a few
  seconds: a read-only or locked SQLite file, or a read-only PostgreSQL, is not ok;
- every migration is applied;
- the attachment store accepts a file (a `.incoming-*` probe, removed at once; the sweep
  removes one a crash left behind);
- the disks holding the attachments and the SQLite database have free space.
No check says anything about a person; the answer names only which check failed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from .models import OutboxMail

# How long /healthz waits for SQLite's write lock: a monitor must not hang for the 20 s a
# page would wait.
SQLITE_PROBE_WAIT_MS = 2000

_migrations_applied = False


class _ProbeRolledBack(Exception):
    pass


@contextmanager
def _short_sqlite_wait(using: str) -> Iterator[None]:
    conn = connections[using]
    if conn.vendor != "sqlite":
        yield
        return
    conn.ensure_connection()
    with conn.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_PROBE_WAIT_MS}")
    try:
        yield
    finally:
        with conn.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {int(before)}")


def database(using: str = DEFAULT_DB_ALIAS) -> str:
    try:
        with _short_sqlite_wait(using):
            try:
                with transaction.atomic(using=using):
                    OutboxMail.objects.using(using).create(
                        recipient="healthz@invalid", subject="", body="", gave_up_at=timezone.now()
                    )
                    raise _ProbeRolledBack
            except _ProbeRolledBack:
                pass
    except DatabaseError as error:
        text = str(error).lower()
        if "locked" in text or "busy" in text:
            return "locked"
        if "readonly" in text or "read-only" in text or "read only" in text:
            return "read-only"
        return "unreachable"
    return "writable"


def migrations() -> str:
    global _migrations_applied
    if _migrations_applied:
        return "applied"
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return "unknown"
    if plan:
        return "pending"
    _migrations_applied = True  # migrations are never un-applied under a running process
    return "applied"


def attachments() -> str:
    root = Path(settings.ATTACHMENT_ROOT)
    try:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=root, prefix=".incoming-healthz-")
        os.close(handle)
        os.unlink(name)
    except OSError:
        return "not writable"
    return "writable"


def _watched_folders() -> list[Path]:
    folders = [Path(settings.ATTACHMENT_ROOT)]
    if connection.vendor == "sqlite" and str(connection.settings_dict["NAME"]) != ":memory:":
        folders.append(Path(connection.settings_dict["NAME"]).parent)
    return [folder for folder in folders if folder.exists()]


def disk() -> str:
    needed = int(settings.NODDFA_MIN_FREE_DISK_MB) * 1024 * 1024
    try:
        if any(shutil.disk_usage(folder).free < needed for folder in _watched_folders()):
            return "low"
    except OSError:
        return "unknown"
    return "ok"


GOOD = {"database": "writable", "migrations": "applied", "attachments": "writable", "disk": "ok"}


def check() -> tuple[bool, dict[str, str]]:
    """Each check's answer, and whether all are good."""
    answers = {"database": database()}
    if answers["database"] == "unreachable":
        answers["migrations"] = "unknown"
    else:
        answers["migrations"] = migrations()
    answers["attachments"] = attachments()
    answers["disk"] = disk()
    return answers == GOOD, answers
