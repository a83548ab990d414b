"""The pair x area heat map: the data of :func:`~mou_tracker.reports.pair_area_matrix`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Unpack

import attrs
import pendulum

from mou_tracker.charts._backend import figure
from mou_tracker.charts._style import MAX_PAIRS
from mou_tracker.charts.chart import Chart
from mou_tracker.domain.filters import Filters
from mou_tracker.reports import Report, pair_area_matrix
from mou_tracker.reports.cells import shorten
from mou_tracker.storage.repository import Repository

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["MatrixData", "MatrixRow", "matrix"]


@attrs.frozen(kw_only=True)
class MatrixRow:
    """One pair: how many of its records cover each area (in the order of
    :attr:`MatrixData.areas`), and how many records it has (``total``, each once)."""

    pair: str
    counts: tuple[int, ...]
    total: int


@attrs.frozen(kw_only=True)
class MatrixData:
    """The cells drawn; ``pairs_left_out`` and ``areas_left_out`` count the smaller rows and
    columns left out beyond the limit (40 each)."""

    areas: tuple[str, ...]
    """The areas' labels, as the matrix report heads its columns."""
    rows: tuple[MatrixRow, ...]
    pairs_left_out: int = 0
    areas_left_out: int = 0


def matrix(
    repo: Repository,
    *,
    as_of: dt.date,
    limit: int = MAX_PAIRS,
    report: Report | None = None,
    **filters: Unpack[Filters],
) -> Chart[MatrixData]:
    """Country pairs against cooperation areas as a heat map: a cell counts the pair's
    agreements and engagements covering the area as of ``as_of`` (the cells of
    :func:`~mou_tracker.reports.pair_area_matrix`, with the same filters; blank is none).

    Beyond ``limit`` pairs (40), the pairs with the most records are kept (ties in pair
    order); beyond ``limit`` areas, the areas most covered are kept; the title and
    :attr:`MatrixData.pairs_left_out` / ``areas_left_out`` say how many were left out.

    ``report`` is that matrix report when the caller has built it already, for the same
    ``repo``, ``as_of`` and filters (a page showing it as a table too): it is not built again.
    """
    if report is None:
        report = pair_area_matrix(repo, as_of=as_of, **filters)
    shown = [i for i, h in enumerate(report.headers) if h not in report.data_only]
    areas = [report.headers[i] for i in shown[1:-1]]
    rows = [
        MatrixRow(
            pair=str(cells[0]),
            counts=tuple(int(c) if isinstance(c, int) else 0 for c in cells[1:-1]),
            total=int(cells[-1]) if isinstance(cells[-1], int) else 0,
        )
        for row in report.rows
        for cells in [[row[i] for i in shown]]
    ]
    largest = sorted(range(len(rows)), key=lambda n: -rows[n].total)[:limit]
    kept_rows = [rows[n] for n in sorted(largest)]  # in pair order, as the report
    by_area = zip(*(r.counts for r in rows), strict=True)
    sums = [sum(column) for column in by_area] if rows else [0] * len(areas)
    by_use = sorted(range(len(areas)), key=lambda i: -sums[i])
    columns = sorted(by_use[:limit])
    data = MatrixData(
        areas=tuple(areas[i] for i in columns),
        rows=tuple(attrs.evolve(r, counts=tuple(r.counts[i] for i in columns)) for r in kept_rows),
        pairs_left_out=len(rows) - len(kept_rows),
        areas_left_out=len(areas) - len(columns),
    )
    day = pendulum.Date(report.as_of.year, report.as_of.month, report.as_of.day)
    title = report.title + _left_out(data) + f", as of {day.day} {day:%b %Y}"
    return Chart(
        kind="matrix",
        title=title,
        description=_describe(data),
        as_of=day,
        data=data,
        figure=_draw(data, title),
        notes=report.notes,
    )


def _left_out(data: MatrixData) -> str:
    parts = []
    if data.pairs_left_out:
        shown = len(data.rows)
        parts.append(f"top {shown} of {shown + data.pairs_left_out} pairs")
    if data.areas_left_out:
        shown = len(data.areas)
        parts.append(f"top {shown} of {shown + data.areas_left_out} areas")
    return f" [{', '.join(parts)}]" if parts else ""


def _describe(data: MatrixData) -> str:
    if not data.rows:
        return "No agreement or engagement counted: the matrix is empty."
    covered = sum(1 for r in data.rows for c in r.counts if c)
    busiest = max(data.rows, key=lambda r: r.total)
    return (
        f"{len(data.rows)} country pairs by {len(data.areas)} cooperation areas; "
        f"{covered} of {len(data.rows) * len(data.areas)} cells are covered. "
        f"{busiest.pair} has the most records ({busiest.total})."
        + (" Smaller pairs or areas are left out." if _left_out(data) else "")
    )


def _draw(data: MatrixData, title: str) -> Figure:
    longest = max((len(r.pair) for r in data.rows), default=0)
    # Wide enough for the title and the longest pair beside the colour bar, however few
    # areas: too narrow a figure leaves the heat map no room at all.
    width = min(
        max(3.5 + 0.45 * len(data.areas), 0.07 * len(title) + 0.5, 0.08 * longest + 3.0), 16.0
    )
    height = min(2.6 + 0.32 * len(data.rows), 16.0)

    def paint(fig: Figure) -> None:
        ax = fig.add_subplot()
        # no areas (or no pairs) is an empty picture: one blank cell, not a zero-width image
        values: Any = [list(r.counts) for r in data.rows] if data.areas else []
        values = values or [[0]]
        top = max((max(r.counts, default=0) for r in data.rows), default=0)
        masked: Any = [[c if c else float("nan") for c in row] for row in values]
        image = ax.imshow(masked, cmap="cividis_r", vmin=0, vmax=max(top, 1), aspect="auto")
        ax.set_xticks(
            range(len(data.areas)),
            [shorten(a, 24) for a in data.areas],
            rotation=45,
            ha="right",
            rotation_mode="anchor",
        )
        ax.set_yticks(range(len(data.rows)), [r.pair for r in data.rows])
        if len(data.rows) * len(data.areas) <= 600:
            for y, row in enumerate(data.rows):
                for x, count in enumerate(row.counts):
                    if count:
                        dark = count > top / 2
                        ax.text(
                            x,
                            y,
                            str(count),
                            ha="center",
                            va="center",
                            fontsize=8,
                            color="white" if dark else "black",
                        )
        ax.set_xlabel("Cooperation area")
        ax.set_ylabel("Country pair")
        ax.set_title(title, loc="left", fontsize=10)
        for side in ("top", "right", "left", "bottom"):
            ax.spines[side].set_visible(False)
        if data.rows:
            fig.colorbar(image, ax=ax, label="Records", shrink=0.9)
        else:
            ax.text(0.5, 0.5, "nothing to draw", transform=ax.transAxes, ha="center")

    return figure(width, height, paint)
