"""Which records each insights figure is counted from, and whether they changed since.

A figure (one measure, one year, one region) is counted from one or two *topics* of records
(concerns, referrals, missing episodes) in the region's areas. Each (topic, area, year) has a
version, a random token replaced after every commit that writes such a record (year 0: every
year; topic and area "*": everything). The cache keeps a figure under the versions it was
counted at, so a concern recorded in Cardiff this year makes only this year's concern figures
of Cardiff's region count again; every other region, year and topic is untouched (ADR 27).

The token changes *after* the commit, outside the writer's transaction: a version row locked
inside it would queue every writer of one area behind the slowest (issue 16). A reader reads
the versions before the records, so whatever it counts is at least as new as the versions it
files it under. A change that bypasses the signals (a bulk `update()` in a script) is caught
by the cache's age limit, or at once by `noddfa insights --forget`.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime

from django.db import transaction
from django.utils import timezone

from .models import SourceVersion

CONCERNS = "concerns"
REFERRALS = "referrals"
MISSING = "missing"
EVERYTHING = "*"
EVERY_YEAR = 0

# The records each measure counts: victims are counted from concerns; decisions and the
# time to decision from referrals, their status changes and decisions.
TOPICS = {
    "concerns": (CONCERNS,),
    "victims": (CONCERNS,),
    "referrals": (REFERRALS,),
    "decisions": (REFERRALS,),
    "missing": (MISSING,),
}

Row = tuple[str, str, int]


def years_of(moment: datetime | date) -> set[int]:
    """The calendar years a moment may be counted in: its year in the service's time zone
    (as the figures count it) and in UTC, which differ for an hour at New Year."""
    if not isinstance(moment, datetime):
        return {moment.year}
    return {timezone.localtime(moment).year, moment.astimezone(UTC).year}


class _Pending:
    """The versions to replace when the transaction commits."""

    def __init__(self, rows: set[Row]) -> None:
        self.rows = rows
        self.__qualname__ = "replace"  # the name Django logs if it fails

    def __call__(self) -> None:
        replace(self.rows)


class _Everything(_Pending):
    """Everything changed: once per transaction, however many records it writes (a fixture
    load writes thousands)."""


def changed(topic: str, areas: Iterable[str], years: Iterable[int]) -> None:
    """Records of `topic` in these areas and years were written: their figures count again
    once the transaction commits (at once outside one)."""
    rows = {(topic, area, year) for area in areas if area for year in years}
    if rows:
        # robust: a version that cannot be written must not turn a saved record into an
        # error page; the figures then wait for the cache's age limit.
        transaction.on_commit(_Pending(rows), robust=True)


def changed_everything() -> None:
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        isinstance(callback, _Everything) for _s, callback, _r in connection.run_on_commit
    ):
        return
    transaction.on_commit(_Everything({(EVERYTHING, EVERYTHING, EVERY_YEAR)}), robust=True)


def replace(rows: Iterable[Row]) -> None:
    now = timezone.now()
    versions = [
        SourceVersion(topic=topic, area=area, year=year, token=uuid.uuid4(), changed_at=now)
        for topic, area, year in sorted(rows)
    ]
    SourceVersion.objects.bulk_create(
        versions,
        update_conflicts=True,
        unique_fields=["topic", "area", "year"],
        update_fields=["token", "changed_at"],
    )


def version(topics: Iterable[str], areas: Iterable[str], year: int) -> str:
    """One short string for the versions of everything a figure counts: equal only if none
    of those records has changed since (one query)."""
    found = SourceVersion.objects.filter(
        topic__in=[*topics, EVERYTHING],
        area__in=[*areas, EVERYTHING],
        year__in=[year, EVERY_YEAR],
    ).values_list("topic", "area", "year", "token")
    content = repr(sorted((t, a, y, str(token)) for t, a, y, token in found))
    return hashlib.sha256(content.encode()).hexdigest()[:32]
