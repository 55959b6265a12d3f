"""Issue 16 item 9: /healthz checks what it claims, and says which check failed."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.db import DatabaseError, connection
from django.test import Client

from noddfa.core import health
from noddfa.core.models import OutboxMail

pytestmark = pytest.mark.django_db


def test_healthz_is_ok_when_every_check_passes(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", **health.GOOD}


def test_healthz_leaves_no_trace_of_its_write(client: Client) -> None:
    client.get("/healthz")
    assert not OutboxMail.objects.exists()


def test_healthz_reports_an_unreachable_database_with_503(client: Client) -> None:
    down = DatabaseError("connection refused")
    with mock.patch.object(health, "_short_sqlite_wait", side_effect=down):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_healthz_is_not_ok_while_a_migration_is_pending(client: Client) -> None:
    with (
        mock.patch.object(health, "_migrations_applied", False),
        mock.patch.object(
            health.MigrationExecutor, "migration_plan", return_value=[("pending", False)]
        ),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["migrations"] == "pending"


def test_healthz_is_not_ok_when_the_attachment_folder_cannot_be_written(
    client: Client, settings: Any, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    settings.ATTACHMENT_ROOT = blocker
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["attachments"] == "not writable"


def test_healthz_is_not_ok_when_the_disk_is_nearly_full(client: Client, settings: Any) -> None:
    settings.NODDFA_MIN_FREE_DISK_MB = 1024**4  # an exabyte: no disk has that much free
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["disk"] == "low"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own timeouts")
def test_postgresql_gives_up_on_a_statement_and_a_connection_that_never_answer() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "30s"
    assert connection.settings_dict["OPTIONS"]["connect_timeout"] == 5
