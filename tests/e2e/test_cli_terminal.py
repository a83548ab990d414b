"""On a terminal, text tables fit its width; to a pipe they are printed in full, unchanged.

The CLI and the seed example run as real processes on a pseudo-terminal whose size is set with
``TIOCSWINSZ`` (``shutil.get_terminal_size`` reads it; ``COLUMNS``, when set, comes first).
"""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
from collections.abc import Callable
from pathlib import Path

import pendulum
import pytest

from mou_tracker import JsonRepository
from mou_tracker.export.tables import records_table
from mou_tracker.reports import (
    Report,
    cadence,
    deadline_summary,
    deadlines,
    pair_area_matrix,
    status_by_area,
    status_by_pair,
    timeline,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "pakistan_kazakhstan_2025.py"
DAY = pendulum.Date
PAIR = "Kazakhstan–Pakistan"

# Each command on the seed store, and the report it prints (to check what must be shown whole).
COMMANDS: dict[str, tuple[list[str], Callable[[JsonRepository], Report]]] = {
    "pairs": (
        ["report", "pairs", "--as-of", "2025-10-15"],
        lambda repo: status_by_pair(repo, as_of=DAY(2025, 10, 15)),
    ),
    "areas": (
        ["report", "areas", "--as-of", "2025-10-15"],
        lambda repo: status_by_area(repo, as_of=DAY(2025, 10, 15)),
    ),
    "matrix": (
        ["report", "matrix", "--as-of", "2025-12-15"],
        lambda repo: pair_area_matrix(repo, as_of=DAY(2025, 12, 15)),
    ),
    "deadlines": (
        ["report", "deadlines", "--as-of", "2025-10-15", "--within", "60"],
        lambda repo: deadlines(repo, as_of=DAY(2025, 10, 15), within=60),
    ),
    "summary": (
        ["report", "summary", "--as-of", "2025-12-15"],
        lambda repo: deadline_summary(repo, as_of=DAY(2025, 12, 15)),
    ),
    "timeline": (
        ["report", "timeline", "--pair", "PK-KZ", "--as-of", "2026-01-01"],
        lambda repo: timeline(repo, pair="PK-KZ", as_of=DAY(2026, 1, 1)),
    ),
    "cadence": (
        ["report", "cadence", "--as-of", "2026-10-15"],
        lambda repo: cadence(repo, as_of=DAY(2026, 10, 15)),
    ),
    "list": (["list"], lambda repo: records_table(repo, as_of=DAY(2026, 1, 1))),
}


def in_terminal(args: list[str], *, columns: int, env_columns: int | None = None) -> str:
    """What ``args`` print on a pseudo-terminal ``columns`` wide (line ends as ``\\n``)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in {"COLUMNS", "LINES"}}
    if env_columns is not None:
        env["COLUMNS"] = str(env_columns)
    chunks = []
    with subprocess.Popen(
        args, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, env=env
    ) as process:
        os.close(slave)
        while True:
            ready, _, _ = select.select([master], [], [], 120)
            if not ready:  # a safety net against a hung child, not a timing check
                process.kill()
                pytest.fail(f"{args} printed nothing for two minutes")
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait() == 0, b"".join(chunks).decode()
    os.close(master)
    return b"".join(chunks).decode().replace("\r\n", "\n")


def piped(args: list[str]) -> str:
    result = subprocess.run(args, capture_output=True, text=True, check=True, timeout=120)
    return result.stdout


def cli(store: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "mou_tracker", "--repo", str(store), *args]


def widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed store written by the example (its output piped, so printed in full)."""
    store = tmp_path_factory.mktemp("seed") / "pk-kz.json"
    piped([sys.executable, str(EXAMPLE), str(store)])
    return store


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_on_a_terminal_no_line_is_longer_than_its_width_and_every_whole_column_is_shown(
    seed: Path, command: str, columns: int
) -> None:
    args, build = COMMANDS[command]
    report = build(JsonRepository(seed))
    full = report.render("simple")
    assert widest(full) > columns  # the table would not fit as it is
    shown = in_terminal(cli(seed, *args), columns=columns)
    assert widest(shown) <= columns
    for row in report.rows:
        for header, cell in zip(report.headers, row, strict=True):
            if header in report.data_only:  # for programs: CSV, TSV and JSON only
                assert header not in shown
            elif header not in report.free_text and cell is not None:
                assert str(cell) in shown, (header, cell)


def test_the_pairs_report_on_80_columns_keeps_the_pair_the_counts_and_the_next_deadline(
    seed: Path,
) -> None:
    shown = in_terminal(cli(seed, *COMMANDS["pairs"][0]), columns=80)
    rows = [line.split() for line in shown.splitlines() if line.startswith(PAIR)]
    cells = [cell for row in rows for cell in row[1:]]
    assert cells[:9] == ["2", "0", "1", "0", "1", "0", "3", "0", "0"]  # agreements .. date not set
    assert "Nov 2025" in " ".join(cells)  # the next deadline
    assert any(cell.endswith("…") for cell in cells)  # "Next deadline: what", shortened


def test_a_bordered_format_fits_the_terminal_too(seed: Path) -> None:
    shown = in_terminal(cli(seed, "report", "deadlines", "--format", "grid"), columns=80)
    assert widest(shown) <= 80
    assert "+=" in shown


def test_wide_prints_the_table_in_full_as_to_a_pipe(seed: Path) -> None:
    args = cli(seed, *COMMANDS["deadlines"][0])
    assert in_terminal([*args, "--wide"], columns=80) == piped(args)


def test_columns_in_the_environment_comes_before_the_terminal_size(seed: Path) -> None:
    shown = in_terminal(cli(seed, *COMMANDS["pairs"][0]), columns=200, env_columns=80)
    assert widest(shown) <= 80


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_to_a_pipe_every_report_is_printed_in_full_exactly_as_rendered(
    seed: Path, command: str
) -> None:
    args, build = COMMANDS[command]
    printed = piped(cli(seed, *args))
    rendered = build(JsonRepository(seed)).render("simple") + "\n"
    if command == "list":  # as of today: the one line that may differ
        printed, rendered = (text.split("\n", 2)[::2] for text in (printed, rendered))
    assert printed == rendered


def test_the_demo_fits_a_120_column_terminal_and_prints_everything_to_a_pipe(
    tmp_path: Path,
) -> None:
    store = tmp_path / "demo.json"
    shown = in_terminal([sys.executable, str(EXAMPLE), str(store)], columns=120)
    assert widest(shown) <= 120
    assert "Saved 6 records" in shown
    full = piped([sys.executable, str(EXAMPLE), str(store), "--replace"])
    assert widest(full) > 120
    assert "concluded during the visit of the Kazakh President to Pakistan" in full
