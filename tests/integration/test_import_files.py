"""Importing CSV files from disk: encodings, delimiters, untidy cells, joined parties files."""

from __future__ import annotations

from pathlib import Path

import attrs
import pendulum
import pytest

from mou_tracker import InMemoryRepository, JsonRepository
from mou_tracker.importers import (
    IdSpec,
    ImportMapping,
    KeyFallback,
    MappingError,
    PartiesSpec,
    PartiesTable,
    RowRejectedError,
    SourceFileError,
    import_file,
    read_csv,
)
from mou_tracker.importers.mapping import DateColumn, DatesSpec

AS_OF = pendulum.Date(2025, 10, 5)
LIST_MAPPING = ImportMapping(
    name="list",
    id=IdSpec(columns="Name"),
    title="Name",
    parties=PartiesSpec(list_column="Members"),
    dates=DatesSpec(signature=DateColumn(column="Signed")),
)
TABLE_MAPPING = ImportMapping(
    name="table",
    id=IdSpec(columns="Id", prefix="x"),
    title="Title",
    parties=PartiesSpec(
        table=PartiesTable(key="Id", table_key="Treaty", country="State"),
        from_key=KeyFallback(
            column="Id", pattern=r"^(\w{3})-(\w{3})_", when_column="Ambit", when_values={"Bi"}
        ),
    ),
    dates=DatesSpec(signature=DateColumn(column="Signed")),
)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_cells_with_line_breaks_literal_escapes_and_a_bom_are_read_tidy(tmp_path: Path) -> None:
    source = write(
        tmp_path / "a.csv",
        '\ufeffName,Members,Signed\n"Pact\nof friends","Chile,\\r\\n Peru ",2001\n\n',
    )
    repo = JsonRepository(tmp_path / "r.json")
    report = import_file(source, LIST_MAPPING, repo, as_of=AS_OF)
    assert report.records == ((2, "pact-of-friends"),)
    assert repo.get_agreement("pact-of-friends").title == "Pact of friends"


def test_the_mapping_states_the_encoding_and_the_delimiter(tmp_path: Path) -> None:
    source = write(
        tmp_path / "a.csv", "Name;Members;Signed\nAccord;Côte d'Ivoire, Mali;2001\n", "latin-1"
    )
    with pytest.raises(SourceFileError, match="not utf-8-sig text"):
        import_file(source, LIST_MAPPING, InMemoryRepository(), as_of=AS_OF)
    mapping = attrs.evolve(LIST_MAPPING, encoding="latin-1", delimiter=";")
    report = import_file(source, mapping, InMemoryRepository(), as_of=AS_OF)
    assert report.counts()["imported"] == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "the file is empty"), ("Name,Name,Members,Signed\n", "the header repeats 'Name'")],
)
def test_a_file_that_cannot_be_a_table_is_refused(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SourceFileError, match=message):
        import_file(
            write(tmp_path / "a.csv", text), LIST_MAPPING, InMemoryRepository(), as_of=AS_OF
        )


def test_a_missing_file_is_refused_with_its_name(tmp_path: Path) -> None:
    with pytest.raises(SourceFileError, match=r"none\.csv: cannot read"):
        read_csv(tmp_path / "none.csv")


def test_a_parties_file_is_joined_on_its_key_and_a_bilateral_key_is_a_fallback(
    tmp_path: Path,
) -> None:
    main = write(
        tmp_path / "main.csv",
        "Id,Title,Ambit,Signed\n"
        "T1,Joined,Multi,1990\n"
        "CAN-USA_1990A,Fallback,Bi,1990\n"
        "FRA-DEU_1991A,Not bilateral,Multi,1991\n"
        "T4,No parties,Multi,1992\n",
    )
    parties = write(tmp_path / "parties.csv", "State,Treaty\nFRA,T1\nDEU,T1\nITA,T1\nESP,ORPHAN\n")
    report = import_file(main, TABLE_MAPPING, InMemoryRepository(), as_of=AS_OF, parties=parties)
    assert report.records == ((2, "x-t1"), (3, "x-can-usa-1990a"))
    reasons = {i.row: i.reason for i in report.rejected}
    assert reasons[4].endswith("no rows in the parties file, and Ambit is 'Multi'")
    assert reasons[5].endswith("; no rows in the parties file, and Ambit is 'Multi'")
    assert report.remarks == (
        "1 keys of the parties file match no row of main.csv; they were ignored",
    )
    assert "parties read from Id 'CAN-USA_1990A'" in report.notes[0].reason


def test_a_problem_in_the_parties_file_names_its_row(tmp_path: Path) -> None:
    main = write(tmp_path / "main.csv", "Id,Title,Ambit,Signed\nT1,Joined,Multi,1990\n")
    parties = write(tmp_path / "parties.csv", "State,Treaty\nFRA,T1\nYUG,T1\n")
    report = import_file(main, TABLE_MAPPING, InMemoryRepository(), as_of=AS_OF, parties=parties)
    (problem,) = report.rejected
    assert (problem.column, problem.value) == ("State (parties file row 3)", "YUG")


def test_a_parties_file_is_required_exactly_when_the_mapping_joins_one(tmp_path: Path) -> None:
    main = write(tmp_path / "main.csv", "Id,Title,Ambit,Signed\n")
    with pytest.raises(MappingError, match="give the parties file too"):
        import_file(main, TABLE_MAPPING, InMemoryRepository(), as_of=AS_OF)
    with pytest.raises(MappingError, match="takes no parties file"):
        import_file(main, LIST_MAPPING, InMemoryRepository(), as_of=AS_OF, parties=main)
    with pytest.raises(SourceFileError, match="the parties mapping reads columns 'Treaty'"):
        import_file(main, TABLE_MAPPING, InMemoryRepository(), as_of=AS_OF, parties=main)


def test_a_row_over_several_lines_is_reported_with_its_span_and_later_rows_by_their_line(
    tmp_path: Path,
) -> None:
    source = write(
        tmp_path / "a.csv",
        'Name,Members,Signed\n"Pact\nof\nfriends","Chile, Peru",31/02/2001\n'
        '"Accord,Mali, Niger,2002\nTreaty,"Chile, Atlantis",2003\n\n',
    )
    report = import_file(source, LIST_MAPPING, InMemoryRepository(), as_of=AS_OF)
    assert list(report.summary().rows) == [
        ("imported", 0),
        ("updated", 0),
        ("unchanged", 0),
        ("merged", 0),
        ("rejected", 3),
        ("skipped", 1),
        ("total", 4),
        ("rejected: invalid-date", 1),
        ("rejected: unbalanced-quote", 1),
        ("rejected: unknown-country", 1),
    ]
    rows = [(line[1], line[2], line[5]) for line in report.issues().rows]
    assert rows == [
        ("2-4", "Signed", "invalid-date"),
        (5, None, "unbalanced-quote"),
        (6, "Members", "unknown-country"),
    ]
    assert report.rejected[1].reason == (
        "an unbalanced quote? the record starting on this line runs over lines 5-6 and takes in "
        "lines that are whole rows; only this line is rejected, and reading resumes at the next"
    )
    assert report.skipped == (7,)


def test_strict_mode_names_the_lines_of_a_row_over_several_lines(tmp_path: Path) -> None:
    source = write(tmp_path / "a.csv", 'Name,Members,Signed\n"Pact\nof friends",Chile,2001\n')
    with pytest.raises(RowRejectedError, match=r"^row 2 \(lines 2-3\), column 'Members'"):
        import_file(source, LIST_MAPPING, InMemoryRepository(), as_of=AS_OF, strict=True)


def test_a_broken_quote_in_the_parties_file_is_remarked_or_refused_in_strict_mode(
    tmp_path: Path,
) -> None:
    main = write(tmp_path / "main.csv", "Id,Title,Ambit,Signed\nT1,Joined,Multi,1990\n")
    parties = write(tmp_path / "parties.csv", 'State,Treaty\nFRA,T1\n"DEU,T1\nITA,T1\n')
    report = import_file(main, TABLE_MAPPING, InMemoryRepository(), as_of=AS_OF, parties=parties)
    assert report.records == ((2, "x-t1"),)
    assert report.remarks == (
        "parties.csv line 3 was not read: an unbalanced quote? the record starting on this line "
        "runs from line 3 to the end of the file without closing its quote",
    )
    with pytest.raises(SourceFileError, match=r"parties\.csv: line 3: an unbalanced quote\?"):
        import_file(
            main, TABLE_MAPPING, InMemoryRepository(), as_of=AS_OF, parties=parties, strict=True
        )


def test_a_header_with_a_quote_left_open_is_refused(tmp_path: Path) -> None:
    source = write(tmp_path / "a.csv", 'Name,"Members,Signed\nPact,Chile,2001\n')
    with pytest.raises(SourceFileError, match=r"a\.csv: line 1, the header: an unbalanced quote"):
        read_csv(source)
