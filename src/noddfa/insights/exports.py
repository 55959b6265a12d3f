"""CSV and XLSX copies of exactly what the page shows: a hidden count is exported as the
words the page shows, never as a number.

Every text cell goes through `noddfa.cells` (issue 17): a category is free text typed by a
practitioner (a nationality), so one that begins like a formula is written behind a quote,
and in the XLSX every text cell is a string cell, never a formula. Counts stay numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from noddfa.cells import Cell, safe_row

from .regions import AREA_NAMES
from .statistics import Figure, Published, Statistics

HEADER = ["measure", "year", "area", "breakdown", "category", "count", "note"]


def _note(figure: Figure) -> str:
    if figure.hidden is None:
        return ""
    return _("fewer than 5") if figure.is_small else _("withheld to protect a small count")


def rows(stats: Statistics | Published, area: str | None) -> Iterator[list[str | int]]:
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


def as_csv(stats: Statistics | Published, area: str | None) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(safe_row(HEADER))
    writer.writerows(safe_row(row) for row in rows(stats, area))
    return out.getvalue()


def as_xlsx(stats: Statistics | Published, area: str | None) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = stats.measure.code
    _write_row(sheet, 1, HEADER)
    for number, values in enumerate(rows(stats, area), start=2):
        _write_row(sheet, number, values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_row(sheet: Worksheet, number: int, values: Sequence[Cell]) -> None:
    for column, value in enumerate(safe_row(values), start=1):
        cell = sheet.cell(row=number, column=column, value=value)
        if isinstance(value, str):
            # openpyxl makes a formula of any text that starts with "=": a string cell is only
            # ever shown, whatever it holds.
            cell.data_type = "s"
