"""Refused probes: a signed-in account asking for a record by id and being refused (403 or
404) leaves an audit event naming the route and the ids only, so that someone walking through
other organisations' ids can be seen and alerted on (issue 17, item 8).

What is recorded is what the address already held: the route's name and its whole-number
ids (numbers and UUIDs). No query string, no search words, no body.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .models import AuditAction, AuditEvent
from .services import record

_REFUSALS = frozenset({403, 404})


def _ids(kwargs: dict[str, object]) -> dict[str, int | str]:
    """The ids in the address (numbers and UUIDs); a slug or other text is left out."""
    ids: dict[str, int | str] = {}
    for name, value in kwargs.items():
        if isinstance(value, int) and not isinstance(value, bool):
            ids[name] = value
        elif isinstance(value, UUID):
            ids[name] = str(value)
    return ids


class RefusedProbeMiddleware:
    """Records an audit event when a signed-in account is refused a record it named by id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code in _REFUSALS:
            self._note(request, response.status_code)
        return response

    @staticmethod
    def _note(request: HttpRequest, status: int) -> None:
        user = getattr(request, "user", None)
        match = request.resolver_match
        if user is None or not user.is_authenticated or match is None:
            return
        ids = _ids(match.kwargs)
        if not ids:
            return
        record(
            AuditAction.REFUSED,
            actor=user,
            detail={"route": match.view_name, "ids": ids, "status": status},
        )


@dataclass(frozen=True)
class Prober:
    """An account refused at least the threshold of records within the window."""

    actor_id: int
    organisation_id: int | None
    refusals: int


def probers(*, since: datetime | None = None, at_least: int = 10) -> list[Prober]:
    """Accounts refused `at_least` records by id since `since` (default: the last hour), the
    most refused first: what an operator's alert runs on (`noddfa audit probes`)."""
    start = since if since is not None else timezone.now() - timedelta(hours=1)
    rows = (
        AuditEvent.objects.filter(action=AuditAction.REFUSED, occurred_at__gte=start)
        .exclude(actor_id=None)
        .values("actor_id", "organisation_id")
        .annotate(refusals=Count("id"))
        .filter(refusals__gte=at_least)
        .order_by("-refusals", "actor_id")
    )
    return [
        Prober(
            actor_id=row["actor_id"],
            organisation_id=row["organisation_id"],
            refusals=row["refusals"],
        )
        for row in rows
    ]
