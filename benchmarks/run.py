"""``make bench``: every figure, each run in a fresh process, as ratios against baselines
measured in the same run on the same data.

    python -m benchmarks.run [--sizes 10000,100000] [--repeat 5] [--repeat-large 3] ...

At each size: the JSON store against orjson, SQLite and TinyDB, the floor of opening, and the
PostgreSQL repository on a throwaway server the bench starts (and always stops). Once: the
CLI's start and the dashboard of the GGO import. Prints one table with each figure's target and
PASS/FAIL (or why it was not run) and writes it to ``build/bench/results.md``; no tracked file
changes. The exit status is 0 even when a target is missed: this is a report, not a test (it
is 1 when no figure could be measured at all). How each figure is measured:
``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.metadata
import os
import platform
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

import mou_tracker
from benchmarks import cache, figures, once, postgres
from benchmarks.generate import DEFAULT_SEED
from benchmarks.harness import Bench
from benchmarks.measure import PAIR, measure, pair_count
from benchmarks.table import Row, render, seconds, size_label, summary

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "build" / "bench" / "results.md"
GGO = ROOT.parent / "shared" / "data" / "ggo"


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    add = parser.add_argument
    add("--sizes", default="10000,100000", help="comma-separated record counts")
    add("--include-250k", action="store_true", help="add 250,000 records")
    add("--repeat", type=int, default=5, help="runs per figure below 50k records (median)")
    add("--repeat-large", type=int, default=3, help="runs per figure from 50k records on")
    add("--seed", type=int, default=DEFAULT_SEED)
    add("--updates", type=int, default=200, help="single updates per backend")
    add("--tinydb-updates", type=int, default=3, help="TinyDB updates")
    add(
        "--budget",
        type=float,
        default=90.0,
        help="seconds per figure and size after which repeats stop (2 runs at least)",
    )
    add("--cli-runs", type=int, default=15, help="runs of each command for the CLI start")
    add("--dashboard-runs", type=int, default=3, help="rounds of dashboard vs text reports")
    add("--ggo", type=Path, default=GGO, help="the folder of the GGO CSV files")
    add(
        "--dashboard-size",
        type=int,
        default=3000,
        help="agreements of the generated store used when the GGO files are missing",
    )
    add("--no-postgres", action="store_true", help="do not start a PostgreSQL server")
    add("--out", type=Path, default=RESULTS, help="where to write the table (Markdown)")
    options = parser.parse_args(argv)
    options.argv = sys.argv[1:] if argv is None else argv
    options.size_list = [int(s.replace("_", "")) for s in options.sizes.split(",") if s.strip()]
    if options.include_250k and 250_000 not in options.size_list:
        options.size_list.append(250_000)
    return options


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    started = time.perf_counter()
    machine = (
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.platform()}; "
        f"mou-tracker {mou_tracker.__version__} (code {cache.fingerprint()}); baselines: "
        f"orjson {_version('orjson')}, TinyDB {_version('tinydb')}, SQLite {sqlite3.sqlite_version}"
    )
    print(f"machine: {machine}", flush=True)
    bench = Bench(options)
    bench.warm()
    results: dict[int, dict[str, Any]] = {}
    data: list[str] = []
    server = (
        contextlib.nullcontext("--no-postgres was given")
        if options.no_postgres
        else postgres.server()
    )
    with server as pg:
        if isinstance(pg, str):
            print(f"PostgreSQL: NOT RUN: {pg}", flush=True)
            data.append(f"PostgreSQL: NOT RUN: {pg}")
        else:
            shown = pg.show("server_version", "fsync", "synchronous_commit")
            line = (
                f"PostgreSQL {shown['server_version']}, a throwaway server on a Unix socket "
                f"(fsync {shown['fsync']}, synchronous_commit {shown['synchronous_commit']}), "
                f"psycopg {_version('psycopg')}"
            )
            print(line, flush=True)
            data.append(line)
        for n in options.size_list:
            built = time.perf_counter()
            directory, meta = bench.build(n, options.seed)
            print(f"{n:,} records: data ready in {time.perf_counter() - built:.1f} s", flush=True)
            records = meta["agreements"] + meta["engagements"]
            matching = pair_count(directory)
            data.append(
                f"{figures.describe(n, meta)}; the one-pair report asks for {PAIR}: "
                f"{matching:,} records have both ({matching / records:.2%})"
            )
            results[n] = measure(bench, n, directory, meta, pg)
    print("CLI start and dashboard:", flush=True)
    one_off = once.cli_start(bench, options.cli_runs)
    one_off |= once.dashboard(bench, options.ggo, options.dashboard_size, options.dashboard_runs)
    if "about" in one_off.get("dashboard", {}):
        data.append(one_off["dashboard"]["about"])
    rows = figures.rows(results) + figures.once_rows(one_off)
    split = figures.split_row(one_off)
    rows += [split] if split is not None else []
    rows += figures.growth(results)
    total = time.perf_counter() - started
    text = summary(rows)
    print()
    print(render(rows))
    print()
    for line in data:
        print(line)
    for line in figures.errors(results, one_off):
        print(line)
    print(f"{text} (total time {seconds(total)})")
    write(options, rows, machine, data, f"{text}; total time {seconds(total)}")
    print(f"The table is in {options.out}")
    return 0 if any(r.ok is not None for r in rows) else 1


def write(
    options: argparse.Namespace, rows: list[Row], machine: str, data: list[str], text: str
) -> None:
    """The table as Markdown, in ``options.out`` (``build/bench/results.md``: not tracked)."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    sizes = ",".join(size_label(n) for n in options.size_list)
    lines = [
        "# Benchmark results",
        "",
        f"Written by `python -m benchmarks.run{''.join(' ' + a for a in options.argv)}` "
        f"(sizes {sizes}) on {stamp}. How each figure is measured: docs/performance.md.",
        "",
        f"- Machine: {machine}",
        *(f"- {line}" for line in data),
        f"- {text}.",
        "",
        render(rows),
    ]
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
