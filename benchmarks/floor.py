"""The floor of "open into typed objects": ``python -m benchmarks.floor [--n 10000]``.

Measures, in one process on the benchmark's cached repository, the cheapest conceivable way
to end up holding the opened repository's frozen, slotted attrs objects, and compares it with
``orjson.loads`` of the same file (both with the garbage collector paused, best of several
runs):

- ``bare``: ``object.__new__`` plus ``object.__setattr__`` of each field, for every attrs
  object of the opened graph, from values already built (no parsing, no validation, no tuples,
  no dates: only the objects themselves);
- ``init``: the classes' own generated ``__init__`` with attrs validators disabled, same
  prepared values;
- ``checked``: the same ``__init__`` with the validators on (every invariant the classes
  check), same prepared values: what building the graph through its own constructors costs;
- ``open``: ``JsonRepository(path)``, everything included.

``(orjson + bare) / orjson`` is a lower bound on what any eager design built on these classes
can reach, whatever its parser or converter; issue #14 asks open for at most twice it.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import orjson

from benchmarks import cache
from benchmarks.generate import DEFAULT_SEED
from benchmarks.tasks import Result, task

Plan = list[tuple[type, list[tuple[str, Any]]]]


def object_plan(records: list[Any]) -> Plan:
    """Every attrs object reachable from ``records`` (children first), once per place it
    occurs, with its field values, copied into fresh memory in the order :func:`bare` reads it.

    Once per place: a value the opened graph shares (a country, a date) counts wherever it
    occurs, so a design that shares more does not move the floor.

    Copied: the walk's own entries lie in the holes that opening left in the heap (the parsed
    tree it freed), scattered over it. Read from there, bare construction took 720-900 ns an
    object at 10k and 820-1,000 ns at 100k; from the copy, with the walk's entries freed,
    650-735 and 720-810 ns (same machine, runs alternated). Keeping the walk's entries alive
    beside the copy made the 100k construction slower still (1,020-1,070 ns): the heap the
    construction runs in matters, and the floor takes the cheapest state measured."""
    walked: Plan = []
    names_of: dict[type, tuple[str, ...]] = {}

    def walk(value: Any) -> None:
        cls = type(value)
        if attrs.has(cls):
            names = names_of.get(cls)
            if names is None:
                names = names_of[cls] = tuple(field.name for field in attrs.fields(cls))
            for name in names:
                walk(getattr(value, name))
            walked.append((cls, [(name, getattr(value, name)) for name in names]))
        elif isinstance(value, tuple | list | frozenset | set):
            for child in value:
                walk(child)
        elif isinstance(value, dict):
            for child in value.values():
                walk(child)

    for record in records:
        walk(record)
    return [(cls, [(name, value) for name, value in fields]) for cls, fields in walked]


def best_of(runs: int, step: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            kept = step()
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
        del kept
    return best


def bare(plan: Plan) -> list[object]:
    new, set_field = object.__new__, object.__setattr__
    built = []
    for cls, fields in plan:
        instance = new(cls)
        for name, value in fields:
            set_field(instance, name, value)
        built.append(instance)
    return built


@task
def floor(repo: str) -> Result:
    """The floor of opening (:mod:`benchmarks.floor`): what any eager design built on these
    classes must do at least, parse the file and construct its object graph. Opens the
    repository and plans its object graph (not timed), and times ``orjson.loads`` of the file
    and bare construction of that graph, the collector paused as the library pauses it;
    ``seconds`` is their sum. The file is parsed first, in the process's fresh heap as open
    parses it: parsed after the plan, in the heap the freed repository leaves behind,
    ``orjson.loads`` of the 100k file took 1.7–2.5 s against 0.9 s in a fresh process. The
    parsed tree is checked and freed before the construction is timed, as open frees it while
    it builds: kept alive beside the construction, it made the 100k construction 10–20%
    slower (2.6 s against 2.2–2.3 s), the floor no longer a lower bound.

    ``strict`` adds what a strict open does besides, timed in the same run: reading the file,
    the canonical-form check that proves it hides no duplicate key, BOM or NaN (writing the
    parsed value again and comparing the bytes), freeing the parsed tree, and resuming the
    collector as open resumes it (:func:`~mou_tracker.storage.loading.gc_paused` hands the
    objects just built to its oldest generation). Until 2026-12-07 this was a first young
    collection, ``gc.collect(0)``, which walks every object just built: 36-47 ms at 10k that
    open does not pay."""
    from mou_tracker import JsonRepository
    from mou_tracker.storage.jsonparse import is_canonical
    from mou_tracker.storage.loading import gc_paused

    gc.collect()
    gc.disable()
    try:  # parsed first, in the process's fresh heap, as open parses
        start = time.perf_counter()
        data = Path(repo).read_bytes()
        read = time.perf_counter()
        parsed = orjson.loads(data)
        middle = time.perf_counter()
        same = is_canonical(data, parsed)
        checked = time.perf_counter()
        del parsed  # before building: open frees the parsed tree as it builds
        freed = time.perf_counter()
    finally:
        gc.enable()
    plan = object_plan(list(JsonRepository(repo).records()))
    gc.collect()
    with gc_paused():  # the library's own pause, as open pauses
        begin = time.perf_counter()
        built = bare(plan)
        end = time.perf_counter()
    resumed = time.perf_counter()  # the collector resumed as open resumes it
    parse, construct = middle - read, end - begin
    extra = (read - start) + (checked - middle) + (freed - checked) + (resumed - end)
    return {
        "seconds": parse + construct,
        "parse": parse,
        "bare": construct,
        "strict": parse + construct + extra,
        "read": read - start,
        "canonical": checked - middle,
        "free": freed - checked,
        "resume": resumed - end,
        "canonical_form": same,
        "objects": len(built),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.floor", description=__doc__)
    parser.add_argument("--n", type=int, default=10_000, help="agreements in the repository")
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args(argv)
    command = [sys.executable, "-m", "benchmarks.cache", str(options.n), str(DEFAULT_SEED)]
    built = subprocess.run(command, capture_output=True, text=True, check=True)
    directory = Path(built.stdout.strip().splitlines()[-1])
    from mou_tracker import JsonRepository

    with tempfile.TemporaryDirectory() as scratch:
        repo = Path(scratch) / "repo"
        shutil.copytree(directory / "repo", repo)
        path = repo / cache.REPO_FILE
        data = path.read_bytes()
        opened = JsonRepository(path)
        plan = object_plan(list(opened.records()))
        keywords = [(cls, dict(fields)) for cls, fields in plan]
        parse = best_of(options.runs, lambda: orjson.loads(data))
        floor = best_of(options.runs, lambda: bare(plan))
        with attrs.validators.disabled():
            init = best_of(options.runs, lambda: [cls(**kw) for cls, kw in keywords])
        checked = best_of(options.runs, lambda: [cls(**kw) for cls, kw in keywords])
        whole = best_of(options.runs, lambda: JsonRepository(path))
        del opened
    count = len(keywords)
    print(f"{options.n:,} agreements: {count:,} attrs objects in the opened graph")
    print(f"{'orjson.loads':<56}{parse * 1e3:8.0f} ms  1.00x")
    for label, seconds in (
        ("bare object construction only", floor),
        ("generated __init__, validators disabled", init),
        ("generated __init__, validators on", checked),
    ):
        ratio = (parse + seconds) / parse
        print(f"{'orjson.loads + ' + label:<56}{(parse + seconds) * 1e3:8.0f} ms  {ratio:.2f}x")
    print(f"{'JsonRepository(path), everything':<56}{whole * 1e3:8.0f} ms  {whole / parse:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
