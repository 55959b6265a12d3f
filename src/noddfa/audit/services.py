"""Writing to and checking the audit log."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from noddfa.core.request_id import current_request_id

from .chain import GENESIS_HASH, KEYED, EventContent, keyed_link_hash, link_hash
from .checkpoints import Checkpoint
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


def chain_key() -> bytes:
    """The key of the chain's links: from the settings, never from the database."""
    key = str(getattr(settings, "NODDFA_AUDIT_KEY", "") or "")
    if not key:
        raise ImproperlyConfigured(
            "NODDFA_AUDIT_KEY (or NODDFA_AUDIT_KEY_FILE) must be set: it keys the audit chain."
        )
    return key.encode("utf-8")


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
    event = AuditEvent(**asdict(content))
    pending = _pending.get()
    if pending is not None:
        pending.append(event)
    else:
        _append([event])
    return event


# Events recorded inside `appended_together`, waiting to be appended when it ends.
_pending: ContextVar[list[AuditEvent] | None] = ContextVar("audit_pending", default=None)


def _append(events: list[AuditEvent]) -> None:
    """Link the events onto the end of the chain, in order, under the chain's lock."""
    if not events:
        return
    key = chain_key()
    with transaction.atomic():
        _lock_chain()
        previous = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        previous = previous or GENESIS_HASH
        for event in events:
            event.previous_hash = previous
            event.hash = keyed_link_hash(key, previous, event.content())
            event.algorithm = KEYED
            previous = event.hash
        if len(events) == 1:
            events[0].save()
        else:
            AuditEvent.objects.bulk_create(events)


@contextmanager
def appended_together() -> Iterator[None]:
    """Append the events recorded inside the block to the chain together, when it ends.

    The chain's lock is then held from that append to the commit only, not through the whole
    of a long write (recording a concern writes a dozen events): writers that each took the
    lock at their first event queued behind one another under load (issue 16, item 14).

    Use it inside the transaction of the change, around code that lets every failure rise:
    an event recorded in an inner block that rolled back, with the error caught inside this
    block, would still be appended. Nothing is appended when the block raises."""
    if _pending.get() is not None:
        yield  # an enclosing block appends
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("appended_together must run inside the transaction of the change")
    pending: list[AuditEvent] = []
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    _append(pending)


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken_id: int | None = None
    problem: str = ""
    # True when the log ends before an event a checkpoint names: events were cut from the end.
    cut: bool = False
    unkeyed: int = 0
    checkpoints: int = 0
    head_id: int | None = None
    head_hash: str | None = None

    @property
    def intact(self) -> bool:
        return self.first_broken_id is None


def _events_in_order(after_id: int = 0) -> Iterator[AuditEvent]:
    return AuditEvent.objects.filter(id__gt=after_id).order_by("id").iterator(chunk_size=2000)


def _problem(event: AuditEvent, key: bytes, expected_previous: str, keyed_seen: bool) -> str:
    if event.previous_hash != expected_previous:
        return "its link to the event before it is broken"
    if event.algorithm == KEYED:
        if keyed_link_hash(key, event.previous_hash, event.content()) != event.hash:
            return (
                "its content does not match its hash under the audit key "
                "(the event was changed, or NODDFA_AUDIT_KEY is not the key it was written with)"
            )
        return ""
    if event.algorithm is not None:
        return f"its hash names an unknown algorithm ({event.algorithm[:16]})"
    if keyed_seen:
        return (
            "it carries an unkeyed hash after keyed events: "
            "the log from here was recomputed without the key"
        )
    if link_hash(event.previous_hash, event.content()) != event.hash:
        return "its content does not match its hash"
    return ""


def _cut_report(report: ChainReport, missing: Checkpoint) -> ChainReport:
    named = f"the checkpoint of {missing.at} (line {missing.line}) names event {missing.event_id}"
    past_the_end = report.head_id is None or missing.event_id > report.head_id
    if report.head_id is None:
        problem = f"{named}, but the log is empty: its events were removed"
    elif past_the_end:
        problem = (
            f"{named}, but the log ends at event {report.head_id}: the events after it were removed"
        )
    else:
        problem = f"{named}, which is not in the log"
    return ChainReport(
        report.checked,
        missing.event_id,
        problem,
        cut=past_the_end,
        unkeyed=report.unkeyed,
        checkpoints=report.checkpoints,
        head_id=report.head_id,
        head_hash=report.head_hash,
    )


def verify_chain(
    checkpoints: Sequence[Checkpoint] = (), *, from_last_checkpoint: bool = False
) -> ChainReport:
    """Walk the log and name the first event whose link, content or checkpoint does not hold.

    Each checkpoint (written outside the database) must name an event that is still there
    with the same hash; one that names an event past the end means the log was cut.
    `from_last_checkpoint` starts the walk at the newest checkpoint instead of the start,
    for `noddfa audit checkpoint`, which runs often and need only check what came since.
    """
    key = chain_key()
    pending: dict[int, list[Checkpoint]] = {}
    for checkpoint in checkpoints:
        pending.setdefault(checkpoint.event_id, []).append(checkpoint)
    expected_previous = GENESIS_HASH
    keyed_seen = False
    checked = unkeyed = matched = 0
    head: AuditEvent | None = None
    after_id = 0
    if from_last_checkpoint and checkpoints:
        anchor_id = max(pending)
        anchor = AuditEvent.objects.filter(pk=anchor_id).first()
        if anchor is None:
            last = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
            report = ChainReport(0, head_id=last[0] if last else None)
            return _cut_report(report, pending[anchor_id][-1])
        # Only the anchor's link to the event before it is taken on trust (the full walk of
        # `noddfa audit verify` checks it); its hash is checked against the checkpoint.
        pending = {anchor_id: pending[anchor_id]}
        expected_previous = anchor.previous_hash
        after_id = anchor_id - 1
    for event in _events_in_order(after_id):
        problem = _problem(event, key, expected_previous, keyed_seen)
        if not problem:
            for checkpoint in pending.pop(event.pk, []):
                if checkpoint.hash != event.hash:
                    problem = (
                        f"it does not match the checkpoint of {checkpoint.at} "
                        f"(line {checkpoint.line}): the log up to here was rewritten"
                    )
                    break
                matched += 1
        if problem:
            return ChainReport(checked, event.pk, problem, unkeyed=unkeyed, checkpoints=matched)
        keyed_seen = keyed_seen or event.algorithm == KEYED
        unkeyed += event.algorithm is None
        expected_previous = event.hash
        checked += 1
        head = event
    report = ChainReport(
        checked,
        unkeyed=unkeyed,
        checkpoints=matched,
        head_id=head.pk if head is not None else None,
        head_hash=head.hash if head is not None else None,
    )
    if pending:
        # Any event still named is past the end (one in the middle would have broken a link).
        return _cut_report(report, pending[max(pending)][-1])
    return report
