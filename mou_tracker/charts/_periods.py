"""Columns over time: months, quarters or years, whichever keeps a chart readable."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

import attrs

from mou_tracker.charts._style import MAX_COLUMNS

__all__ = ["Period", "periods", "year_periods"]

_YEARS = (1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 10000)
"""The sizes of year spans, smallest first (10,000 years hold every date there is)."""


@attrs.frozen
class Period:
    label: str
    first: dt.date
    last: dt.date


def periods(start: dt.date, days: Iterable[dt.date]) -> list[Period]:
    """Consecutive periods from the one holding ``start`` to the one holding the last of
    ``days``: months, or quarters, or years when months would make more than
    :data:`MAX_COLUMNS` columns, or spans of 5, 10, 25... years beyond (as
    :func:`year_periods`); none when ``days`` is empty."""
    end = max(days, default=None)
    if end is None:
        return []
    for months in (1, 3, *(12 * years for years in _YEARS)):
        count = _index(end, months) - _index(start, months) + 1
        if count <= MAX_COLUMNS:
            break
    first = _index(start, months)
    return [_period(first + i, months) for i in range(_index(end, months) - first + 1)]


def year_periods(first: int, last: int) -> list[tuple[str, int, int]]:
    """Years ``first`` to ``last`` as (label, first year, last year): single years, or spans of
    5, 10, 25... years when single years would make more than :data:`MAX_COLUMNS` columns."""
    for size in _YEARS:
        start = first - first % size if size > 1 else first
        if (last - start) // size + 1 <= MAX_COLUMNS:
            break
    spans = []
    for low in range(start, last + 1, size):
        high = low + size - 1
        spans.append((str(low) if size == 1 else f"{low}–{high}", low, high))
    return spans


def _index(day: dt.date, months: int) -> int:
    return (day.year * 12 + day.month - 1) // months


def _period(index: int, months: int) -> Period:
    year, first_month = divmod(index * months, 12)
    first = dt.date(year, first_month + 1, 1)
    if months >= 12:
        last_year = min(year + months // 12 - 1, dt.MAXYEAR)
        label = str(year) if months == 12 else f"{year}–{last_year}"
        return Period(label, first, dt.date(last_year, 12, 31))
    last_month = first_month + months
    last = dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
    if months == 1:
        label = f"{calendar.month_abbr[first.month]} {year}"
    else:
        label = f"Q{first_month // 3 + 1} {year}"
    return Period(label, first, last)
