"""The whole repository as tables (CSV, JSON, DataFrame) and as one canonical JSON backup."""

from __future__ import annotations

import csv
import io
import json
import sys
import types
from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest
from click.testing import CliRunner

from mou_tracker import (
    Agreement,
    Engagement,
    InMemoryRepository,
    JsonRepository,
    MouTrackerError,
)
from mou_tracker.cli import cli
from mou_tracker.domain.filters import RecordFilter
from mou_tracker.export.tables import (
    agreements_table,
    commitments_table,
    engagements_table,
    records_table,
)
from mou_tracker.reports import Report

AS_OF = pendulum.Date(2025, 10, 1)


@pytest.fixture
def filled(agreement: Agreement, engagement: Engagement) -> InMemoryRepository:
    repo = InMemoryRepository()
    repo.add(engagement)
    repo.add(attrs.evolve(agreement, title='=HYPERLINK("http://evil")'))
    return repo


def test_the_agreements_table_has_one_row_per_agreement_with_its_status_as_of_the_day(
    filled: InMemoryRepository, agreement: Agreement
) -> None:
    table = agreements_table(filled, as_of=AS_OF)
    (row,) = table.rows
    record = dict(zip(table.headers, row, strict=True))
    assert record["id"] == agreement.id
    assert record["parties"] == ", ".join(p.country.code for p in agreement.parties)
    assert record["status"] == str(agreement.status_on(AS_OF))
    assert record["commitments"] == len(agreement.commitments)


def test_the_records_table_lists_agreements_then_engagements_with_dates_as_precise_as_known(
    filled: InMemoryRepository, agreement: Agreement, engagement: Engagement
) -> None:
    table = records_table(filled, as_of=AS_OF)
    assert [row[:2] for row in table.rows] == [
        (agreement.id, "agreement"),
        (engagement.id, "engagement"),
    ]
    first = dict(zip(table.headers, table.rows[0], strict=True))
    assert first["date"] == (None if agreement.signed_on is None else str(agreement.signed_on))
    assert first["parties"] == ", ".join(p.country.code for p in agreement.parties)
    assert first["status"] == str(agreement.status)
    assert table.rows[1][-1] is None  # an engagement has no status
    assert table.free_text == {"title"}
    assert table.notes == ()


def test_the_records_table_keeps_what_the_filter_keeps_and_names_the_filter(
    filled: InMemoryRepository, engagement: Engagement
) -> None:
    table = records_table(filled, as_of=AS_OF, where=RecordFilter(kinds=[str(engagement.kind)]))
    assert [row[0] for row in table.rows] == [engagement.id]
    assert table.notes == (f"Filters: kind: {engagement.kind}.",)


def test_the_csv_table_neutralises_formulas_and_keeps_the_original_recoverable(
    filled: InMemoryRepository,
) -> None:
    rows = list(csv.DictReader(io.StringIO(agreements_table(filled, as_of=AS_OF).to_csv())))
    assert rows[0]["title"] == '\'=HYPERLINK("http://evil")'
    assert rows[0]["title"][1:] == '=HYPERLINK("http://evil")'


def test_engagements_and_commitments_tables_list_every_record_and_commitment(
    filled: InMemoryRepository, agreement: Agreement, engagement: Engagement
) -> None:
    assert [r[0] for r in engagements_table(filled, as_of=AS_OF).rows] == [engagement.id]
    commitments = commitments_table(filled, as_of=AS_OF)
    expected = len(agreement.commitments) + len(engagement.commitments)
    assert len(commitments.rows) == expected
    assert json.loads(commitments.to_json())["headers"][0] == "record"


def test_to_dataframe_builds_a_pandas_frame_with_the_headers_as_columns(
    monkeypatch: pytest.MonkeyPatch, filled: InMemoryRepository
) -> None:
    calls: list[tuple[Any, Any]] = []
    fake = types.ModuleType("pandas")
    fake.DataFrame = lambda rows, columns: calls.append((rows, columns)) or "frame"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "pandas", fake)
    table = engagements_table(filled, as_of=AS_OF)
    assert table.to_dataframe() == "frame"
    assert calls == [([list(r) for r in table.rows], list(table.headers))]


def test_to_dataframe_without_pandas_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    report = Report(title="t", as_of=AS_OF, headers=("a",), rows=())
    with pytest.raises(MouTrackerError, match=r"pip install 'mou-tracker\[pandas\]'"):
        report.to_dataframe()


def test_the_cli_writes_tables_and_a_canonical_json_backup(
    tmp_path: Path, agreement: Agreement, engagement: Engagement
) -> None:
    store = tmp_path / "store.json"
    repo = JsonRepository(store)
    repo.add(engagement)
    repo.add(agreement)
    runner = CliRunner()
    out = tmp_path / "agreements.csv"
    result = runner.invoke(
        cli, ["--repo", str(store), "export", "table", "agreements", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert f"Wrote 1 agreements to {out}" in result.output
    assert next(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))[0] == "id"
    backup = tmp_path / "backup.json"
    result = runner.invoke(cli, ["--repo", str(store), "export", "json", "-o", str(backup)])
    assert result.exit_code == 0, result.output
    assert backup.read_bytes() == store.read_bytes()
    assert JsonRepository(backup).get(agreement.id) == agreement
