"""The docs that run: every documented command prints what its page shows (see docs_commands).

When a test here fails because behaviour changed on purpose, ``make docs`` rewrites the outputs.
"""

from __future__ import annotations

from pathlib import Path

import docs_commands
import pytest
from docs_commands import PAGES, ROOT, DocsError, regenerate
from docs_pages import blocks, diff, matches


@pytest.fixture(scope="session")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store ``make demo`` writes, built once."""
    return docs_commands.build_seed(tmp_path_factory.mktemp("seed"))


def check(text: str, seed: Path, folder: Path) -> str:
    return regenerate(text, name="page.md", folder=folder, seed=seed)


def checkout() -> set[str]:
    return {p.name for p in ROOT.iterdir()} | {p.name for p in (ROOT / "docs").iterdir()}


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(ROOT).as_posix())
def test_every_command_on_the_page_prints_what_the_page_shows(
    page: Path, seed: Path, tmp_path: Path
) -> None:
    name = page.relative_to(ROOT).as_posix()
    text = page.read_text(encoding="utf-8")
    before = checkout()
    regenerated = regenerate(text, name=name, folder=tmp_path, seed=seed)
    assert checkout() == before  # every command wrote in the page's own folder
    if regenerated != text:
        pytest.fail(
            f"{diff(text, regenerated, name)}\n{name} is stale: run 'make docs' to rewrite its "
            "outputs from what the commands print now, and review the diff",
            pytrace=False,
        )


def test_the_pages_with_command_examples_all_have_them_run() -> None:
    sessions = {
        page.relative_to(ROOT).as_posix(): sum(
            len(b.commands()) for b in blocks(page.read_text(encoding="utf-8")) if b.is_session
        )
        for page in PAGES
    }
    assert {name for name, count in sessions.items() if count} == {
        "README.md",
        "docs/calendar.md",
        "docs/charts.md",
        "docs/cli.md",
        "docs/dashboard.md",
        "docs/importing.md",
    }
    assert sessions["docs/cli.md"] >= 30


def test_the_readme_python_example_is_run_and_what_it_prints_is_shown() -> None:
    markers = [b.marker for b in blocks((ROOT / "README.md").read_text(encoding="utf-8"))]
    assert markers.index(("run",)) + 1 == markers.index(("output",))


def test_a_stale_output_is_rewritten_from_what_the_command_prints(
    seed: Path, tmp_path: Path
) -> None:
    page = "```console\n$ mou-tracker --repo build/pakistan-kazakhstan.json validate\nstale\n```\n"
    assert check(page, seed, tmp_path) == page.replace(
        "stale", "build/pakistan-kazakhstan.json: OK (2 agreements, 4 engagements)"
    )


def test_a_command_without_as_of_reports_on_the_docs_day_not_on_the_clock(
    seed: Path, tmp_path: Path
) -> None:
    page = "```console\n$ mou-tracker --repo build/pakistan-kazakhstan.json list --format json\n```"
    assert '"as_of": "2025-10-15"' in check(page, seed, tmp_path)


def test_a_command_that_fails_where_the_page_shows_success_is_an_error(
    seed: Path, tmp_path: Path
) -> None:
    page = "```console\n$ mou-tracker --repo nowhere.json list\nid type\n```\n"
    with pytest.raises(DocsError, match=r"page.md:2: .* failed \(exit status 1\)"):
        check(page, seed, tmp_path)


def test_a_documented_error_that_no_longer_happens_is_an_error(seed: Path, tmp_path: Path) -> None:
    page = "```console\n$ mou-tracker --version\nmou-tracker: error: no version\n```\n"
    with pytest.raises(DocsError, match="succeeded"):
        check(page, seed, tmp_path)


def test_echo_status_shows_the_exit_status_of_the_command_before(
    seed: Path, tmp_path: Path
) -> None:
    page = "```console\n$ mou-tracker --repo broken.json validate\n...\n$ echo $?\n0\n```\n"
    assert check(page, seed, tmp_path).endswith("$ echo $?\n1\n```\n")


def test_a_mou_tracker_command_outside_a_console_session_is_refused(
    seed: Path, tmp_path: Path
) -> None:
    page = "```text\n$ mou-tracker list\n```\n"
    with pytest.raises(DocsError, match="line 2: \\$ mou-tracker list"):
        check(page, seed, tmp_path)


def test_an_unknown_command_or_marker_is_refused(seed: Path, tmp_path: Path) -> None:
    with pytest.raises(DocsError, match="does not know how to run 'rm -rf build'"):
        check("```console\n$ rm -rf build\n```\n", seed, tmp_path / "a")
    with pytest.raises(DocsError, match="unknown marker 'docs: skip'"):
        check("<!-- docs: skip -->\n```console\n$ mou-tracker list\n```\n", seed, tmp_path / "b")


def test_input_files_and_printed_output_blocks_are_checked(seed: Path, tmp_path: Path) -> None:
    page = (
        "<!-- docs: input note.txt -->\n```text\nhello\n```\n"
        "<!-- docs: run -->\n```python\nfrom pathlib import Path\n"
        "print(Path('note.txt').read_text().upper())\n```\n"
        "<!-- docs: output -->\n```text\nstale\n```\n"
    )
    assert check(page, seed, tmp_path) == page.replace("stale", "HELLO")


@pytest.mark.parametrize(
    ("expected", "actual", "result"),
    [
        (["a", "...", "d"], ["a", "b", "c", "d"], True),
        (["a", "...", "d"], ["a", "d"], True),
        (["a", "  ...", "d"], ["a", "b", "x"], False),
        (["a", "b"], ["a", "b", "c"], False),
        (["a.b"], ["axb"], False),
    ],
)
def test_an_ellipsis_line_stands_for_any_lines_and_nothing_else_does(
    expected: list[str], actual: list[str], result: bool
) -> None:
    assert matches(expected, actual) is result
