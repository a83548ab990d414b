"""Reading date cells: real precision, explicit formats, the rules for messy values."""

from __future__ import annotations

import pytest

from mou_tracker import PartialDate
from mou_tracker.importers import DateColumn, DateRules, MappingError, OnMasked, OnRange
from mou_tracker.importers.dates import read_date
from mou_tracker.importers.policies import OnUncertain
from mou_tracker.importers.problems import CellError

ISO = DateColumn(column="Force")
RULES = DateRules()


def date_of(text: str, column: DateColumn = ISO, rules: DateRules = RULES) -> PartialDate | None:
    return read_date(text, column, rules).date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1993", "1993"),
        ("1997-11", "1997-11"),
        ("2025-Q4", "2025-Q4"),
        ("1990-09-26", "1990-09-26"),
    ],
)
def test_iso_partial_dates_are_read_at_their_real_precision(text: str, expected: str) -> None:
    assert date_of(text) == PartialDate.parse(expected)


def test_the_same_text_gives_the_day_its_stated_format_says_and_nothing_is_guessed() -> None:
    us = DateColumn(column="Signed", format="%m/%d/%Y")
    european = DateColumn(column="Signed", format="%d/%m/%Y")
    assert date_of("03/06/2003", us) == PartialDate.parse("2003-03-06")
    assert date_of("03/06/2003", european) == PartialDate.parse("2003-06-03")


def test_a_day_that_does_not_fit_the_stated_format_is_rejected_not_swapped() -> None:
    with pytest.raises(CellError, match="does not match the format '%m/%d/%Y'") as info:
        read_date("25/12/2003", DateColumn(column="Signed", format="%m/%d/%Y"), RULES)
    assert info.value.category == "invalid-date"


@pytest.mark.parametrize("text", ["31/02/2001", "29/02/2001", "31/04/2015"])
def test_a_day_that_fits_the_format_but_no_calendar_is_reported_as_such(text: str) -> None:
    with pytest.raises(CellError, match=f"^{text} is not a calendar day ") as info:
        read_date(text, DateColumn(column="Signed", format="%d/%m/%Y"), RULES)
    assert info.value.category == "invalid-date"


def test_a_format_without_a_day_gives_a_month_precise_date() -> None:
    assert date_of("11/1997", DateColumn(column="x", format="%m/%Y")) == PartialDate.parse(
        "1997-11"
    )


@pytest.mark.parametrize("fmt", ["%d/%m/%y", "%d.%m", "%Y-%m-%dT%H:%M", "%Y-%d"])
def test_ambiguous_or_incomplete_formats_are_refused_when_the_mapping_is_made(fmt: str) -> None:
    with pytest.raises(MappingError, match="date format"):
        DateColumn(column="x", format=fmt)


@pytest.mark.parametrize("text", ["", "NA", "N/A", "n/a", "0000-00-00"])
def test_missing_markers_and_the_unknown_sentinel_mean_no_date(text: str) -> None:
    read = read_date(text, ISO, RULES)
    assert read.date is None
    assert not read.open_ended


def test_the_open_ended_sentinel_is_read_as_no_end() -> None:
    assert read_date("9999-12-31", ISO, RULES).open_ended


def test_an_undeclared_year_9999_is_rejected_as_implausible() -> None:
    with pytest.raises(CellError, match="outside 1000-2200") as info:
        read_date("9999-12-01", ISO, RULES)
    assert info.value.category == "implausible-date"


@pytest.mark.parametrize("text", ["1802-04-18?", "1961-01-26~", "1961-01-26%"])
def test_an_uncertain_date_is_taken_at_its_stated_precision_with_a_note(text: str) -> None:
    read = read_date(text, ISO, RULES)
    assert read.date == PartialDate.parse(text[:-1])
    assert read.note is not None
    assert "uncertain in the source" in read.note


def test_an_uncertain_date_is_rejected_when_the_mapping_says_so() -> None:
    with pytest.raises(CellError, match="marked uncertain"):
        read_date("1802-04-18?", ISO, DateRules(uncertain=OnUncertain.REJECT))


def test_an_impossible_day_is_rejected_even_with_an_uncertainty_mark() -> None:
    with pytest.raises(CellError, match="day 31 is out of range") as info:
        read_date("1972-06-31?", ISO, RULES)
    assert info.value.category == "invalid-date"


@pytest.mark.parametrize("text", ["0014-022005", "2010-XX-XX-", "26 Sep 1990", "1990/09/26"])
def test_malformed_dates_are_rejected_with_the_expected_forms(text: str) -> None:
    with pytest.raises(CellError, match="expected YYYY, YYYY-MM, YYYY-Qn or YYYY-MM-DD"):
        read_date(text, ISO, RULES)


def test_a_date_with_an_unknown_month_is_kept_to_the_year_it_really_gives() -> None:
    read = read_date("1964-XX-16", ISO, RULES)
    assert read.date == PartialDate.parse("1964")
    assert read.note is not None
    assert "unknown parts" in read.note


def test_a_date_with_an_unknown_day_keeps_its_month() -> None:
    assert date_of("1964-05-XX") == PartialDate.parse("1964-05")


def test_masked_dates_are_rejected_when_the_mapping_says_so() -> None:
    with pytest.raises(CellError, match="unknown parts") as info:
        read_date("1964-XX-16", ISO, DateRules(masked=OnMasked.REJECT))
    assert info.value.category == "masked-date"


def test_a_range_is_rejected_by_default() -> None:
    with pytest.raises(CellError, match="is a range") as info:
        read_date("1981-09..1981-10", ISO, RULES)
    assert info.value.category == "date-range"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1981-09-01..1981-09-20", "1981-09"),
        ("1981-07..1981-09", "1981-Q3"),
        ("1981-09..1981-10", "1981"),
    ],
)
def test_a_range_becomes_the_smallest_period_that_holds_it_when_asked(
    text: str, expected: str
) -> None:
    read = read_date(text, ISO, DateRules(ranges=OnRange.ENCLOSING))
    assert read.date == PartialDate.parse(expected)
    assert read.note is not None
    assert "range" in read.note


@pytest.mark.parametrize(
    ("text", "reason"),
    [("1981-12..1982-01", "spans several years"), ("1981-10..1981-09", "ends before it starts")],
)
def test_a_range_no_single_date_can_hold_is_rejected(text: str, reason: str) -> None:
    with pytest.raises(CellError, match=reason):
        read_date(text, ISO, DateRules(ranges=OnRange.ENCLOSING))
