"""Partial dates: calendar dates known to the day, month, quarter or year.

Diplomatic texts rarely give exact days ("the visit in November 2025"). A :class:`PartialDate`
keeps exactly what is known and never pretends more: ``2025-11`` is *not* ``2025-11-01``.
Comparisons therefore say how sure they are (:meth:`PartialDate.definitely_before`,
:meth:`PartialDate.possibly_before`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import functools
import re
from typing import Self

import attrs
import pendulum

from mou_tracker.errors import InvalidDateError

__all__ = ["PartialDate", "Precision"]

_PATTERN = re.compile(r"([0-9]{4})(?:-(?:([0-9]{2})(?:-([0-9]{2}))?|Q([1-4])))?")
_MONTH_ABBR = tuple(calendar.month_abbr)


class Precision(enum.StrEnum):
    """How much of a :class:`PartialDate` is known."""

    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


def _year(_instance: object, _attribute: object, value: int) -> None:
    if type(value) is not int or not 1 <= value <= 9999:
        raise InvalidDateError(f"year must be an integer from 1 to 9999, got {value!r}")


@attrs.frozen(kw_only=True)
class PartialDate:
    """A date known to day, month, quarter or year precision.

    >>> PartialDate.parse("2025-11")
    PartialDate('2025-11')
    >>> str(PartialDate.parse("2025-11")), str(PartialDate.parse("2025-09-09"))
    ('Nov 2025', '9 Sep 2025')
    >>> PartialDate.parse("2025-11").latest
    Date(2025, 11, 30)
    """

    year: int = attrs.field(validator=_year)
    month: int | None = None
    """Month 1-12, given for day and month precision."""
    day: int | None = None
    """Day of the month, given for day precision."""
    quarter: int | None = None
    """Quarter 1-4, given for quarter precision only."""

    def __attrs_post_init__(self) -> None:
        if self.quarter is not None:
            if self.month is not None or self.day is not None:
                raise InvalidDateError("a quarter date cannot also give a month or a day")
            if type(self.quarter) is not int or not 1 <= self.quarter <= 4:
                raise InvalidDateError(f"quarter must be 1 to 4, got {self.quarter!r}")
            return
        if self.month is None:
            if self.day is not None:
                raise InvalidDateError("a date with a day must also give its month")
            return
        if type(self.month) is not int or not 1 <= self.month <= 12:
            raise InvalidDateError(f"month must be 1 to 12, got {self.month!r}")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if type(self.day) is not int or not 1 <= self.day <= last:
                raise InvalidDateError(
                    f"day {self.day!r} is out of range for {self.year:04d}-{self.month:02d} "
                    f"(1 to {last})"
                )

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def parse(cls, text: str) -> Self:
        """Parse the stored text form: ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY-Qn`` or ``YYYY``.

        Equal texts give the same (immutable) instance, which saves time and memory when large
        repositories are loaded.

        >>> PartialDate.parse("2025-02-30")
        Traceback (most recent call last):
        ...
        mou_tracker.errors.InvalidDateError: invalid date '2025-02-30': day 30 is out of range ...
        """
        if cls is PartialDate and type(text) is str:
            return _parse_cached(text)  # type: ignore[return-value]
        return cls._parse(text)

    @classmethod
    def _parse(cls, text: str) -> Self:
        if not isinstance(text, str):
            raise InvalidDateError(f"a partial date must be text, got {type(text).__name__}")
        match = _PATTERN.fullmatch(text)
        if match is None:
            raise InvalidDateError(
                f"invalid date {text!r}: expected YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY"
            )
        year, month, day, quarter = match.groups()
        if cls is PartialDate and month is not None:
            known = _day_or_month(int(year), int(month), None if day is None else int(day))
            if known is not None:
                return known  # type: ignore[return-value]
        try:
            return cls(
                year=int(year),
                month=None if month is None else int(month),
                day=None if day is None else int(day),
                quarter=None if quarter is None else int(quarter),
            )
        except InvalidDateError as exc:
            raise InvalidDateError(f"invalid date {text!r}: {exc}") from None

    @classmethod
    def of(cls, value: dt.date | str) -> Self:
        """A day-precision date from a ``date`` (pendulum or stdlib), or :meth:`parse` a text."""
        if isinstance(value, str):
            return cls.parse(value)
        if isinstance(value, dt.datetime):
            raise InvalidDateError("give a date, not a datetime: a time of day is not tracked")
        return cls(year=value.year, month=value.month, day=value.day)

    # -- what is known ------------------------------------------------------------------------

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        if self.quarter is not None:
            return Precision.QUARTER
        return Precision.YEAR

    @property
    def earliest(self) -> pendulum.Date:
        """The first day this date may be."""
        return pendulum.Date(self.year, *self._first_month_and_day())

    @property
    def latest(self) -> pendulum.Date:
        """The last day this date may be (a deadline falls due at its end)."""
        return pendulum.Date(self.year, *self._last_month_and_day())

    @functools.cached_property
    def earliest_ordinal(self) -> int:
        """``earliest.toordinal()``, computed without building pendulum objects (hot paths)."""
        return dt.date(self.year, *self._first_month_and_day()).toordinal()

    @functools.cached_property
    def latest_ordinal(self) -> int:
        """``latest.toordinal()``, computed without building pendulum objects (hot paths)."""
        return dt.date(self.year, *self._last_month_and_day()).toordinal()

    def _first_month_and_day(self) -> tuple[int, int]:
        if self.month is not None:
            return self.month, self.day or 1
        if self.quarter is not None:
            return 3 * self.quarter - 2, 1
        return 1, 1

    def _last_month_and_day(self) -> tuple[int, int]:
        if self.month is not None:
            return self.month, self.day or calendar.monthrange(self.year, self.month)[1]
        month = 3 * self.quarter if self.quarter is not None else 12
        return month, calendar.monthrange(self.year, month)[1]

    def sort_key(self) -> tuple[int, int]:
        """Chronological sort key: by earliest day, then the less precise last."""
        return self.earliest_ordinal, self.latest_ordinal

    # -- comparisons that say how sure they are --------------------------------------------------

    def definitely_before(self, other: PartialDate | dt.date) -> bool:
        """Every day this may be comes before every day ``other`` may be."""
        return self.latest_ordinal < _first(other)

    def possibly_before(self, other: PartialDate | dt.date) -> bool:
        """Some day this may be comes before some day ``other`` may be."""
        return self.earliest_ordinal < _last(other)

    def definitely_after(self, other: PartialDate | dt.date) -> bool:
        return self.earliest_ordinal > _last(other)

    def possibly_after(self, other: PartialDate | dt.date) -> bool:
        return self.latest_ordinal > _first(other)

    def possibly_same_day(self, other: PartialDate | dt.date) -> bool:
        """The two periods overlap: they may be the same day."""
        return self.earliest_ordinal <= _last(other) and _first(other) <= self.latest_ordinal

    def contains(self, day: dt.date) -> bool:
        """``day`` lies within this period."""
        return self.earliest_ordinal <= day.toordinal() <= self.latest_ordinal

    # -- text forms ---------------------------------------------------------------------------

    def isoformat(self) -> str:
        """The one stable text form written to disk (EDTF level 0, plus ``YYYY-Qn``)."""
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        if self.quarter is not None:
            return f"{self.year:04d}-Q{self.quarter}"
        return f"{self.year:04d}"

    def __str__(self) -> str:
        """Display at the real precision: ``9 Sep 2025``, ``Nov 2025``, ``Q4 2025``, ``2025``."""
        if self.month is not None:
            month = f"{_MONTH_ABBR[self.month]} {self.year}"
            return month if self.day is None else f"{self.day} {month}"
        if self.quarter is not None:
            return f"Q{self.quarter} {self.year}"
        return str(self.year)

    def __repr__(self) -> str:
        return f"PartialDate({self.isoformat()!r})"


def _first(value: PartialDate | dt.date) -> int:
    return value.earliest_ordinal if isinstance(value, PartialDate) else value.toordinal()


def _last(value: PartialDate | dt.date) -> int:
    return value.latest_ordinal if isinstance(value, PartialDate) else value.toordinal()


_new = object.__new__
_set = object.__setattr__


def _day_or_month(year: int, month: int, day: int | None) -> PartialDate | None:
    """A valid day or month built directly, its ordinals set (the most common stored forms);
    None when it is not a valid date: the caller then builds it the checked way, which says
    why."""
    try:
        first = dt.date(year, month, 1 if day is None else day).toordinal()
    except ValueError:
        return None
    last = first if day is not None else first + calendar.monthrange(year, month)[1] - 1
    return _built(year, month, day, first, last)


def _built(year: int, month: int, day: int | None, first: int, last: int) -> PartialDate:
    """A day or month known to be valid, with its first and last days' ordinals, without the
    checks of ``__init__`` (which would find nothing)."""
    built = _new(PartialDate)
    _set(built, "year", year)
    _set(built, "month", month)
    _set(built, "day", day)
    _set(built, "quarter", None)
    _set(built, "earliest_ordinal", first)
    _set(built, "latest_ordinal", last)
    return built


@functools.lru_cache(maxsize=1 << 16)
def _parse_cached(text: str) -> PartialDate:
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.isascii():
        try:  # YYYY-MM-DD, the most common form: parsed and checked by the standard library
            day = dt.date.fromisoformat(text)
        except ValueError:
            pass  # not a calendar day: the checked path says why
        else:
            ordinal = day.toordinal()
            return _built(day.year, day.month, day.day, ordinal, ordinal)
    return PartialDate._parse(text)
