"""Dates and the status of a training record on a given day.

A record is valid through its expiry date: it expires at the end of that day, so a record
expiring today still counts today and is expired from tomorrow. Within 60 days of expiry a
valid record is "expiring": still trained, but due for renewal.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

EXPIRING_WITHIN = timedelta(days=60)
SECOND_REMINDER_WITHIN = timedelta(days=30)


def add_months(day: date, months: int) -> date:
    """The same day of the month, `months` later; the month's last day when it is shorter
    (a certificate gained on 31 January with 1 month's validity ends on 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


class Status(StrEnum):
    CURRENT = "current"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    MISSING = "missing"

    @property
    def label(self) -> str:
        return str(_STATUS_LABELS[self])

    @property
    def tag_class(self) -> str:
        return _STATUS_TAGS[self]

    @property
    def trained(self) -> bool:
        return self in (Status.CURRENT, Status.EXPIRING)


_STATUS_LABELS = {
    Status.CURRENT: _("Current"),
    Status.EXPIRING: _("Expiring soon"),
    Status.EXPIRED: _("Expired"),
    Status.MISSING: _("Not done"),
}
# The tag's words carry the meaning; the colour only repeats it.
_STATUS_TAGS = {
    Status.CURRENT: "govuk-tag--green",
    Status.EXPIRING: "govuk-tag--yellow",
    Status.EXPIRED: "govuk-tag--red",
    Status.MISSING: "govuk-tag--grey",
}


def status_on(expires_on: date | None, on: date) -> Status:
    if expires_on is None:
        return Status.CURRENT
    if expires_on < on:
        return Status.EXPIRED
    if expires_on - on <= EXPIRING_WITHIN:
        return Status.EXPIRING
    return Status.CURRENT
