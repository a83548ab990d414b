"""How much falls due soon, per country pair: overdue, due within each window, date not set."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Unpack

from mou_tracker.domain import CountryPair, Record
from mou_tracker.domain.due_status import DueStatus
from mou_tracker.domain.filters import Filters
from mou_tracker.errors import ValidationError
from mou_tracker.reports.cells import CODES, MULTILATERAL_NOTE, by_pair_name, check_window
from mou_tracker.reports.report import Cell, Report
from mou_tracker.reports.scope import select
from mou_tracker.storage.repository import Repository

__all__ = ["DEFAULT_WINDOWS", "deadline_summary", "window_header"]

DEFAULT_WINDOWS = (7, 30, 90)
"""The windows of :func:`deadline_summary` (and ``report summary``), in days."""


def window_header(days: int) -> str:
    """``Due within 30 days``; ``Due within 1 day``; ``Due today`` for a window of zero."""
    if days == 0:
        return "Due today"
    return f"Due within {days} day{'' if days == 1 else 's'}"


def _windows(windows: Iterable[int]) -> tuple[int, ...]:
    if isinstance(windows, int | str):
        raise ValidationError(
            f"windows must be a collection of day counts, got {windows!r}", field="windows"
        )
    return tuple(sorted({check_window(days) for days in windows}))


def deadline_summary(
    repo: Repository,
    *,
    as_of: dt.date,
    windows: Iterable[int] = DEFAULT_WINDOWS,
    **filters: Unpack[Filters],
) -> Report:
    """One row per country pair with an open commitment that has a deadline or recurs: how
    many are overdue, due within each window, or wait for a date, as of ``as_of``.

    Columns: ``Pair``; ``Overdue`` (one-off deadlines whose last day has passed, recurring
    commitments that are late or lapsed); one column per window, smallest first, headed
    ``Due within N days`` ("Due today" for 0); ``Date not set`` (deadlines tied to an
    engagement with no date yet); and ``Codes`` (the pair's codes, ``AE-AT``, in CSV, TSV and
    JSON only). Rows are sorted by the countries' names, as ``Pair`` shows them.

    The windows are **cumulative**: "Due within 30 days" counts every commitment not overdue
    whose last due day is at most 30 days after ``as_of``, including those due within 7 (the
    same rule as :func:`~mou_tracker.reports.deadlines` with ``within=30``). A deadline known
    to the month falls due at the month's end: "Nov 2025" is due within 30 days as of
    1 November 2025 and is not overdue on 30 November. Windows are zero or more days (a
    negative one is a :class:`ValidationError`); repeated ones count once.

    Commitments and records count as in :func:`~mou_tracker.reports.deadlines`; a
    multilateral record counts under each pair of its parties. Filters: ``country`` and
    ``pair`` keep those pairs; ``area`` keeps the commitments in that area (their own areas, or
    their record's when they name none).
    """
    days = _windows(windows)
    scope = select(repo, as_of=as_of, **filters)
    counts: dict[CountryPair, list[int]] = {}
    by_record: dict[str, tuple[Record, list[DueStatus]]] = {}
    for record, _commitment, resolved in scope.due():
        by_record.setdefault(record.id, (record, []))[1].append(resolved)
    for record, due in by_record.values():
        cells = _cells(due, days)
        for key in scope.pairs(record):
            row = counts.setdefault(key, [0] * len(cells))
            for index, count in enumerate(cells):
                row[index] += count
    headers = ("Pair", "Overdue", *(window_header(d) for d in days), "Date not set", CODES)
    rows: list[tuple[Cell, ...]] = [
        (str(key), *row, key.code) for key, row in sorted(counts.items(), key=by_pair_name)
    ]
    return scope.report(
        repo,
        "Deadlines due soon by country pair",
        headers,
        rows,
        notes=(
            MULTILATERAL_NOTE,
            "Windows are cumulative: each counts every open commitment due by its last day, "
            "including those in the smaller windows; none of them is overdue.",
            "A deadline falls due on the last day it may be (the end of the month for "
            '"Nov 2025"); a recurring commitment counts by its next due date, overdue once late '
            "or lapsed.",
            "Date not set: due by an engagement whose date is not set yet.",
        ),
        data_only=(CODES,),
    )


def _cells(due: list[DueStatus], days: tuple[int, ...]) -> list[int]:
    """Overdue, one count per window, date not set."""
    cells = [0] * (len(days) + 2)
    for status in due:
        if not status.is_set:
            cells[-1] += 1
        elif status.is_overdue:
            cells[0] += 1
        else:
            for index, window in enumerate(days):
                if status.is_due_within(window):
                    cells[1 + index] += 1
    return cells
