"""A stray quote in the presets' real files: it costs the one row it is in, and nothing else.

Each file is imported clean, then with one ``"`` injected at the first, the middle or the last
data line; every other row must end exactly as in the clean import, under the same (physical)
line number, and the summary must still count every data row.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pendulum
import pytest

from mou_tracker import InMemoryRepository, JsonRepository
from mou_tracker.importers import (
    GGO,
    GPTAD,
    ImportMapping,
    ImportReport,
    RowRejectedError,
    import_file,
)

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
SAMPLES = Path(__file__).resolve().parents[1] / "data"
AS_OF = pendulum.Date(2025, 10, 5)
FULL_GGO = pytest.mark.skipif(
    not (SHARED / "ggo").is_dir(), reason="the full datasets are not in ../shared/data"
)
FULL_GPTAD = pytest.mark.skipif(
    not (SHARED / "gptad").is_dir(), reason="the full datasets are not in ../shared/data"
)


@attrs.frozen
class Dataset:
    path: Path
    mapping: ImportMapping
    parties: Path | None
    key: int
    """The position of the key column (rows sharing a key affect each other's outcome)."""

    def run(self, path: Path, *, strict: bool = False) -> ImportReport:
        repo = InMemoryRepository()
        return import_file(
            path, self.mapping, repo, as_of=AS_OF, parties=self.parties, strict=strict
        )


@pytest.fixture(
    scope="module",
    params=[
        pytest.param((SAMPLES / "ggo", "ggo"), id="ggo-sample"),
        pytest.param((SAMPLES / "gptad", "gptad"), id="gptad-sample"),
        pytest.param((SHARED / "ggo", "ggo"), id="ggo-full", marks=FULL_GGO),
        pytest.param((SHARED / "gptad", "gptad"), id="gptad-full", marks=FULL_GPTAD),
    ],
)
def dataset(request: pytest.FixtureRequest) -> tuple[Dataset, ImportReport]:
    folder, name = request.param
    if name == "ggo":
        found = Dataset(
            sorted(folder.glob("*agreements*.csv"))[0],
            GGO,
            sorted(folder.glob("*parties*.csv"))[0],
            key=0,
        )
    else:
        found = Dataset(sorted(folder.glob("*.csv"))[0], GPTAD, None, key=0)
    return found, found.run(found.path)


def outcomes(report: ImportReport) -> dict[int, str]:
    """Physical line -> what became of the row starting there."""
    found = {row: f"record {record}" for row, record in report.records}
    found.update({m.row: "merged" for m in report.merged})
    for issue in report.rejected:
        found.setdefault(issue.row, f"rejected: {issue.category}")
    return found


def inject(lines: list[str], number: int, how: str) -> list[str]:
    """The lines with a stray quote at the start of line ``number`` or of its last cell."""
    broken = list(lines)
    line = broken[number - 1]
    if how == "first cell":
        broken[number - 1] = '"' + line
    else:
        cut = line.rstrip("\r\n").rfind(",") + 1
        broken[number - 1] = line[:cut] + '"' + line[cut:]
    return broken


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_a_broken_quote_anywhere_in_the_ggo_or_gptad_file_costs_exactly_one_row(
    dataset: tuple[Dataset, ImportReport], where: str, tmp_path: Path
) -> None:
    check_one_row_lost(dataset, where, "last cell", tmp_path)


@pytest.mark.parametrize(
    "dataset",
    [
        pytest.param((SAMPLES / "ggo", "ggo"), id="ggo-sample"),
        pytest.param((SAMPLES / "gptad", "gptad"), id="gptad-sample"),
    ],
    indirect=True,
)
@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_a_quote_opening_the_first_cell_of_a_line_costs_exactly_that_row(
    dataset: tuple[Dataset, ImportReport], where: str, tmp_path: Path
) -> None:
    check_one_row_lost(dataset, where, "first cell", tmp_path)


def check_one_row_lost(
    dataset: tuple[Dataset, ImportReport], where: str, how: str, tmp_path: Path
) -> None:
    data, clean = dataset
    lines = data.path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = {"first": 2, "middle": len(lines) // 2, "last": len(lines)}[where]
    broken = tmp_path / data.path.name
    broken.write_text("".join(inject(lines, number, how)), encoding="utf-8")

    report = data.run(broken)

    assert report.rows == clean.rows == len(lines) - 1
    assert sum(report.counts().values()) == report.rows
    assert outcomes(report)[number].startswith("rejected")
    key = lines[number - 1].split(",")[data.key]
    sharing = {n for n, line in enumerate(lines, start=1) if line.split(",")[data.key] == key}
    before, after = outcomes(clean), outcomes(report)
    changed = {n for n in before.keys() | after.keys() if before.get(n) != after.get(n)}
    assert changed - sharing <= {number}


def test_strict_mode_refuses_a_file_with_a_broken_quote_naming_its_line_before_other_problems(
    dataset: tuple[Dataset, ImportReport], tmp_path: Path
) -> None:
    data, _ = dataset
    lines = data.path.read_text(encoding="utf-8").splitlines(keepends=True)
    broken = tmp_path / data.path.name
    number = len(lines) // 2
    broken.write_text("".join(inject(lines, number, "last cell")), encoding="utf-8")
    repo = JsonRepository(tmp_path / "store.json")
    with pytest.raises(RowRejectedError, match=rf"^row {number}: an unbalanced quote\? ") as caught:
        import_file(broken, data.mapping, repo, as_of=AS_OF, parties=data.parties, strict=True)
    assert caught.value.row == number
    assert not repo.path.exists()
