"""End-to-end tests of ``mou-tracker chart ...``: click's runner on the seed store, the written
files read back."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mou_tracker.cli import cli

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import docs_commands

    return docs_commands.build_seed(tmp_path_factory.mktemp("seed"))


def run(seed: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--repo", str(seed), "chart", *args])


@pytest.mark.parametrize(
    ("args", "title"),
    [
        (["timeline", "--pair", "PK-KZ"], "Timeline (pair Kazakhstan–Pakistan), as of 15 Dec 2025"),
        (["matrix", "--country", "KZ"], "Cooperation areas by country pair (country Kazakhstan)"),
        (["deadlines", "--area", "trade"], "Open commitments by due date (area Trade)"),
        (["by-year", "--by", "kind"], "Agreements signed and entered into force per year, by kind"),
    ],
)
def test_each_chart_command_writes_an_svg_with_the_charts_title(
    seed: Path, tmp_path: Path, args: list[str], title: str
) -> None:
    out = tmp_path / "chart.svg"
    result = run(seed, *args, "--as-of", "2025-12-15", "-o", str(out))
    assert result.exit_code == 0, result.output
    written = ET.parse(out).getroot().find(f"{SVG}title")
    assert written is not None
    assert written.text is not None
    assert written.text.startswith(title)
    assert result.output == f"Wrote {written.text} to {out}\n"


def test_the_format_follows_the_suffix(seed: Path, tmp_path: Path) -> None:
    for name, magic in (("c.png", b"\x89PNG"), ("c.pdf", b"%PDF-")):
        result = run(seed, "deadlines", "--as-of", "2025-12-15", "-o", str(tmp_path / name))
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).read_bytes().startswith(magic)


def test_an_unknown_suffix_is_a_one_line_error(seed: Path, tmp_path: Path) -> None:
    result = run(seed, "matrix", "-o", str(tmp_path / "chart.gif"))
    assert result.exit_code == 1
    assert "name the file .svg, .png or .pdf" in result.output
    assert "Traceback" not in result.output


def test_a_chart_needs_an_output_file(seed: Path) -> None:
    result = run(seed, "timeline", "--pair", "PK-KZ")
    assert result.exit_code == 1
    assert "Missing option '--output'" in result.output


def test_the_chart_help_lists_the_four_charts(seed: Path) -> None:
    result = run(seed, "--help")
    assert result.exit_code == 0
    for name in ("timeline", "matrix", "deadlines", "by-year"):
        assert name in result.output


def test_the_command_line_without_matplotlib_says_which_extra_to_install(
    seed: Path, tmp_path: Path
) -> None:
    code = (
        "import sys; sys.modules['matplotlib'] = None\n"
        "from mou_tracker.cli import main\n"
        f"main(['--repo', {str(seed)!r}, 'chart', 'matrix', '-o', {str(tmp_path / 'm.svg')!r}])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "mou-tracker: error: charts need matplotlib: pip install 'mou-tracker[charts]'"
    )
    assert not (tmp_path / "m.svg").exists()
