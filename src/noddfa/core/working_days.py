"""Working days in a jurisdiction: weekends and that nation's bank holidays do not count.

Statutory and organisational deadlines ("within 7 working days") are counted this way, so a
deadline never falls on a day the office is shut.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays

# England and Wales share their bank holidays today, but each is asked for by name so a
# future difference (a Welsh St David's Day holiday, say) changes nothing here.
_SUBDIVISION = {"wales": "WLS", "england": "ENG"}


@lru_cache(maxsize=64)
def bank_holidays(jurisdiction: str, year: int) -> frozenset[date]:
    subdivision = _SUBDIVISION[jurisdiction]
    return frozenset(holidays.country_holidays("GB", subdiv=subdivision, years=year))


def is_working_day(day: date, jurisdiction: str) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(jurisdiction, day.year)


def add_working_days(start: datetime, days: int, jurisdiction: str) -> datetime:
    """The same time of day, `days` working days after `start`."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if is_working_day(current.date(), jurisdiction):
            days -= 1
    return current


def working_days_between(start: date, end: date, jurisdiction: str) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is earlier)."""
    if end < start:
        return -working_days_between(end, start, jurisdiction)
    return sum(
        1
        for offset in range(1, (end - start).days + 1)
        if is_working_day(start + timedelta(days=offset), jurisdiction)
    )
