"""Issue 17, item 6: the attacks that cut or rewrote the audit log and still verified.

Someone with the database but neither the chain key (kept outside the database) nor the
checkpoint file's copy off the machine removes events from the end, or changes an event and
recomputes every later hash. `noddfa audit verify` must fail and say so in one line.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from factories import UserFactory
from noddfa.audit.chain import GENESIS_HASH
from noddfa.audit.models import AuditAction, AuditEvent
from noddfa.audit.services import record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checkpoint_file(tmp_path: Path, settings: Any) -> Path:
    path = tmp_path / "audit-checkpoints.jsonl"
    settings.NODDFA_AUDIT_CHECKPOINT_FILE = str(path)
    return path


def _events(n: int) -> list[AuditEvent]:
    user = UserFactory()
    return [record(AuditAction.VIEW, actor=user, detail={"page": str(i)}) for i in range(n)]


def _drop_triggers() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("DROP TRIGGER audit_event_refuse_change ON audit_auditevent")
        else:
            cursor.execute("DROP TRIGGER audit_event_refuse_update")
            cursor.execute("DROP TRIGGER audit_event_refuse_delete")


def _delete_from(first_id: int) -> None:
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id >= %s", [first_id])


def _unkeyed_hash(previous_hash: str, event: AuditEvent) -> str:
    # All that someone without the key can compute: the plain SHA-256 link of before.
    return hashlib.sha256(previous_hash.encode("ascii") + event.content().canonical()).hexdigest()


def _rewrite_from(victim_id: int, *, claim_unkeyed: bool) -> None:
    """Change one event, then recompute its hash and every later one without the key."""
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET object_id = 'someone-else' WHERE id = %s", [victim_id]
        )
    before = AuditEvent.objects.filter(id__lt=victim_id).order_by("-id").first()
    previous = before.hash if before is not None else GENESIS_HASH
    for event in AuditEvent.objects.filter(id__gte=victim_id).order_by("id"):
        new_hash = _unkeyed_hash(previous, event)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditevent SET previous_hash = %s, hash = %s WHERE id = %s",
                [previous, new_hash, event.pk],
            )
            if claim_unkeyed:
                cursor.execute(
                    "UPDATE audit_auditevent SET algorithm = NULL WHERE id = %s", [event.pk]
                )
        previous = new_hash


def _verify(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("audit", "verify", *args, stdout=out)
    return out.getvalue()


def _verify_fails(*args: str) -> str:
    with pytest.raises(CommandError) as failure:
        call_command("audit", "verify", *args)
    assert failure.value.returncode == 1
    message = str(failure.value)
    assert "\n" not in message
    return message


def _checkpoint() -> None:
    call_command("audit", "checkpoint", stdout=open(os.devnull, "w"))  # noqa: SIM115


def test_a_normal_run_passes(checkpoint_file: Path) -> None:
    _events(3)
    _checkpoint()
    _events(2)
    _checkpoint()
    output = _verify()
    assert "Audit chain intact: " in output
    assert "2 checkpoints" in output
    lines = checkpoint_file.read_text().splitlines()
    assert len(lines) == 2
    head = AuditEvent.objects.order_by("-id").first()
    assert head is not None
    assert json.loads(lines[-1])["id"] == head.pk
    assert json.loads(lines[-1])["hash"] == head.hash
    assert set(json.loads(lines[-1])) >= {"id", "hash", "at"}


def test_new_events_are_keyed() -> None:
    first, second = _events(2)
    assert first.algorithm == second.algorithm == "hmac-sha256"
    assert second.hash != _unkeyed_hash(second.previous_hash, second)


def test_deleting_the_last_event_is_named_as_a_cut() -> None:
    events = _events(3)
    _checkpoint()
    _delete_from(events[-1].pk)
    message = _verify_fails()
    assert "cut" in message
    assert f"event {events[-1].pk}" in message


def test_deleting_the_last_200_events_is_named_as_a_cut() -> None:
    events = _events(205)
    _checkpoint()
    _delete_from(events[5].pk)
    message = _verify_fails()
    assert "cut" in message
    assert f"event {events[-1].pk}" in message
    assert f"ends at event {events[4].pk}" in message


def test_a_cut_is_caught_by_an_earlier_checkpoint_too() -> None:
    events = _events(6)
    _checkpoint()
    _events(2)
    _delete_from(events[3].pk)
    assert "cut" in _verify_fails()


@pytest.mark.parametrize("claim_unkeyed", [False, True], ids=["keyed-marker", "unkeyed-marker"])
def test_changing_an_event_and_recomputing_later_hashes_without_the_key_fails(
    claim_unkeyed: bool,
) -> None:
    events = _events(5)
    victim = events[2]
    _rewrite_from(victim.pk, claim_unkeyed=claim_unkeyed)
    message = _verify_fails()
    assert f"Audit chain broken at event {victim.pk}" in message


def test_rewriting_the_whole_log_as_unkeyed_is_caught_by_the_checkpoint() -> None:
    events = _events(4)
    _checkpoint()
    _rewrite_from(events[0].pk, claim_unkeyed=True)
    message = _verify_fails()
    assert "checkpoint" in message
    assert f"event {events[-1].pk}" in message


def test_a_wrong_key_fails(settings: Any) -> None:
    events = _events(3)
    settings.NODDFA_AUDIT_KEY = "a-different-key-entirely-" * 2
    message = _verify_fails()
    assert f"Audit chain broken at event {events[0].pk}" in message
    assert "key" in message


def test_old_unkeyed_rows_before_the_switch_still_verify() -> None:
    # Rows as the code before the keyed chain wrote them: SHA-256 links, no algorithm.
    _events(3)
    _rewrite_from(
        AuditEvent.objects.order_by("id").values_list("id", flat=True)[0], claim_unkeyed=True
    )
    legacy = AuditEvent.objects.count()
    last_legacy = AuditEvent.objects.order_by("-id").first()
    assert last_legacy is not None
    keyed = _events(2)
    assert keyed[0].previous_hash == last_legacy.hash
    _checkpoint()
    output = _verify()
    assert f"Audit chain intact: {legacy + 2} events" in output
    assert f"{legacy} unkeyed" in output


def test_checkpoint_refuses_to_record_a_broken_chain(checkpoint_file: Path) -> None:
    events = _events(3)
    _checkpoint()
    before = checkpoint_file.read_text()
    _rewrite_from(events[1].pk, claim_unkeyed=False)
    with pytest.raises(CommandError) as failure:
        call_command("audit", "checkpoint")
    assert failure.value.returncode == 1
    assert checkpoint_file.read_text() == before


def test_verify_against_the_copy_kept_off_the_machine(
    checkpoint_file: Path, tmp_path: Path
) -> None:
    events = _events(3)
    _checkpoint()
    off_site = tmp_path / "off-site-copy.jsonl"
    off_site.write_text(checkpoint_file.read_text())
    # The attacker also empties the checkpoint file on the machine.
    checkpoint_file.write_text("")
    _delete_from(events[-1].pk)
    message = _verify_fails("--checkpoints", str(off_site))
    assert "cut" in message


def test_a_damaged_checkpoint_file_is_named(checkpoint_file: Path) -> None:
    _events(1)
    checkpoint_file.write_text("not a checkpoint\n")
    message = _verify_fails()
    assert "line 1" in message


def test_verify_without_checkpoints_warns_that_a_cut_cannot_be_seen() -> None:
    _events(2)
    assert "no checkpoints" in _verify()


def test_production_refuses_to_start_without_an_audit_key() -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"NODDFA_AUDIT_KEY", "NODDFA_AUDIT_KEY_FILE", "NODDFA_DEMO_MODE"}
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "noddfa.config.settings.production",
        "NODDFA_SECRET_KEY": "x" * 64,
        "NODDFA_ALLOWED_HOSTS": "noddfa.example",
    }
    result = subprocess.run(
        [sys.executable, "-m", "noddfa.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "NODDFA_AUDIT_KEY (or a file named by NODDFA_AUDIT_KEY_FILE) must be set" in (
        result.stderr
    )


def test_production_reads_the_audit_key_from_a_file(tmp_path: Path) -> None:
    key_file = tmp_path / "audit.key"
    key_file.write_text("k" * 64 + "\n")
    env = {k: v for k, v in os.environ.items() if k not in {"NODDFA_AUDIT_KEY", "NODDFA_DEMO_MODE"}}
    env |= {
        "DJANGO_SETTINGS_MODULE": "noddfa.config.settings.production",
        "NODDFA_SECRET_KEY": "x" * 64,
        "NODDFA_ALLOWED_HOSTS": "noddfa.example",
        "NODDFA_AUDIT_KEY_FILE": str(key_file),
    }
    code = "from django.conf import settings; print(len(settings.NODDFA_AUDIT_KEY))"
    result = subprocess.run(
        [sys.executable, "-m", "noddfa.cli", "shell", "--no-imports", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "64"
