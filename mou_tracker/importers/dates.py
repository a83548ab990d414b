"""Reading one date cell at its real precision, by the mapping's rules; never guessing a day.

>>> from mou_tracker.importers.mapping import DateColumn, DateRules
>>> read_date("1997-11", DateColumn(column="Force"), DateRules()).date
PartialDate('1997-11')
>>> read_date("03/06/2003", DateColumn(column="Signed", format="%m/%d/%Y"), DateRules()).date
PartialDate('2003-03-06')
>>> read_date("06-2000", DateColumn(column="Signed", formats=["%d/%m/%Y", "%m-%Y"]),
...           DateRules()).date
PartialDate('2000-06')
>>> read_date("1802-04-18?", DateColumn(column="Force"), DateRules()).note
"uncertain in the source ('1802-04-18?'); taken as 18 Apr 1802"
"""

from __future__ import annotations

import datetime as dt
import re

import attrs

from mou_tracker.domain import PartialDate
from mou_tracker.errors import InvalidDateError
from mou_tracker.importers.mapping import DateColumn, DateRules
from mou_tracker.importers.policies import OnMasked, OnRange, OnUncertain
from mou_tracker.importers.problems import CellError

__all__ = ["ReadDate", "read_date"]

_ISO = re.compile(r"([0-9]{4})(?:-([0-9]{2}|[Xx]{2})(?:-([0-9]{2}|[Xx]{2}))?|-Q([1-4]))?")
_NOT_THE_FORMAT = ("time data", "unconverted data remains")
"""How ``strptime`` begins its message for a text that does not fit the format (any other
``ValueError`` is a day, month or year out of range)."""
_MARKS = "?~%"
"""EDTF marks: ``?`` uncertain, ``~`` approximate, ``%`` both."""


@attrs.frozen
class ReadDate:
    """A cell read: a date, no date (``date`` None), or the open-ended sentinel."""

    date: PartialDate | None = None
    open_ended: bool = False
    note: str | None = None


def read_date(text: str, column: DateColumn, rules: DateRules) -> ReadDate:
    """Read ``text`` from ``column``; raise :class:`CellError` with the reason it cannot be."""
    value = text.strip()
    if value in rules.missing or value in rules.unknown:
        return ReadDate()
    if value in rules.open_ended:
        return ReadDate(open_ended=True)
    notes: list[str] = []
    core = value.rstrip(_MARKS)
    if core != value:
        if rules.uncertain is OnUncertain.REJECT:
            raise CellError(
                f"the date {value!r} is marked uncertain; the mapping rejects uncertain dates",
                "uncertain-date",
            )
        notes.append(f"uncertain in the source ({value!r})")
    if ".." in core:
        date = _range(core, column, rules, notes)
    else:
        date = _single(core, column, rules, notes)
    if not rules.earliest_year <= date.year <= rules.latest_year:
        raise CellError(
            f"the year of {value!r} is outside {rules.earliest_year}-{rules.latest_year}: "
            "an undeclared sentinel or a typo",
            "implausible-date",
        )
    note = "; ".join(notes) + f"; taken as {date}" if notes else None
    return ReadDate(date=date, note=note)


def _single(text: str, column: DateColumn, rules: DateRules, notes: list[str]) -> PartialDate:
    formats = column.all_formats()
    if len(formats) == 1:
        return _one_format(text, formats[0], rules, notes)
    readings: list[tuple[str, PartialDate]] = []
    for fmt in formats:
        said: list[str] = []
        try:
            readings.append((fmt, _one_format(text, fmt, rules, said)))
        except CellError:
            continue
        if len(readings) == 1:
            notes.extend(said)
    if not readings:
        shown = ", ".join(repr(f) for f in formats)
        raise CellError(
            f"the date {text!r} does not match any of the formats {shown}", "invalid-date"
        )
    first_format, first = readings[0]
    for fmt, date in readings[1:]:
        if date != first:
            raise CellError(
                f"the date {text!r} reads as {first} with {first_format!r} but as {date} with "
                f"{fmt!r}: ambiguous, and never guessed",
                "ambiguous-date",
            )
    return first


def _one_format(text: str, fmt: str, rules: DateRules, notes: list[str]) -> PartialDate:
    if fmt != "iso":
        return _strptime(text, fmt)
    match = _ISO.fullmatch(text)
    if match is None:
        raise CellError(
            f"the text {text!r} is not a date: expected YYYY, YYYY-MM, YYYY-Qn or YYYY-MM-DD",
            "invalid-date",
        )
    year, month, day, quarter = match.groups()
    month_masked = month is not None and not month.isdigit()
    if month_masked or (day is not None and not day.isdigit()):
        if rules.masked is OnMasked.REJECT:
            raise CellError(f"the date {text!r} has unknown parts (XX)", "masked-date")
        notes.append(f"the date {text!r} has unknown parts (XX)")
        month, day = (None, None) if month_masked else (month, None)
    try:
        return PartialDate(
            year=int(year),
            month=None if month is None else int(month),
            day=None if day is None else int(day),
            quarter=None if quarter is None else int(quarter),
        )
    except InvalidDateError as exc:
        raise CellError(
            f"the date {text!r} is not a calendar date: {exc}", "invalid-date"
        ) from None


def _strptime(text: str, fmt: str) -> PartialDate:
    try:
        parsed = dt.datetime.strptime(text, fmt)
    except ValueError as exc:
        if not str(exc).startswith(_NOT_THE_FORMAT):
            # the text fits the format, but names a day no calendar has (31/02/2001)
            raise CellError(f"{text} is not a calendar day ({exc})", "invalid-date") from None
        raise CellError(
            f"the date {text!r} does not match the format {fmt!r}", "invalid-date"
        ) from None
    has_month = any(d in fmt for d in ("%m", "%b", "%B"))
    return PartialDate(
        year=parsed.year,
        month=parsed.month if has_month else None,
        day=parsed.day if "%d" in fmt else None,
    )


def _range(text: str, column: DateColumn, rules: DateRules, notes: list[str]) -> PartialDate:
    if rules.ranges is OnRange.REJECT:
        raise CellError(
            f"the date {text!r} is a range; the mapping rejects ranges (ranges = 'enclosing' "
            "takes the month, quarter or year that holds it)",
            "date-range",
        )
    start_text, _, end_text = text.partition("..")
    start = _single(start_text, column, rules, notes)
    end = _single(end_text, column, rules, notes)
    if end.definitely_before(start):
        raise CellError(f"the range {text!r} ends before it starts", "date-range")
    if start.year != end.year:
        raise CellError(
            f"the range {text!r} spans several years: no single date holds it", "date-range"
        )
    enclosing = _enclosing(start, end)
    notes.append(f"the source gives the range {text!r}")
    return enclosing


def _enclosing(start: PartialDate, end: PartialDate) -> PartialDate:
    """The smallest month, quarter or year (in that order) that holds both ends."""
    candidates = []
    if start.month is not None and start.month == end.month:
        candidates.append(PartialDate(year=start.year, month=start.month))
    first, last = start.earliest, end.latest
    quarter = (first.month - 1) // 3 + 1
    candidates.append(PartialDate(year=start.year, quarter=quarter))
    candidates.append(PartialDate(year=start.year))
    return next(c for c in candidates if c.earliest <= first and last <= c.latest)
