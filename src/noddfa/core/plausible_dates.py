"""Plausible dates: when something was seen, heard or done, and a date of birth.

One set of rules for the concern form, the new-person form and the API, so each refuses the same
typing slips (2031 for 2021, 1900, year 1) with the same words. The checks are pure: the caller
passes the moment they are checked against; the validators below pass the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:  # Django's lazy str as its stubs type it
    from django_stubs_ext import StrPromise

# Noddfa records what practitioners saw; nothing it records predates this.
EARLIEST_OBSERVED = datetime(1990, 1, 1, tzinfo=UTC)
# A device whose clock runs a little ahead of the server is not typing the future.
CLOCK_SKEW = timedelta(minutes=5)
OLDEST_AGE_YEARS = 130


@dataclass(frozen=True)
class DateProblem:
    code: str  # stable: the API reports it as its own fixed wording
    message: StrPromise  # for a person, in their language


def happened_problem(
    moment: datetime, now: datetime, *, in_the_future: StrPromise, before_1990: StrPromise
) -> DateProblem | None:
    """Why `moment` cannot be when something happened, or None if it can: not later than now
    (beyond the clock skew), not before 1990. The words name the question asked."""
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=UTC)
    if moment > now + CLOCK_SKEW:
        return DateProblem("in_the_future", in_the_future)
    if moment < EARLIEST_OBSERVED:
        return DateProblem("before_1990", before_1990)
    return None


def observed_at_problem(observed_at: datetime, now: datetime) -> DateProblem | None:
    """Why `observed_at` cannot be when something was seen or heard, or None if it can."""
    return happened_problem(
        observed_at,
        now,
        in_the_future=_("When you saw or heard this cannot be in the future"),
        before_1990=_("When you saw or heard this must be in 1990 or later: check the year"),
    )


@dataclass(frozen=True)
class HappenedValidator:
    """A form or serializer field validator for any time that records something that happened
    (last seen, returned, done): the same rule as `observed_at`, in the question's words."""

    in_the_future: StrPromise
    before_1990: StrPromise

    def __call__(self, value: datetime) -> None:
        problem = happened_problem(
            value,
            timezone.now(),
            in_the_future=self.in_the_future,
            before_1990=self.before_1990,
        )
        if problem is not None:
            raise ValidationError(problem.message, code=problem.code)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def date_of_birth_problem(date_of_birth: date, today: date) -> DateProblem | None:
    """Why `date_of_birth` cannot be someone's date of birth on `today`, or None if it can."""
    if date_of_birth > today:
        return DateProblem("born_in_the_future", _("Date of birth cannot be in the future"))
    if date_of_birth < _years_before(today, OLDEST_AGE_YEARS):
        return DateProblem(
            "born_over_130_years_ago", _("Date of birth is more than 130 years ago: check the year")
        )
    return None


def validate_observed_at(value: datetime) -> None:
    """A form or serializer field validator: against the clock now."""
    problem = observed_at_problem(value, timezone.now())
    if problem is not None:
        raise ValidationError(problem.message, code=problem.code)


def validate_date_of_birth(value: date) -> None:
    """A form or serializer field validator: against today's date where Noddfa runs."""
    problem = date_of_birth_problem(value, timezone.localdate())
    if problem is not None:
        raise ValidationError(problem.message, code=problem.code)
