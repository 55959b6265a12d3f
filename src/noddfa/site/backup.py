"""`noddfa backup` and `noddfa restore`: the database, the evidence files and the audit head.

A backup is one folder, `noddfa-backup-<UTC time>`, written under a hidden `.partial-` name and
renamed only when whole:

- `database.sqlite3` (SQLite, through the online backup API, so writes during the copy cannot
  tear it) or `database.dump` (PostgreSQL, `pg_dump -Fc` in the same snapshot the manifest
  was read in);
- `attachments/`: every evidence file the database copy refers to, each checked against the
  SHA-256 its row records while it is copied;
- `manifest.json`: the engine, the audit chain's head and length, the latest migration of
  each app, and every file's size and SHA-256; `manifest.json.sha256` guards the manifest
  itself (`sha256sum -c manifest.json.sha256` checks it by hand).

`restore` checks the manifest and every checksum before touching anything, refuses a database
that already holds tables unless forced, restores, then checks the files again, the evidence
files against their rows and the whole audit chain against the recorded head.
Messages name files and counts, never anything from a record.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections, transaction

from noddfa.audit.models import AuditEvent
from noddfa.audit.services import verify_chain
from noddfa.concerns.models import Attachment

FORMAT = 1
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.json.sha256"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
ATTACHMENTS = "attachments"
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A one-line reason the backup or restore cannot go on."""


@dataclass(frozen=True)
class Restored:
    engine: str
    audit_events: int
    audit_head: str
    attachments: int
    created_at: str
    left_in_place: int


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _attachment_root() -> Path:
    return Path(settings.ATTACHMENT_ROOT)


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """Connection options for the PostgreSQL client tools; the password goes in the
    environment, never on a command line other users can read."""
    db = settings.DATABASES["default"]
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run_tool(command: list[str], env: dict[str, str]) -> None:
    tool = command[0]
    if shutil.which(tool) is None:
        raise BackupError(
            f"{tool} was not found: install PostgreSQL's client tools "
            "(apt-get install postgresql-client)."
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise BackupError(f"{tool} failed: {last}")


def _latest_migrations(cursor: Any) -> dict[str, str]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    latest: dict[str, str] = {}
    for app, name in cursor.fetchall():
        latest[app] = max(latest.get(app, ""), name)
    return latest


def _snapshot_facts(cursor: Any) -> dict[str, Any]:
    """What the database copy holds, read from the copy (SQLite) or its snapshot (PostgreSQL)."""
    audit = AuditEvent._meta.db_table
    cursor.execute(f"SELECT COUNT(*) FROM {audit}")  # noqa: S608
    (count,) = cursor.fetchone()
    cursor.execute(f"SELECT id, hash FROM {audit} ORDER BY id DESC LIMIT 1")  # noqa: S608
    head = cursor.fetchone()
    cursor.execute(f"SELECT stored_as, sha256 FROM {Attachment._meta.db_table}")  # noqa: S608
    referenced = sorted((str(name), str(sha)) for name, sha in cursor.fetchall())
    return {
        "audit": {
            "events": int(count),
            "head_id": int(head[0]) if head else None,
            "head_hash": str(head[1]) if head else None,
        },
        "migrations": _latest_migrations(cursor),
        "referenced": referenced,
    }


def _backup_sqlite(target: Path) -> dict[str, Any]:
    connection.ensure_connection()
    source = connection.connection
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        destination.close()
    copy = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        (verdict,) = copy.execute("PRAGMA integrity_check").fetchone()
        if verdict != "ok":
            raise BackupError("The SQLite copy failed its integrity check.")
        return _snapshot_facts(copy.cursor())
    finally:
        copy.close()


def _backup_postgresql(target: Path) -> dict[str, Any]:
    args, env = _pg_env()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        facts = _snapshot_facts(cursor)
        _run_tool(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", "--file", str(target), *args],
            env,
        )
    return facts


def _copy_attachments(referenced: list[tuple[str, str]], folder: Path) -> list[dict[str, Any]]:
    folder.mkdir(mode=0o700)
    root = _attachment_root()
    files = []
    for name, expected in referenced:
        source = root / name
        if not source.is_file():
            raise BackupError(f"Evidence file {name} is referenced by the database but missing.")
        shutil.copyfile(source, folder / name)
        actual = sha256_of(folder / name)
        if actual != expected:
            raise BackupError(f"Evidence file {name} does not match the checksum its row records.")
        files.append({"path": f"{ATTACHMENTS}/{name}", "sha256": actual})
    return files


def create_backup(destination: Path) -> Path:
    """Write one whole backup folder under `destination` and return its path."""
    engine = _engine()
    destination.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC)
    name = f"noddfa-backup-{stamp:%Y%m%dT%H%M%S%fZ}"
    partial = Path(tempfile.mkdtemp(prefix=f".partial-{name}-", dir=destination))
    try:
        if engine == "sqlite":
            database = partial / SQLITE_FILE
            facts = _backup_sqlite(database)
        else:
            database = partial / PG_FILE
            facts = _backup_postgresql(database)
        files: list[dict[str, Any]] = [{"path": database.name, "sha256": sha256_of(database)}]
        files += _copy_attachments(facts.pop("referenced"), partial / ATTACHMENTS)
        for entry in files:
            entry["size"] = (partial / entry["path"]).stat().st_size
        manifest = {
            "format": FORMAT,
            "created_at": stamp.isoformat(timespec="seconds"),
            "engine": engine,
            **facts,
            "files": files,
        }
        body = json.dumps(manifest, indent=2, sort_keys=True).encode() + b"\n"
        (partial / MANIFEST).write_bytes(body)
        digest = hashlib.sha256(body).hexdigest()
        (partial / MANIFEST_SUM).write_text(f"{digest}  {MANIFEST}\n")
        final = destination / name
        partial.rename(final)
        return final
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise


# Restore ----------------------------------------------------------------------------------


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest, after checking it and every file it lists against their checksums."""
    if not folder.is_dir():
        raise BackupError(f"{folder} is not a folder.")
    manifest_path, sum_path = folder / MANIFEST, folder / MANIFEST_SUM
    if not manifest_path.is_file() or not sum_path.is_file():
        raise BackupError(f"{folder} has no {MANIFEST} and {MANIFEST_SUM}: not a Noddfa backup.")
    recorded = sum_path.read_text().split()[:1]
    if recorded != [sha256_of(manifest_path)]:
        raise BackupError(f"{MANIFEST} does not match {MANIFEST_SUM}: the manifest is damaged.")
    try:
        manifest: dict[str, Any] = json.loads(manifest_path.read_text())
    except ValueError as error:
        raise BackupError(f"{MANIFEST} is not valid JSON.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST} has format {manifest.get('format')!r}; expected {FORMAT}.")
    for entry in manifest["files"]:
        relative = Path(entry["path"])
        if relative.is_absolute() or ".." in relative.parts:
            raise BackupError(f"{MANIFEST} names a path outside the backup: {entry['path']}.")
        path = folder / relative
        if not path.is_file():
            raise BackupError(f"{entry['path']} is missing from the backup.")
        if path.stat().st_size != entry["size"] or sha256_of(path) != entry["sha256"]:
            raise BackupError(f"{entry['path']} does not match its checksum: the copy is damaged.")
    return manifest


def _sqlite_has_tables(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return False
    probe = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (count,) = probe.execute("SELECT COUNT(*) FROM sqlite_master WHERE type='table'").fetchone()
    finally:
        probe.close()
    return bool(count)


def _postgresql_has_tables() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()"
        )
        (count,) = cursor.fetchone()
    return bool(count)


@contextmanager
def _closed_connections() -> Iterator[None]:
    connections.close_all()
    try:
        yield
    finally:
        connections.close_all()


def _restore_sqlite(source: Path) -> None:
    target = Path(settings.DATABASES["default"]["NAME"])
    target.parent.mkdir(parents=True, exist_ok=True)
    with _closed_connections():
        handle, temp_name = tempfile.mkstemp(prefix=".restoring-", dir=target.parent)
        os.close(handle)
        temp = Path(temp_name)
        try:
            origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            copy = sqlite3.connect(temp)
            try:
                origin.backup(copy)
                (verdict,) = copy.execute("PRAGMA integrity_check").fetchone()
            finally:
                copy.close()
                origin.close()
            if verdict != "ok":
                raise BackupError("The restored SQLite database failed its integrity check.")
            for suffix in ("-wal", "-shm", "-journal"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            temp.replace(target)
        finally:
            temp.unlink(missing_ok=True)


def _restore_postgresql(source: Path, force: bool) -> None:
    args, env = _pg_env()
    if force:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    with _closed_connections():
        _run_tool(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                *args,
                str(source),
            ],
            env,
        )


def _restore_attachments(folder: Path, manifest: dict[str, Any]) -> tuple[int, int]:
    root = _attachment_root()
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    restored: set[str] = set()
    for entry in manifest["files"]:
        if not entry["path"].startswith(f"{ATTACHMENTS}/"):
            continue
        name = Path(entry["path"]).name
        handle, temp_name = tempfile.mkstemp(prefix=".restoring-", dir=root)
        os.close(handle)
        shutil.copyfile(folder / entry["path"], temp_name)
        if sha256_of(Path(temp_name)) != entry["sha256"]:
            Path(temp_name).unlink()
            raise BackupError(f"{entry['path']} changed while it was restored.")
        os.replace(temp_name, root / name)
        restored.add(name)
    others = sum(1 for p in root.iterdir() if p.is_file() and p.name not in restored)
    return len(restored), others


def _check_restored(manifest: dict[str, Any]) -> tuple[int, str]:
    """Evidence files against their rows, the audit chain whole and ending at the recorded head."""
    root = _attachment_root()
    for name, expected in Attachment.objects.values_list("stored_as", "sha256"):
        path = root / name
        if not path.is_file() or sha256_of(path) != expected:
            raise BackupError(f"Evidence file {name} is missing or differs from its row.")
    report = verify_chain()
    if not report.intact:
        raise BackupError(
            f"Audit chain broken at event {report.first_broken_id} after restoring: "
            f"{report.problem}."
        )
    head = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    audit = manifest["audit"]
    if report.checked != audit["events"] or head != audit["head_hash"]:
        raise BackupError(
            f"The restored audit log has {report.checked} events ending at {head}; the backup "
            f"recorded {audit['events']} ending at {audit['head_hash']}."
        )
    return report.checked, head or ""


def restore_backup(folder: Path, *, force: bool) -> Restored:
    manifest = read_manifest(folder)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(
            f"This backup is of a {manifest['engine']} database; the configured database is "
            f"{engine}."
        )
    if engine == "sqlite":
        occupied = _sqlite_has_tables(Path(settings.DATABASES["default"]["NAME"]))
    else:
        occupied = _postgresql_has_tables()
    if occupied and not force:
        raise BackupError(
            "The configured database already holds tables; restore replaces them only with "
            "--force (take a backup of it first)."
        )
    if engine == "sqlite":
        _restore_sqlite(folder / SQLITE_FILE)
    else:
        _restore_postgresql(folder / PG_FILE, force)
    attachments, others = _restore_attachments(folder, manifest)
    events, head = _check_restored(manifest)
    return Restored(
        engine=engine,
        audit_events=events,
        audit_head=head,
        attachments=attachments,
        created_at=str(manifest["created_at"]),
        left_in_place=others,
    )
