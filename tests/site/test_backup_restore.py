"""`noddfa backup` and `noddfa restore` as an operator runs them (issue 16, item 13).

A real process backs up a database with a concern, an evidence file and its audit events,
and restores it into another, empty database: on SQLite, and on PostgreSQL when DATABASE_URL
names it (pg_dump and pg_restore). A damaged evidence file or manifest is refused before
anything is touched; so is a database that already holds tables, unless forced.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ops_support import noddfa, on_postgresql, scratch_database

# The test needs the database server (scratch databases of its own), so it runs in the
# `database` stage on each database; it never touches the test database itself.
pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("django_db_setup")]

SEED = """
from django.core.files.uploadedfile import SimpleUploadedFile
from factories import UserFactory, make_concern
from noddfa.concerns.attachments import attach_file
user = UserFactory()
concern = make_concern(user)
pdf = b"%PDF-1.4\\n1 0 obj<<>>endobj\\ntrailer<<>>\\n%%EOF\\n"
attach_file(user, concern, SimpleUploadedFile("payslip.pdf", pdf, "application/pdf"), "Payslip")
"""

FACTS = """
import hashlib
from noddfa.audit.models import AuditEvent
from noddfa.concerns.models import Attachment, Concern
from noddfa.concerns.attachments import stored_path
a = Attachment.objects.get()
print(Concern.objects.count(), Attachment.objects.count(),
      hashlib.sha256(stored_path(a).read_bytes()).hexdigest() == a.sha256,
      AuditEvent.objects.count(), AuditEvent.objects.order_by("-id").first().hash)
"""


def _ok(result: object) -> str:
    assert result.returncode == 0, result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in result.stderr  # type: ignore[attr-defined]
    return str(result.stdout)  # type: ignore[attr-defined]


def _facts(env: dict[str, str]) -> list[str]:
    return _ok(noddfa(env, "shell", "--no-imports", "-c", FACTS)).split()


def _refused(result: object, words: str) -> None:
    assert result.returncode == 1  # type: ignore[attr-defined]
    stderr = str(result.stderr).strip()  # type: ignore[attr-defined]
    assert "Traceback" not in stderr
    assert len(stderr.splitlines()) == 1, stderr
    assert words in stderr, stderr


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    with scratch_database(tmp_path_factory.mktemp("source"), "noddfa_h18") as env:
        env = env | {"PYTHONPATH": str(Path(__file__).parents[1])}
        _ok(noddfa(env, "migrate", "--no-input"))
        _ok(noddfa(env, "shell", "--no-imports", "-c", SEED))
        yield env


@pytest.fixture
def target(tmp_path: Path) -> Iterator[dict[str, str]]:
    with scratch_database(tmp_path / "target", "noddfa_h18_restore") as env:
        yield env


def test_a_backup_restores_into_an_empty_database_with_its_evidence_and_audit_chain(
    source: dict[str, str], target: dict[str, str], tmp_path: Path
) -> None:
    before = _facts(source)
    assert before[:3] == ["1", "1", "True"]

    written = _ok(noddfa(source, "backup", str(tmp_path / "backups")))
    folder = Path(written.strip().removeprefix("Backup written to "))
    assert folder.parent == tmp_path / "backups"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["engine"] == ("postgresql" if on_postgresql() else "sqlite")
    assert manifest["audit"]["events"] == int(before[3])
    assert manifest["audit"]["head_hash"] == before[4]
    assert [f["path"].split("/")[0] for f in manifest["files"]] == [
        "database.dump" if on_postgresql() else "database.sqlite3",
        "attachments",
    ]
    assert not list((tmp_path / "backups").glob(".partial-*"))

    restored = _ok(noddfa(target, "restore", str(folder)))
    assert "and 1 evidence files" in restored
    assert f"Audit chain intact: {before[3]} events" in restored
    assert _facts(target) == before
    assert "Audit chain intact" in _ok(noddfa(target, "audit", "verify"))

    # A database that holds tables is replaced only when asked to.
    _refused(noddfa(target, "restore", str(folder)), "already holds tables")
    again = _ok(noddfa(target, "restore", "--force", str(folder)))
    assert f"Audit chain intact: {before[3]} events" in again
    assert _facts(target) == before


def test_a_damaged_evidence_file_or_manifest_is_refused_before_anything_is_restored(
    source: dict[str, str], target: dict[str, str], tmp_path: Path
) -> None:
    written = _ok(noddfa(source, "backup", str(tmp_path / "backups")))
    folder = Path(written.strip().removeprefix("Backup written to "))

    damaged_file = tmp_path / "damaged-file"
    shutil.copytree(folder, damaged_file)
    (evidence,) = (damaged_file / "attachments").iterdir()
    evidence.write_bytes(evidence.read_bytes().replace(b"1.4", b"1.5"))
    _refused(noddfa(target, "restore", str(damaged_file)), "does not match its checksum")

    damaged_manifest = tmp_path / "damaged-manifest"
    shutil.copytree(folder, damaged_manifest)
    manifest = damaged_manifest / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"events": ', '"events": 1'))
    _refused(noddfa(target, "restore", str(damaged_manifest)), "the manifest is damaged")

    _refused(noddfa(target, "restore", str(tmp_path / "nowhere")), "is not a folder")
    # Nothing was restored by the refusals: the target is still empty and takes the backup.
    assert "and 1 evidence files" in _ok(noddfa(target, "restore", str(folder)))
