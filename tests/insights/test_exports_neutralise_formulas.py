"""Issue 17, item 5, as the attack that worked: a nationality typed as a formula became a live
formula in the analyst's XLSX and a leading `=` in the CSV. Every text cell of both exports is
now inert text, numbers stay numbers, and a value that only looks dangerous stays readable."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import cast

import pytest
from django.test import Client
from openpyxl import load_workbook

from noddfa.accounts.models import User
from noddfa.concerns.models import Concern
from noddfa.insights import exports
from noddfa.insights.statistics import Statistics

pytestmark = pytest.mark.django_db

SignIn = Callable[[User], Client]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# What an attacker types as a nationality, and the category code the statistics make of it
# (free text is folded: whitespace collapsed, case folded).
ATTACKS = {
    '=HYPERLINK("http://evil","x")': '=hyperlink("http://evil","x")',
    "+1+1": "+1+1",
    "-2+3": "-2+3",
    "@SUM(1)": "@sum(1)",
    "\t=1": "=1",
    "\r=1": "=1",
    "  =1+2": "=1+2",
    "-Anna": "-anna",
}


@pytest.fixture
def attacked(concern_in: Callable[..., Concern]) -> None:
    # Five of each, so that every value is a category of its own rather than "other".
    for typed in ATTACKS:
        for _ in range(5):
            concern_in("bridgend", nationality=typed)


def _csv_cells(client: Client) -> list[list[str]]:
    response = client.get("/insights/concerns/export.csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


def _xlsx_rows(client: Client) -> list[tuple[object, ...]]:
    response = client.get("/insights/concerns/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    formulas = [
        cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"
    ]
    assert formulas == [], f"cells that are formulas: {formulas}"
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def _dangerous(value: object) -> bool:
    return isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS)


def test_a_nationality_typed_as_a_formula_is_inert_text_in_the_csv(
    sign_in: SignIn, analyst: User, attacked: None
) -> None:
    cells = _csv_cells(sign_in(analyst))
    assert [c for row in cells for c in row if _dangerous(c)] == []
    categories = {row[4] for row in cells[1:] if row[3] == "nationality"}
    for code in ATTACKS.values():
        assert "'" + code in categories, code  # kept, readable, behind an apostrophe


def test_a_nationality_typed_as_a_formula_is_inert_text_in_the_xlsx(
    sign_in: SignIn, analyst: User, attacked: None
) -> None:
    rows = _xlsx_rows(sign_in(analyst))
    assert [v for row in rows for v in row if _dangerous(v)] == []
    categories = {row[4] for row in rows[1:] if row[3] == "nationality"}
    for code in ATTACKS.values():
        assert "'" + code in categories, code
    # The year and the counts our code wrote are still numbers (a hidden count is no number).
    assert all(isinstance(row[1], int) for row in rows[1:])
    assert all(row[5] is None or isinstance(row[5], int) for row in rows[1:])


def _rows_with_a_negative_number(stats: Statistics, area: str | None) -> Iterator[list[str | int]]:
    yield ["concerns", 2026, "region", "balance", "-Anna", -3, ""]
    yield ["concerns", 2026, "region", "balance", "\r=1", 0, "fewer than 5"]


def test_numbers_our_code_writes_stay_numbers_even_when_negative(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No count is ever negative today; the rule must still leave a number a number.
    stats = cast(Statistics, SimpleNamespace(measure=SimpleNamespace(code="concerns")))
    monkeypatch.setattr(exports, "rows", _rows_with_a_negative_number)

    lines = list(csv.reader(io.StringIO(exports.as_csv(stats, None))))
    assert lines[1][4:6] == ["'-Anna", "-3"]
    assert lines[2][4] == "'\r=1"

    sheet = load_workbook(io.BytesIO(exports.as_xlsx(stats, None))).active
    assert sheet is not None
    anna, count = sheet.cell(row=2, column=5), sheet.cell(row=2, column=6)
    assert (anna.value, anna.data_type) == ("'-Anna", "s")
    assert (count.value, count.data_type) == (-3, "n")
    carriage = sheet.cell(row=3, column=5)
    # XML turns a carriage return into a line feed when the file is read; either is inert here.
    assert (carriage.value, carriage.data_type) in {("'\r=1", "s"), ("'\n=1", "s")}
    empty_note = sheet.cell(row=2, column=7)
    assert empty_note.value in (None, "")
