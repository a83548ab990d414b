"""Running an import over rows: outcomes, row numbers, one transaction, re-imports."""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterator, Sequence

import attrs
import pendulum
import pytest

from mou_tracker import (
    AgreementKind,
    AgreementStatus,
    Commitment,
    CooperationArea,
    Engagement,
    EngagementKind,
    InMemoryRepository,
    Party,
    Record,
)
from mou_tracker.importers import (
    AreasSpec,
    DateColumn,
    DatesSpec,
    IdSpec,
    ImportMapping,
    ImportReport,
    KindSpec,
    PartiesSpec,
    RowRejectedError,
    SourceFileError,
    SourceTable,
    Unmapped,
    import_table,
)

AS_OF = pendulum.Date(2025, 10, 5)
HEADER = ("Code", "Title", "Kind", "Party A", "Party B", "Sector", "Signed", "In force", "Remark")
MAPPING = ImportMapping(
    name="test",
    id=IdSpec(columns=("Code",), prefix="t"),
    title="Title",
    kind=KindSpec(
        column="Kind",
        map={"MoU": AgreementKind.MOU, "Agreement": AgreementKind.AGREEMENT},
        default=AgreementKind.OTHER,
    ),
    parties=PartiesSpec(columns=("Party A", "Party B")),
    areas=AreasSpec(
        column="Sector",
        separator=";",
        map={"Trade": "trade", "Space": "space", "Misc": "skip"},
        declare=[CooperationArea(code="space", label="Space")],
    ),
    dates=DatesSpec(
        signature=DateColumn(column="Signed", format="%d/%m/%Y"),
        entry_into_force=DateColumn(column="In force"),
    ),
)
GOOD = ("PK-KZ-1", "Action plan", "MoU", "Pakistan", "KAZ", "Trade; Space", "09/09/2025", "", "")
OTHER = ("PK-UZ-1", "Transit", "Agreement", "PK", "Uzbekistan", "Misc", "1/2/2024", "2024-06", "")


def table(*rows: Sequence[str], header: Sequence[str] = HEADER) -> SourceTable:
    return SourceTable.from_rows("test.csv", header, rows)


def run(
    repo: InMemoryRepository,
    *rows: Sequence[str],
    mapping: ImportMapping = MAPPING,
    strict: bool = False,
) -> ImportReport:
    return import_table(table(*rows), mapping, repo, as_of=AS_OF, strict=strict)


def test_valid_rows_become_agreements_with_ids_from_their_keys() -> None:
    repo = InMemoryRepository()
    report = run(repo, GOOD, OTHER)
    assert report.counts() == {
        "imported": 2, "updated": 0, "unchanged": 0, "merged": 0, "rejected": 0
    }  # fmt: skip
    assert report.records == ((2, "t-pk-kz-1"), (3, "t-pk-uz-1"))
    plan = repo.get_agreement("t-pk-kz-1")
    assert plan.kind is AgreementKind.MOU
    assert plan.countries == {Party(country="PK").country, Party(country="KZ").country}
    assert plan.areas == {"trade", "space"}
    assert plan.signed_on is not None
    assert plan.signed_on.isoformat() == "2025-09-09"
    transit = repo.get_agreement("t-pk-uz-1")
    assert [(c.status, c.date.isoformat()) for c in transit.history] == [
        (AgreementStatus.SIGNED, "2024-02-01"),
        (AgreementStatus.IN_FORCE, "2024-06"),
    ]
    assert transit.areas == frozenset()


def test_each_problem_names_the_row_as_in_the_file_its_own_column_and_the_value() -> None:
    bad = ("PK-CN-1", "Corridor", "MoU", "Pakistan", "Atlantis", "", "28/02/2025", "", "")
    report = run(InMemoryRepository(), GOOD, bad)
    assert report.rejected_rows == (3,)
    (problem,) = report.rejected
    assert (problem.row, problem.column, problem.value) == (3, "Party B", "Atlantis")
    assert problem.reason == "unknown country 'Atlantis'"


def test_every_problem_of_a_rejected_row_is_listed() -> None:
    bad = ("PK-CN-1", "", "Treaty", "Pakistan", "Atlantis", "Mining", "31/02/2025", "", "")
    report = run(InMemoryRepository(), bad)
    assert [i.category for i in report.rejected] == [
        "missing-title",
        "unmapped-kind",
        "unmapped-area",
        "invalid-date",
        "unknown-country",
    ]
    assert report.reasons() == {"missing-title": 1}


def test_a_blank_kind_takes_the_default_and_an_unknown_area_can_be_left_out_with_a_note() -> None:
    mapping = attrs.evolve(
        MAPPING,
        areas=attrs.evolve(MAPPING.areas, unmapped=Unmapped.IGNORE),  # type: ignore[misc]
    )
    row = ("X-1", "Visit", "", "PK", "KZ", "Trade; Mining", "01/01/2020", "", "")
    repo = InMemoryRepository()
    report = run(repo, row, mapping=mapping)
    assert repo.get_agreement("t-x-1").kind is AgreementKind.OTHER
    assert repo.get_agreement("t-x-1").areas == {"trade"}
    assert [n.reason for n in report.notes] == ["area 'Mining' is not in areas.map: left out"]


def test_one_party_is_not_an_agreement() -> None:
    row = ("X-1", "Solo", "MoU", "PK", "Pakistan", "", "01/01/2020", "", "")
    (problem,) = run(InMemoryRepository(), row).rejected
    assert problem.category == "too-few-countries"
    assert problem.reason == "fewer than two countries (found: PK)"


def test_a_row_of_the_wrong_length_is_rejected() -> None:
    (problem,) = run(InMemoryRepository(), GOOD[:5]).rejected
    assert problem.reason == "the row has 5 cells, the header 9"


def test_a_missing_column_stops_the_import_before_any_row() -> None:
    rows = table(GOOD[:7], header=HEADER[:7])
    with pytest.raises(SourceFileError, match="'In force'"):
        import_table(rows, MAPPING, InMemoryRepository(), as_of=AS_OF)


def test_rows_without_a_key_are_rejected() -> None:
    (problem,) = run(InMemoryRepository(), ("", *GOOD[1:])).rejected
    assert (problem.row, problem.category) == (2, "missing-key")


class CountingRepository(InMemoryRepository):
    """Counts transactions, and changes made outside one (through the public interface)."""

    def __init__(self) -> None:
        super().__init__()
        self.saves = 0
        self.writes = 0
        self.outside = 0
        self._inside = False

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        with super().batch():
            self._inside = True
            try:
                yield
            finally:
                self._inside = False
        self.saves += 1

    def add(self, record: Record) -> int:
        self.writes += 1
        self.outside += not self._inside
        return super().add(record)

    def update(self, record: Record, *, expected_version: int) -> int:
        self.writes += 1
        self.outside += not self._inside
        return super().update(record, expected_version=expected_version)


def test_the_valid_rows_are_saved_together_in_one_transaction() -> None:
    repo = CountingRepository()
    report = run(repo, GOOD, OTHER, ("X", "Bad", "MoU", "PK", "", "", "", "", ""))
    assert report.counts()["imported"] == 2
    assert report.counts()["rejected"] == 1
    assert (repo.saves, repo.outside) == (1, 0)


def test_strict_mode_stops_at_the_first_problem_and_writes_nothing() -> None:
    repo = CountingRepository()
    bad = ("PK-CN-1", "Corridor", "MoU", "Pakistan", "Atlantis", "", "", "", "")
    with pytest.raises(RowRejectedError, match=r"^row 3, column 'Party B'") as info:
        run(repo, GOOD, bad, OTHER, strict=True)
    assert (info.value.row, info.value.value) == (3, "Atlantis")
    assert len(repo) == 0
    assert repo.saves == 0


def test_strict_mode_imports_a_clean_file() -> None:
    assert run(InMemoryRepository(), GOOD, OTHER, strict=True).counts()["imported"] == 2


def test_importing_the_same_rows_again_changes_nothing() -> None:
    repo = CountingRepository()
    run(repo, GOOD, OTHER)
    again = run(repo, GOOD, OTHER)
    assert again.counts()["unchanged"] == 2
    assert not again.written
    assert repo.version("t-pk-kz-1") == 1
    assert repo.writes == 2


def test_a_changed_row_updates_its_record_and_keeps_what_the_import_does_not_manage() -> None:
    repo = InMemoryRepository()
    run(repo, GOOD)
    stored = repo.get_agreement("t-pk-kz-1")
    tracked = attrs.evolve(
        stored, commitments=(*stored.commitments, Commitment(id="visas", text="Simplify visas"))
    )
    repo.update(tracked, expected_version=1)
    report = run(repo, (*GOOD[:1], "Action plan 2025-2027", *GOOD[2:]))
    assert report.updated == ("t-pk-kz-1",)
    record = repo.get_agreement("t-pk-kz-1")
    assert record.title == "Action plan 2025-2027"
    assert [c.id for c in record.commitments] == ["visas"]
    assert repo.version("t-pk-kz-1") == 3


def test_an_id_held_by_an_engagement_is_not_overwritten() -> None:
    repo = InMemoryRepository()
    repo.add(
        Engagement(
            id="t-pk-kz-1",
            kind=EngagementKind.TALKS,
            title="Talks",
            parties=[Party(country="PK"), Party(country="KZ")],
        )
    )
    (problem,) = run(repo, GOOD).rejected
    assert problem.category == "not-saved"
    assert "taken by an engagement" in problem.reason
    assert isinstance(repo.get("t-pk-kz-1"), Engagement)


def test_an_area_the_repository_does_not_know_rejects_the_row() -> None:
    mapping = attrs.evolve(MAPPING, areas=attrs.evolve(MAPPING.areas, declare=()))  # type: ignore[misc]
    (problem,) = run(InMemoryRepository(), GOOD, mapping=mapping).rejected
    assert problem.category == "undeclared-area"


def test_the_report_tables_list_outcomes_and_every_row_issue_safely_as_csv() -> None:
    bad = ("=cmd", "Corridor", "MoU", "Pakistan", "=HYPERLINK()", "", "", "", "")
    report = run(InMemoryRepository(), GOOD, bad)
    summary = {row[0]: row[1] for row in report.summary().rows}
    assert summary["total"] == 2
    assert summary["rejected: unknown-country"] == 1
    lines = list(csv.reader(io.StringIO(report.issues().to_csv())))
    assert lines[0] == ["outcome", "row", "column", "value", "reason", "category"]
    assert lines[1][:4] == ["rejected", "3", "Party B", "'=HYPERLINK()"]


def test_every_row_ends_in_exactly_one_outcome() -> None:
    rows = [GOOD, GOOD, OTHER, ("PK-UZ-1", "Transit v2", *OTHER[2:]), ("", *GOOD[1:])]
    report = run(InMemoryRepository(), *rows)
    assert sum(report.counts().values()) == report.rows == 5
    assert report.counts() == {
        "imported": 1, "updated": 0, "unchanged": 0, "merged": 1, "rejected": 3
    }  # fmt: skip
