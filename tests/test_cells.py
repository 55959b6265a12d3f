"""The one rule for text in a spreadsheet cell (`noddfa.cells`, issue 17, item 5)."""

from __future__ import annotations

import pytest

from noddfa.cells import is_dangerous, neutralise, safe_cell, safe_row


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil","x")',
        "+1+1",
        "-2+3",
        "@SUM(1)",
        "\t=1",
        "\r=1",
        "\0=1",
        "\t",
        "-",
        "  =1",
        " \t@SUM(1)",
        "\u00a0=1",  # a no-break space is whitespace too
        "\n+1",
    ],
)
def test_text_that_can_start_a_formula_is_written_behind_a_quote(text: str) -> None:
    assert is_dangerous(text)
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize(
    "text", ["", "British", "12-15", "not_known", "a=1", "Anna-Marie", "'=1", "  Anna", "0.5"]
)
def test_ordinary_text_is_left_exactly_as_it_is(text: str) -> None:
    assert not is_dangerous(text)
    assert neutralise(text) == text


def test_quoting_twice_changes_nothing_more() -> None:
    once = neutralise("=1")
    assert neutralise(once) == once


def test_numbers_our_code_computed_stay_numbers_even_when_negative() -> None:
    assert safe_row([-3, -0.5, 0, True, "-Anna", "-3"]) == [-3, -0.5, 0, True, "'-Anna", "'-3"]
    assert type(safe_cell(-3)) is int
    assert type(safe_cell(-0.5)) is float
