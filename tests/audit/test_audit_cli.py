"""`noddfa audit verify` as an operator runs it: a real process on a real database file."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


def _noddfa(var_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {
        "NODDFA_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "noddfa.config.settings.dev",
        "NODDFA_DEMO_MODE": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "noddfa.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_tampering_makes_audit_verify_exit_non_zero_and_name_the_event(tmp_path: Path) -> None:
    assert _noddfa(tmp_path, "migrate", "--no-input").returncode == 0
    assert _noddfa(tmp_path, "demo-data").returncode == 0
    intact = _noddfa(tmp_path, "audit", "verify")
    assert intact.returncode == 0, intact.stderr
    assert "Audit chain intact" in intact.stdout

    with sqlite3.connect(tmp_path / "noddfa.sqlite3") as db:
        db.execute("DROP TRIGGER audit_event_refuse_update")
        (victim,) = db.execute(
            "SELECT id FROM audit_auditevent ORDER BY id LIMIT 1 OFFSET 4"
        ).fetchone()
        db.execute("UPDATE audit_auditevent SET action = 'view' WHERE id = ?", (victim,))

    broken = _noddfa(tmp_path, "audit", "verify")
    assert broken.returncode == 1
    assert f"Audit chain broken at event {victim}" in broken.stderr
    assert "Traceback" not in broken.stderr
