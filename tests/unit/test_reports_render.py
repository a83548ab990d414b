"""Rendering a Report: table formats, HTML and Markdown escaping, CSV and JSON."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tabulate import tabulate_formats

from mou_tracker import ValidationError
from mou_tracker.reports import FORMATS, Report, neutralise_formula, unneutralise_formula

AS_OF = pendulum.Date(2025, 10, 15)
FORMULA = ("=", "+", "-", "@", "\t", "\r", "\0")
"""What a spreadsheet may run as a formula; a leading "'" is the neutralising escape."""
TRIGGERS = (*FORMULA, "'")


def _report(title: str = "Deadlines", rows=(("Nov 2025", 46, None),), notes=()) -> Report:
    return Report(
        title=title,
        as_of=AS_OF,
        headers=("Due", "Days left", "Responsible"),
        rows=rows,
        notes=notes,
    )


def _read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


# -- formats ----------------------------------------------------------------------------------


def test_formats_are_the_tabulate_formats_but_the_unescaped_ones_plus_csv_and_json_sorted():
    assert list(FORMATS) == sorted(FORMATS)
    unescaped = {"unsafehtml", "latex_raw"}
    assert set(FORMATS) == (set(tabulate_formats) - unescaped) | {"csv", "json"}


@pytest.mark.parametrize("fmt", ["unsafehtml", "latex_raw", "excel", ""])
def test_unsafehtml_and_unknown_formats_are_rejected(fmt):
    with pytest.raises(ValidationError, match="unknown report format"):
        _report().render(fmt)


def test_the_simple_format_prints_title_and_day_above_the_table_and_notes_below():
    text = _report(notes=("Counted once.",)).render()

    lines = text.splitlines()
    assert lines[:3] == ["Deadlines", "as of 2025-10-15", ""]
    assert lines[-1] == "* Counted once."
    assert "Nov 2025" in text


def test_a_blank_cell_renders_empty_and_integer_columns_align_right():
    text = _report().render("pipe")

    _header, rule, row = text.splitlines()[-3:]
    assert rule.count(":") == 3  # left, right (Days left), left
    assert rule.split("|")[2].endswith(":")
    assert row.rstrip().endswith("|")
    assert "None" not in text


@pytest.mark.parametrize("fmt", ["latex", "latex_booktabs", "latex_longtable"])
def test_latex_formats_carry_title_day_and_notes_as_comments(fmt):
    text = _report(title="R&D 100%", notes=("A note",)).render(fmt)

    lines = text.splitlines()
    assert lines[:2] == ["% R&D 100%", "% as of 2025-10-15"]
    assert lines[-1] == "% * A note"


def test_tsv_carries_only_the_table_with_tabs_in_cells_replaced():
    report = _report(rows=(("a\tb", 1, "=cmd"),))

    lines = report.render("tsv").splitlines()

    assert len(lines) == 2
    assert all(line.count("\t") == 2 for line in lines)
    assert lines[1].split("\t")[2].strip() == "'=cmd"


# -- escaping ---------------------------------------------------------------------------------


def test_html_escapes_script_in_title_headers_cells_and_notes():
    report = Report(
        title="<script>alert('t')</script>",
        as_of=AS_OF,
        headers=("<b>Pair</b>",),
        rows=(("<script>alert(1)</script>",),),
        notes=("<img src=x onerror=alert(2)>",),
    )

    text = report.render("html")

    assert "<script" not in text
    assert "<b>" not in text
    assert "<img" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert text.startswith("<h2>&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;</h2>")


@pytest.mark.parametrize("fmt", ["pipe", "github"])
def test_markdown_tables_keep_their_column_count_with_pipes_in_title_and_cells(fmt):
    report = _report(
        title="Kazakhstan | Pakistan",
        rows=(("a | b", 1, "|"), ("x||y", 2, "\\|")),
        notes=("one | two",),
    )

    text = report.render(fmt)

    table = [line for line in text.splitlines() if line.startswith("|")]
    assert len(table) == 4
    assert {_unescaped_pipes(line) for line in table} == {4}
    assert _unescaped_pipes(text.splitlines()[0]) == 0
    assert _unescaped_pipes(text.splitlines()[-1]) == 0


@pytest.mark.parametrize("fmt", ["pipe", "github"])
def test_markdown_tables_escape_angle_brackets(fmt):
    text = _report(title="<b>", rows=(("<script>x</script>", 1, None),)).render(fmt)

    assert "<" not in text
    assert "&lt;script>x&lt;/script>" in text


@pytest.mark.parametrize("fmt", ["pipe", "github"])
def test_markdown_escapes_backticks_and_doubles_backslashes_before_escaped_characters(fmt):
    text = _report(rows=(("a\\|b `c` d\\<", 1, None),)).render(fmt)

    assert "| a\\\\\\|b \\`c\\` d\\\\&lt; |" in text
    assert "`c`" not in text


@pytest.mark.parametrize("fmt", ["jira", "mediawiki", "orgtbl"])
def test_wiki_tables_escape_pipes_in_cells(fmt):
    plain = _report(rows=(("a", 1, "b"),)).render(fmt)
    piped = _report(rows=(("a|", 1, "|b"),)).render(fmt)

    assert _unescaped_pipes(piped) == _unescaped_pipes(plain)


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f not in ("csv", "json")])
def test_line_breaks_and_terminal_escapes_in_cells_become_spaces(fmt):
    report = _report(
        title="Two\nlines", rows=(("one\ntwo\r\nthree", 1, "\x1b[31mred\x1b[0m"),), notes=("a\nb",)
    )

    text = report.render(fmt)

    assert "\x1b" not in text
    assert "one two three" in text
    if fmt != "tsv":
        assert "Two lines" in text


# -- CSV --------------------------------------------------------------------------------------


def test_csv_has_the_header_row_then_the_rows_and_no_title():
    report = _report(rows=(("Nov 2025", 46, None), ("Q1 2026", -3, "KZ, PK")))

    assert _read_csv(report.to_csv()) == [
        ["Due", "Days left", "Responsible"],
        ["Nov 2025", "46", ""],
        ["Q1 2026", "-3", "KZ, PK"],
    ]
    assert report.render("csv") == report.to_csv()


@pytest.mark.parametrize(
    "cell",
    ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "\0x", "'quoted"],
)
def test_csv_neutralises_cells_a_spreadsheet_would_run_as_formulas(cell):
    report = Report(title="T", as_of=AS_OF, headers=(cell, "ok"), rows=((cell, "fine"),))

    header, row = _read_csv(report.to_csv())

    for value in (header[0], row[0]):
        assert not value.startswith(FORMULA)
        assert value == "'" + cell
    assert row[1] == "fine"


@given(st.lists(st.text(), min_size=1, max_size=4))
def test_csv_cells_never_start_a_formula_and_the_original_is_recoverable(cells):
    headers = tuple(f"c{i}" for i in range(len(cells)))
    report = Report(title="T", as_of=AS_OF, headers=headers, rows=(tuple(cells),))

    (_, row) = _read_csv(report.to_csv())

    for written, original in zip(row, cells, strict=True):
        assert not written.startswith(FORMULA)
        if written.startswith("'"):
            assert written[1:] == original
        else:
            assert written == original
            assert not written.startswith(TRIGGERS)


@given(st.text())
def test_unneutralise_formula_gives_back_every_text_neutralise_formula_wrote(text):
    written = neutralise_formula(text)

    assert not written.startswith(FORMULA)
    assert unneutralise_formula(written) == text


def test_csv_writes_integers_as_numbers_not_neutralised():
    report = Report(title="T", as_of=AS_OF, headers=("Days left",), rows=((-15,),))

    assert _read_csv(report.to_csv())[1] == ["-15"]


# -- JSON -------------------------------------------------------------------------------------


def test_json_round_trips_with_json_loads():
    report = _report(
        title="Kazakhstan–Pakistan", rows=(("Nov 2025", 46, None),), notes=("Ünïcode kept",)
    )

    text = report.to_json()

    assert json.loads(text) == {
        "title": "Kazakhstan–Pakistan",
        "as_of": "2025-10-15",
        "headers": ["Due", "Days left", "Responsible"],
        "rows": [{"Due": "Nov 2025", "Days left": 46, "Responsible": None}],
        "notes": ["Ünïcode kept"],
    }
    assert "Kazakhstan–Pakistan" in text  # not \u2013
    assert report.render("json") == text


@given(st.lists(st.one_of(st.text(), st.integers(), st.none()), min_size=1, max_size=4))
def test_json_keeps_every_cell_as_it_is(cells):
    headers = tuple(f"c{i}" for i in range(len(cells)))
    report = Report(title="T", as_of=AS_OF, headers=headers, rows=(tuple(cells),))

    document = json.loads(report.to_json())

    assert list(document["rows"][0].values()) == cells


# -- the Report value -------------------------------------------------------------------------


def test_a_report_takes_a_stdlib_date_and_keeps_a_pendulum_date():
    report = Report(title="T", as_of=dt.date(2025, 10, 15), headers=("A",), rows=())

    assert type(report.as_of) is pendulum.Date
    assert report.as_of == AS_OF


@pytest.mark.parametrize("moment", [dt.datetime(2025, 10, 15), pendulum.datetime(2025, 10, 15)])
def test_a_report_refuses_a_datetime(moment):
    with pytest.raises(ValidationError, match="as_of"):
        Report(title="T", as_of=moment, headers=("A",), rows=())


@pytest.mark.parametrize(
    ("headers", "rows", "message"),
    [
        (("A", "B"), (("x",),), "row 1 has 1 cells, expected 2"),
        (("A", "A"), (), "headers repeat"),
        (("A", ""), (), "non-empty"),
        (("A",), ((1.5,),), "text, an integer or None"),
        (("A",), ((True,),), "text, an integer or None"),
    ],
)
def test_a_report_refuses_malformed_tables(headers, rows, message):
    with pytest.raises(ValidationError, match=message):
        Report(title="T", as_of=AS_OF, headers=headers, rows=rows)


def test_a_single_note_may_be_given_as_text():
    report = Report(title="T", as_of=AS_OF, headers=("A",), rows=(), notes="One note")

    assert report.notes == ("One note",)


def test_a_report_refuses_notes_that_are_not_text():
    with pytest.raises(ValidationError, match="notes"):
        Report(title="T", as_of=AS_OF, headers=("A",), rows=(), notes=(1,))


def test_a_report_needs_a_title():
    with pytest.raises(ValidationError, match="title"):
        Report(title=" ", as_of=AS_OF, headers=("A",), rows=())
