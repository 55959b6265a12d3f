"""Reads of personal data, audited in one place: the selector that reads them.

A page, an API answer or a download that shows personal data leaves one event, written by the
selector (or, for a file that leaves the system, the function that produces it) when the
caller names what is being read: `person_for_casework(user, id, page="plan_edit")`. Views and
API views never write these events themselves, so no read is recorded twice and none is
missed when a second way in (the API, a command) reuses the selector.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Model, Q

from .models import AuditAction, AuditEvent
from .services import Actor, record


def read(user: Actor, page: str, *, target: Model | None = None, **detail: Any) -> None:
    """The user was shown `target` (or a list) on `page`."""
    record(AuditAction.VIEW, actor=user, target=target, detail={"page": page, **detail})


def exported(user: Actor, *, target: Model | None = None, **detail: Any) -> None:
    """The user took `target` out of the system (a download, a PDF, a transfer)."""
    record(AuditAction.EXPORT, actor=user, target=target, detail=detail)


def outside_reads_of(
    targets: Iterable[Model], holder_organisation_id: int, *, limit: int = 50
) -> list[AuditEvent]:
    """Who outside the holder organisation viewed or exported these records, newest first.

    The holder of a shared person can see that another agency read or took away its child's
    record; the events name the organisation and the page, never the content."""
    wanted = Q()
    for target in targets:
        wanted |= Q(object_type=target._meta.label_lower, object_id=str(target.pk))
    if not wanted:
        return []
    return list(
        AuditEvent.objects.filter(wanted, action__in=[AuditAction.VIEW, AuditAction.EXPORT])
        .exclude(organisation_id=holder_organisation_id)
        .exclude(organisation__isnull=True)
        .select_related("organisation")
        .order_by("-id")[:limit]
    )
