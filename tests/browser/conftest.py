"""A real Noddfa server and Debian's Chromium, for tests that use the pages as people do.

The server runs in its own process on its own database (a scratch SQLite file, or a
scratch PostgreSQL database when DATABASE_URL points at PostgreSQL), loaded with the
synthetic demo data, so nothing depends on a server left running by hand.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _scratch_postgres(url: str) -> tuple[str, str]:
    name = f"noddfa_browser_{uuid.uuid4().hex[:12]}"
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return admin, name


def _drop_postgres(admin: str, name: str) -> None:
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _wait_until_up(base_url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the Noddfa server stopped during start-up")
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the Noddfa server did not answer within 60 seconds")


@pytest.fixture(scope="session")
def noddfa_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    var_dir: Path = tmp_path_factory.mktemp("browser-server")
    env = {
        **os.environ,
        "NODDFA_VAR_DIR": str(var_dir),
        "NODDFA_DEMO_MODE": "1",
        "DJANGO_SETTINGS_MODULE": "noddfa.config.settings.dev",
    }
    scratch: tuple[str, str] | None = None
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith("postgres"):
        scratch = _scratch_postgres(database_url)
        env["DATABASE_URL"] = database_url.rsplit("/", 1)[0] + "/" + scratch[1]
    noddfa = [sys.executable, "-m", "noddfa.cli"]
    run: dict[str, Any] = {"env": env, "check": True, "capture_output": True, "timeout": 600}
    subprocess.run([*noddfa, "migrate", "--no-input"], **run)
    subprocess.run([*noddfa, "demo-data"], **run)
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [*noddfa, "runserver", "--insecure", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_up(base_url, server)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=30)
        if scratch is not None:
            _drop_postgres(*scratch)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Browser tests need Debian's Chromium at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, noddfa_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=noddfa_url, locale="en-GB")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()
