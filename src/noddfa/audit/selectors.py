from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from noddfa.accounts.models import User

from .models import AuditEvent
from .permissions import events_visible_to


@dataclass(frozen=True)
class TrailFilter:
    action: str = ""
    actor_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def audit_trail_for(user: User, wanted: TrailFilter) -> QuerySet[AuditEvent]:
    events = events_visible_to(user).select_related("actor").order_by("-id")
    if wanted.action:
        events = events.filter(action=wanted.action)
    if wanted.actor_id is not None:
        events = events.filter(actor_id=wanted.actor_id)
    if wanted.date_from is not None:
        events = events.filter(occurred_at__date__gte=wanted.date_from)
    if wanted.date_to is not None:
        events = events.filter(occurred_at__date__lte=wanted.date_to)
    return events
