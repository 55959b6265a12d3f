"""The `noddfa` command as people type it: `noddfa pathway` must work without Django set up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def _noddfa(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run(
        [sys.executable, "-m", "noddfa.cli", *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_noddfa_pathway_prints_the_actions_for_a_case_file(tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_text(
        json.dumps(
            {
                "jurisdiction": "wales",
                "person": {"age": 15},
                "situation": {"immediate_danger": True},
                "elements": {"action": ["recruitment"], "purpose": ["criminal"]},
            }
        )
    )
    result = _noddfa("pathway", str(case))
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["ruleset"] == "wales-2026.2"
    assert output["actions"][0]["code"] == "CALL_999"


def test_noddfa_pathway_names_the_bad_field_and_exits_2() -> None:
    result = _noddfa("pathway", "-", stdin='{"jurisdiction": "wales", "person": {"age": "x"}}')
    assert result.returncode == 2
    assert "person.age" in result.stderr
    assert "Traceback" not in result.stderr
