"""The deadlines chart: open commitments by the month they fall due, overdue and "date not
set" apart."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import Counter
from typing import TYPE_CHECKING, Unpack

import attrs
import pendulum

from mou_tracker.charts._axes import integer_ticks, stacked
from mou_tracker.charts._backend import figure
from mou_tracker.charts._periods import periods
from mou_tracker.charts._style import STATE_COLOURS
from mou_tracker.charts.chart import Chart
from mou_tracker.domain.due_status import DueState
from mou_tracker.domain.filters import Filters
from mou_tracker.reports.scope import select
from mou_tracker.storage.repository import Repository

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["DeadlineColumn", "deadlines"]

OVERDUE = "Overdue"
NOT_SET = "Date not set"
_STATES = (DueState.OVERDUE, DueState.LATE, DueState.LAPSED, DueState.DUE, DueState.NOT_SET)
_HATCHES = {
    DueState.OVERDUE: "//",
    DueState.LATE: "--",
    DueState.LAPSED: "xx",
    DueState.DUE: "",
    DueState.NOT_SET: "\\\\",
}


@attrs.frozen(kw_only=True)
class DeadlineColumn:
    """One column: the open commitments falling due in a period (``first`` to ``last``, both
    included), or overdue ("Overdue": every one past due, whenever), or waiting for a date
    ("Date not set"), counted by :class:`~mou_tracker.domain.due_status.DueState`."""

    label: str
    first: pendulum.Date | None
    last: pendulum.Date | None
    counts: tuple[tuple[DueState, int], ...]
    """(state, number) for each state with at least one commitment, in the order of the
    states."""

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)


def deadlines(
    repo: Repository, *, as_of: dt.date, **filters: Unpack[Filters]
) -> Chart[tuple[DeadlineColumn, ...]]:
    """Open commitments by when they fall due, as of ``as_of``: one column per month from
    the month of ``as_of`` to the last due date (quarters, then years, when that would make
    more than 40 columns), stacked by state; every overdue, late or lapsed one in an
    "Overdue" column on the left, and those waiting for a date in a "Date not set" column on
    the right. A commitment falls due in the month of the last day it may be due ("Q1 2026"
    in March 2026), as :class:`~mou_tracker.domain.due_status.DueResolver` says, the rule of
    :func:`~mou_tracker.reports.deadlines`. Filters as in that report.
    """
    scope = select(repo, as_of=as_of, **filters)
    overdue: Counter[DueState] = Counter()
    not_set = 0
    upcoming: list[dt.date] = []
    for _record, _commitment, resolved in scope.due():
        state, date = resolved.state, resolved.due.date
        if date is None:
            not_set += 1
        elif resolved.is_overdue:
            overdue[state] += 1
        else:
            upcoming.append(date.latest)
    columns = [_column(OVERDUE, None, None, overdue)]
    upcoming.sort()
    for period in periods(scope.as_of, upcoming):
        falling = bisect_right(upcoming, period.last) - bisect_left(upcoming, period.first)
        columns.append(
            _column(period.label, period.first, period.last, Counter({DueState.DUE: falling}))
        )
    columns.append(_column(NOT_SET, None, None, Counter({DueState.NOT_SET: not_set})))
    data = tuple(columns)
    title = f"Open commitments by due date{scope.describe(repo)}, as of {_day(scope.as_of)}"
    return Chart(
        kind="deadlines",
        title=title,
        description=_describe(data, scope.as_of),
        as_of=scope.as_of,
        data=data,
        figure=_draw(data, title),
        notes=(
            "A commitment falls due in the month of the last day it may be due "
            '("Q1 2026" in March 2026).',
            "Only open and in-progress commitments are counted.",
        ),
    )


def _column(
    label: str, first: dt.date | None, last: dt.date | None, counts: Counter[DueState]
) -> DeadlineColumn:
    return DeadlineColumn(
        label=label,
        first=None if first is None else pendulum.Date(first.year, first.month, first.day),
        last=None if last is None else pendulum.Date(last.year, last.month, last.day),
        counts=tuple((s, counts[s]) for s in _STATES if counts[s]),
    )


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _describe(data: tuple[DeadlineColumn, ...], as_of: dt.date) -> str:
    overdue, not_set = data[0].total, data[-1].total
    upcoming = data[1:-1]
    coming = sum(c.total for c in upcoming)
    busiest = max(upcoming, key=lambda c: c.total, default=None)
    peak = (
        f"; the most ({busiest.total}) in {busiest.label}"
        if busiest is not None and busiest.total
        else ""
    )
    return (
        f"Open commitments as of {_day(as_of)}: {overdue} overdue, {coming} still to fall due"
        f"{peak}, {not_set} waiting for a date."
    )


def _draw(data: tuple[DeadlineColumn, ...], title: str) -> Figure:
    width = min(4.0 + 0.32 * len(data), 14.0)

    def paint(fig: Figure) -> None:
        ax = fig.add_subplot()
        xs = range(len(data))
        bottom = [0] * len(data)
        for state in _STATES:
            heights = [dict(c.counts).get(state, 0) for c in data]
            if not any(heights):
                continue
            hatch = _HATCHES[state]
            bottom = stacked(
                ax,
                heights,
                bottom,
                color=STATE_COLOURS[state],
                hatch=hatch,
                edgecolor="white",
                linewidth=0.5,
                label=str(state),
            )
        ax.set_xticks(
            list(xs), [c.label for c in data], rotation=60, ha="right", rotation_mode="anchor"
        )
        for side in (0, len(data) - 1):
            ax.axvline(side + (0.5 if side == 0 else -0.5), color="#888888", linewidth=0.8)
        integer_ticks(ax)
        ax.set_ylabel("Open commitments")
        ax.set_xlabel("When due (by the last day each may be due)")
        ax.set_title(title, loc="left", fontsize=10)
        if any(bottom):
            ax.legend(frameon=False, fontsize=8, loc="upper left")

    return figure(width, 3.6, paint)
