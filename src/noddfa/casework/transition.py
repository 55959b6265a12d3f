"""When the 18th birthday falls, and when transition planning must start and be done.

The Family Law Reform Act 1969 s.9(1) says a person attains an age at "the commencement of
the relevant anniversary of the date of his birth". Someone born on 29 February has no such
date in a common year; the reading followed in England and Wales (and written into several
other statutes elsewhere) is that the anniversary has not come until 28 February has passed,
so they turn 18 on 1 March. Taking the later date also never ends a child's protection early.

The guidance (seed 002, "Planning for a child as they reach the age of 18") asks for planning
before the birthday without a number. Noddfa starts it at the 17th birthday, as the pathway's
TRANSITION_PLAN action does, and makes the plan due 100 days before the 18th birthday: the
devolved NRM panels decide only for children more than 100 days from their 18th birthday
(reference.md, section on the child decision-making pilot), and support and consent rules
change at 18, so the adult side must be known by then. See docs/adr/0009-casework.md.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

ADULT_AGE = 18
PLANNING_STARTS_AT_AGE = 17
DUE_BEFORE_BIRTHDAY = timedelta(days=100)
# A plan found late is due the next day, but never later than the eve of the birthday.
LATE_PLAN_WITHIN = timedelta(days=1)
_DUE_TIME = time(17, 0)


def birthday(date_of_birth: date, age: int) -> date:
    """The day a person attains an age; 29 February births attain it on 1 March in common
    years."""
    year = date_of_birth.year + age
    try:
        return date_of_birth.replace(year=year)
    except ValueError:  # 29 February in a common year
        return date(year, 3, 1)


def eighteenth_birthday(date_of_birth: date) -> date:
    return birthday(date_of_birth, ADULT_AGE)


def in_transition_window(date_of_birth: date, today: date) -> bool:
    """From the 17th birthday until the day before the 18th."""
    return (
        birthday(date_of_birth, PLANNING_STARTS_AT_AGE)
        <= today
        < eighteenth_birthday(date_of_birth)
    )


def transition_due(date_of_birth: date, now: datetime) -> datetime:
    """When the transition plan must be done: 100 days before the 18th birthday, or, when
    that has passed, the next day, but always before the birthday itself."""
    adult_on = eighteenth_birthday(date_of_birth)
    tz = timezone.get_current_timezone()
    due = datetime.combine(adult_on - DUE_BEFORE_BIRTHDAY, _DUE_TIME, tzinfo=tz)
    if due > now:
        return due
    eve = datetime.combine(adult_on - timedelta(days=1), _DUE_TIME, tzinfo=tz)
    return min(now + LATE_PLAN_WITHIN, max(eve, now))
