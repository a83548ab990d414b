"""Reading CSV text line by line: every physical line in one row, a stray quote costs one row."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from mou_tracker.importers._csvlines import Record, physical_lines, records

# A cell on one line may hold commas and quotes; a cell over several lines holds no comma, so
# that no line inside it is on its own a row of the table (which would make it ambiguous).
ONE_LINE = st.text(alphabet='ab ,"', max_size=6)
SEVERAL_LINES = st.text(alphabet='ab "\n', max_size=8)


@st.composite
def tables(draw: st.DrawFn) -> list[list[str]]:
    """A header and rows of 2 to 5 columns; the first column is a plain id, never quoted."""
    width = draw(st.integers(2, 5))
    count = draw(st.integers(1, 12))
    rows = [[f"h{i}" for i in range(width)]]
    for n in range(count):
        rest = draw(st.lists(ONE_LINE | SEVERAL_LINES, min_size=width - 1, max_size=width - 1))
        rows.append([f"r{n}", *rest])
    return rows


def written(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def spans(rows: list[list[str]]) -> list[tuple[int, int]]:
    """(first line, last line) of each row as written, counted independently of the reader."""
    found, line = [], 1
    for row in rows:
        breaks = sum(cell.count("\n") for cell in row)
        found.append((line, line + breaks))
        line += breaks + 1
    return found


def read(text: str) -> list[Record]:
    return list(records(physical_lines(text)))


@given(tables())
def test_a_well_formed_table_is_read_back_with_the_lines_of_each_row(
    rows: list[list[str]],
) -> None:
    found = read(written(rows))
    assert [(r.first, r.last, r.cells, r.fault) for r in found] == [
        (first, last, row, None) for row, (first, last) in zip(rows, spans(rows), strict=True)
    ]


@given(tables(), st.data())
def test_a_stray_quote_costs_only_the_row_it_is_in(
    rows: list[list[str]], data: st.DataObject
) -> None:
    # The one stray quote the reader cannot see: one whose record ends in the first line of a
    # row that opens a cell over several lines, with the header's number of cells by chance.
    lines = physical_lines(written(rows))
    single = [n for n, (a, b) in enumerate(spans(rows)) if a == b]
    where = data.draw(
        st.sampled_from([n for n in single if n > 0 and (n + 1 == len(rows) or n + 1 in single)])
        if any(n > 0 and (n + 1 == len(rows) or n + 1 in single) for n in single)
        else st.just(len(rows) - 1),
        label="row",
    )
    first, last = spans(rows)[where]
    lines[first - 1] = '"' + lines[first - 1]
    found = read("".join(lines))
    others = [(r.first, r.last, r.cells) for r in found if not first <= r.first <= last]
    expected = [
        (a, b, row)
        for n, (row, (a, b)) in enumerate(zip(rows, spans(rows), strict=True))
        if n != where
    ]
    assert others == expected
    assert all(r.last <= last for r in found if first <= r.first <= last)
    assert found[where].first == first


def test_a_line_that_opens_a_quote_it_never_closes_is_rejected_alone() -> None:
    text = 'id,name,date\n1,"Peru,2001\n2,Chile,2002\n3,"Mali",2003\n'
    found = read(text)
    assert [(r.first, r.last, r.cells) for r in found] == [
        (1, 1, ["id", "name", "date"]),
        (2, 2, []),
        (3, 3, ["2", "Chile", "2002"]),
        (4, 4, ["3", "Mali", "2003"]),
    ]
    assert found[1].fault == (
        "an unbalanced quote? the record starting on this line runs over lines 2-4 and takes in "
        "lines that are whole rows"
    )


def test_a_quote_left_open_on_the_last_line_is_rejected_even_with_the_right_cells() -> None:
    found = read('id,name\n1,Peru\n2,"Chile')
    assert [(r.first, r.cells) for r in found] == [(1, ["id", "name"]), (2, ["1", "Peru"]), (3, [])]
    assert found[2].fault == (
        "an unbalanced quote? the record starting on this line runs from line 3 to the end of "
        "the file without closing its quote"
    )


def test_a_record_with_the_right_cells_that_takes_in_whole_rows_is_rejected() -> None:
    found = read('id,name,note\n1,"Peru\n2,Chile,x\n3,Mali",y\n')
    assert [(r.first, r.last) for r in found] == [(1, 1), (2, 2), (3, 3), (4, 4)]
    assert found[1].fault is not None
    assert "takes in lines that are whole rows" in found[1].fault
    assert found[3].cells == ["3", 'Mali"', "y"]


def test_line_ends_of_every_kind_count_as_lines_and_blank_lines_are_records() -> None:
    found = read('id,name\r\n1,"Pe\r\nru"\r2,Chile\n\n3,Mali')
    assert [(r.first, r.last, r.cells) for r in found] == [
        (1, 1, ["id", "name"]),
        (2, 3, ["1", "Pe\r\nru"]),
        (4, 4, ["2", "Chile"]),
        (5, 5, []),
        (6, 6, ["3", "Mali"]),
    ]


def test_a_line_the_csv_module_cannot_read_is_rejected_alone_and_reading_goes_on() -> None:
    found = read("a,b\n1," + "x" * 200_000 + "\n2,y\n")
    assert [(r.first, r.last, r.cells) for r in found][1:] == [(2, 2, []), (3, 3, ["2", "y"])]
    assert found[1].fault is not None
    assert found[1].fault.startswith("not readable as CSV (field larger than field limit")


def test_whole_rows_are_recognised_with_the_table_s_own_delimiter() -> None:
    found = list(records(physical_lines('a;b;c\n1;"x;\n2;y;z\n3;w";v\n'), delimiter=";"))
    assert [(r.first, r.last, r.cells) for r in found][1:] == [
        (2, 2, []),
        (3, 3, ["2", "y", "z"]),
        (4, 4, ["3", 'w"', "v"]),
    ]
