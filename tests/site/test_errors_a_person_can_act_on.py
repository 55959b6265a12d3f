"""Issue 16 item 10: every failure a person can meet says what happened and what to do."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError
from django.test import Client

from factories import UserFactory
from noddfa.accounts.models import User
from noddfa.directory import datafile
from noddfa.directory.models import Service

pytestmark = pytest.mark.django_db


def test_a_page_says_the_database_is_unreachable_with_a_503(
    sign_in: Callable[[User], Client],
) -> None:
    client = sign_in(UserFactory())
    client.raise_request_exception = False
    with mock.patch(
        "noddfa.site.views.dashboard_for", side_effect=OperationalError("could not connect")
    ):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Sorry, the service is unavailable" in page
    assert "could not connect" not in page


def test_a_form_body_over_the_limit_gets_a_clear_413_page(
    sign_in: Callable[[User], Client], settings: Any
) -> None:
    client = sign_in(UserFactory())
    draft_page = client.get("/concerns/new/", follow=True).redirect_chain[-1][0]
    response = client.post(draft_page, {"account": "x" * 3_000_000})
    assert response.status_code == 413
    assert "What you sent is too large" in response.content.decode()


def test_load_directory_with_broken_yaml_says_so_in_one_line(monkeypatch: Any) -> None:
    class Broken:
        def joinpath(self, name: str) -> Broken:
            return self

        def read_text(self, encoding: str) -> str:
            return "services:\n  - key: [unclosed\n"

    monkeypatch.setattr(datafile.resources, "files", lambda package: Broken())
    with pytest.raises(CommandError, match=r"^services.yaml is not valid YAML at line \d+$"):
        call_command("load_directory")


def test_load_directory_with_no_services_refuses_to_retire_every_helpline(
    monkeypatch: Any,
) -> None:
    live = Service.objects.filter(retired_at__isnull=True).count()
    assert live > 0
    monkeypatch.setattr(
        "noddfa.directory.loader.read_directory_file",
        lambda: datafile.parse_directory({"services": []}),
    )
    with pytest.raises(CommandError, match="would retire all"):
        call_command("load_directory")
    assert Service.objects.filter(retired_at__isnull=True).count() == live
    call_command("load_directory", "--allow-retire-all")
    assert not Service.objects.filter(from_data_file=True, retired_at__isnull=True).exists()


def test_dedupe_to_a_missing_folder_says_so_in_one_line(tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text("id,given_name,family_name\n1,Ana,Krasniqi\n", encoding="utf-8")
    from noddfa.matching.cli import main

    out = tmp_path / "no-such-folder" / "pairs.csv"
    with mock.patch.object(sys, "stderr") as stderr:
        assert main([str(people), "--out", str(out)]) == 2
    written = "".join(call.args[0] for call in stderr.write.call_args_list)
    assert written.strip() == f"noddfa dedupe: cannot write {out}: no such folder"


@pytest.mark.slow
def test_the_cli_says_the_database_is_unreachable_in_one_line_and_an_exit_code(
    tmp_path: Path,
) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/noddfa",
        "NODDFA_VAR_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [str(Path(sys.executable).parent / "noddfa"), "reminders"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 69
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stderr.startswith("noddfa: the database cannot be used")
