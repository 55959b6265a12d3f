"""The tokens DRF kept in clear are deleted by the migration to hashed tokens (issue 17), and a
client that still sends one is told why it no longer works."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from rest_framework.test import APIClient

from factories import UserFactory

_BEFORE = [("api", "0002_token_scope")]
_AFTER = [("api", "0003_hashed_tokens")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_deletes_the_clear_tokens_and_their_scopes() -> None:
    user = UserFactory()
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(_BEFORE)
        old = executor.loader.project_state(_BEFORE).apps
        token = old.get_model("authtoken", "Token").objects.create(key="a" * 40, user_id=user.pk)
        old.get_model("api", "TokenScope").objects.create(token=token, scope="read_write")
        executor.loader.build_graph()
        executor.migrate(_AFTER)
        new = executor.loader.project_state(_AFTER).apps
        assert not new.get_model("authtoken", "Token").objects.exists()
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_a_client_sending_a_clear_token_is_told_to_ask_for_a_new_one() -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "a" * 40)
    response = client.get("/api/v1/people/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert "new one" in response.json()["detail"]
