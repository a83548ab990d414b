"""Reports as HTML tables: a caption, sortable headers, numbers right-aligned, long tables
cut with a row saying how many more there are, and a scroll box for narrow screens."""

from __future__ import annotations

from collections.abc import Sequence

from mou_tracker.dashboard.markup import Markup, element, join
from mou_tracker.reports import Cell, Report

__all__ = ["MAX_ROWS", "report_table", "table"]

MAX_ROWS = 200
"""The most rows a table of the page shows; the rest are counted in a last row."""


def table(
    caption: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    max_rows: int = MAX_ROWS,
    more: str = "use a filter, or the report command, to see them all",
) -> Markup:
    """A table in a horizontal scroll box. Columns holding only counts are numeric
    (right-aligned, sorted as numbers by the page's script). Beyond ``max_rows`` rows, one
    last row says how many were left out and ``more``."""
    numeric = [
        any(row[i] is not None for row in rows)
        and all(row[i] is None or type(row[i]) is int for row in rows)
        for i in range(len(headers))
    ]
    head = element(
        "tr",
        *(
            element("th", header, scope="col", class_="num" if numeric[i] else None)
            for i, header in enumerate(headers)
        ),
    )
    shown = rows[:max_rows]
    body = [
        element(
            "tr",
            *(
                element("td", cell, class_="num" if numeric[i] else None)
                for i, cell in enumerate(row)
            ),
        )
        for row in shown
    ]
    foot: list[Markup] = []
    if len(rows) > len(shown):
        left = len(rows) - len(shown)
        foot.append(
            element(
                "tfoot",
                element(
                    "tr",
                    element("td", f"and {left} more: {more}", colspan=len(headers)),
                ),
            )
        )
    if not rows:
        body.append(element("tr", element("td", "none", colspan=len(headers), class_="empty")))
    return element(
        "div",
        element(
            "table",
            element("caption", caption),
            element("thead", head),
            element("tbody", join(body)),
            join(foot),
            class_="sortable",
            data_rows=len(rows),
        ),
        class_="scroll",
        tabindex=0,
        role="region",
        aria_label=caption,
    )


def shown(report: Report, rows: Sequence[Sequence[Cell]]) -> tuple[list[str], list[list[Cell]]]:
    """The headers and ``rows`` of ``report`` without its data-only columns (the codes that CSV
    and JSON carry for scripts), as its text tables show them."""
    keep = [i for i, header in enumerate(report.headers) if header not in report.data_only]
    return [report.headers[i] for i in keep], [[row[i] for i in keep] for row in rows]


def report_table(report: Report, *, caption: str | None = None) -> Markup:
    """A report as a table, its notes as a list below it."""
    parts = [table(caption or report.title, *shown(report, report.rows))]
    if report.notes:
        parts.append(
            element("ul", join(element("li", note) for note in report.notes), class_="notes")
        )
    return join(parts)
