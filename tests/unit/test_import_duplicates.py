"""Rows that share a key: exact duplicates are merged, conflicting ones rejected and reported."""

from __future__ import annotations

import attrs
import pendulum

from mou_tracker import InMemoryRepository
from mou_tracker.importers import (
    Conflicts,
    DateColumn,
    DatesSpec,
    IdSpec,
    ImportMapping,
    ImportReport,
    PartiesSpec,
    SourceTable,
    import_table,
)

AS_OF = pendulum.Date(2025, 10, 5)
HEADER = ("Code", "Title", "Party A", "Party B", "Signed", "Remark")
MAPPING = ImportMapping(
    name="test",
    id=IdSpec(columns=("Code",), prefix="t"),
    title="Title",
    parties=PartiesSpec(columns=("Party A", "Party B")),
    dates=DatesSpec(signature=DateColumn(column="Signed", format="%d/%m/%Y")),
)
GOOD = ("PK-KZ-1", "Action plan", "Pakistan", "KAZ", "09/09/2025", "")
CHANGED = (*GOOD[:4], "10/09/2025", "")


def run(*rows: tuple[str, ...], mapping: ImportMapping = MAPPING) -> ImportReport:
    return import_table(
        SourceTable.from_rows("test.csv", HEADER, rows), mapping, InMemoryRepository(), as_of=AS_OF
    )


def test_an_exact_duplicate_row_is_merged_into_the_first_and_reported() -> None:
    report = run(GOOD, GOOD)
    assert report.counts()["imported"] == 1
    (merged,) = report.merged
    assert (merged.row, merged.reason, merged.category) == (
        3,
        "the same values as row 2",
        "duplicate",
    )


def test_rows_that_differ_only_in_a_column_the_mapping_does_not_read_are_duplicates() -> None:
    report = run(GOOD, (*GOOD[:5], "checked twice"))
    assert (report.counts()["imported"], report.counts()["merged"]) == (1, 1)


def test_conflicting_duplicates_are_all_rejected_by_default_with_the_columns_that_differ() -> None:
    report = run(GOOD, GOOD, CHANGED)
    assert report.counts() == {
        "imported": 0, "updated": 0, "unchanged": 0, "merged": 1, "rejected": 2
    }  # fmt: skip
    assert [(i.row, i.column, i.value) for i in report.rejected] == [
        (2, "Signed", "09/09/2025"),
        (4, "Signed", "10/09/2025"),
    ]
    assert report.rejected[0].reason == (
        "rows 2, 4 have the same key but differ in Signed; all are rejected"
    )


def test_keep_first_imports_the_first_of_conflicting_duplicates_and_rejects_the_rest() -> None:
    report = run(GOOD, CHANGED, mapping=attrs.evolve(MAPPING, conflicts=Conflicts.KEEP_FIRST))
    assert report.records == ((2, "t-pk-kz-1"),)
    (problem,) = report.rejected
    assert problem.row == 3
    assert problem.reason.endswith("the first is kept")
