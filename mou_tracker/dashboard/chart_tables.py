"""The table under a drawn chart: exactly what the chart plotted (its ``data``), so the text
alternative and the picture hold the same marks.

A chart of a large repository keeps what a reader can see: the matrix its 40 largest pairs and
areas, the bar charts months grouped into quarters, years or spans of years. Its table does the
same and says what was left out and how to see it, instead of listing rows the picture does not
show. The charts' data classes are read by their attributes only: this module does not import
:mod:`mou_tracker.charts` (nor matplotlib).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from mou_tracker.dashboard.markup import Markup, element, join
from mou_tracker.dashboard.tables import table

__all__ = ["by_year_table", "deadline_table", "matrix_table"]

_ALL = "use a filter (--country, --pair, --area), or mou-tracker report {report}, to see them all"


def _notes(notes: tuple[str, ...]) -> Markup:
    if not notes:
        return Markup("")
    return element("ul", join(element("li", note) for note in notes), class_="notes")


def _left_out(words: list[str], report: str) -> Markup:
    if not words:
        return Markup("")
    text = f"Left out of the chart and of this table: {' and '.join(words)}; "
    return element("p", text + _ALL.format(report=report) + ".", class_="note", role="note")


def matrix_table(chart: Any) -> Markup:
    """The matrix chart's cells (:class:`~mou_tracker.charts.MatrixData`): the pairs and areas
    drawn, blank for none, and a note counting the pairs and areas left out."""
    data = chart.data
    headers = ("Pair", *data.areas, "Records")
    rows = [(row.pair, *(count or None for count in row.counts), row.total) for row in data.rows]
    words = []
    if data.pairs_left_out:
        words.append(f"{data.pairs_left_out:,} smaller country pairs")
    if data.areas_left_out:
        words.append(f"{data.areas_left_out:,} less covered areas")
    return join(
        [
            table(chart.title, headers, rows),
            _left_out(words, "matrix"),
            _notes(tuple(chart.notes)),
        ]
    )


def deadline_table(chart: Any) -> Markup:
    """The deadlines chart's columns (:class:`~mou_tracker.charts.DeadlineColumn`): overdue,
    each period as drawn (a month, a quarter, a year or a span of years), date not set."""
    rows = [
        (
            column.label,
            column.total,
            ", ".join(f"{n} {state}".replace("_", " ") for state, n in column.counts),
        )
        for column in chart.data
    ]
    headers = ("When due", "Open commitments", "Where they stand")
    return join([table(chart.title, headers, rows), _notes(tuple(chart.notes))])


def by_year_table(chart: Any) -> Markup:
    """The by-year chart's columns (:class:`~mou_tracker.charts.YearCount`): per year, or per
    span of years when the chart grouped them, how many agreements were signed and entered
    into force."""
    periods: dict[str, Counter[str]] = {}
    for row in chart.data:
        periods.setdefault(row.period, Counter())[row.event] += row.count
    grouped = any(row.first_year != row.last_year for row in chart.data)
    headers = ("Years" if grouped else "Year", "Signed", "Entered into force")
    rows = [
        (period, counts["signed"], counts["entered into force"])
        for period, counts in periods.items()
    ]
    return join([table(chart.title, headers, rows), _notes(tuple(chart.notes))])
