"""PartialDate: parsing, what is known, sure and unsure comparisons, text forms."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import partial_dates

from mou_tracker import InvalidDateError, PartialDate, Precision

# -- parsing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-11-09", PartialDate(year=2025, month=11, day=9)),
        ("2025-11", PartialDate(year=2025, month=11)),
        ("2025-Q4", PartialDate(year=2025, quarter=4)),
        ("2025", PartialDate(year=2025)),
    ],
)
def test_each_text_form_parses_to_the_date_it_names(text: str, expected: PartialDate) -> None:
    assert PartialDate.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("2025-11-09", Precision.DAY),
        ("2025-11", Precision.MONTH),
        ("2025-Q4", Precision.QUARTER),
        ("2025", Precision.YEAR),
    ],
)
def test_a_parsed_date_knows_its_precision(text: str, precision: Precision) -> None:
    assert PartialDate.parse(text).precision is precision


_FORMAT_HINT = "expected YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-02-30", "invalid date '2025-02-30': day 30 is out of range for 2025-02 (1 to 28)"),
        ("2023-02-29", "invalid date '2023-02-29': day 29 is out of range for 2023-02 (1 to 28)"),
        ("2025-11-00", "invalid date '2025-11-00': day 0 is out of range for 2025-11 (1 to 30)"),
        ("2025-13", "invalid date '2025-13': month must be 1 to 12, got 13"),
        ("2025-00", "invalid date '2025-00': month must be 1 to 12, got 0"),
        ("0000", "invalid date '0000': year must be an integer from 1 to 9999, got 0"),
        ("", f"invalid date '': {_FORMAT_HINT}"),
        ("2025-1", f"invalid date '2025-1': {_FORMAT_HINT}"),
        ("25", f"invalid date '25': {_FORMAT_HINT}"),
        ("2025-Q5", f"invalid date '2025-Q5': {_FORMAT_HINT}"),
        ("2025-Q0", f"invalid date '2025-Q0': {_FORMAT_HINT}"),
        ("2025-11-9", f"invalid date '2025-11-9': {_FORMAT_HINT}"),
        ("2025/11/09", f"invalid date '2025/11/09': {_FORMAT_HINT}"),
        (" 2025", f"invalid date ' 2025': {_FORMAT_HINT}"),
    ],
)
def test_an_invalid_date_text_is_rejected_with_a_message_naming_it(text: str, message: str) -> None:
    with pytest.raises(InvalidDateError) as info:
        PartialDate.parse(text)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (2025, "a partial date must be text, got int"),
        (None, "a partial date must be text, got NoneType"),
        (dt.date(2025, 11, 9), "a partial date must be text, got date"),
    ],
)
def test_parsing_something_that_is_not_text_is_rejected(value: object, message: str) -> None:
    with pytest.raises(InvalidDateError) as info:
        PartialDate.parse(value)  # type: ignore[arg-type]
    assert str(info.value) == message


def test_a_date_text_with_a_trailing_newline_is_rejected() -> None:
    # "$" in a regular expression also matches before a final newline; the stored form has none.
    with pytest.raises(InvalidDateError) as info:
        PartialDate.parse("2025-11-09\n")
    assert str(info.value) == f"invalid date '2025-11-09\\n': {_FORMAT_HINT}"


def test_a_date_text_with_non_ascii_digits_is_rejected() -> None:
    # "\d" matches any Unicode digit (here fullwidth ones); the stored form is ASCII only.
    with pytest.raises(InvalidDateError) as info:
        PartialDate.parse("２０２５-１１")
    assert str(info.value) == f"invalid date '２０２５-１１': {_FORMAT_HINT}"


def test_a_quarter_date_cannot_also_give_a_month() -> None:
    with pytest.raises(InvalidDateError, match="cannot also give a month or a day"):
        PartialDate(year=2025, quarter=4, month=11)


def test_a_day_without_a_month_is_rejected() -> None:
    with pytest.raises(InvalidDateError, match="must also give its month"):
        PartialDate(year=2025, day=9)


def test_a_boolean_is_not_accepted_as_a_year() -> None:
    with pytest.raises(InvalidDateError, match="year must be an integer"):
        PartialDate(year=True)


def test_of_turns_a_pendulum_or_stdlib_date_into_a_day_precision_date() -> None:
    assert PartialDate.of(pendulum.Date(2025, 11, 9)) == PartialDate.parse("2025-11-09")
    assert PartialDate.of(dt.date(2025, 11, 9)).precision is Precision.DAY


def test_of_refuses_a_datetime_because_time_of_day_is_not_tracked() -> None:
    with pytest.raises(InvalidDateError, match="not a datetime"):
        PartialDate.of(pendulum.datetime(2025, 11, 9, 12))


# -- what is known ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2025-11-09", (2025, 11, 9), (2025, 11, 9)),
        ("2025-11", (2025, 11, 1), (2025, 11, 30)),
        ("2025-12", (2025, 12, 1), (2025, 12, 31)),
        ("2024-02", (2024, 2, 1), (2024, 2, 29)),
        ("2025-02", (2025, 2, 1), (2025, 2, 28)),
        ("1900-02", (1900, 2, 1), (1900, 2, 28)),
        ("2000-02", (2000, 2, 1), (2000, 2, 29)),
        ("2025-Q1", (2025, 1, 1), (2025, 3, 31)),
        ("2025-Q2", (2025, 4, 1), (2025, 6, 30)),
        ("2025-Q3", (2025, 7, 1), (2025, 9, 30)),
        ("2025-Q4", (2025, 10, 1), (2025, 12, 31)),
        ("2024", (2024, 1, 1), (2024, 12, 31)),
    ],
)
def test_earliest_and_latest_are_the_first_and_last_day_of_the_period(
    text: str, earliest: tuple[int, int, int], latest: tuple[int, int, int]
) -> None:
    date = PartialDate.parse(text)
    assert date.earliest == pendulum.Date(*earliest)
    assert date.latest == pendulum.Date(*latest)


@pytest.mark.parametrize("text", ["2025-11-09", "2025-11", "2025-Q4", "2025"])
def test_earliest_and_latest_are_pendulum_dates(text: str) -> None:
    date = PartialDate.parse(text)
    assert type(date.earliest) is pendulum.Date
    assert type(date.latest) is pendulum.Date


def test_a_month_is_not_the_first_day_of_that_month() -> None:
    assert PartialDate.parse("2025-11") != PartialDate.parse("2025-11-01")


def test_a_year_is_not_its_first_quarter() -> None:
    assert PartialDate.parse("2025") != PartialDate.parse("2025-Q1")


def test_equal_dates_have_equal_hashes() -> None:
    assert hash(PartialDate.parse("2025-Q4")) == hash(PartialDate(year=2025, quarter=4))


# -- comparisons --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "definitely_before", "possibly_before", "definitely_after", "possibly_after"),
    [
        # disjoint periods
        ("2025-10", "2025-11", True, True, False, False),
        ("2026", "2025-Q4", False, False, True, True),
        ("2025-11-30", "2025-12-01", True, True, False, False),
        # a period and a day inside it
        ("2025-11", "2025-11-15", False, True, False, True),
        ("2025-11-15", "2025-11", False, True, False, True),
        # overlapping periods of different precision
        ("2025", "2025-Q4", False, True, False, True),
        ("2025-Q4", "2025-12", False, True, False, True),
        # the same day: neither before nor after
        ("2025-11-15", "2025-11-15", False, False, False, False),
        # a day on the first day of a period can only be the same day or before
        ("2025-10-01", "2025-Q4", False, True, False, False),
    ],
)
def test_comparisons_say_how_sure_they_are(
    a: str,
    b: str,
    definitely_before: bool,
    possibly_before: bool,
    definitely_after: bool,
    possibly_after: bool,
) -> None:
    first, second = PartialDate.parse(a), PartialDate.parse(b)
    assert first.definitely_before(second) is definitely_before
    assert first.possibly_before(second) is possibly_before
    assert first.definitely_after(second) is definitely_after
    assert first.possibly_after(second) is possibly_after


def test_a_period_compares_with_a_plain_day() -> None:
    november = PartialDate.parse("2025-11")
    assert november.definitely_before(pendulum.Date(2025, 12, 1))
    assert not november.definitely_before(pendulum.Date(2025, 11, 30))
    assert november.definitely_after(dt.date(2025, 10, 31))
    assert november.possibly_same_day(dt.date(2025, 11, 30))


@pytest.mark.parametrize(
    ("day", "inside"),
    [((2025, 9, 30), False), ((2025, 10, 1), True), ((2025, 12, 31), True), ((2026, 1, 1), False)],
)
def test_a_period_contains_exactly_its_days(day: tuple[int, int, int], inside: bool) -> None:
    assert PartialDate.parse("2025-Q4").contains(pendulum.Date(*day)) is inside


# -- text forms ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2025-09-09", "9 Sep 2025"),
        ("2025-11-09", "9 Nov 2025"),
        ("2025-11", "Nov 2025"),
        ("2025-Q4", "Q4 2025"),
        ("2025", "2025"),
    ],
)
def test_a_date_is_displayed_at_its_real_precision(text: str, shown: str) -> None:
    assert str(PartialDate.parse(text)) == shown


@pytest.mark.parametrize("text", ["2025-11-09", "2025-11", "2025-Q4", "2025", "0999-01-01"])
def test_isoformat_gives_back_the_parsed_text(text: str) -> None:
    assert PartialDate.parse(text).isoformat() == text


def test_the_repr_shows_the_stored_text_form() -> None:
    assert repr(PartialDate(year=2025, quarter=4)) == "PartialDate('2025-Q4')"


# -- properties ---------------------------------------------------------------------------------

any_date = partial_dates(min_year=1, max_year=9999)


@given(any_date)
def test_parsing_the_isoformat_of_any_date_gives_the_same_date(date: PartialDate) -> None:
    assert PartialDate.parse(date.isoformat()) == date


@given(any_date)
def test_the_earliest_day_of_any_date_is_not_after_its_latest(date: PartialDate) -> None:
    assert date.earliest <= date.latest
    assert date.earliest_ordinal == date.earliest.toordinal()
    assert date.latest_ordinal == date.latest.toordinal()


@given(partial_dates(), partial_dates())
def test_definitely_before_implies_possibly_before(a: PartialDate, b: PartialDate) -> None:
    if a.definitely_before(b):
        assert a.possibly_before(b)
    if a.definitely_after(b):
        assert a.possibly_after(b)


@given(partial_dates(), partial_dates())
def test_definitely_before_is_the_mirror_of_definitely_after(
    a: PartialDate, b: PartialDate
) -> None:
    assert a.definitely_before(b) is b.definitely_after(a)
    assert a.possibly_before(b) is b.possibly_after(a)


@given(partial_dates(), st.data())
def test_a_date_contains_every_day_of_its_period_and_no_other(
    date: PartialDate, data: st.DataObject
) -> None:
    length = date.latest_ordinal - date.earliest_ordinal
    day = date.earliest.add(days=data.draw(st.integers(0, length), label="offset"))
    assert date.contains(day)
    assert date.possibly_same_day(day)
    assert not date.contains(date.earliest.subtract(days=1))
    assert not date.contains(date.latest.add(days=1))


@given(st.integers(1, 9999), st.integers(0, 13), st.none() | st.integers(0, 32))
def test_parsing_a_day_or_month_directly_gives_what_the_checked_constructor_gives(
    year: int, month: int, day: int | None
) -> None:
    """Days and months are parsed without the generated ``__init__`` (a shortcut for large
    stores): the same value, ordinals and errors as the checked construction."""
    text = f"{year:04d}-{month:02d}" + ("" if day is None else f"-{day:02d}")
    try:
        expected = PartialDate(year=year, month=month, day=day)
    except InvalidDateError:
        with pytest.raises(InvalidDateError, match="invalid date"):
            PartialDate._parse(text)
        return
    parsed = PartialDate._parse(text)
    assert parsed == expected
    assert hash(parsed) == hash(expected)
    assert (parsed.earliest_ordinal, parsed.latest_ordinal) == (
        expected.earliest.toordinal(),
        expected.latest.toordinal(),
    )


@given(st.text(alphabet="0123456789-W+ T:０Q", min_size=10, max_size=10))
def test_ten_character_texts_parse_as_the_pattern_says(text: str) -> None:
    """``YYYY-MM-DD`` goes through the standard library's parser first (a shortcut): it
    accepts exactly what the pattern and the calendar accept, nothing it would not."""
    try:
        slow = PartialDate._parse(text)
    except InvalidDateError:
        with pytest.raises(InvalidDateError):
            PartialDate.parse(text)
        return
    fast = PartialDate.parse(text)
    assert fast == slow
    assert (fast.earliest_ordinal, fast.latest_ordinal) == (
        slow.earliest.toordinal(),
        slow.latest.toordinal(),
    )


@pytest.mark.parametrize("text", ["2025-02-29", "0000-01-01", "2025-1-011", "2025-W37-2"])
def test_texts_the_shortcut_refuses_get_the_checked_message(text: str) -> None:
    with pytest.raises(InvalidDateError, match=f"invalid date '{text}'"):
        PartialDate.parse(text)


@given(st.dates())
def test_every_calendar_day_parses_to_the_checked_value(day: dt.date) -> None:
    text = day.isoformat()
    parsed = PartialDate.parse(text)
    assert parsed == PartialDate(year=day.year, month=day.month, day=day.day)
    assert parsed.earliest_ordinal == parsed.latest_ordinal == day.toordinal()
    assert parsed.isoformat() == text
