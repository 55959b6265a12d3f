"""Writing to and checking the audit log."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from noddfa.core.request_id import current_request_id

from .chain import GENESIS_HASH, EventContent, link_hash
from .models import AuditEvent


class Actor(Protocol):
    """Who did it: a signed-in account (or an anonymous visitor, recorded as no one).

    Written as a protocol so that the audit log, which every app writes to, stands below the
    accounts app rather than importing it."""

    @property
    def pk(self) -> Any: ...

    @property
    def is_authenticated(self) -> bool: ...


# Any fixed number will do: it names the lock that serialises appends on PostgreSQL.
_POSTGRES_CHAIN_LOCK = 7_310_042_015


def _lock_chain() -> None:
    # SQLite runs every atomic block as BEGIN IMMEDIATE (see settings), which already
    # serialises writers; PostgreSQL needs an explicit lock so two appends cannot both
    # read the same last hash.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_POSTGRES_CHAIN_LOCK])


def record(
    action: str,
    *,
    actor: Actor | None = None,
    organisation: Model | None = None,
    target: Model | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. Call inside the transaction of the change it records."""
    if organisation is None and actor is not None and actor.is_authenticated:
        organisation = getattr(actor, "organisation", None)
    content = EventContent(
        occurred_at=timezone.now(),
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        organisation_id=organisation.pk if organisation is not None else None,
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        request_id=current_request_id.get(),
        detail=detail or {},
    )
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        previous = last or GENESIS_HASH
        event = AuditEvent(
            **asdict(content), previous_hash=previous, hash=link_hash(previous, content)
        )
        event.save()
    return event


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken_id: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.first_broken_id is None


def _events_in_order() -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("id").iterator(chunk_size=2000)


def verify_chain() -> ChainReport:
    """Walk the whole log and name the first event whose link or content does not hold."""
    expected_previous = GENESIS_HASH
    checked = 0
    for event in _events_in_order():
        if event.previous_hash != expected_previous:
            return ChainReport(checked, event.pk, "its link to the event before it is broken")
        if link_hash(event.previous_hash, event.content()) != event.hash:
            return ChainReport(checked, event.pk, "its content does not match its hash")
        expected_previous = event.hash
        checked += 1
    return ChainReport(checked)
