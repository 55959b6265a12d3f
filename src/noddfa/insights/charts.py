"""Horizontal bar charts drawn on the server as SVG: no script, so nothing for the CSP to
block, and the same numbers sit in a table beside each chart for anyone who cannot see it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise

from .statistics import Row, Table

LABEL_WIDTH = 190
BAR_SPACE = 300
ROW_HEIGHT = 26
BAR_HEIGHT = 18


@dataclass(frozen=True)
class Bar:
    label: str | Promise
    y: int
    text_y: int
    width: int
    value: int | None
    small: bool


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    height: int
    bar_x: int = LABEL_WIDTH + 10


def chart_for(table: Table) -> Chart:
    shown = [row.figure.value or 0 for row in table.rows]
    largest = max(shown, default=0) or 1
    bars = []
    for index, row in enumerate(table.rows):
        bars.append(_bar(row, index, largest))
    return Chart(bars, max(1, len(bars)) * ROW_HEIGHT + 4)


def _bar(row: Row, index: int, largest: int) -> Bar:
    value = row.figure.value
    width = 0 if value is None else round(BAR_SPACE * value / largest)
    y = index * ROW_HEIGHT + 4
    return Bar(row.label, y, y + BAR_HEIGHT - 4, width, value, row.figure.is_small)
