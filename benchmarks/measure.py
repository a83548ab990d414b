"""Every series measured at one size: the JSON store against its baselines, the floor of
opening, and (when a server runs) the PostgreSQL repository on the same data.

Each step alternates ours and its baselines run by run, each run a fresh process on a fresh
copy of the cached data, so a slow moment of the machine falls on both sides.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from benchmarks import cache
from benchmarks.harness import Bench, TaskError
from benchmarks.postgres import Postgres

__all__ = ["EMPTY_PAIR", "PAIR", "measure", "pair_count"]

PAIR = "CN-RU"
"""The pair of the pushed-down report: the busiest pair of the synthetic data (about 1.2% of
the records), so the worst case among pairs, yet a small part of the store."""

EMPTY_PAIR = "AD-AG"
"""A pair no synthetic record has (checked at each size): the same report for it is the
one-pair report's fixed cost (connect, read the vocabulary, plan and run the queries, build
an empty report), which does not grow with the store."""

PG_IMPORTS = 3
"""Bulk imports into PostgreSQL per size, at most (each costs several times SQLite's)."""

Series = dict[str, dict[str, Any]]


def pair_count(directory: Path, pair: str = PAIR) -> int:
    """How many cached records have both countries of ``pair`` among their parties."""
    wanted = set(pair.split("-"))
    raw = orjson.loads((directory / "records.json").read_bytes())
    return sum(
        wanted <= {party["country"] for party in record["parties"]}
        for record in itertools.chain(raw["agreements"], raw["engagements"])
    )


def measure(
    bench: Bench, n: int, directory: Path, meta: dict[str, Any], pg: Postgres | str
) -> Series:
    """Every series for one size: ``{key: {side: [values], "error"/"not run": message}}``."""
    series: Series = {}
    runs = bench.runs(n)
    repo_file = directory / "repo" / cache.REPO_FILE
    pg_keys = ("pg_import", "pg_open", "pg_pair", "pg_update", "pg_pair_fixed")
    empty: list[bool] = []  # whether EMPTY_PAIR has no records here (read once, if PG runs)
    database = f"bench_{n}"
    url = ""
    if isinstance(pg, str):
        for key in pg_keys:
            series[key] = {"not run": pg}

    def add(key: str, side: str, value: float | list[float]) -> None:
        values = value if isinstance(value, list) else [value]
        series.setdefault(key, {}).setdefault(side, []).extend(values)

    def pg_step(key: str, body: Callable[[], None]) -> None:
        """A PostgreSQL part of a step: its failure marks its own series, not the step's."""
        if (
            isinstance(pg, str)
            or "error" in series.get(key, {})
            or (key != "pg_import" and not url)
        ):
            return
        try:
            body()
        except Exception as exc:  # a task, or psycopg making a database: the row says which
            series.setdefault(key, {})["error"] = str(exc) or type(exc).__name__

    def guarded(name: str, keys: tuple[str, ...], body: Callable[[], None]) -> None:
        started = time.perf_counter()
        try:
            body()
        except TaskError as exc:  # keep what was measured; the rows say what failed
            for key in keys:
                series.setdefault(key, {})["error"] = str(exc)
        finally:
            bench.clean()
        print(f"  {name:<8} {time.perf_counter() - started:6.1f} s", flush=True)

    def import_runs() -> None:
        nonlocal url
        counter = itertools.count(1)

        def step() -> None:
            bench.flush()
            ours = bench.task("import_ours", cached=str(directory), target=str(bench.scratch()))
            bench.flush()
            base = bench.task("import_sqlite", cached=str(directory), target=str(bench.scratch()))
            add("import", "ours", ours["seconds"])
            add("import", "base", base["seconds"])

            def into_postgres() -> None:
                nonlocal url
                assert isinstance(pg, Postgres)
                name = f"{database}_{next(counter)}"
                target = pg.create(name)
                bench.flush()
                add(
                    "pg_import",
                    "ours",
                    bench.task("pg_import", url=target, cached=str(directory))["seconds"],
                )
                if not url:  # the first import is the database the other steps read
                    url = target
                    pg.settle(name)
                else:
                    pg.drop(name)

            if len(series.get("pg_import", {}).get("ours", [])) < PG_IMPORTS:
                pg_step("pg_import", into_postgres)
            bench.clean()

        bench.repeat(runs, step)

    def open_runs() -> None:
        floors = min(runs, max(2, runs - 2))  # the floor is steady, and costly: fewer runs

        def step() -> None:
            ours = bench.task(
                "open_ours", repo=str(bench.copy(directory / "repo") / cache.REPO_FILE)
            )
            base = bench.task("open_orjson", file=str(directory / meta["baseline_file"]))
            add("open", "ours", ours["seconds"])
            add("open", "base", base["seconds"])
            add("memory", "ours", ours["peak"])
            add("memory", "base", base["peak"])

            def from_postgres() -> None:
                done = bench.task("pg_open", url=url)
                add("pg_open", "ours", done["seconds"])
                add("pg_open", "peak", done["peak"])

            pg_step("pg_open", from_postgres)
            bench.clean()

        def floor_run(index: int) -> None:
            """A run of the floor after each of the first open runs: a slow moment of the
            machine falls on open and its floor alike (in a phase of its own, the floor could
            meet a quiet moment and open a slow one, or the other way round)."""
            if index >= floors or "error" in series.get("floor", {}):
                return
            try:
                done = bench.task("floor", repo=str(repo_file))
            except TaskError as exc:  # the floor's rows say so; open's are kept
                for key in ("floor", "strict_floor"):
                    series.setdefault(key, {})["error"] = str(exc)
                return
            add("floor", "base", done["seconds"])
            add("strict_floor", "base", done["strict"])

        bench.repeat(runs, step, aside=floor_run)

    def report_runs() -> None:
        def step() -> None:
            done = bench.task("reports", repo=str(bench.copy(directory / "repo") / cache.REPO_FILE))
            add("reports", "ours", done["seconds"])
            add("reports", "base", done["open"])

            def pair_report() -> None:
                done = bench.task("pg_pair", url=url, pair=PAIR)
                add("pg_pair", "ours", done["seconds"])
                add("pg_pair", "peak", done["peak"])

            def fixed_cost() -> None:
                if not empty:
                    empty.append(pair_count(directory, EMPTY_PAIR) == 0)
                if not empty[0]:
                    raise ValueError(f"{EMPTY_PAIR} is not a pair without records here")
                done = bench.task("pg_pair", url=url, pair=EMPTY_PAIR)
                add("pg_pair_fixed", "ours", done["seconds"])

            pg_step("pg_pair", pair_report)
            pg_step("pg_pair_fixed", fixed_cost)
            bench.clean()

        bench.repeat(runs, step)

    def update_runs() -> None:
        ids, positions = _update_targets(meta, bench.options.updates)
        budget = bench.options.budget / 2
        repo = bench.copy(directory / "repo") / cache.REPO_FILE
        bench.flush()
        add(
            "update",
            "ours",
            bench.task("update_ours", repo=str(repo), ids=ids, budget=budget)["times"],
        )
        db = bench.copy(directory / "sqlite.db")
        bench.flush()
        add("update", "sqlite", bench.task("update_sqlite", db=str(db), ids=ids)["times"])

        def in_postgres() -> None:
            bench.flush()
            done = bench.task("pg_update", url=url, ids=ids, budget=budget)
            add("pg_update", "ours", done["times"])

        pg_step("pg_update", in_postgres)
        few = bench.options.tinydb_updates
        tiny = bench.copy(directory / "tinydb.json")
        bench.flush()
        done = bench.task(
            "update_tinydb",
            db=str(tiny),
            records_file=str(directory / "records.json"),
            ids=ids[:few],
            positions=positions[:few],
        )
        add("update", "tinydb", done["times"])

    guarded("import", ("import",), import_runs)
    guarded("open", ("open", "memory"), open_runs)
    guarded("reports", ("reports",), report_runs)
    guarded("update", ("update",), update_runs)
    if not isinstance(pg, str) and not url:
        why = series.get("pg_import", {}).get("error", "no import ran")
        for key in pg_keys[1:]:
            series.setdefault(key, {}).setdefault("error", f"no database loaded: {why}")
    return series


def _update_targets(meta: dict[str, Any], count: int) -> tuple[list[str], list[int]]:
    """``count`` different agreements spread over the repository (and their positions)."""
    first, total = meta["engagements"], meta["agreements"]
    step = max(1, total // count)
    positions = [first + (i * step + 7) % total for i in range(min(count, total))]
    return [meta["ids"][p] for p in positions], positions
