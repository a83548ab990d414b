"""The command line follows sides: ``report pairs --bilateral`` and the other filtered commands
keep only the records with exactly two sides, and no report counts countries of one side as a
pair."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from mou_tracker import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    JsonRepository,
    Party,
    StatusChange,
)
from mou_tracker.cli import cli

AS_OF = "2025-10-15"


def agreement(record_id: str, *parties: Party) -> Agreement:
    return Agreement(
        id=record_id,
        kind=AgreementKind.TREATY,
        title="Investment treaty",
        parties=parties,
        history=[StatusChange(status=AgreementStatus.IN_FORCE, date="2001-05")],
    )


@pytest.fixture
def repo_path(tmp_path: Path) -> Path:
    path = tmp_path / "treaties.json"
    repo = JsonRepository.create(path)
    repo.add(
        agreement(
            "bleu-fr",
            Party(country="BE", side="BLEU"),
            Party(country="LU", side="BLEU"),
            Party(country="FR"),
        )
    )
    repo.add(agreement("convention", *(Party(country=c) for c in ("DE", "NL", "PL", "FR"))))
    return path


def csv_rows(runner: CliRunner, *args: str) -> list[dict[str, str]]:
    result = runner.invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_report_pairs_bilateral_keeps_only_records_with_two_sides(repo_path: Path) -> None:
    runner = CliRunner(env={"MOU_TRACKER_REPO": None})
    base = ("--repo", str(repo_path), "report", "pairs", "--as-of", AS_OF, "--format", "csv")
    every = [row["Pair"] for row in csv_rows(runner, *base)]
    bilateral = [row["Pair"] for row in csv_rows(runner, *base, "--bilateral")]
    assert len(every) == 2 + 6
    assert "Belgium–Luxembourg" not in every
    assert bilateral == ["Belgium–France", "France–Luxembourg"]


def test_list_bilateral_keeps_only_records_with_two_sides(repo_path: Path) -> None:
    runner = CliRunner(env={"MOU_TRACKER_REPO": None})
    rows = csv_rows(runner, "--repo", str(repo_path), "list", "--bilateral", "--format", "csv")
    assert [row["id"] for row in rows] == ["bleu-fr"]


def test_the_pair_filter_does_not_find_two_countries_of_one_side(repo_path: Path) -> None:
    runner = CliRunner(env={"MOU_TRACKER_REPO": None})
    rows = csv_rows(runner, "--repo", str(repo_path), "list", "--pair", "BE-LU", "--format", "csv")
    assert rows == []
