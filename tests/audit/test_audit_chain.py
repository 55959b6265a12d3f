from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from factories import UserFactory
from noddfa.audit.models import AppendOnlyError, AuditAction, AuditEvent
from noddfa.audit.services import record, verify_chain

pytestmark = pytest.mark.django_db


def _three_events() -> list[AuditEvent]:
    user = UserFactory()
    return [record(AuditAction.VIEW, actor=user, detail={"page": str(n)}) for n in range(3)]


def _drop_triggers() -> None:
    # What someone with database rights would do first; the chain must still tell.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Fire the deferred foreign-key checks first, or PostgreSQL refuses the change.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("DROP TRIGGER audit_event_refuse_change ON audit_auditevent")
        else:
            cursor.execute("DROP TRIGGER audit_event_refuse_update")
            cursor.execute("DROP TRIGGER audit_event_refuse_delete")


def test_each_event_is_chained_to_the_one_before() -> None:
    first, second, third = _three_events()
    assert second.previous_hash == first.hash
    assert third.previous_hash == second.hash
    assert verify_chain().intact
    assert verify_chain().checked == AuditEvent.objects.count()


def test_the_application_cannot_change_or_delete_an_event() -> None:
    event = _three_events()[0]
    event.detail = {"page": "forged"}
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="export")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_raw_updates_and_deletes() -> None:
    event = _three_events()[0]
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'export' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == AuditAction.VIEW


def test_verify_names_the_first_event_altered_with_raw_sql() -> None:
    _, second, _ = _three_events()
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET object_id = 'someone-else' WHERE id = %s", [second.pk]
        )
    report = verify_chain()
    assert report.first_broken_id == second.pk
    assert "content does not match" in report.problem
    with pytest.raises(CommandError) as failure:
        call_command("audit", "verify")
    assert failure.value.returncode == 1
    assert f"event {second.pk}" in str(failure.value)


def test_verify_notices_an_event_removed_from_the_middle() -> None:
    _, second, third = _three_events()
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [second.pk])
    report = verify_chain()
    assert report.first_broken_id == third.pk
    assert "link" in report.problem


def test_verify_reports_an_intact_chain(capsys: pytest.CaptureFixture[str]) -> None:
    _three_events()
    call_command("audit", "verify")
    assert "Audit chain intact" in capsys.readouterr().out
