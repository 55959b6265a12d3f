"""Data migrations mean the same thing whenever they run: they use historical models and data
frozen beside them, never the project's live code, which later changes would change them."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import noddfa

MIGRATIONS = sorted(Path(noddfa.__file__).parent.glob("*/migrations/0*.py"))
DATA_MIGRATIONS = [path for path in MIGRATIONS if "RunPython" in path.read_text(encoding="utf-8")]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
    return names


def test_the_data_migrations_are_found() -> None:
    assert {path.name for path in DATA_MIGRATIONS} >= {
        "0002_load_directory.py",
        "0002_national_courses.py",
    }


@pytest.mark.parametrize("path", DATA_MIGRATIONS, ids=lambda path: f"{path.parts[-3]}/{path.stem}")
def test_a_data_migration_imports_no_project_code(path: Path) -> None:
    live = sorted(
        name
        for name in _imported_modules(path)
        if name == "noddfa" or name.startswith(("noddfa.", "."))
    )
    assert live == [], f"{path.name} imports {live}: freeze what it needs beside it instead"


def test_the_directory_migration_has_its_frozen_rows() -> None:
    frozen = Path(noddfa.__file__).parent / "directory/migrations/0002_load_directory.json"
    services = json.loads(frozen.read_text(encoding="utf-8"))["services"]
    keys = [service["key"] for service in services]
    assert len(keys) == len(set(keys)) == 54
    assert keys[0] == "police_emergency"
    assert [service["position"] for service in services] == list(range(1, 55))
