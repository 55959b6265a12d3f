"""A bar chart's labels are shown whole, wrapped onto more lines where long, never cut off at
the chart's edge or shortened with an ellipsis (issue 19: "Gangmasters and Labour Abuse
Authority" lost its start, and longer Welsh labels more)."""

from __future__ import annotations

from noddfa.insights.charts import LABEL_CHARACTERS, chart_for
from noddfa.insights.disclosure import Hidden
from noddfa.insights.statistics import Figure, Row, Table

LONG = "Gangmasters and Labour Abuse Authority (GLAA)"
WELSH = "Awdurdod Gangfeistri a Cham-drin Llafur (GLAA)"


def _table(*labels: str) -> Table:
    rows = [Row(str(n), label, Figure(10 + n, None)) for n, label in enumerate(labels)]
    rows.append(Row("small", "Heddlu", Figure(None, Hidden.SMALL)))
    return Table("organisation", "By type", rows, Figure(None, Hidden.SMALL), False)


def test_a_long_label_is_wrapped_whole_onto_lines_that_fit() -> None:
    chart = chart_for(_table(LONG, WELSH, "School"))
    for bar, label in zip(chart.bars, [LONG, WELSH, "School", "Heddlu"], strict=True):
        assert " ".join(text for text, _ in bar.lines) == label
        assert all(len(text) <= LABEL_CHARACTERS for text, _ in bar.lines)
    assert len(chart.bars[0].lines) >= 2


def test_rows_with_wrapped_labels_do_not_overlap_and_the_chart_holds_them_all() -> None:
    chart = chart_for(_table(LONG, WELSH, "School"))
    last_line_of_each = [bar.lines[-1][1] for bar in chart.bars]
    first_line_of_each = [bar.lines[0][1] for bar in chart.bars]
    for below, above in zip(first_line_of_each[1:], last_line_of_each, strict=False):
        assert below > above + 8
    assert chart.height >= last_line_of_each[-1] + 4
