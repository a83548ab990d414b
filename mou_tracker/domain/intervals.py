"""Intervals ("3 months", "every 12 months") and date arithmetic across precisions.

Shifting a partial date keeps its precision whenever the result is exact: ``Nov 2025`` plus three
months is ``Feb 2026``, ``Q4 2025`` plus a year is ``Q4 2026``. When it cannot be exact (``Nov
2025`` plus ten days may be any day from 11 Nov to 10 Dec), the result is the *last* day it may be,
flagged approximate: a deadline is never due before the last day it could be.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import functools
import re
from collections.abc import Callable

import attrs
import pendulum

from mou_tracker.domain import _fields
from mou_tracker.domain.dates import PartialDate, Precision
from mou_tracker.errors import ValidationError

__all__ = ["Interval", "IntervalUnit", "Shifted", "repeat_until", "shift"]


_COUNT = re.compile(r"-?[0-9]+")


class IntervalUnit(enum.StrEnum):
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"


def _positive(_instance: object, _attribute: object, value: int) -> None:
    if type(value) is not int or value <= 0:
        raise ValidationError(
            f"an interval must be a positive whole number of units, got {value!r}", field="count"
        )


@attrs.frozen(kw_only=True)
class Interval:
    """A positive length of time: ``Interval(count=3, unit=IntervalUnit.MONTHS)``.

    >>> str(Interval.parse("12 months")), str(Interval.parse("1 week"))
    ('12 months', '1 week')
    >>> Interval.parse("0 days")
    Traceback (most recent call last):
    ...
    mou_tracker.errors.ValidationError: an interval must be a positive whole number of units, got 0
    """

    count: int = attrs.field(validator=_positive)
    unit: IntervalUnit = attrs.field(validator=_fields.member_of(IntervalUnit))

    @classmethod
    def parse(cls, text: str) -> Interval:
        """``"3 months"``, ``"1 year"``, ``"2 weeks"``, ``"10 days"``."""
        parts = text.split() if isinstance(text, str) else []
        units = {u.value: u for u in IntervalUnit} | {u.value[:-1]: u for u in IntervalUnit}
        if len(parts) != 2 or parts[1] not in units or not _COUNT.fullmatch(parts[0]):
            raise ValidationError(
                f"invalid interval {text!r}: expected a count and a unit, like '3 months'"
            )
        return cls(count=int(parts[0]), unit=units[parts[1]])

    @property
    def months(self) -> int | None:
        """The interval in whole months, or None for days and weeks."""
        if self.unit is IntervalUnit.MONTHS:
            return self.count
        if self.unit is IntervalUnit.YEARS:
            return 12 * self.count
        return None

    @property
    def days(self) -> int | None:
        """The interval in days, or None for months and years."""
        if self.unit is IntervalUnit.DAYS:
            return self.count
        if self.unit is IntervalUnit.WEEKS:
            return 7 * self.count
        return None

    def __str__(self) -> str:
        unit = self.unit.value if self.count != 1 else self.unit.value[:-1]
        return f"{self.count} {unit}"


@attrs.frozen
class Shifted:
    """The result of :func:`shift`: a date, and whether it is only the last day it may be."""

    date: PartialDate
    approximate: bool = False


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _check_year(year: int) -> int:
    if not 1 <= year <= 9999:
        raise ValidationError(f"a shifted date falls outside the years 1 to 9999 ({year})")
    return year


def shift(date: PartialDate, interval: Interval, *, sign: int = 1) -> Shifted:
    """``date`` moved by ``interval`` forwards (``sign=1``) or backwards (``sign=-1``).

    >>> nov = PartialDate.parse("2025-11")
    >>> shift(nov, Interval.parse("3 months"))
    Shifted(date=PartialDate('2026-02'), approximate=False)
    >>> shift(nov, Interval.parse("10 days"))
    Shifted(date=PartialDate('2025-12-10'), approximate=True)
    >>> shift(PartialDate.parse("2024-02-29"), Interval.parse("1 year")).date
    PartialDate('2025-02-28')

    Each answer is kept (a cadence shifts the same dates by the same interval many times).
    """
    return _shift(date, interval, sign)


@functools.lru_cache(maxsize=1 << 16)
def _shift(date: PartialDate, interval: Interval, sign: int) -> Shifted:
    months, precision = interval.months, date.precision
    if months is None:
        days = interval.days or 0  # an interval is in months or in days
        try:
            moved = pendulum.Date.fromordinal(date.latest_ordinal + sign * days)
        except (ValueError, OverflowError):
            raise ValidationError("a shifted date falls outside the years 1 to 9999") from None
        return Shifted(PartialDate.of(moved), approximate=precision is not Precision.DAY)
    delta, first = sign * months, date.earliest
    if precision in (Precision.DAY, Precision.MONTH):
        year, month = _add_months(first.year, first.month, delta)
        _check_year(year)
        if date.day is None:
            return Shifted(PartialDate(year=year, month=month))
        day = min(date.day, calendar.monthrange(year, month)[1])
        return Shifted(PartialDate(year=year, month=month, day=day))
    if precision is Precision.QUARTER and delta % 3 == 0:
        year, month = _add_months(first.year, first.month, delta)
        return Shifted(PartialDate(year=_check_year(year), quarter=(month + 2) // 3))
    if precision is Precision.YEAR and delta % 12 == 0:
        return Shifted(PartialDate(year=_check_year(date.year + delta // 12)))
    year, month = _add_months(date.year, date.latest.month, delta)
    day = min(date.latest.day, calendar.monthrange(_check_year(year), month)[1])
    return Shifted(PartialDate(year=year, month=month, day=day), approximate=True)


def repeat_until(first: PartialDate, interval: Interval, before: int) -> tuple[PartialDate, int]:
    """Step from ``first`` by ``interval`` while the next step still ends before the day whose
    ordinal is ``before``: the date reached and how many steps were taken.

    The answer of calling :func:`shift` in a loop (each step from the one before, so a day
    clamped in a short month stays clamped), computed directly when no step can be clamped: a
    cadence decades old is one answer, not a walk through each interval.

    >>> nov = PartialDate.parse("2020-11")
    >>> repeat_until(nov, Interval.parse("12 months"), pendulum.Date(2025, 6, 1).toordinal())
    (PartialDate('2024-11'), 4)
    """
    steps = _direct(first, interval)
    if steps is None:
        return _walk(first, interval, before)
    end, at, longest = steps
    count = max(0, (before - end(0) - 1) // longest)  # never more steps than the answer
    while end(count + 1) < before:
        count += 1
    reached = first if count == 0 else at(count)
    shift(reached, interval)  # the step past the answer exists (the loop would raise if not)
    return reached, count


def _walk(first: PartialDate, interval: Interval, before: int) -> tuple[PartialDate, int]:
    reached, count = first, 0
    following = shift(first, interval).date
    while following.latest_ordinal < before:
        count += 1
        reached, following = following, shift(following, interval).date
    return reached, count


_Steps = tuple[Callable[[int], int], Callable[[int], PartialDate], int]
_ENDLESS = dt.date.max.toordinal() + 1
"""The end of a step past the year 9999 (:func:`shift` refuses to take it)."""


_SPAN = {Precision.DAY: 1, Precision.MONTH: 1, Precision.QUARTER: 3, Precision.YEAR: 12}
"""The months a date of each precision spans (a day: within one month)."""


def _direct(first: PartialDate, interval: Interval) -> _Steps | None:
    """The last day of step ``i`` from ``first``, step ``i`` itself, and the most days one
    step may take; None when a step may be clamped (a day after the 28th moved by months, a
    quarter or a year moved by a part of one, a date coarser than a day moved by days)."""
    months, precision = interval.months, first.precision
    if months is None:
        days = interval.days or 0
        if precision is not Precision.DAY:
            return None
        start = first.latest_ordinal
        return (
            lambda i: start + i * days,
            lambda i: PartialDate.of(pendulum.Date.fromordinal(start + i * days)),
            days,
        )
    span, day = _SPAN[precision], first.day
    if months % span or (day is not None and day > 28):
        return None
    index = first.year * 12 + first.earliest.month - 1
    return (
        lambda i: _end(index + i * months, span, day),
        lambda i: _month_date(index + i * months, precision, day),
        31 * months,
    )


def _month_date(index: int, precision: Precision, day: int | None) -> PartialDate:
    """The date of ``precision`` that starts in month ``index`` (year * 12 + month - 1)."""
    year, month = divmod(index, 12)
    if precision is Precision.YEAR:
        return PartialDate(year=year)
    if precision is Precision.QUARTER:
        return PartialDate(year=year, quarter=month // 3 + 1)
    return PartialDate(year=year, month=month + 1, day=day)


def _end(index: int, span: int, day: int | None = None) -> int:
    """The ordinal of the last day of the ``span`` months from month ``index`` (year * 12 +
    month - 1), or of ``day`` in that month; :data:`_ENDLESS` past the year 9999."""
    year, month = divmod(index + span - 1, 12)
    if year > 9999:
        return _ENDLESS
    last = calendar.monthrange(year, month + 1)[1] if day is None else day
    return dt.date(year, month + 1, last).toordinal()
