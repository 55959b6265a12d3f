"""Issue 16 item 5: the shared rules for when something was seen and a date of birth."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from noddfa.core.plausible_dates import date_of_birth_problem, observed_at_problem

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
TODAY = NOW.date()


@pytest.mark.parametrize(
    "observed",
    [
        NOW,
        NOW + timedelta(minutes=4),
        NOW - timedelta(days=365 * 30),
        datetime(1990, 1, 1, tzinfo=UTC),
    ],
)
def test_a_plausible_time_of_seeing_is_accepted_including_a_few_minutes_clock_skew(
    observed: datetime,
) -> None:
    assert observed_at_problem(observed, NOW) is None


@pytest.mark.parametrize(
    ("observed", "code"),
    [
        (NOW + timedelta(minutes=6), "in_the_future"),
        (datetime(2031, 3, 2, 8, 45, tzinfo=UTC), "in_the_future"),
        (datetime(1989, 12, 31, 23, 59, tzinfo=UTC), "before_1990"),
        (datetime(1900, 6, 1, tzinfo=UTC), "before_1990"),
        (datetime(1, 1, 1, tzinfo=UTC), "before_1990"),
    ],
)
def test_a_time_of_seeing_in_the_future_or_before_1990_is_refused(
    observed: datetime, code: str
) -> None:
    problem = observed_at_problem(observed, NOW)
    assert problem is not None and problem.code == code


@pytest.mark.parametrize("born", [TODAY, date(2011, 2, 3), date(1896, 12, 5), date(1897, 1, 1)])
def test_a_plausible_date_of_birth_is_accepted(born: date) -> None:
    assert date_of_birth_problem(born, TODAY) is None


@pytest.mark.parametrize(
    ("born", "code"),
    [
        (TODAY + timedelta(days=1), "born_in_the_future"),
        (date(9999, 12, 31), "born_in_the_future"),
        (date(1896, 12, 4), "born_over_130_years_ago"),
        (date(1890, 1, 1), "born_over_130_years_ago"),
        (date(1, 1, 1), "born_over_130_years_ago"),
    ],
)
def test_a_date_of_birth_in_the_future_or_over_130_years_ago_is_refused(
    born: date, code: str
) -> None:
    problem = date_of_birth_problem(born, TODAY)
    assert problem is not None and problem.code == code


def test_130_years_back_from_29_february_is_28_february() -> None:
    assert date_of_birth_problem(date(1898, 2, 28), date(2028, 2, 29)) is None
    assert date_of_birth_problem(date(1898, 2, 27), date(2028, 2, 29)) is not None
