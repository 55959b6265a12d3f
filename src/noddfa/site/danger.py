"""Danger first (issue 18, item 5): what a lead must look at before anything else.

The review queue and the home page put first a concern answered "immediate danger: Yes", then
one about a person missing now (a missing episode with no return yet), then one with an overdue
action, and mark each with words. Concerns knows the first and the last; casework, above it,
knows who is missing: this is where the two meet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from noddfa.accounts.models import User
from noddfa.audit import reads
from noddfa.casework.selectors import missing_now_among
from noddfa.concerns.models import Alert, Concern
from noddfa.concerns.permissions import can_review
from noddfa.concerns.selectors import review_queue, unread_alerts


@dataclass(frozen=True)
class QueueRow:
    concern: Concern
    in_danger: bool
    missing_now: bool
    overdue: int

    @property
    def urgent(self) -> bool:
        return self.in_danger or self.missing_now or self.overdue > 0


def _rank(row: QueueRow) -> tuple[bool, bool, bool, datetime]:
    return (not row.in_danger, not row.missing_now, row.overdue == 0, row.concern.recorded_at)


def review_rows(user: User, *, page: str = "") -> list[QueueRow]:
    """The review queue, danger first; within each group the concern waiting longest first.
    With `page`, an audited read (the queue shows names)."""
    concerns = list(review_queue(user, page=page))
    missing = missing_now_among(user, {concern.subject_id for concern in concerns})
    rows = [
        QueueRow(
            concern=concern,
            in_danger=bool(concern.in_danger),  # type: ignore[attr-defined]  # annotated
            missing_now=concern.subject_id in missing,
            overdue=int(concern.overdue_count),  # type: ignore[attr-defined]  # annotated
        )
        for concern in concerns
    ]
    return sorted(rows, key=_rank)


@dataclass(frozen=True)
class AlertRow:
    alert: Alert
    row: QueueRow | None


@dataclass(frozen=True)
class Home:
    attention: list[QueueRow]
    alerts: list[AlertRow]


def home_for(user: User, *, page: str = "") -> Home:
    """What the home page lists for the user: for a lead, the concerns that need attention
    first (danger, missing now, overdue), and their new-concern alerts with the urgent ones
    first and marked. With `page`, one audited read when it shows anyone's name (the home
    page's dashboard records one read for all it shows instead)."""
    alerts = unread_alerts(user)
    rows = {row.concern.pk: row for row in review_rows(user)} if can_review(user) else {}
    attention = [row for row in rows.values() if row.urgent]

    def first(alert: Alert) -> tuple[bool, float]:
        row = rows.get(alert.concern_id)
        return (row is None or not row.urgent, -alert.created_at.timestamp())

    ordered = [AlertRow(alert, rows.get(alert.concern_id)) for alert in sorted(alerts, key=first)]
    if page and (attention or alerts):
        reads.read(user, page, alerts=len(alerts), attention=len(attention))
    return Home(attention=attention, alerts=ordered)
