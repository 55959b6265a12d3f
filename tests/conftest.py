from __future__ import annotations

import copy
import gc
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django import DjangoDbBlocker
from pytest_django.plugin import blocking_manager_key

from factories import TEST_PASSWORD, UserFactory
from noddfa.accounts.models import User


def pytest_collection_finish(session: pytest.Session) -> None:
    """Set the garbage collector for a test run once everything is imported.

    Each request through the test client makes many short-lived objects; with the default
    thresholds the collector keeps walking the long-lived ones (Django, the URL and template
    caches, the collected tests) and costs several per cent of the run. Frozen objects are
    never walked; a larger first generation means fewer collections.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses the database `database`, before `-m` selects by marks.

    `make test` runs the tests without the mark once and those with it on each database.
    A test uses the database through the `django_db` mark or a fixture that needs
    `django_db_setup` (`db`, `transactional_db`, or a wider-scoped world of its own).
    """
    for item in items:
        uses = item.get_closest_marker("django_db") is not None
        if uses or "django_db_setup" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.database)


def _commits(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(fixtures)
    )


class _SlowFirst:
    """Start the slowest tests first (those marked `slow`: a server, a migrated scratch
    database, a JVM), so that no process is left running one alone at the end of a stage
    while the others wait. pytest-django put the tests that use no test database last; the
    tests that commit keep their place after the others."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        items.sort(
            key=lambda item: 0 if item.get_closest_marker("slow") and not _commits(item) else 1
        )


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(_SlowFirst(), "noddfa-slow-first")


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the default language, whatever the test before it used.

    A request through Django's test client leaves its language active in the thread (the
    locale middleware activates it and nothing deactivates it), so a test would otherwise see
    the language of whichever test ran before it in the same process: with the tests spread
    over several processes, that is a different test on each run.
    """
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(scope="module")
def module_transaction(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """One transaction around a whole test module, rolled back after its last test.

    A module-scoped fixture that builds a world shared by many tests depends on this one:
    what it writes is undone when the module ends, and each test's own transaction, a
    savepoint inside this one, undoes what the test writes (as Django's `setUpTestData`).
    Hand each test a `copy.deepcopy` of the world, so that no test sees another's changes
    to the Python objects either. The world is built in the default language.
    """
    translation.deactivate()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer._from_testcase = True  # a durable block inside behaves as in a test
        outer.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def shared_list_world(module_transaction: None, django_db_blocker: DjangoDbBlocker) -> Any:
    """The world of the list tests (tests/list_world.py), built once per module."""
    from list_world import list_world

    with django_db_blocker.unblock():
        return list_world()


@pytest.fixture
def lists(shared_list_world: Any, db: None) -> Iterator[Any]:
    """A copy of the list tests' world of its own for each test."""
    yield copy.deepcopy(shared_list_world)


@pytest.fixture
def sign_in(db: None) -> Callable[[User], Client]:
    """Sign a user in, in a browser of their own, and pass the second factor."""

    def _sign_in(user: User) -> Client:
        client = Client()
        response = client.post(
            "/accounts/sign-in/", {"username": user.email, "password": TEST_PASSWORD}
        )
        assert response.status_code == 302, "sign-in failed"
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
        return client

    return _sign_in


@pytest.fixture
def practitioner(db: None) -> User:
    return UserFactory()


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
    on_postgresql = committed and connection.vendor == "postgresql"
    test_database = connection.settings_dict["NAME"]
    if on_postgresql:
        _replication_role(item, "replica")
    try:
        yield
        # On SQLite too: the flush empties the tables there as well, and a later test in the
        # same process (as `--dist loadfile` orders them) would find no helplines.
        if committed and connection.settings_dict["NAME"] == test_database:
            _restore_migration_data(item)
    finally:
        # After the last test the test database is gone, and the setting with it.
        if on_postgresql and connection.settings_dict["NAME"] == test_database:
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
