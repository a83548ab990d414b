"""The concurrency harness's runs: seed a store, start workers on it at once, tally reports.

Each ``run_*`` function takes a fresh directory, runs one check there (``reliability.workers.
concurrency_*`` processes, started together) and returns counts; :mod:`reliability.concurrency`
turns them into figures and the tests assert on them.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import attrs

from mou_tracker import JsonRepository
from mou_tracker.errors import MouTrackerError
from reliability._harness import ROOT, python_command, python_env
from reliability.workers.concurrency_common import Control, Mode, counted, seed

FILLERS = 12
"""Filler records beside the counter: a snapshot of about 4 kB, so in journal mode a save
compacts every fifteen appends or so."""
READER_PADDING = 400_000
"""Bytes of padding for the readers check in small mode: a file near ``SMALL_SNAPSHOT_BYTES``,
which an in-place writer takes long enough to rewrite that readers catch it half-written."""
TIMEOUT = 900.0
"""Seconds a group of workers may take before it is killed (they take seconds)."""

Result = TypeVar("Result")


@attrs.frozen(kw_only=True)
class Increments:
    processes: int
    per_process: int
    acknowledged: int
    """Increments that returned without an error."""
    duplicates: int
    """Values acknowledged more than once: each is an update lost."""
    final: int | None
    """The counter in the store at the end (None: the store could not be opened)."""
    version: int | None
    compactions: int
    """At least this many saves replaced the snapshot (journal mode: compactions)."""
    errors: int
    first_error: str | None

    @property
    def expected(self) -> int:
        return self.processes * self.per_process

    @property
    def lost(self) -> int:
        return self.acknowledged - (self.final or 0)

    @property
    def exact(self) -> bool:
        return (
            self.errors == 0
            and self.duplicates == 0
            and self.acknowledged == self.final == self.expected
            and self.version == self.expected + 1
        )


@attrs.frozen(kw_only=True)
class StaleWrites:
    trials: int
    rejected: int
    """Second writes refused with ``ConflictError``."""
    accepted: int
    lost: int
    """Trials after which the store did not hold the first write, at the next version."""
    not_same: int
    """Trials where the two handles did not read the same version (the check did not run)."""
    errors: int
    first_error: str | None

    @property
    def all_rejected(self) -> bool:
        return self.rejected == self.trials and self.lost == self.errors == self.not_same == 0


@attrs.frozen(kw_only=True)
class Readers:
    mode: Mode
    saves: int
    expected_saves: int
    replaced: int
    """Saves that replaced the snapshot (in journal mode: compactions)."""
    opens: int
    refreshes: int
    unreadable: int
    """Opens or refreshes that raised the library's own error."""
    foreign: int
    """Opens or refreshes that raised any other exception."""
    misordered: int
    """Opens that showed a state outside what the writer had acknowledged (older, or newer)."""
    inconsistent: int
    """Opens whose counter and record version disagree."""
    writer_errors: int
    paused: int
    """Opens that waited, between snapshot and journal, for two more saves (journal mode)."""
    raced: int
    """Opens that found the snapshot replaced while they read it, so read it again (the
    unchecked-open control never looks, so it counts none)."""
    example: str | None

    @property
    def readable(self) -> bool:
        """Every open and refresh succeeded, while the writer made all its saves."""
        return (
            self.opens > 0
            and self.saves == self.expected_saves
            and self.unreadable == self.foreign == self.writer_errors == 0
        )

    @property
    def current(self) -> bool:
        """Every open showed an acknowledged state, never older than one it had to see."""
        return self.misordered == self.inconsistent == 0


def run_increments(
    directory: Path, *, mode: Mode, processes: int, count: int, control: Control = "none"
) -> Increments:
    store = directory / "store.json"
    seed(store, fillers=FILLERS)
    worker = ["--store", str(store), "--mode", mode, "--control", control, "--count", str(count)]
    results = run_together(directory, [("concurrency_increment", worker)] * processes)
    values = Counter(value for result in results for value in result["acknowledged"])
    snapshots = {tuple(s) for result in results for s in result["snapshots"]}
    final, version = _final(store)
    return Increments(
        processes=processes,
        per_process=count,
        acknowledged=values.total(),
        duplicates=sum(n - 1 for n in values.values()),
        final=final,
        version=version,
        compactions=len(snapshots) - 1,
        errors=sum(result["errors"] + result["foreign_errors"] for result in results),
        first_error=_first(results, "first_error"),
    )


def run_stale_writes(
    directory: Path, *, mode: Mode, trials: int, control: Control = "none"
) -> StaleWrites:
    store = directory / "store.json"
    seed(store, fillers=FILLERS)
    worker = ["--store", str(store), "--mode", mode, "--control", control, "--trials", str(trials)]
    [result] = run_together(directory, [("concurrency_stale", worker)])
    return StaleWrites(
        trials=trials,
        rejected=result["rejected"],
        accepted=result["accepted"],
        lost=result["lost"],
        not_same=result["not_same"],
        errors=result["errors"] + result["foreign_errors"],
        first_error=result["first_error"],
    )


def run_readers(
    directory: Path, *, mode: Mode, saves: int, readers: int = 2, control: Control = "none"
) -> Readers:
    store = directory / "store.json"
    seed(store, fillers=FILLERS, padding=READER_PADDING if mode == "small" else 0)
    shared = ["--store", str(store), "--mode", mode, "--control", control]
    shared += ["--acks", str(directory / "acks"), "--done", str(directory / "done")]
    writer = ("concurrency_writer", [*shared, "--saves", str(saves)])
    reader = [*shared, "--pause"] if mode == "journal" else shared
    results = run_together(directory, [writer] + [("concurrency_reader", reader)] * readers)
    written, read = results[0], results[1:]
    views = [result[kind] for result in read for kind in ("opens", "refreshes")]
    return Readers(
        mode=mode,
        saves=written["saves"],
        expected_saves=saves,
        replaced=written["replaced"],
        opens=sum(result["opens"]["done"] for result in read),
        refreshes=sum(result["refreshes"]["done"] for result in read),
        unreadable=sum(view["errors"] for view in views),
        foreign=sum(view["foreign_errors"] for view in views),
        misordered=sum(view["misordered"] for view in views),
        inconsistent=sum(view["inconsistent"] for view in views),
        writer_errors=written["errors"] + written["foreign_errors"],
        paused=sum(result["paused"] for result in read),
        raced=sum(result["raced"] for result in read),
        example=_first(views, "first_error") or _first(views, "example") or written["first_error"],
    )


def once(run: Callable[[Path], Result]) -> Result:
    """Run a check in a temporary directory."""
    with tempfile.TemporaryDirectory(prefix="mou-concurrency-") as directory:
        return run(Path(directory))


def until_caught(
    run: Callable[[Path], Result], caught: Callable[[Result], bool], *, attempts: int
) -> tuple[int, Result]:
    """Run a negative control until the check catches it, at most ``attempts`` times: the
    attempts it took (0 when never caught) and the last result."""
    for attempt in range(1, attempts + 1):
        result = once(run)
        if caught(result):
            return attempt, result
    return 0, result


def _final(store: Path) -> tuple[int | None, int | None]:
    try:
        return counted(JsonRepository(store))
    except MouTrackerError:
        return None, None


def _first(results: Sequence[dict[str, Any]], key: str) -> str | None:
    return next((result[key] for result in results if result[key]), None)


def run_together(directory: Path, workers: Sequence[tuple[str, list[str]]]) -> list[dict[str, Any]]:
    """Start the workers, wait until all are ready, start them at once and collect their
    reports (the last line each prints)."""
    start, deadline = directory / "start", time.monotonic() + TIMEOUT
    processes: list[subprocess.Popen[bytes]] = []
    with contextlib.ExitStack() as stack:
        for number, (module, arguments) in enumerate(workers):
            ready = ["--ready", str(directory / f"ready-{number}"), "--start", str(start)]
            command = python_command(f"workers.{module}", *arguments, *ready)
            out = stack.enter_context((directory / f"worker-{number}.out").open("wb"))
            err = stack.enter_context((directory / f"worker-{number}.err").open("wb"))
            processes.append(
                subprocess.Popen(command, stdout=out, stderr=err, env=python_env(), cwd=ROOT)
            )
        try:
            while not all((directory / f"ready-{n}").exists() for n in range(len(workers))):
                if any(p.poll() is not None for p in processes) or time.monotonic() > deadline:
                    break
                time.sleep(0.005)
            start.touch()
            for process in processes:
                process.wait(timeout=max(1.0, deadline - time.monotonic()))
        finally:
            for process in processes:
                if process.poll() is None:
                    process.kill()
                    process.wait()
    reports = []
    for number, process in enumerate(processes):
        if process.returncode != 0:
            error = (directory / f"worker-{number}.err").read_text(errors="replace")
            raise RuntimeError(
                f"worker {number} ({workers[number][0]}) exited with {process.returncode}:\n"
                + error[-3000:]
            )
        lines = (directory / f"worker-{number}.out").read_text().splitlines()
        reports.append(json.loads(lines[-1]))
    return reports
