"""The figures as last counted, kept in the shared cache, so that a page never counts them.

Counting a region's year (reading every record, then the disclosure control's integer
programs) took seconds at a region's size, past the worker's timeout under load (issue 22).
So each figure is counted once for the versions of the records it reads (versions.py) and
kept in the cache all workers share (the database by default, Redis if configured), as
published: every shown count, and for a hidden one only why it is hidden (ADR 27).

A page asks for the figure at the current versions. If it is not counted yet, it is counted
in a thread of its own while the page waits a moment (`NODDFA_INSIGHTS_WAIT_SECONDS`); if
that is not enough the page shows the last counted figures with the time they were counted,
and the newer ones are there on the next visit. Only when nothing was ever counted does the
page wait longer (`NODDFA_INSIGHTS_FIRST_WAIT_SECONDS`, below the worker's timeout), and
then says the figures are being counted. `noddfa insights --warm`, on a timer, counts ahead
of the readers, so that they seldom wait at all.

Inside a transaction (a test, or a command that holds one) the figure is counted in place:
another thread's connection could not see what the transaction wrote.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.db import connection, connections
from django.utils import timezone

from . import versions
from .statistics import (
    MEASURES,
    Published,
    Quantiles,
    published_times,
    read_times,
    statistics_for,
    time_to_decision,
)

log = logging.getLogger(__name__)

CACHE = "insights"
SCHEMA = 1  # raise when the shape of a cached value changes
KEEP_SECONDS = 14 * 24 * 60 * 60  # a figure at old versions is never read again; let it go
LEASE_SECONDS = 10 * 60  # one counter at a time for each figure, across all workers
_POLL_SECONDS = 0.2

# One counting thread at a time in each worker: the machine's cores serve the pages first.
_one_at_a_time = threading.Semaphore(1)
_counting: dict[str, threading.Event] = {}
_counting_lock = threading.Lock()


class NotReady(Exception):
    """Nothing was ever counted for this figure, and counting it is taking a while."""


def cache() -> BaseCache:
    return caches[CACHE]


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


def wait_seconds() -> float:
    return _setting("NODDFA_INSIGHTS_WAIT_SECONDS", 2.0)


def first_wait_seconds() -> float:
    return _setting("NODDFA_INSIGHTS_FIRST_WAIT_SECONDS", 20.0)


def max_age() -> timedelta:
    return timedelta(seconds=_setting("NODDFA_INSIGHTS_MAX_AGE_SECONDS", 6 * 60 * 60))


@dataclass(frozen=True)
class Figure:
    """What one figure is and what it reads: a name for the cache and how to count it."""

    name: str
    topics: tuple[str, ...]
    areas: tuple[str, ...]
    year: int
    count: Callable[[], Any]

    def key(self, version: str) -> str:
        return f"noddfa:insights:{SCHEMA}:{self.name}:{version}"

    @property
    def latest_key(self) -> str:
        return f"noddfa:insights:{SCHEMA}:{self.name}:latest"


def statistics_figure(measure: str, year: int, areas: Iterable[str]) -> Figure:
    region = tuple(areas)
    return Figure(
        f"{measure}:{year}:{','.join(region)}",
        versions.TOPICS[measure],
        region,
        year,
        lambda: statistics_for(measure, year, region).published(),
    )


def times_figure(year: int, areas: Iterable[str]) -> Figure:
    chosen = tuple(areas)
    return Figure(
        f"times:{year}:{','.join(chosen)}",
        versions.TOPICS["decisions"],
        chosen,
        year,
        lambda: published_times(time_to_decision(year, chosen)),
    )


@dataclass(frozen=True)
class Entry:
    data: Any
    as_of: datetime
    fresh: bool


def statistics(measure: str, year: int, areas: Iterable[str]) -> Published:
    entry = read(statistics_figure(measure, year, areas))
    return Published.read(entry.data, entry.as_of, fresh=entry.fresh)


def decision_times(year: int, areas: Iterable[str]) -> list[Quantiles]:
    return read_times(read(times_figure(year, areas)).data)


def read(figure: Figure) -> Entry:
    """The figure at the records' current versions, or the last one counted if counting it
    takes longer than a page should wait."""
    # The versions first, then the records: what is counted is never older than its key.
    key = figure.key(versions.version(figure.topics, figure.areas, figure.year))
    found = _entry(cache().get(key), fresh=True)
    if found is not None and timezone.now() - found.as_of < max_age():
        return found
    if connection.in_atomic_block:
        return _count(figure, key)
    latest = found or _entry(cache().get(figure.latest_key), fresh=False)
    done = _count_in_background(figure, key)
    deadline = time.monotonic() + (wait_seconds() if latest else first_wait_seconds())
    while (left := deadline - time.monotonic()) > 0:
        if done is not None:
            done.wait(min(_POLL_SECONDS, left))
        else:
            time.sleep(min(_POLL_SECONDS, left))  # another worker is counting it
        counted = _entry(cache().get(key), fresh=True)
        if counted is not None and (found is None or counted.as_of > found.as_of):
            return counted
    if latest is None:
        raise NotReady
    return Entry(latest.data, latest.as_of, fresh=False)


def _entry(value: Any, *, fresh: bool) -> Entry | None:
    if not isinstance(value, dict) or "as_of" not in value:
        return None
    return Entry(value["data"], datetime.fromisoformat(value["as_of"]), fresh)


def _count(figure: Figure, key: str) -> Entry:
    as_of = timezone.now()  # before reading: a record written meanwhile may be missed
    data = figure.count()
    value = {"as_of": as_of.isoformat(), "data": data}
    cache().set(key, value, KEEP_SECONDS)
    cache().set(figure.latest_key, value, None)
    return Entry(data, as_of, fresh=True)


def _count_in_background(figure: Figure, key: str) -> threading.Event | None:
    """Start counting the figure in a thread, unless this worker or another already is;
    the event is set when this worker's count is done."""
    with _counting_lock:
        if key in _counting:
            return _counting[key]
        if not cache().add(f"{key}:lease", 1, LEASE_SECONDS):
            return None
        done = _counting[key] = threading.Event()
    threading.Thread(target=_count_then_release, args=(figure, key, done), daemon=True).start()
    return done


def _count_then_release(figure: Figure, key: str, done: threading.Event) -> None:
    try:
        with _one_at_a_time:
            _count(figure, key)
    except Exception:
        log.exception("insights: counting %s failed", figure.name)
    finally:
        try:
            cache().delete(f"{key}:lease")
        except Exception:
            log.exception("insights: releasing %s failed", figure.name)
        with _counting_lock:
            _counting.pop(key, None)
        done.set()
        # The thread's own database connection: it must not stay open after the thread.
        connections.close_all()


def warm(regions: Iterable[tuple[str, ...]], years: Iterable[int]) -> tuple[int, int]:
    """Count every figure of these regions and years that is not counted at the current
    versions (or is older than the age limit): (counted, already there)."""
    counted = kept = 0
    years = list(years)
    for areas in regions:
        figures = [
            statistics_figure(measure, year, areas) for measure in MEASURES for year in years
        ]
        # The time to decision is shown for the region and for each area.
        for chosen in (areas, *((area,) for area in areas)):
            figures += [times_figure(year, chosen) for year in years]
        for figure in figures:
            key = figure.key(versions.version(figure.topics, figure.areas, figure.year))
            found = _entry(cache().get(key), fresh=True)
            if found is not None and timezone.now() - found.as_of < max_age():
                kept += 1
                continue
            _count(figure, key)
            counted += 1
    return counted, kept
