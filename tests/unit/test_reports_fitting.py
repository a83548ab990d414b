"""Fitting a report to a terminal's width: wrapped headers, shortened free text, split tables."""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mou_tracker import ValidationError
from mou_tracker.reports import FORMATS, Report
from mou_tracker.reports.fitting import (
    ELLIPSIS,
    FITTED_FORMATS,
    ONE_LINE_HEADERS,
    SHORTEST,
    fit_table,
    wrap_lines,
)

AS_OF = pendulum.Date(2025, 10, 15)
WHAT = "Fast-track the agreements and MoUs to be concluded during the visit of the President"


def _pairs(rows=(("Kazakhstan–Pakistan", 2, 3, 0, "Nov 2025", WHAT),), notes=()) -> Report:
    return Report(
        title="Status by country pair",
        as_of=AS_OF,
        headers=(
            "Pair",
            "Agreements",
            "Open commitments",
            "Date not set",
            "Next deadline",
            "Next deadline: what",
        ),
        rows=rows,
        notes=notes,
        free_text=("Next deadline: what",),
    )


def _lines(text: str) -> list[str]:
    return text.splitlines()


def _widest(text: str) -> int:
    return max(len(line) for line in _lines(text))


def test_a_report_that_fits_is_printed_exactly_as_without_a_width() -> None:
    report = _pairs()
    assert report.render("simple", width=1000) == report.render("simple")


def test_long_headers_wrap_onto_at_most_three_lines_when_that_is_enough() -> None:
    text = _pairs(rows=(("PK-KZ", 2, 3, 0, "Nov 2025", "Talks"),)).render("simple", width=70)
    table = _lines(text)[3:]
    assert _widest(text) <= 70
    assert table[0].split() == ["Pair", "Agreements", "Open", "Date", "Next", "Next"]
    rule = next(i for i, line in enumerate(table) if line.startswith("---"))
    assert 2 <= rule <= 3  # two or three header lines above the rule
    assert table[rule + 1].split() == ["PK-KZ", "2", "3", "0", "Nov", "2025", "Talks"]


def test_free_text_is_shortened_with_an_ellipsis_and_every_other_cell_stays_whole() -> None:
    text = _pairs().render("simple", width=100)
    assert _widest(text) <= 100
    row = next(line for line in _lines(text) if line.startswith("Kazakhstan–Pakistan"))
    assert row.endswith(ELLIPSIS)
    assert WHAT not in text
    assert row.split()[:6] == ["Kazakhstan–Pakistan", "2", "3", "0", "Nov", "2025"]


def test_a_shortened_text_keeps_at_least_the_shortest_length() -> None:
    text = fit_table(
        ["id", "title"],
        [["x" * 30, "word " * 20]],
        align=["left", "left"],
        free_text={1},
        fmt="plain",
        width=40,
    )
    title = _lines(text)[1].split("  ", 1)[1].strip()
    assert title.endswith(ELLIPSIS)
    assert SHORTEST // 2 <= len(title) <= SHORTEST


def test_a_table_too_wide_for_its_whole_columns_is_split_into_parts_that_repeat_the_first() -> None:
    text = _pairs().render("grid", width=60)
    assert _widest(text) <= 60
    rows = [line for line in _lines(text) if "Kazakhstan–Pakistan" in line]
    assert len(rows) >= 2  # one per part
    for cell in ("| 2 ", "| 3 ", "| 0 ", "Nov 2025"):
        assert cell.strip("| ") in text
    assert text.count("Pair") == len(rows)


def test_markup_formats_keep_each_header_on_one_line() -> None:
    text = _pairs().render("github", width=80)
    assert _widest(text) <= 80
    header_rows = [line for line in _lines(text) if line.startswith("| Pair")]
    rules = [line for line in _lines(text) if line.startswith(("|:--", "|--"))]
    assert len(header_rows) == len(rules) >= 2
    assert "Open commitments |" in text


@pytest.mark.parametrize("fmt", sorted(set(FORMATS) - FITTED_FORMATS))
def test_formats_that_are_not_text_grids_are_never_fitted(fmt: str) -> None:
    report = _pairs(notes=("A note " * 30,))
    assert report.render(fmt, width=40) == report.render(fmt)


def test_the_title_and_notes_wrap_at_word_boundaries_with_indented_continuations() -> None:
    note = "Overdue: open commitments whose deadline's last day is before the day of the report."
    text = _pairs(notes=(note,)).render("simple", width=40)
    assert _widest(text) <= 40
    notes = _lines(text)[_lines(text).index("* Overdue: open commitments whose") :]
    assert all(line.startswith("  ") for line in notes[1:])
    assert " ".join(line.strip() for line in notes) == f"* {note}"


def test_wrap_lines_leaves_lines_that_fit_untouched() -> None:
    assert wrap_lines(["* two  spaces  "], 40) == ["* two  spaces  "]


def test_free_text_columns_must_be_headers_of_the_report() -> None:
    with pytest.raises(ValidationError, match="not headers"):
        Report(title="T", as_of=AS_OF, headers=("a",), rows=(), free_text=("b",))


def test_free_text_may_be_given_as_one_header() -> None:
    report = Report(title="T", as_of=AS_OF, headers=("a", "b"), rows=(), free_text="b")
    assert report.free_text == frozenset({"b"})


def test_an_empty_table_fits_too() -> None:
    text = _pairs(rows=()).render("psql", width=50)
    assert _widest(text) <= 50
    assert "Next deadline" in text.replace("\n", " ") or "Next" in text


# -- properties ----------------------------------------------------------------------------------

_WORD = st.text("abcdefghijklmnopqrstuvwxyz/–", min_size=1, max_size=10)
_HEADER = st.lists(_WORD, min_size=1, max_size=3).map(" ".join)
_TEXT = st.text("abcdefghij ABC.,:-()–0123456789", max_size=12)
_FREE = st.text("abcdefghij ABC.,:-()–0123456789", max_size=90)
_WIDTH = 40
"""The narrowest terminal the properties hold for: two whole columns and a table's borders
(in formats whose headers never wrap, as wide as two of the longest header)."""


@st.composite
def _reports(draw: st.DrawFn) -> Report:
    headers = draw(st.lists(_HEADER, min_size=1, max_size=8, unique=True))
    free = draw(st.sets(st.sampled_from(headers)))
    cell = {
        h: (_FREE if h in free else st.one_of(_TEXT, st.integers(0, 99999), st.none()))
        for h in headers
    }
    rows = draw(st.lists(st.tuples(*(cell[h] for h in headers)), max_size=5))
    notes = draw(st.lists(st.text("abc xyz", min_size=1, max_size=200), max_size=2))
    return Report(
        title=draw(st.text("abc Pair", min_size=1, max_size=150).filter(str.strip)),
        as_of=AS_OF,
        headers=headers,
        rows=rows,
        notes=notes,
        free_text=free,
    )


@given(report=_reports(), fmt=st.sampled_from(sorted(FITTED_FORMATS)), data=st.data())
def test_no_line_is_longer_than_the_width_and_every_whole_cell_is_shown(
    report: Report, fmt: str, data: st.DataObject
) -> None:
    narrowest = _WIDTH
    if fmt in ONE_LINE_HEADERS:
        narrowest = max(_WIDTH, 2 * max(len(h) + 2 for h in report.headers) + 12)
    width = data.draw(st.integers(narrowest, 160), label="width")
    text = report.render(fmt, width=width)
    assert _widest(text) <= width
    lines = _lines(text)
    for row in report.rows:
        for header, cell in zip(report.headers, row, strict=True):
            shown = "" if cell is None else str(cell).strip()
            if header not in report.free_text and shown:
                assert any(shown in line for line in lines), (header, shown)


@given(report=_reports(), fmt=st.sampled_from(sorted(FITTED_FORMATS)))
def test_a_width_at_least_the_full_report_changes_nothing(report: Report, fmt: str) -> None:
    full = report.render(fmt)
    assert report.render(fmt, width=_widest(full)) == full
