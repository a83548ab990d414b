"""``make bench``: every figure at each size, each run in a fresh process, as ratios against
baselines measured in the same run on the same data.

    python -m benchmarks.run [--sizes 10000,100000] [--include-250k] [--repeat 5]

Prints one table (and writes it to ``benchmarks/results.md``) with each figure's target and
PASS/FAIL. The exit status is 0 even when a target is missed: this is a report, not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import mou_tracker
from benchmarks import cache, figures
from benchmarks.generate import DEFAULT_SEED
from benchmarks.table import Row, render, seconds

RESULTS = Path(__file__).resolve().parent / "results.md"


class TaskError(RuntimeError):
    """A measurement process failed; its last line of error output says why."""


class Bench:
    """Runs the measurements of one ``make bench`` and keeps their series."""

    def __init__(self, options: argparse.Namespace) -> None:
        self.options = options
        self.env = {**os.environ, "PYTHONHASHSEED": "0"}
        self.work = cache.CACHE / "work"  # on the disk the project lives on: fsync is real

    def task(self, name: str, **arguments: Any) -> dict[str, Any]:
        command = [sys.executable, "-m", "benchmarks.tasks", name, json.dumps(arguments)]
        done = subprocess.run(command, capture_output=True, text=True, env=self.env, check=False)
        if done.returncode != 0:
            lines = done.stderr.strip().splitlines() or [f"exit status {done.returncode}"]
            raise TaskError(f"{name}: {lines[-1]}")
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        return result

    def scratch(self) -> Path:
        self.work.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(dir=self.work))

    def copy(self, source: Path) -> Path:
        """A fresh copy of a cached file or directory, so every run starts from the same state."""
        target = self.scratch() / source.name
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)
        return target

    def build(self, n: int, seed: int) -> tuple[Path, dict[str, Any]]:
        command = [sys.executable, "-m", "benchmarks.cache", str(n), str(seed)]
        done = subprocess.run(command, capture_output=True, text=True, env=self.env, check=False)
        if done.returncode != 0:
            sys.exit(f"building the {n:,}-record repository failed:\n{done.stderr}")
        directory = Path(done.stdout.strip().splitlines()[-1])
        return directory, json.loads((directory / "meta.json").read_text())

    def repeat(self, runs: int, step: Callable[[], None]) -> None:
        """``step`` ``runs`` times, or fewer (at least 3) once the budget is spent."""
        spent = 0.0
        for index in range(runs):
            start = time.perf_counter()
            step()
            spent += time.perf_counter() - start
            if index + 1 >= min(3, runs) and spent > self.options.budget:
                return

    def clean(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)


def measure(bench: Bench, n: int, directory: Path, meta: dict[str, Any]) -> dict[str, Any]:
    """Every series for one size: ``{figure: {side: [values], "error": message}}``."""
    series: dict[str, Any] = {}
    repeat = bench.options.repeat
    baseline_file = directory / meta["baseline_file"]

    def guarded(name: str, body: Callable[[], None]) -> None:
        started = time.perf_counter()
        try:
            body()
        except TaskError as exc:  # keep what was measured; the row says what failed
            series.setdefault(name, {})["error"] = str(exc)
        finally:
            bench.clean()
        print(f"  {name:<8} {time.perf_counter() - started:6.1f} s", flush=True)

    def add(figure: str, side: str, values: list[float]) -> None:
        series.setdefault(figure, {}).setdefault(side, []).extend(values)

    def open_runs() -> None:
        def step() -> None:
            ours = bench.task(
                "open_ours", repo=str(bench.copy(directory / "repo") / cache.REPO_FILE)
            )
            base = bench.task("open_orjson", file=str(baseline_file))
            add("open", "ours", [ours["seconds"]])
            add("open", "base", [base["seconds"]])
            add("memory", "ours", [ours["peak"]])
            add("memory", "base", [base["peak"]])
            bench.clean()

        bench.repeat(repeat, step)

    def report_runs() -> None:
        def step() -> None:
            done = bench.task("reports", repo=str(bench.copy(directory / "repo") / cache.REPO_FILE))
            add("reports", "ours", [done["seconds"]])
            add("reports", "base", [done["open"]])
            bench.clean()

        bench.repeat(repeat, step)

    def update_runs() -> None:
        ids, positions = _update_targets(meta, bench.options.updates)
        repo = bench.copy(directory / "repo") / cache.REPO_FILE
        budget = bench.options.budget / 2
        add(
            "update",
            "ours",
            bench.task("update_ours", repo=str(repo), ids=ids, budget=budget)["times"],
        )
        db = bench.copy(directory / "sqlite.db")
        add("update", "sqlite", bench.task("update_sqlite", db=str(db), ids=ids)["times"])
        few = bench.options.tinydb_updates
        tiny = bench.copy(directory / "tinydb.json")
        records = str(directory / "records.json")
        done = bench.task(
            "update_tinydb",
            db=str(tiny),
            records_file=records,
            ids=ids[:few],
            positions=positions[:few],
        )
        add("update", "tinydb", done["times"])
        bench.clean()

    def import_runs() -> None:
        def step() -> None:
            ours = bench.task("import_ours", cached=str(directory), target=str(bench.scratch()))
            base = bench.task("import_sqlite", cached=str(directory), target=str(bench.scratch()))
            add("import", "ours", [ours["seconds"]])
            add("import", "base", [base["seconds"]])
            bench.clean()

        bench.repeat(repeat, step)

    for name, body in (
        ("open", open_runs),
        ("reports", report_runs),
        ("update", update_runs),
        ("import", import_runs),
    ):
        guarded(name, body)
    return series


def _update_targets(meta: dict[str, Any], count: int) -> tuple[list[str], list[int]]:
    """``count`` different agreements spread over the repository (and their positions)."""
    first, total = meta["engagements"], meta["agreements"]
    step = max(1, total // count)
    positions = [first + (i * step + 7) % total for i in range(min(count, total))]
    return [meta["ids"][p] for p in positions], positions


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated record counts")
    parser.add_argument("--include-250k", action="store_true", help="add 250,000 records")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--updates", type=int, default=200, help="single updates per backend")
    parser.add_argument("--tinydb-updates", type=int, default=3, help="TinyDB updates")
    parser.add_argument(
        "--budget",
        type=float,
        default=90.0,
        help="seconds per figure and size after which repeats stop (3 runs at least)",
    )
    options = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in options.sizes.split(",") if s.strip()]
    if options.include_250k and 250_000 not in sizes:
        sizes.append(250_000)
    started = time.perf_counter()
    machine = (
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.platform()}; "
        f"mou-tracker {mou_tracker.__version__} (code {cache.fingerprint()}); baselines: "
        f"orjson {_version('orjson')}, TinyDB {_version('tinydb')}, SQLite {sqlite3.sqlite_version}"
    )
    print(f"machine: {machine}", flush=True)
    bench = Bench(options)
    results: dict[int, dict[str, Any]] = {}
    metas: dict[int, dict[str, Any]] = {}
    for n in sizes:
        built = time.perf_counter()
        directory, metas[n] = bench.build(n, options.seed)
        print(f"{n:,} records: data ready in {time.perf_counter() - built:.1f} s", flush=True)
        results[n] = measure(bench, n, directory, metas[n])
    rows = figures.rows(results)
    rows += figures.growth(results)
    met = sum(r.ok is True for r in rows)
    total = time.perf_counter() - started
    data = [figures.describe(n, metas[n]) for n in sizes]
    summary = f"{met} of {len(rows)} targets met"
    print()
    print(render(rows))
    print()
    for line in data:
        print(line)
    for line in figures.errors(results):
        print(f"error: {line}")
    print(f"{summary} (total time {seconds(total)})")
    _write_markdown(rows, machine, data, summary, total, options)
    return 0


def _write_markdown(
    rows: list[Row],
    machine: str,
    data: list[str],
    summary: str,
    total: float,
    options: argparse.Namespace,
) -> None:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` (`python -m benchmarks.run --sizes {options.sizes}"
        f" --repeat {options.repeat}`) on {stamp}; overwritten at each run.",
        "",
        f"- Machine: {machine}",
        *(f"- {line}" for line in data),
        f"- {summary}; total time {seconds(total)}.",
        "",
        render(rows),
        "",
        figures.METHOD,
    ]
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
