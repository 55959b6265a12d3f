"""Reading the statistics an analyst asked for, checked and audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from noddfa.accounts.models import User
from noddfa.audit import reads

from . import counted
from .permissions import areas_visible_to, can_read_insights, region_for
from .statistics import MEASURES, Published, Quantiles

YEARS_SHOWN = 5


@dataclass(frozen=True)
class Query:
    """What was asked: a measure, one whole calendar year, and the region or one area in it."""

    measure: str
    year: int
    area: str | None


def years_available() -> list[int]:
    this_year = timezone.localdate().year
    return list(range(this_year, this_year - YEARS_SHOWN, -1))


def check_query(user: User, query: Query) -> None:
    """Refuse what the user may not ask; an area outside their region is 'not found'."""
    if not can_read_insights(user):
        raise PermissionDenied
    if query.measure not in MEASURES or query.year not in years_available():
        raise Http404
    if query.area is not None and query.area not in areas_visible_to(user):
        raise Http404


def statistics(user: User, query: Query, *, exported: str | None = None) -> Published:
    """The figures as last counted for the user's region (counted.py): the same figures
    `statistics_for` counts, after the same disclosure control."""
    check_query(user, query)
    result = counted.statistics(query.measure, query.year, areas_visible_to(user))
    # Aggregates only, but who looked at what (and who took a copy away) is still recorded.
    detail: dict[str, Any] = {
        "insights": query.measure,
        "year": query.year,
        "region": region_for(user),
        "area": query.area or "",
    }
    if exported:
        reads.exported(user, format=exported, **detail)
    else:
        reads.read(user, "insights", **detail)
    return result


def decision_times(user: User, query: Query) -> list[Quantiles]:
    check_query(user, query)
    areas = areas_visible_to(user) if query.area is None else (query.area,)
    return counted.decision_times(query.year, areas)
