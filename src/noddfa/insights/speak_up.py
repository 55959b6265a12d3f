"""Speak-up statistics (issue 21, item 7): reports per channel per month, and the time to
acknowledge and to give feedback, for the channels of organisations in the analyst's region.

Counts only, read from the reports' dates: no report is opened. Every count goes through the
same disclosure control as the other measures (`disclosure.protect`): the months of a channel
add up to its year, the channels of a month to the region's month, so a count below 5 is hidden
and so is whatever would let it be worked out. Times are shown only from 10 reports up, and
then only as a median and a 90th percentile (`statistics.quantiles`).

A report deleted after its retention period is no longer counted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from noddfa.speakup.models import SpeakUpChannel, SpeakUpReport

from .disclosure import Key, Ledger, protect
from .statistics import Figure, Quantiles, quantiles

MONTHS = tuple(range(1, 13))
TIME_TITLES = (
    _("Received to acknowledged"),
    _("Received to feedback given"),
)


@dataclass(frozen=True)
class ChannelRow:
    name: str
    months: list[Figure]
    total: Figure


@dataclass(frozen=True)
class SpeakUpStatistics:
    year: int
    rows: list[ChannelRow]
    month_totals: list[Figure]
    total: Figure
    times: list[Quantiles]


def _year(year: int) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def _cell(channel: int, month: int) -> Key:
    return ("cell", str(channel), str(month))


def speak_up_statistics(year: int, areas: Iterable[str]) -> SpeakUpStatistics:
    region = list(areas)
    channels = list(
        SpeakUpChannel.objects.filter(organisation__local_authority_area__in=region).order_by(
            "name_en", "pk"
        )
    )
    start, end = _year(year)
    received = SpeakUpReport.objects.filter(
        channel__in=channels, received_at__gte=start, received_at__lt=end
    ).values_list("channel_id", "received_at", "acknowledged_at", "feedback_given_at")
    counts: dict[Key, int] = defaultdict(int)
    to_acknowledge: list[int] = []
    to_feedback: list[int] = []
    for channel_id, received_at, acknowledged_at, feedback_given_at in received:
        counts[_cell(channel_id, timezone.localtime(received_at).month)] += 1
        if acknowledged_at is not None:
            to_acknowledge.append((acknowledged_at - received_at).days)
        if feedback_given_at is not None:
            to_feedback.append((feedback_given_at - received_at).days)

    ledger = Ledger()
    for channel in channels:
        row = [_cell(channel.pk, month) for month in MONTHS]
        for key in row:
            ledger.values[key] = counts[key]
        ledger.values[("channel", str(channel.pk))] = sum(counts[key] for key in row)
        ledger.add_sum(("channel", str(channel.pk)), row)
    for month in MONTHS:
        column = [_cell(channel.pk, month) for channel in channels]
        ledger.values[("month", str(month))] = sum(counts[key] for key in column)
        ledger.add_sum(("month", str(month)), column)
    ledger.values[("total",)] = sum(counts.values())
    ledger.add_sum(("total",), [("channel", str(c.pk)) for c in channels])
    ledger.add_sum(("total",), [("month", str(m)) for m in MONTHS])
    hidden = protect(ledger)

    def figure(key: Key) -> Figure:
        kind = hidden.get(key)
        return Figure(None if kind else ledger.values[key], kind)

    language = "cy" if (get_language() or "").startswith("cy") else "en"
    return SpeakUpStatistics(
        year=year,
        rows=[
            ChannelRow(
                name=channel.name_in(language),
                months=[figure(_cell(channel.pk, m)) for m in MONTHS],
                total=figure(("channel", str(channel.pk))),
            )
            for channel in channels
        ],
        month_totals=[figure(("month", str(m))) for m in MONTHS],
        total=figure(("total",)),
        times=[quantiles(TIME_TITLES[0], to_acknowledge), quantiles(TIME_TITLES[1], to_feedback)],
    )
