"""An empty folder setting counts as unset: `NODDFA_VAR_DIR=` must not make the current
directory the data folder (SQLite, attachments and spooled uploads would land wherever the
command happened to run)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _folders(cwd: Path, **env: str) -> list[str]:
    script = (
        "from django.conf import settings; "
        "print(settings.VAR_DIR); print(settings.PROJECT_DIR); print(settings.ATTACHMENT_ROOT)"
    )
    environ = {k: v for k, v in os.environ.items() if not k.startswith("NODDFA_")}
    environ.pop("DATABASE_URL", None)
    environ.update(DJANGO_SETTINGS_MODULE="noddfa.config.settings.dev", **env)
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_an_empty_var_dir_setting_is_treated_as_unset(tmp_path: Path) -> None:
    var_dir, project_dir, attachments = _folders(tmp_path, NODDFA_VAR_DIR="", NODDFA_HOME="")
    assert Path(project_dir) == ROOT
    assert Path(var_dir) == ROOT / "var"
    assert Path(attachments) == ROOT / "var" / "attachments"
    assert list(tmp_path.iterdir()) == []


def test_a_var_dir_setting_that_is_only_spaces_is_treated_as_unset(tmp_path: Path) -> None:
    var_dir, _project, _attachments = _folders(tmp_path, NODDFA_VAR_DIR="  ")
    assert Path(var_dir) == ROOT / "var"


def test_a_var_dir_setting_is_used_when_set(tmp_path: Path) -> None:
    var_dir, _project, _attachments = _folders(tmp_path, NODDFA_VAR_DIR=str(tmp_path / "data"))
    assert Path(var_dir) == tmp_path / "data"
