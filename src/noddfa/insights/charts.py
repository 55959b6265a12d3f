"""Horizontal bar charts drawn on the server as SVG: no script, so nothing for the CSP to
block, and the same numbers sit in a table beside each chart for anyone who cannot see it."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from django.utils.functional import Promise

from .statistics import Row, Table

LABEL_WIDTH = 190
BAR_SPACE = 300
ROW_HEIGHT = 26
BAR_HEIGHT = 18
LINE_HEIGHT = 15
# Characters of a label per line that fit LABEL_WIDTH at the chart's 13 px type, with room
# for wide letters (a Welsh "w" or "m"): a label is wrapped, never cut.
LABEL_CHARACTERS = 24


@dataclass(frozen=True)
class Bar:
    label: str | Promise
    lines: list[tuple[str, int]]  # the label's lines, each with the y of its baseline
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
    top = 4
    for row in table.rows:
        bar = _bar(row, top, largest)
        bars.append(bar)
        top += max(ROW_HEIGHT, len(bar.lines) * LINE_HEIGHT + 8)
    return Chart(bars, max(top, ROW_HEIGHT + 4))


def _bar(row: Row, top: int, largest: int) -> Bar:
    value = row.figure.value
    width = 0 if value is None else round(BAR_SPACE * value / largest)
    wrapped = textwrap.wrap(str(row.label), LABEL_CHARACTERS, break_on_hyphens=False) or [""]
    first = top + BAR_HEIGHT - 4
    lines = [(text, first + index * LINE_HEIGHT) for index, text in enumerate(wrapped)]
    return Bar(row.label, lines, top, first, width, value, row.figure.is_small)
