"""Intervals ("3 months", "every 12 months") and date arithmetic across precisions.

Shifting a partial date keeps its precision whenever the result is exact: ``Nov 2025`` plus three
months is ``Feb 2026``, ``Q4 2025`` plus a year is ``Q4 2026``. When it cannot be exact (``Nov
2025`` plus ten days may be any day from 11 Nov to 10 Dec), the result is the *last* day it may be,
flagged approximate: a deadline is never due before the last day it could be.
"""

from __future__ import annotations

import calendar
import enum
import functools
import re

import attrs
import pendulum

from mou_tracker.domain import _fields
from mou_tracker.domain.dates import PartialDate, Precision
from mou_tracker.errors import ValidationError

__all__ = ["Interval", "IntervalUnit", "Shifted", "shift"]


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
