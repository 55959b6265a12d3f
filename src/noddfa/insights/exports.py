"""CSV and XLSX copies of exactly what the page shows: a hidden count is exported as the
words the page shows, never as a number."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.utils.translation import gettext as _
from openpyxl import Workbook

from .regions import AREA_NAMES
from .statistics import Figure, Statistics

HEADER = ["measure", "year", "area", "breakdown", "category", "count", "note"]


def _note(figure: Figure) -> str:
    if figure.hidden is None:
        return ""
    return _("fewer than 5") if figure.is_small else _("withheld to protect a small count")


def rows(stats: Statistics, area: str | None) -> Iterator[list[str | int]]:
    place = area or "region"

    def line(breakdown: str, category: str, figure: Figure) -> list[str | int]:
        count: str | int = "" if figure.value is None else figure.value
        return [stats.measure.code, stats.year, place, breakdown, category, count, _note(figure)]

    yield line("total", "total", stats.total(area))
    if area is None:
        for row in stats.by_area(AREA_NAMES).rows:
            yield line("area", row.code, row.figure)
    for table in stats.tables(area):
        for row in table.rows:
            yield line(table.code, row.code, row.figure)


def as_csv(stats: Statistics, area: str | None) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows(stats, area))
    return out.getvalue()


def as_xlsx(stats: Statistics, area: str | None) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = stats.measure.code
    sheet.append(HEADER)
    for row in rows(stats, area):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
