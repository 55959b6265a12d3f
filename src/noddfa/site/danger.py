"""Danger first (issue 18, item 5): what a lead must look at before anything else.

The review queue and the home page put first a concern answered "immediate danger: Yes", then
one about a person missing now (a missing episode with no return yet), then one with an overdue
action, and mark each with words. Concerns knows the first and the last; casework, above it,
knows who is missing: this is where the two meet.

All three are worked out in SQL and the lists are ordered there (issue 22), so a page of the
queue, the home page's first few and their counts cost the same few queries however many
concerns an organisation has recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from noddfa.accounts.models import User
from noddfa.audit import reads
from noddfa.casework.models import MissingEpisode
from noddfa.concerns.models import Alert, Concern, Danger, PathwayAction
from noddfa.concerns.permissions import can_review
from noddfa.concerns.selectors import alerts_waiting, review_queue
from noddfa.people.permissions import people_visible_to

# How many concerns needing attention, and how many new-concern alerts, the home page lists
# before linking to the whole review queue.
HOME_ATTENTION = 10
HOME_ALERTS = 10


@dataclass(frozen=True)
class QueueRow:
    concern: Concern
    in_danger: bool
    missing_now: bool
    overdue: int

    @property
    def urgent(self) -> bool:
        return self.in_danger or self.missing_now or self.overdue > 0


def _missing_now(user: User, person: str) -> Exists:
    """The person (an outer reference) is missing now, as far as the user may see them: an
    episode reported and no return recorded yet, whichever organisation reported it."""
    return Exists(
        MissingEpisode.objects.filter(
            person=OuterRef(person),
            person__in=people_visible_to(user).values("pk"),
            return_record__isnull=True,
        )
    )


def review_queryset(user: User, *, page: str = "") -> QuerySet[Concern]:
    """The review queue, danger first, then missing now, then overdue actions; within each the
    concern waiting longest first. Ordered in SQL, so a page of it reads only that page. With
    `page`, an audited read (the queue shows names)."""
    queue = review_queue(user, page=page).annotate(missing_now=_missing_now(user, "subject"))
    # The queue's own annotations, which its QuerySet[Concern] type does not carry.
    return queue.order_by(  # type: ignore[misc]
        "-in_danger", "-missing_now", "-has_overdue", "recorded_at", "pk"
    )


def urgent_only(concerns: QuerySet[Concern]) -> QuerySet[Concern]:
    """Those of the queue that need attention first: danger, missing now or overdue."""
    return concerns.filter(Q(in_danger=True) | Q(missing_now=True) | Q(has_overdue=True))


def queue_row(concern: Concern) -> QueueRow:
    return QueueRow(
        concern=concern,
        in_danger=bool(concern.in_danger),  # type: ignore[attr-defined]  # annotated
        missing_now=bool(concern.missing_now),  # type: ignore[attr-defined]  # annotated
        overdue=int(concern.overdue_count),  # type: ignore[attr-defined]  # annotated
    )


def review_rows(user: User, *, page: str = "") -> list[QueueRow]:
    """The whole review queue as rows, danger first (see `review_queryset`)."""
    return [queue_row(concern) for concern in review_queryset(user, page=page)]


@dataclass(frozen=True)
class AlertRow:
    alert: Alert
    row: QueueRow | None


@dataclass(frozen=True)
class Home:
    attention: list[QueueRow]
    alerts: list[AlertRow]
    # How many there are in all: the page lists the first few and links to the queue.
    attention_total: int = 0
    alerts_total: int = 0


def _ranked_alerts(user: User) -> QuerySet[Alert]:
    """The user's waiting alerts with their concern's danger marks, the urgent ones first and
    then the newest, all in SQL."""
    now = timezone.now()
    overdue = (
        PathwayAction.objects.filter(
            concern=OuterRef("concern"),
            due_at__lt=now,
            for_referrer=True,
            outcomes__isnull=True,
        )
        .order_by()
        .values("concern")
        .annotate(number=Count("pk"))
        .values("number")
    )
    in_danger = Case(
        When(concern__immediate_danger=Danger.YES, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    return (
        alerts_waiting(user)
        .annotate(
            in_danger=in_danger,
            missing_now=_missing_now(user, "concern__subject"),
            overdue_count=Coalesce(Subquery(overdue[:1]), 0, output_field=IntegerField()),
        )
        .annotate(
            urgent=Case(
                When(
                    Q(in_danger=True) | Q(missing_now=True) | Q(overdue_count__gt=0),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("-urgent", "-created_at", "-pk")
    )


def _alert_row(alert: Alert) -> AlertRow:
    row = QueueRow(
        concern=alert.concern,
        in_danger=bool(alert.in_danger),  # type: ignore[attr-defined]  # annotated
        missing_now=bool(alert.missing_now),  # type: ignore[attr-defined]  # annotated
        overdue=int(alert.overdue_count),  # type: ignore[attr-defined]  # annotated
    )
    return AlertRow(alert, row)


def _first_with_total(rows: QuerySet[Any], limit: int) -> tuple[list[Any], int]:
    """The first rows of an ordered list and how many there are in all: the count is asked
    only when the first rows fill the limit, and then only of the conditions (a count over a
    window would make the database work out every row's columns, not just the page's)."""
    first = list(rows[:limit])
    return first, (len(first) if len(first) < limit else rows.count())


def home_for(user: User, *, page: str = "") -> Home:
    """What the home page lists for the user: for a lead, the first concerns that need
    attention (danger, missing now, overdue), and their first new-concern alerts with the
    urgent ones first and marked, with how many there are of each. With `page`, one audited
    read when it shows anyone's name (the home page's dashboard records one read for all it
    shows instead)."""
    ranked, alerts_total = _first_with_total(_ranked_alerts(user), HOME_ALERTS)
    alerts = [_alert_row(alert) for alert in ranked]
    attention: list[QueueRow] = []
    attention_total = 0
    if can_review(user):
        urgent, attention_total = _first_with_total(
            urgent_only(review_queryset(user)), HOME_ATTENTION
        )
        attention = [queue_row(concern) for concern in urgent]
    if page and (attention or alerts):
        reads.read(user, page, alerts=alerts_total, attention=attention_total)
    return Home(
        attention=attention,
        alerts=alerts,
        attention_total=attention_total,
        alerts_total=alerts_total,
    )
