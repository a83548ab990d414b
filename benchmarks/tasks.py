"""One measurement per process: ``python -m benchmarks.tasks TASK '{"json": "arguments"}'``.

The tasks on the JSON store and its baselines are here; :mod:`benchmarks.pgtasks` holds those
on PostgreSQL, :mod:`benchmarks.dashtasks` the dashboard's and :mod:`benchmarks.floor` the
floor's.

Each task prints one JSON object on its last line of output. :mod:`benchmarks.run` starts a
fresh interpreter for every run, so no cache, warmed-up code path or heap state of one
measurement helps the next. Only the operation itself is inside the clock: imports, copying
files and preparing the records to write happen before it starts.

Memory is the growth of the resident set: the peak (``VmHWM``, reset through
``/proc/self/clear_refs`` just before the operation) minus the resident size just before.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from benchmarks import cache
from benchmarks.generate import AS_OF

Result = dict[str, Any]
TASKS: dict[str, Callable[..., Result]] = {}


def task(function: Callable[..., Result]) -> Callable[..., Result]:
    TASKS[function.__name__] = function
    return function


# -- opening ------------------------------------------------------------------------------------


@task
def open_ours(repo: str) -> Result:
    from mou_tracker import JsonRepository

    memory = Memory()
    start = time.perf_counter()
    opened = JsonRepository(repo)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, **memory.measure(), "records": len(opened)}


@task
def open_orjson(file: str) -> Result:
    """The baseline: read the same bytes and parse them, with the collector paused as the
    library pauses it for a bulk load."""
    import orjson

    memory = Memory()
    start = time.perf_counter()
    data = Path(file).read_bytes()
    gc.disable()
    try:
        parsed = orjson.loads(data)
    finally:
        gc.enable()
    seconds = time.perf_counter() - start
    del data
    return {"seconds": seconds, **memory.measure(), "keys": len(parsed)}


@task
def reports(repo: str) -> Result:
    """Open, then both status reports on the opened repository (the same process)."""
    from mou_tracker import JsonRepository
    from mou_tracker.reports import status_by_area, status_by_pair

    start = time.perf_counter()
    opened = JsonRepository(repo)
    middle = time.perf_counter()
    by_pair = status_by_pair(opened, as_of=AS_OF)
    by_area = status_by_area(opened, as_of=AS_OF)
    end = time.perf_counter()
    return {"open": middle - start, "seconds": end - middle, "rows": len(by_pair.rows)} | {
        "area_rows": len(by_area.rows)
    }


# -- single updates -----------------------------------------------------------------------------


def note(index: int) -> str:
    return f"Reviewed in benchmark update {index}."


@task
def update_ours(repo: str, ids: list[str], budget: float) -> Result:
    """Durable single updates, each of another agreement, until ``ids`` or ``budget`` run out
    (at least 5)."""
    from mou_tracker import JsonRepository

    opened = JsonRepository(repo)
    times: list[float] = []
    for index, record_id in enumerate(ids):
        changed = attrs.evolve(opened.get(record_id), notes=note(index))
        version = opened.version(record_id)
        start = time.perf_counter()
        opened.update(changed, expected_version=version)
        times.append(time.perf_counter() - start)
        if len(times) >= 5 and sum(times) > budget:
            break
    return {"times": times}


@task
def update_sqlite(db: str, ids: list[str]) -> Result:
    """The baseline: convert the changed record as the library does (unstructure, ``json.dumps``),
    one ``UPDATE`` checking the version, and a commit synced to disk (WAL, ``FULL``)."""
    from mou_tracker import Agreement
    from mou_tracker.storage.converter import make_converter

    converter = make_converter()
    connection = cache.sqlite_connect(Path(db))
    times: list[float] = []
    for index, record_id in enumerate(ids):
        body, version = connection.execute(
            "SELECT body, version FROM records WHERE id = ?", (record_id,)
        ).fetchone()
        record = converter.structure(json.loads(body), Agreement)
        changed = attrs.evolve(record, notes=note(index))
        start = time.perf_counter()
        text = json.dumps(converter.unstructure(changed), ensure_ascii=False)
        cursor = connection.execute(
            "UPDATE records SET body = ?, version = version + 1 WHERE id = ? AND version = ?",
            (text, record_id, version),
        )
        connection.commit()
        times.append(time.perf_counter() - start)
        if cursor.rowcount != 1:
            raise RuntimeError(f"{record_id}: not updated")
    connection.close()
    return {"times": times}


@task
def update_tinydb(db: str, records_file: str, ids: list[str], positions: list[int]) -> Result:
    """The baseline: TinyDB's ``update`` of one document by its id (its fastest path)."""
    import orjson
    from tinydb import TinyDB

    from mou_tracker import Agreement
    from mou_tracker.storage.converter import make_converter

    converter = make_converter()
    raw = orjson.loads(Path(records_file).read_bytes())
    engagements = len(raw["engagements"])
    changed = [
        attrs.evolve(
            converter.structure(raw["agreements"][position - engagements], Agreement),
            notes=note(index),
        )
        for index, position in enumerate(positions)
    ]
    del raw
    times: list[float] = []
    with TinyDB(db) as database:
        for record, position in zip(changed, positions, strict=True):
            start = time.perf_counter()
            database.update(converter.unstructure(record), doc_ids=[position + 1])
            times.append(time.perf_counter() - start)
    return {"times": times, "ids": ids}


# -- bulk import --------------------------------------------------------------------------------


@task
def import_ours(cached: str, target: str) -> Result:
    """Every record added in one ``batch()`` to a new repository."""
    from mou_tracker import JsonRepository

    records = cache.load_records(Path(cached))
    gc.collect()
    start = time.perf_counter()
    repo = JsonRepository(Path(target) / "repository.json")
    with repo.batch():
        for record in records:
            repo.add(record)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "records": len(records)}


@task
def import_sqlite(cached: str, target: str) -> Result:
    """The baseline: the same conversion (unstructure, ``json.dumps``), one ``executemany`` in
    one transaction, committed with ``synchronous=FULL``; the collector paused, as for us."""
    records = cache.load_records(Path(cached))
    connection = cache.sqlite_connect(Path(target) / "baseline.db")
    connection.execute(cache.SQLITE_SCHEMA)
    connection.commit()
    gc.collect()
    start = time.perf_counter()
    gc.disable()
    try:
        rows = cache.sqlite_rows(records)
        with connection:
            connection.executemany(cache.SQLITE_INSERT, rows)
    finally:
        gc.enable()
    seconds = time.perf_counter() - start
    connection.close()
    return {"seconds": seconds, "records": len(rows)}


# -- memory -------------------------------------------------------------------------------------


class Memory:
    """Resident-set growth from now to the end of the operation (Linux ``/proc``)."""

    def __init__(self) -> None:
        gc.collect()
        try:
            Path("/proc/self/clear_refs").write_text("5")  # resets the peak (VmHWM)
            self.reset = True
        except OSError:
            self.reset = False
        self.before = _status("VmRSS")

    def measure(self) -> Result:
        peak = _status("VmHWM")
        return {"peak": peak - self.before, "retained": _status("VmRSS") - self.before} | {
            "peak_reset": self.reset
        }


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def main(argv: list[str]) -> None:
    # Imported by name, so that the tasks those modules register land in the same TASKS
    # (run as ``-m benchmarks.tasks``, this module is also ``__main__``).
    from benchmarks import dashtasks, floor, pgtasks, tasks

    del dashtasks, floor, pgtasks
    name, arguments = argv[0], json.loads(argv[1])
    result = tasks.TASKS[name](**arguments)
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(0)  # skip tearing down large heaps: it is not part of any figure


if __name__ == "__main__":
    main(sys.argv[1:])
