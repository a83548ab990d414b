"""``make bench``'s machinery at a tiny size: every figure gets a row, the table is written
where it was asked, no tracked file changes. No timing is checked (speed lives in the bench)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.figures import FIGURES, ONCE

ROOT = Path(__file__).resolve().parents[2]


def _git_status() -> str | None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        return None
    done = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout if done.returncode == 0 else None


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    pytest.importorskip("tinydb")
    pytest.importorskip("orjson")
    work = tmp_path_factory.mktemp("bench")
    out = work / "out" / "results.md"
    before = _git_status()
    command = [
        sys.executable,
        "-m",
        "benchmarks.run",
        *("--sizes", "120,240", "--repeat", "1", "--repeat-large", "1"),
        *("--updates", "6", "--tinydb-updates", "1", "--cli-runs", "1"),
        *("--dashboard-runs", "1", "--dashboard-size", "60", "--ggo", str(work / "no-ggo")),
        *("--out", str(out)),
    ]
    env = {**os.environ, "MOU_BENCH_CACHE": str(work / "cache")}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert _git_status() == before, "the bench changed a tracked file"
    return done.stdout, out


def test_every_figure_has_a_row_at_each_size_and_once(bench_run: tuple[str, Path]) -> None:
    printed, _ = bench_run
    lines = printed.splitlines()
    for figure in FIGURES:
        title = f"{figure.title} vs {figure.base_name}"
        for size in ("120", "240"):
            assert any(title in line and f"| {size} " in line for line in lines), (title, size)
    for figure in ONCE:
        assert f"{figure.title} vs {figure.base_name}" in printed
    assert "dashboard split, in one process" in printed
    assert "growth: open into typed objects" in printed


def test_no_figure_failed_to_measure_and_postgres_rows_run_or_say_why(
    bench_run: tuple[str, Path],
) -> None:
    printed, _ = bench_run
    assert "FAIL (error" not in printed
    pg_rows = [line for line in printed.splitlines() if line.startswith("| PG: ")]
    assert pg_rows
    for row in pg_rows:  # measured (the fixed-cost row is informational), or saying why not
        outcomes = ("| info ",) if "its fixed cost" in row else ("| PASS", "| FAIL")
        assert any(word in row for word in (*outcomes, "| NOT RUN: ")), row
    if os.environ.get("CI", "").lower() == "true":  # as in the tests: under CI it must run
        assert "NOT RUN" not in printed


def test_the_table_is_written_where_asked_with_the_data_described(
    bench_run: tuple[str, Path],
) -> None:
    printed, out = bench_run
    written = out.read_text(encoding="utf-8")
    assert written.startswith("# Benchmark results")
    assert "| open into typed objects vs orjson.loads (GC paused)" in written
    assert "NO GGO files" in written  # the dashboard row says its data was generated
    assert "targets met" in printed
