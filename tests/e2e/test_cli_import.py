"""``mou-tracker import``: the documented example, the presets on the samples, the errors."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mou_tracker import JsonRepository
from mou_tracker.cli import cli

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "importing.md"
SAMPLES = ROOT / "tests" / "data"


def docs_block(language: str, first_line: str) -> str:
    blocks = re.findall(rf"```{language}\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    return next(block for block in blocks if block.startswith(first_line))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with an empty repository and the docs' example files."""
    JsonRepository.create(tmp_path / "pk.json")
    (tmp_path / "partnerships.csv").write_text(docs_block("csv", "Ref,"), encoding="utf-8")
    toml = docs_block("toml", "# partnerships.toml")
    (tmp_path / "partnerships.toml").write_text(toml, encoding="utf-8")
    return tmp_path


def mou(folder: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--repo", str(folder / "pk.json"), *args])


def example(folder: Path, *extra: str) -> Result:
    return mou(
        folder,
        "import",
        str(folder / "partnerships.csv"),
        "--mapping",
        str(folder / "partnerships.toml"),
        "--as-of",
        "2025-10-05",
        *extra,
    )


def test_importing_the_example_again_leaves_every_record_unchanged(folder: Path) -> None:
    example(folder)
    before = (folder / "pk.json").read_bytes()
    result = example(folder, "--format", "csv")
    rows = dict(csv.reader(io.StringIO(result.stdout)))
    assert (rows["imported"], rows["unchanged"]) == ("0", "5")
    assert (folder / "pk.json").read_bytes() == before
    assert "2 rows were rejected; --report-csv PATH lists each" in result.stderr


def test_strict_mode_fails_on_the_first_problem_and_writes_nothing(folder: Path) -> None:
    before = (folder / "pk.json").read_bytes()
    result = example(folder, "--strict")
    assert result.exit_code == 1
    assert result.stderr == (
        "mou-tracker: error: row 8, column 'Signed', value '31/04/2015': 31/04/2015 is not a "
        "calendar day (day is out of range for month) (strict mode: nothing was written)\n"
    )
    assert (folder / "pk.json").read_bytes() == before


def test_the_ggo_preset_imports_the_sample_with_its_parties_file(folder: Path) -> None:
    result = mou(
        folder,
        "import",
        str(SAMPLES / "ggo" / "agreements.csv"),
        "--preset",
        "ggo",
        "--parties",
        str(SAMPLES / "ggo" / "parties.csv"),
        "--as-of",
        "2025-10-05",
        "--format",
        "csv",
    )
    assert result.exit_code == 0, result.output
    rows = dict(csv.reader(io.StringIO(result.stdout)))
    assert rows["total"] == "300"
    assert int(rows["imported"]) + int(rows["rejected"]) == 300
    assert JsonRepository(folder / "pk.json").get_agreement("ggo-can-usa-1947n")


def test_the_gptad_preset_imports_the_sample(folder: Path) -> None:
    result = mou(folder, "import", str(SAMPLES / "gptad" / "GPTAD-sample.csv"), "--preset", "gptad")
    assert result.exit_code == 0, result.output
    assert "merged                                1" in result.stdout
    assert "rejected: conflicting-duplicate       4" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give either --mapping MAPPING.toml or --preset NAME"),
        (["--preset", "gptad", "--mapping", "m.toml"], "give either --mapping"),
        (["--preset", "ggo"], "joins a parties table on 'treatyID': give the parties file too"),
        (["--preset", "gptad", "--parties", "partnerships.csv"], "it takes no parties file"),
        (
            ["--preset", "gptad"],
            "reads columns 'Common.Name', 'In.force.status', 'Date.of.Signature'",
        ),
        (["--mapping", "bad.toml"], "bad.toml: unknown key 'titel'; known keys: name, title"),
        (["--preset", "unesco"], "Invalid value for '--preset'"),
    ],
)
def test_a_wrong_invocation_is_one_line_on_standard_error(
    folder: Path, args: list[str], message: str
) -> None:
    (folder / "bad.toml").write_text('titel = "Title"\n', encoding="utf-8")
    (folder / "m.toml").write_text("", encoding="utf-8")
    resolved = [str(folder / a) if a.endswith((".toml", ".csv")) else a for a in args]
    result = mou(folder, "import", str(folder / "partnerships.csv"), *resolved)
    assert result.exit_code == 1
    assert result.stderr.startswith("mou-tracker: error: ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


def test_the_repository_must_exist(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("x\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "--repo",
            str(tmp_path / "none.json"),
            "import",
            str(tmp_path / "a.csv"),
            "--preset",
            "gptad",
        ],
    )
    assert result.exit_code == 1
    assert "no repository at" in result.stderr
