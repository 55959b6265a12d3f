"""Events recorded inside `appended_together` join the chain at the end of the block, under one
lock: recording a concern no longer holds the chain's lock from its first event to its commit,
which made concurrent saves queue behind one another (issue 16, item 14)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from factories import PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import Role
from noddfa.audit.models import AuditAction, AuditEvent
from noddfa.audit.services import appended_together, record, verify_chain

pytestmark = pytest.mark.django_db


def _chain_reads(queries: list[dict[str, str]]) -> int:
    """How many times the last link of the chain was read: once per append under the lock."""
    return sum(
        1
        for q in queries
        if q["sql"].startswith('SELECT "audit_auditevent"."hash"') and "DESC" in q["sql"]
    )


def test_events_recorded_together_are_linked_in_the_order_they_were_recorded() -> None:
    user = UserFactory()
    before = record(AuditAction.VIEW, actor=user, detail={"page": "before"})
    with transaction.atomic(), appended_together():
        events = [record(AuditAction.VIEW, actor=user, detail={"page": str(n)}) for n in range(3)]
        assert AuditEvent.objects.count() == 1  # waiting for the end of the block
    pages = [event.detail["page"] for event in AuditEvent.objects.order_by("id")]
    assert pages == ["before", "0", "1", "2"]
    assert events[0].previous_hash == before.hash
    assert events[2].previous_hash == events[1].hash
    assert verify_chain().intact


def test_nothing_is_appended_when_the_change_fails() -> None:
    user = UserFactory()
    with (
        pytest.raises(RuntimeError, match="refused"),
        transaction.atomic(),
        appended_together(),
    ):
        record(AuditAction.VIEW, actor=user, detail={"page": "half"})
        raise RuntimeError("refused")
    assert not AuditEvent.objects.filter(detail__page="half").exists()
    record(AuditAction.VIEW, actor=user, detail={"page": "after"})
    assert verify_chain().intact


def test_recording_a_concern_takes_the_chains_lock_once_whatever_it_writes() -> None:
    lead = UserFactory(role=Role.SAFEGUARDING_LEAD)
    practitioner = UserFactory(organisation=lead.organisation)
    child = PersonFactory(organisation=practitioner.organisation)
    before = AuditEvent.objects.count()
    with CaptureQueriesContext(connection) as saving:
        make_concern(practitioner, child, danger="yes", action=["recruitment"])
    written = AuditEvent.objects.count() - before
    assert written >= 5  # the concern, its run, its actions' tasks, the evidence of recording
    assert _chain_reads(saving.captured_queries) == 1
    if connection.vendor == "postgresql":
        locks = [q for q in saving.captured_queries if "pg_advisory_xact_lock" in q["sql"]]
        assert len(locks) == 1
    assert verify_chain().intact
