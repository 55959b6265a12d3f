"""Running `noddfa` as an operator does: a real process on a database of its own.

The database is a SQLite file in a temporary folder, or, when DATABASE_URL names
PostgreSQL, a database of that server whose name the test chooses (dropped afterwards).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

NODDFA = [sys.executable, "-m", "noddfa.cli"]


def on_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgres")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def scratch_database(var_dir: Path, prefix: str) -> Iterator[dict[str, str]]:
    """The environment for a Noddfa process on a fresh, empty database of its own."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "NODDFA_DEMO_MODE"}}
    env["NODDFA_VAR_DIR"] = str(var_dir)
    if not on_postgresql():
        yield env
        return
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield env | {"DATABASE_URL": f"{base}/{name}"}
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def noddfa(env: dict[str, str], *args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*NODDFA, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
