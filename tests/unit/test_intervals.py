"""Intervals and date arithmetic across precisions: ``Interval``, ``shift``, and what it means for
deadlines (fixed, or tied to an engagement through a ``Schedule``) to be overdue."""

from __future__ import annotations

import calendar

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import intervals, partial_dates

from mou_tracker import (
    Anchor,
    AnchorRelation,
    Deadline,
    Engagement,
    EngagementKind,
    Interval,
    IntervalUnit,
    PartialDate,
    Party,
    Precision,
    Schedule,
    ValidationError,
)
from mou_tracker.domain import Shifted, shift
from mou_tracker.domain.intervals import _walk as walk  # the definition: a shift at a time
from mou_tracker.domain.intervals import repeat_until

U = IntervalUnit
SIGNS = st.sampled_from((1, -1))
month_intervals = st.builds(
    Interval, count=st.integers(1, 36), unit=st.sampled_from((U.MONTHS, U.YEARS))
)
day_intervals = st.builds(
    Interval, count=st.integers(1, 400), unit=st.sampled_from((U.DAYS, U.WEEKS))
)


def date(text: str) -> PartialDate:
    return PartialDate.parse(text)


def months_of(interval: Interval) -> int:
    assert interval.months is not None
    return interval.months


def is_finer(interval: Interval, precision: Precision) -> bool:
    """Whether ``interval`` is finer than what ``precision`` can express exactly."""
    if interval.days is not None:
        return precision is not Precision.DAY
    months = months_of(interval)
    if precision is Precision.QUARTER:
        return months % 3 != 0
    if precision is Precision.YEAR:
        return months % 12 != 0
    return False


def days_of(period: PartialDate) -> st.SearchStrategy[pendulum.Date]:
    """Any day within ``period``."""
    span = period.latest_ordinal - period.earliest_ordinal
    return st.integers(0, span).map(lambda n: period.earliest.add(days=n))


# -- Interval -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count", "unit", "shown"),
    [
        ("10 days", 10, U.DAYS, "10 days"),
        ("1 day", 1, U.DAYS, "1 day"),
        ("2 weeks", 2, U.WEEKS, "2 weeks"),
        ("1 weeks", 1, U.WEEKS, "1 week"),
        ("3 months", 3, U.MONTHS, "3 months"),
        ("1 month", 1, U.MONTHS, "1 month"),
        ("1 year", 1, U.YEARS, "1 year"),
        ("5 years", 5, U.YEARS, "5 years"),
    ],
)
def test_an_interval_is_parsed_from_a_count_and_a_unit_singular_or_plural(
    text: str, count: int, unit: IntervalUnit, shown: str
) -> None:
    interval = Interval.parse(text)
    assert interval == Interval(count=count, unit=unit)
    assert str(interval) == shown


def test_an_interval_knows_its_length_in_months_or_in_days() -> None:
    assert (Interval.parse("2 years").months, Interval.parse("2 years").days) == (24, None)
    assert (Interval.parse("3 months").months, Interval.parse("3 months").days) == (3, None)
    assert (Interval.parse("2 weeks").months, Interval.parse("2 weeks").days) == (None, 14)
    assert (Interval.parse("10 days").months, Interval.parse("10 days").days) == (None, 10)


@pytest.mark.parametrize(
    ("text", "count"), [("0 days", "0"), ("-3 months", "-3"), ("-1 year", "-1")]
)
def test_a_zero_or_negative_interval_is_rejected(text: str, count: str) -> None:
    with pytest.raises(ValidationError) as info:
        Interval.parse(text)
    assert str(info.value) == f"an interval must be a positive whole number of units, got {count}"
    assert info.value.field == "count"


@pytest.mark.parametrize("count", [0, -2, 1.5, True, "3"])
def test_an_interval_built_directly_needs_a_positive_whole_count(count: object) -> None:
    with pytest.raises(ValidationError) as info:
        Interval(count=count, unit=U.DAYS)  # type: ignore[arg-type]
    assert str(info.value) == (
        f"an interval must be a positive whole number of units, got {count!r}"
    )


def test_an_interval_unit_must_be_an_interval_unit_not_text() -> None:
    with pytest.raises(ValidationError) as info:
        Interval(count=3, unit="months")  # type: ignore[arg-type]
    assert str(info.value) == "unit must be an IntervalUnit, got 'months'"


@pytest.mark.parametrize(
    "text", ["3months", "three months", "3 fortnights", "3", "months", "", "3 months later"]
)
def test_an_interval_text_that_is_not_a_count_and_a_unit_is_rejected(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        Interval.parse(text)
    assert str(info.value) == (
        f"invalid interval {text!r}: expected a count and a unit, like '3 months'"
    )


def test_a_count_written_with_superscript_digits_is_rejected_as_an_invalid_interval() -> None:
    # "²".isdigit() is true but int("²") fails: the parser must not let a bare ValueError out
    with pytest.raises(ValidationError) as info:
        Interval.parse("² days")
    assert str(info.value) == (
        "invalid interval '² days': expected a count and a unit, like '3 months'"
    )


# -- shift: examples ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "interval", "sign", "expected", "approximate"),
    [
        ("2025-11-18", "10 days", 1, "2025-11-28", False),
        ("2025-11-18", "2 weeks", -1, "2025-11-04", False),
        ("2025-11-18", "3 months", 1, "2026-02-18", False),
        ("2025-11-18", "1 year", -1, "2024-11-18", False),
        ("2025-01-31", "1 month", 1, "2025-02-28", False),  # clamped to the month's end
        ("2024-02-29", "1 year", 1, "2025-02-28", False),
        ("2025-11", "3 months", 1, "2026-02", False),
        ("2025-11", "1 year", -1, "2024-11", False),
        ("2025-11", "10 days", 1, "2025-12-10", True),  # from the last day of November
        ("2025-11", "2 weeks", -1, "2025-11-16", True),
        ("2025-Q4", "1 year", 1, "2026-Q4", False),
        ("2025-Q4", "6 months", -1, "2025-Q2", False),
        ("2025-Q1", "1 month", 1, "2025-04-30", True),
        ("2025-Q1", "1 week", 1, "2025-04-07", True),
        ("2025", "24 months", 1, "2027", False),
        ("2025", "3 months", 1, "2026-03-31", True),
        ("2025", "1 month", -1, "2025-11-30", True),
        ("2025", "1 day", 1, "2026-01-01", True),
    ],
)
def test_shifting_a_date_keeps_its_precision_when_it_can_and_else_gives_the_last_possible_day(
    start: str, interval: str, sign: int, expected: str, approximate: bool
) -> None:
    assert shift(date(start), Interval.parse(interval), sign=sign) == Shifted(
        date(expected), approximate
    )


@pytest.mark.parametrize(
    ("start", "interval", "sign", "year"),
    [
        ("9999-12", "1 month", 1, " (10000)"),
        ("9999-Q4", "3 months", 1, " (10000)"),
        ("9999", "1 year", 1, " (10000)"),
        ("0001-06-01", "1 year", -1, " (0)"),
        ("9999-12-31", "1 day", 1, ""),
        ("0001-01-01", "1 week", -1, ""),
        ("9999", "2 days", 1, ""),
    ],
)
def test_a_shift_beyond_the_years_1_to_9999_is_rejected(
    start: str, interval: str, sign: int, year: str
) -> None:
    with pytest.raises(ValidationError) as info:
        shift(date(start), Interval.parse(interval), sign=sign)
    assert str(info.value) == f"a shifted date falls outside the years 1 to 9999{year}"


# -- repeat_until: many steps at once ----------------------------------------------------------


@settings(max_examples=500)
@given(
    partial_dates(),
    st.one_of(intervals, month_intervals, day_intervals),
    st.integers(-400, 40_000),
)
def test_repeating_a_shift_gives_what_shifting_step_by_step_gives(
    first: PartialDate, interval: Interval, days_after: int
) -> None:
    before = first.latest_ordinal + days_after
    assert repeat_until(first, interval, before) == walk(first, interval, before)


@settings(max_examples=300)
@given(
    st.integers(1990, 2030),
    st.integers(1, 12),
    st.integers(26, 31),
    month_intervals,
    st.integers(0, 20_000),
)
def test_repeating_a_shift_from_the_end_of_a_month_clamps_as_step_by_step(
    year: int, month: int, day: int, interval: Interval, days_after: int
) -> None:
    first = PartialDate(year=year, month=month, day=min(day, calendar.monthrange(year, month)[1]))
    before = first.latest_ordinal + days_after
    assert repeat_until(first, interval, before) == walk(first, interval, before)


@pytest.mark.parametrize(
    ("first", "interval", "before", "reached", "count"),
    [
        ("2020-01-31", "1 month", "2020-06-01", "2020-05-29", 4),  # clamped in Feb, then kept
        ("2020-01-30", "1 month", "2020-06-01", "2020-05-29", 4),
        ("2021-01-29", "1 month", "2021-06-01", "2021-05-28", 4),
        ("2020-01-28", "1 month", "2020-06-01", "2020-05-28", 4),
        ("2020-01-28", "1 month", "2020-05-28", "2020-04-28", 3),  # a step ending that day
        ("2020-01-01", "7 days", "2020-01-15", "2020-01-08", 1),
        ("2020-11", "12 months", "2025-11-30", "2024-11", 4),
        ("2020-Q4", "6 months", "2022-04-01", "2021-Q4", 2),
        ("2020", "2 years", "2031-01-01", "2030", 5),
        ("2020-Q1", "1 month", "2020-07-01", "2020-06-30", 3),  # 31 Mar, 30 Apr, then the 30th
        ("2020-11", "10 days", "2021-01-01", "2020-12-30", 3),  # from 30 Nov, the last day
        ("2020-11", "12 months", "2020-12-01", "2020-11", 0),
    ],
)
def test_repeat_until_stops_at_the_last_step_before_the_day(
    first: str, interval: str, before: str, reached: str, count: int
) -> None:
    day = pendulum.parse(before).date().toordinal()  # type: ignore[union-attr]
    assert repeat_until(date(first), Interval.parse(interval), day) == (date(reached), count)
    assert walk(date(first), Interval.parse(interval), day) == (date(reached), count)


@pytest.mark.parametrize(
    ("first", "interval"),
    [
        ("9998-12", "1 year"),
        ("9998-12-15", "12 months"),
        ("9999-12-25", "1 week"),
        ("9998", "1 year"),
    ],
)
def test_repeat_until_refuses_a_step_past_the_year_9999_as_shift_does(
    first: str, interval: str
) -> None:
    never = pendulum.Date(9999, 12, 31).toordinal() + 1
    with pytest.raises(ValidationError, match="outside the years 1 to 9999"):
        repeat_until(date(first), Interval.parse(interval), never)
    with pytest.raises(ValidationError, match="outside the years 1 to 9999"):
        walk(date(first), Interval.parse(interval), never)


# -- shift: properties across every precision ---------------------------------------------------


@settings(max_examples=200)
@given(partial_dates(), intervals, SIGNS)
def test_a_shift_is_approximate_exactly_when_the_interval_is_finer_than_the_precision(
    start: PartialDate, interval: Interval, sign: int
) -> None:
    moved = shift(start, interval, sign=sign)
    assert moved.approximate is is_finer(interval, start.precision)
    if moved.approximate:
        assert moved.date.precision is Precision.DAY
    else:
        assert moved.date.precision is start.precision


@settings(max_examples=200)
@given(partial_dates(), month_intervals, SIGNS)
def test_a_month_shift_there_and_back_gives_the_original_date_unless_a_day_was_clamped(
    start: PartialDate, interval: Interval, sign: int
) -> None:
    there = shift(start, interval, sign=sign)
    back = shift(there.date, interval, sign=-sign)
    assert back.approximate is False
    if there.approximate:  # the last day it may be, moved back, is still in the original period
        assert start.contains(back.date.earliest)
        assert back.date.precision is Precision.DAY
    elif start.day is not None and there.date.day != start.day:  # clamped at a shorter month end
        assert there.date.day == there.date.latest.days_in_month
        assert back.date == PartialDate(year=start.year, month=start.month, day=there.date.day)
    else:
        assert back.date == start


@settings(max_examples=200)
@given(partial_dates(), month_intervals, SIGNS)
def test_a_month_shift_moves_the_last_day_by_the_same_months_up_to_the_end_of_that_month(
    start: PartialDate, interval: Interval, sign: int
) -> None:
    moved = shift(start, interval, sign=sign)
    months = sign * months_of(interval)
    last_day_moved = start.latest.add(months=months)  # pendulum clamps to the month's end
    if moved.approximate or start.precision is Precision.DAY:
        assert moved.date.latest == last_day_moved
    else:  # a whole month, quarter or year: its end is the end of the month the last day reaches
        assert moved.date.latest == last_day_moved.end_of("month")
        assert moved.date.earliest == start.earliest.add(months=months)


@settings(max_examples=200)
@given(partial_dates(), day_intervals, SIGNS)
def test_a_day_or_week_shift_moves_the_last_day_by_exactly_that_many_days(
    start: PartialDate, interval: Interval, sign: int
) -> None:
    moved = shift(start, interval, sign=sign)
    days = interval.days
    assert days is not None
    assert moved.date.precision is Precision.DAY
    assert moved.date.latest == start.latest.add(days=sign * days)


@settings(max_examples=200)
@given(st.data(), partial_dates(), intervals, SIGNS)
def test_a_shifted_date_is_never_before_the_shift_of_any_day_the_original_may_be(
    data: st.DataObject, start: PartialDate, interval: Interval, sign: int
) -> None:
    day = data.draw(days_of(start), label="a day within the original date")
    if interval.days is not None:
        day_moved = day.add(days=sign * interval.days)
    else:
        day_moved = day.add(months=sign * months_of(interval))
    moved = shift(start, interval, sign=sign)
    assert day_moved.toordinal() <= moved.date.latest_ordinal
    if not moved.approximate:  # an exact result is a period holding every possible outcome
        assert moved.date.contains(day_moved)


# -- deadlines are overdue only after their last day --------------------------------------------

PARTIES = (Party(country="KZ"), Party(country="PK"))


def engagement_on(day: PartialDate | None) -> Engagement:
    return Engagement(
        id="visit", kind=EngagementKind.VISIT, title="State visit", date=day, parties=PARTIES
    )


anchors_to_the_visit = st.sampled_from(AnchorRelation).flatmap(
    lambda relation: st.builds(
        Anchor,
        engagement_id=st.just("visit"),
        relation=st.just(relation),
        offset=st.none() if relation is AnchorRelation.DURING else intervals,
    )
)


@settings(max_examples=200)
@given(partial_dates(), st.integers(-800, 800))
def test_a_fixed_deadline_of_any_precision_is_overdue_exactly_after_its_last_day(
    due: PartialDate, offset: int
) -> None:
    deadline = Deadline(due=due)
    day = due.latest.add(days=offset)
    resolved = Schedule([]).latest_due(deadline)
    assert resolved.date == due
    assert deadline.is_overdue(day) is (offset > 0)
    assert resolved.days_left(day) == deadline.days_left(day) == -offset


@settings(max_examples=100)
@given(partial_dates(), partial_dates(), st.integers(-800, 800))
def test_a_rescheduled_deadline_is_overdue_exactly_after_the_last_day_of_its_new_date(
    first: PartialDate, later: PartialDate, offset: int
) -> None:
    if first == later:
        later = shift(later, Interval.parse("1 year")).date
    deadline = Deadline(due=first).reschedule(due=later, decided_on="1900-01", reason="moved")
    day = later.latest.add(days=offset)
    assert deadline.is_overdue(day) is (offset > 0)
    assert Schedule([]).latest_due(deadline).days_left(day) == -offset


@settings(max_examples=200)
@given(partial_dates(), anchors_to_the_visit, st.integers(-800, 800))
def test_a_deadline_tied_to_an_engagement_is_overdue_exactly_after_the_last_day_it_may_be_due(
    visit_date: PartialDate, anchor: Anchor, offset: int
) -> None:
    resolved = Schedule([engagement_on(visit_date)]).latest_due(Deadline(anchor=anchor))
    assert resolved.date is not None
    day = resolved.date.latest.add(days=offset)
    assert resolved.days_left(day) == -offset
    expected = (
        visit_date
        if anchor.offset is None
        else shift(
            visit_date, anchor.offset, sign=-1 if anchor.relation is AnchorRelation.BEFORE else 1
        ).date
    )
    assert resolved.date == expected


@settings(max_examples=100)
@given(st.data(), partial_dates(), anchors_to_the_visit)
def test_a_deadline_tied_to_an_engagement_is_never_overdue_before_it_would_be_for_any_day_of_it(
    data: st.DataObject, visit_date: PartialDate, anchor: Anchor
) -> None:
    held_on = data.draw(days_of(visit_date), label="the day the visit turns out to be held")
    schedule = Schedule([engagement_on(visit_date)])
    exact = Schedule([engagement_on(PartialDate.of(held_on))])
    deadline = Deadline(anchor=anchor)
    due, due_once_known = schedule.latest_due(deadline), exact.latest_due(deadline)
    assert due.date is not None
    assert due_once_known.date is not None
    assert due_once_known.date.latest_ordinal <= due.date.latest_ordinal


@given(anchors_to_the_visit, partial_dates())
@settings(max_examples=50)
def test_a_deadline_tied_to_an_engagement_with_no_date_is_never_on_time_nor_overdue(
    anchor: Anchor, day: PartialDate
) -> None:
    resolved = Schedule([engagement_on(None)]).latest_due(Deadline(anchor=anchor))
    assert resolved.date is None
    assert resolved.days_left(day.latest) is None
    assert str(resolved) == "date not set"
