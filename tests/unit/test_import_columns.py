"""Mapping features that read a value from two columns or in several ways: a code checked
against the name beside it, several formats per date column, a status refined by a detail."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mou_tracker import AgreementStatus, InMemoryRepository, PartialDate
from mou_tracker.importers import (
    DateColumn,
    DatesSpec,
    IdSpec,
    ImportMapping,
    ImportReport,
    MappingError,
    PartiesSpec,
    SourceTable,
    StatusDetail,
    StatusSpec,
    import_table,
    mapping_from_toml,
)

AS_OF = pendulum.Date(2025, 10, 5)
S = AgreementStatus


def run(mapping: ImportMapping, header: Sequence[str], *rows: Sequence[str]) -> ImportReport:
    table = SourceTable.from_rows("t.csv", header, rows)
    return import_table(table, mapping, InMemoryRepository(), as_of=AS_OF)


def reasons(report: ImportReport) -> list[tuple[str | None, str | None, str, str]]:
    return [(i.column, i.value, i.reason, i.category) for i in report.rejected]


# -- a code checked against its name ----------------------------------------------------------

NAMED_HEADER = ("Ref", "Title", "ISO-Party1", "Party1", "ISO-Party2", "Party2", "Signed")
NAMED = ImportMapping(
    name="named",
    id=IdSpec(columns=("Ref",)),
    title="Title",
    parties=PartiesSpec(columns=("ISO-Party1", "ISO-Party2"), names=("Party1", "Party2")),
    dates=DatesSpec(signature=DateColumn(column="Signed")),
)


def named(*rows: Sequence[str], mapping: ImportMapping = NAMED) -> ImportReport:
    return run(mapping, NAMED_HEADER, *rows)


def test_a_code_that_contradicts_its_name_rejects_the_row_naming_both_values_and_columns() -> None:
    report = named(("R1", "Trade", "FR", "France", "NG", "Niger", "2001"))
    assert reasons(report) == [
        (
            "ISO-Party2",
            "NG",
            "ISO-Party2 'NG' is Nigeria but Party2 'Niger' is Niger",
            "code-name-mismatch",
        )
    ]


def test_codes_and_names_that_agree_import_without_notes() -> None:
    report = named(("R1", "Trade", "FRA", "France", "NE", "Niger", "2001"))
    assert report.added == ("r1",)
    assert report.notes == ()


def test_country_map_applies_to_the_code_and_the_name_so_a_mapping_can_settle_a_quirk() -> None:
    mapping = attrs.evolve(NAMED, country_map={"NG": "NE"})
    repo = InMemoryRepository()
    table = SourceTable.from_rows(
        "t.csv", NAMED_HEADER, [("R1", "Trade", "FR", "France", "NG", "Niger", "2001")]
    )
    report = import_table(table, mapping, repo, as_of=AS_OF)
    assert report.rejected == ()
    assert [p.country.code for p in repo.get_agreement("r1").parties] == ["FR", "NE"]


def test_a_name_the_library_cannot_resolve_is_noted_and_the_code_is_taken() -> None:
    report = named(("R1", "Trade", "FR", "France", "NE", "Republic of Nigerland", "2001"))
    assert report.added == ("r1",)
    [note] = report.notes
    assert (note.column, note.value) == ("Party2", "Republic of Nigerland")
    assert note.reason == (
        "Party2 'Republic of Nigerland' is not checked against ISO-Party2 'NE': "
        "unknown country 'Republic of Nigerland'"
    )


def test_a_blank_name_checks_nothing_and_a_bad_code_is_reported_once_as_before() -> None:
    report = named(
        ("R1", "Trade", "FR", "", "NE", "Niger", "2001"),
        ("R2", "Trade", "FR", "France", "XX", "Niger", "2001"),
    )
    assert report.added == ("r1",)
    assert [(i.row, i.category) for i in report.rejected] == [(3, "unknown-country")]


def test_name_columns_need_one_per_code_column_and_only_with_code_columns() -> None:
    with pytest.raises(MappingError, match="one name column per code column"):
        PartiesSpec(columns=("A", "B"), names=("Name A",))
    with pytest.raises(MappingError, match=r"only applies to parties\.columns"):
        PartiesSpec(list_column="Parties", names=("Name A",))


def test_a_toml_mapping_reads_the_name_columns_and_the_import_reads_them_as_columns() -> None:
    mapping = mapping_from_toml(
        'title = "Title"\n[id]\ncolumns = ["Ref"]\n[parties]\n'
        'columns = ["ISO-Party1", "ISO-Party2"]\nnames = ["Party1", "Party2"]\n'
    )
    assert mapping.parties.names == ("Party1", "Party2")
    assert {"Party1", "Party2"} <= set(mapping.columns())


# -- several formats per date column ----------------------------------------------------------

DATED_HEADER = ("Ref", "Title", "A", "B", "Signed")
DATED = ImportMapping(
    name="dated",
    id=IdSpec(columns=("Ref",)),
    title="Title",
    parties=PartiesSpec(columns=("A", "B")),
    dates=DatesSpec(signature=DateColumn(column="Signed", formats=("%d/%m/%Y", "%m-%Y", "%Y"))),
)


def signed_on(mapping: ImportMapping, text: str) -> PartialDate | None:
    repo = InMemoryRepository()
    table = SourceTable.from_rows("t.csv", DATED_HEADER, [("R1", "T", "FR", "DE", text)])
    report = import_table(table, mapping, repo, as_of=AS_OF)
    assert report.rejected == (), report.rejected
    return repo.get_agreement("r1").signed_on


@pytest.mark.parametrize(
    ("text", "date"),
    [("25/12/2003", "2003-12-25"), ("06-2000", "2000-06"), ("1999", "1999")],
)
def test_each_value_is_kept_at_the_precision_of_the_format_that_read_it(
    text: str, date: str
) -> None:
    assert signed_on(DATED, text) == PartialDate.parse(date)


def test_a_value_no_format_reads_is_rejected_naming_every_format() -> None:
    report = run(DATED, DATED_HEADER, ("R1", "T", "FR", "DE", "2000/06"))
    assert reasons(report) == [
        (
            "Signed",
            "2000/06",
            "the date '2000/06' does not match any of the formats '%d/%m/%Y', '%m-%Y', '%Y'",
            "invalid-date",
        )
    ]


def test_a_value_two_formats_read_as_different_dates_is_rejected_as_ambiguous() -> None:
    both = attrs.evolve(
        DATED,
        dates=DatesSpec(signature=DateColumn(column="Signed", formats=("%d/%m/%Y", "%m/%d/%Y"))),
    )
    report = run(both, DATED_HEADER, ("R1", "T", "FR", "DE", "03/06/2003"))
    assert reasons(report) == [
        (
            "Signed",
            "03/06/2003",
            "the date '03/06/2003' reads as 3 Jun 2003 with '%d/%m/%Y' but as 6 Mar 2003 with "
            "'%m/%d/%Y': ambiguous, and never guessed",
            "ambiguous-date",
        )
    ]


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 1, 1)))
def test_two_orders_read_a_day_only_when_they_agree_or_only_one_fits(day: dt.date) -> None:
    column = DateColumn(column="Signed", formats=("%d/%m/%Y", "%m/%d/%Y"))
    both = attrs.evolve(DATED, dates=DatesSpec(signature=column))
    report = run(both, DATED_HEADER, ("R1", "T", "FR", "DE", day.strftime("%d/%m/%Y")))
    if day.day == day.month or day.day > 12:
        assert report.rejected == ()
    else:
        assert [i.category for i in report.rejected] == ["ambiguous-date"]


def test_the_same_date_read_by_two_formats_is_accepted() -> None:
    column = DateColumn(column="Signed", formats=("iso", "%Y"))
    assert signed_on(attrs.evolve(DATED, dates=DatesSpec(signature=column)), "1999") == (
        PartialDate(year=1999)
    )


def test_a_date_column_takes_format_or_formats_but_not_both() -> None:
    with pytest.raises(MappingError, match="format or formats, not both"):
        DateColumn(column="Signed", format="%Y", formats=("%Y",))
    with pytest.raises(MappingError, match="a day needs a month"):
        DateColumn(column="Signed", formats=("%Y", "%d %Y"))


def test_a_toml_date_column_takes_format_or_formats_but_not_both() -> None:
    base = 'title = "T"\n[id]\ncolumns = ["Ref"]\n[parties]\ncolumns = ["A", "B"]\n[dates]\n'
    mapping = mapping_from_toml(
        base + 'signature = { column = "S", formats = ["%d/%m/%Y", "%m-%Y"] }'
    )
    assert mapping.dates.signature is not None
    assert mapping.dates.signature.all_formats() == ("%d/%m/%Y", "%m-%Y")
    one = mapping_from_toml(base + 'signature = { column = "S", format = "%d/%m/%Y" }')
    assert one.dates.signature is not None
    assert one.dates.signature.all_formats() == ("%d/%m/%Y",)
    for wrong, message in [
        ('{ column = "S", format = "%Y", formats = ["%Y"] }', "not both"),
        ('{ column = "S", formats = [] }', "at least one format"),
        ('{ column = "S", formats = ["%d/%m/%y"] }', "two-digit"),
    ]:
        with pytest.raises(MappingError, match=message):
            mapping_from_toml(base + "signature = " + wrong, doc="m.toml")


# -- a status refined by a detail column ------------------------------------------------------

STATUS_HEADER = ("Ref", "Title", "A", "B", "Signed", "Force", "Ended", "Status", "Why")
STATUSED = ImportMapping(
    name="statused",
    id=IdSpec(columns=("Ref",)),
    title="Title",
    parties=PartiesSpec(columns=("A", "B")),
    dates=DatesSpec(
        signature=DateColumn(column="Signed"),
        entry_into_force=DateColumn(column="Force"),
        termination=DateColumn(column="Ended"),
    ),
    status=StatusSpec(
        column="Status",
        map={"In force": "in_force", "Terminated": "terminated"},
        detail=StatusDetail(
            column="Why",
            map={
                "Expired": "expired",
                "Replaced by new treaty": "superseded",
                "Terminated by consent": "terminated",
            },
        ),
    ),
)


def statused(*rows: Sequence[str]) -> tuple[ImportReport, InMemoryRepository]:
    repo = InMemoryRepository()
    table = SourceTable.from_rows("t.csv", STATUS_HEADER, rows)
    return import_table(table, STATUSED, repo, as_of=AS_OF), repo


@pytest.mark.parametrize(
    ("why", "status"),
    [
        ("Replaced by new treaty", S.SUPERSEDED),
        ("expired", S.EXPIRED),
        ("Terminated by consent", S.TERMINATED),
        ("", S.TERMINATED),
    ],
)
def test_the_detail_column_says_which_ended_status_dated_by_the_termination(
    why: str, status: AgreementStatus
) -> None:
    report, repo = statused(("R1", "T", "FR", "DE", "1990", "1991", "2010-05", "Terminated", why))
    assert report.rejected == ()
    last = repo.get_agreement("r1").history[-1]
    assert (last.status, last.date) == (status, PartialDate.parse("2010-05"))


def test_a_detail_word_not_in_the_map_rejects_the_row_naming_the_column_and_the_word() -> None:
    report, _ = statused(("R1", "T", "FR", "DE", "1990", "1991", "2010", "Terminated", "Lapsed"))
    assert reasons(report) == [
        ("Why", "Lapsed", "Why 'Lapsed' is not in status.detail.map", "unmapped-status-detail")
    ]


def test_a_refined_status_with_no_end_date_cannot_be_dated_like_the_main_status() -> None:
    report, _ = statused(("R1", "T", "FR", "DE", "1990", "1991", "", "Terminated", "Expired"))
    [problem] = report.rejected
    assert problem.category == "undated-status"
    assert "'Terminated (Why: Expired)' (expired) has no date" in problem.reason


def test_a_detail_beside_a_status_that_has_not_ended_is_ignored_with_a_note() -> None:
    report, repo = statused(("R1", "T", "FR", "DE", "1990", "1991", "", "In force", "Lapsed"))
    assert repo.get_agreement("r1").status is S.IN_FORCE
    [note] = report.notes
    assert (note.column, note.value) == ("Why", "Lapsed")
    assert note.reason == (
        "Why 'Lapsed' is ignored: the status column's 'In force' (in_force) is not an ended status"
    )


def test_a_detail_map_gives_only_ended_statuses() -> None:
    with pytest.raises(MappingError, match="'in_force' is not an ended status"):
        StatusDetail(column="Why", map={"Renewed": "in_force"})


def test_a_toml_mapping_reads_the_status_detail() -> None:
    mapping = mapping_from_toml(
        'title = "T"\n[id]\ncolumns = ["Ref"]\n[parties]\ncolumns = ["A", "B"]\n'
        '[status]\ncolumn = "Status"\nmap = { Terminated = "terminated" }\n'
        'detail = { column = "Type of termination", map = { "Replaced by new treaty" = '
        '"superseded" } }\n'
    )
    assert mapping.status is not None
    assert mapping.status.detail is not None
    assert mapping.status.detail.map == {"replaced by new treaty": S.SUPERSEDED}
    assert "Type of termination" in mapping.columns()
    with pytest.raises(MappingError, match=r"unknown key 'maps' in \[status.detail\]"):
        mapping_from_toml(
            'title = "T"\n[id]\ncolumns = ["Ref"]\n[parties]\ncolumns = ["A", "B"]\n'
            '[status]\ncolumn = "S"\nmap = {}\ndetail = { column = "W", maps = {} }\n'
        )


def test_the_docs_toml_fragments_for_these_features_read_into_a_mapping() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "importing.md").read_text("utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", docs, re.DOTALL)
    dates = next(b for b in blocks if "formats = [" in b)
    parties = next(b for b in blocks if "names = [" in b)
    status = next(b for b in blocks if "detail = {" in b)
    mapping = mapping_from_toml(
        f'title = "T"\n[id]\ncolumns = ["Ref"]\n{parties}\n[dates]\n{dates}\n{status}'
    )
    assert mapping.parties.names == ("Party1", "Party2")
    assert mapping.dates.signature is not None
    assert mapping.dates.signature.all_formats() == ("%d/%m/%Y", "%m-%Y", "%Y")
    assert mapping.status is not None
    assert mapping.status.detail is not None
    assert mapping.status.detail.map["unilaterally denounced"] is S.TERMINATED
