from __future__ import annotations

from datetime import date, datetime

from noddfa.concerns.pathway_case import deadline
from noddfa.core.working_days import add_working_days, is_working_day, working_days_between


def test_easter_bank_holidays_do_not_count_as_working_days_in_wales() -> None:
    thursday_before_easter = datetime(2026, 4, 2, 17, 0)
    # Good Friday 3 April and Easter Monday 6 April 2026 are bank holidays.
    assert add_working_days(thursday_before_easter, 1, "wales") == datetime(2026, 4, 7, 17, 0)


def test_christmas_and_the_observed_boxing_day_are_skipped_in_england() -> None:
    christmas_eve = datetime(2026, 12, 24, 9, 30)
    # 25 Dec (Fri), weekend, 28 Dec (Boxing Day observed) are not working days.
    assert add_working_days(christmas_eve, 1, "england") == datetime(2026, 12, 29, 9, 30)


def test_an_ordinary_weekend_is_skipped() -> None:
    friday = datetime(2026, 11, 27, 17, 0)
    assert add_working_days(friday, 1, "wales") == datetime(2026, 11, 30, 17, 0)
    assert not is_working_day(date(2026, 11, 28), "wales")


def test_working_days_between_counts_forwards_and_backwards() -> None:
    assert working_days_between(date(2026, 4, 2), date(2026, 4, 8), "wales") == 2
    assert working_days_between(date(2026, 4, 8), date(2026, 4, 2), "wales") == -2


def test_pathway_deadline_within_one_working_day_skips_a_bank_holiday() -> None:
    recorded = datetime(2026, 8, 28, 11, 0).astimezone()
    due = deadline("within 1 working day", recorded, "wales")
    assert due is not None and due.date() == date(2026, 9, 1)
