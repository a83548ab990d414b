"""The GPTAD preset over the sample in tests/data and, when present, the full file in shared/data.

What the checks expect (duplicates, impossible histories) is recomputed from the CSV file with
the ``csv`` module, independently of the importer.
"""

from __future__ import annotations

import collections
import csv
import datetime as dt
from pathlib import Path

import attrs
import pendulum
import pytest

from mou_tracker import JsonRepository
from mou_tracker.importers import GPTAD, ImportReport, import_file

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
SAMPLES = Path(__file__).resolve().parents[1] / "data"
AS_OF = pendulum.Date(2025, 10, 5)
FULL = pytest.mark.skipif(
    not (SHARED / "gptad").is_dir(), reason="the full datasets are not in ../shared/data"
)


@attrs.frozen
class Imported:
    path: Path
    rows: list[list[str]]
    repo: JsonRepository
    report: ImportReport


@pytest.fixture(
    scope="module",
    params=[
        pytest.param(SAMPLES / "gptad" / "GPTAD-sample.csv", id="sample"),
        pytest.param(SHARED / "gptad" / "GPTAD.csv", id="full", marks=FULL),
    ],
)
def imported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Imported:
    path: Path = request.param
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    repo = JsonRepository(tmp_path_factory.mktemp("gptad") / "gptad.json")
    return Imported(path, rows, repo, import_file(path, GPTAD, repo, as_of=AS_OF))


def categories(report: ImportReport) -> dict[int, set[str]]:
    found: dict[int, set[str]] = collections.defaultdict(set)
    for issue in report.rejected:
        found[issue.row].add(issue.category)
    return found


def test_every_row_is_accounted_for(imported: Imported) -> None:
    report = imported.report
    assert report.rows == len(imported.rows)
    assert sum(report.counts().values()) == report.rows
    made = {row for row, _ in report.records}
    merged = {m.row for m in report.merged}
    assert made | set(report.rejected_rows) | merged == set(range(2, report.rows + 2))


@FULL
@pytest.mark.parametrize(
    "imported", [pytest.param(SHARED / "gptad" / "GPTAD.csv", id="full")], indirect=True
)
def test_all_352_rows_of_the_full_file_are_accounted_for(imported: Imported) -> None:
    assert imported.report.rows == 352
    assert sum(imported.report.counts().values()) == 352


def test_the_exact_duplicate_is_merged_and_conflicting_duplicates_are_rejected(
    imported: Imported,
) -> None:
    first_seen: dict[tuple[str, ...], int] = {}
    exact: dict[int, int] = {}
    names: dict[str, set[tuple[str, ...]]] = collections.defaultdict(set)
    for number, row in enumerate(imported.rows, start=2):
        key = tuple(row)
        if key in first_seen:
            exact[number] = first_seen[key]
        first_seen.setdefault(key, number)
        names[row[0]].add(key)
    assert exact, "the data has an exact duplicate row"
    merged = {m.row: m.reason for m in imported.report.merged}
    assert merged == {n: f"the same values as row {first}" for n, first in exact.items()}
    conflicting = {
        number
        for number, row in enumerate(imported.rows, start=2)
        if len(names[row[0]]) > 1 and number not in exact
    }
    assert len(conflicting) >= 4
    found = categories(imported.report)
    assert {n for n, c in found.items() if "conflicting-duplicate" in c} == conflicting


def test_entry_into_force_before_signature_is_rejected_with_its_reason(imported: Imported) -> None:
    def day(text: str) -> dt.date | None:
        try:
            return dt.datetime.strptime(text, "%m/%d/%Y").date()
        except ValueError:
            return None

    backwards = set()
    for number, row in enumerate(imported.rows, start=2):
        signed, in_force = day(row[3]), day(row[4])
        if signed and in_force and in_force < signed:
            backwards.add(number)
    assert len(backwards) == 4
    found = categories(imported.report)
    assert all("impossible-history" in found[n] for n in backwards)


def test_outdated_and_misspelt_names_resolve_and_only_the_unmappable_one_is_reported(
    imported: Imported,
) -> None:
    (number,) = [n for n, row in enumerate(imported.rows, start=2) if row[0] == "AEC"]
    issues = [i for i in imported.report.rejected if i.row == number]
    assert [(i.value, i.category) for i in issues] == [("Sahrawi", "not-a-country")]


def test_importing_the_same_file_again_changes_nothing(imported: Imported) -> None:
    again = import_file(imported.path, GPTAD, imported.repo, as_of=AS_OF)
    assert again.counts()["unchanged"] == len(imported.report.records)
    assert again.rejected == imported.report.rejected
