from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from pytest_django.plugin import blocking_manager_key


def _replication_role(item: pytest.Item, role: str) -> None:
    with item.config.stash[blocking_manager_key].unblock(), connection.cursor() as cursor:
        cursor.execute(f"SET session_replication_role = {role}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """Empty the tables after a test that committed (threads on PostgreSQL).

    The audit log refuses TRUNCATE by trigger, which is what the test database's flush uses:
    the triggers are set aside for that flush only, and are back for the next test.
    """
    marker = item.get_closest_marker("django_db")
    committed = marker is not None and marker.kwargs.get("transaction", False)
    committed = committed and connection.vendor == "postgresql"
    test_database = connection.settings_dict["NAME"]
    if committed:
        _replication_role(item, "replica")
    try:
        yield
        if committed and connection.settings_dict["NAME"] == test_database:
            _restore_migration_data(item)
    finally:
        # After the last test the test database is gone, and the setting with it.
        if committed and connection.settings_dict["NAME"] == test_database:
            _replication_role(item, "DEFAULT")


def _restore_migration_data(item: pytest.Item) -> None:
    """Put back what the migrations loaded (courses, the directory) after the flush emptied it.

    Tests that commit are marked serialized_rollback, so the test database's contents after
    migrating were kept; without this, every test that ran later in the same process would
    find no courses and no helplines.
    """
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        with item.config.stash[blocking_manager_key].unblock():
            connection.creation.deserialize_db_from_string(contents)
