"""Running measurements: each task in a fresh process, scratch copies of the cached data, and
how many times to repeat a figure within its time budget."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import cache

__all__ = ["PYCACHE", "Bench", "TaskError", "bytecode_env", "timed_process"]

LARGE = 50_000
"""From this size on, a figure runs ``--repeat-large`` times (each run costs seconds)."""


PYCACHE = Path(__file__).resolve().parent.parent / "build" / "bench" / "pycache"
"""Where every measured process keeps bytecode (``PYTHONPYCACHEPREFIX``): not tracked."""


def bytecode_env(env: dict[str, str]) -> dict[str, str]:
    """``env`` with bytecode written and read (under :data:`PYCACHE`) for every module, ours
    and the libraries': an installed package has its bytecode (pip compiles it on install),
    while a checkout with ``PYTHONDONTWRITEBYTECODE`` set (as on these machines) would
    recompile the project's modules, and only those, in every measured process (an open
    imports the generated structuring functions on first use: compiling them took 7 ms of a
    10k open)."""
    changed = {**env, "PYTHONPYCACHEPREFIX": str(PYCACHE)}
    changed.pop("PYTHONDONTWRITEBYTECODE", None)
    return changed


class TaskError(RuntimeError):
    """A measurement process failed; its last line of error output says why."""


_WARMED = (
    "orjson",
    "tinydb",
    "sqlite3",
    "psycopg",
    "matplotlib.pyplot",
    "benchmarks.tasks",
    "benchmarks.pgtasks",
    "benchmarks.dashtasks",
    "benchmarks.floor",
    "mou_tracker.reports",
    "mou_tracker.storage._prechecked_generated",
    "mou_tracker.storage.postgres",
    "mou_tracker.importers",
    "mou_tracker.dashboard",
)
"""What the tasks import, imported once before any is measured (an extra that is not
installed is skipped: its tasks report it)."""
_WARM = f"""
import importlib
for name in {_WARMED!r}:
    try:
        importlib.import_module(name)
    except ImportError:
        pass
"""


class Bench:
    """Runs the measurements of one ``make bench`` and keeps their scratch space."""

    def __init__(self, options: argparse.Namespace) -> None:
        self.options = options
        self.env = bytecode_env({**os.environ, "PYTHONHASHSEED": "0"})
        self.env.pop("MOU_TRACKER_REPO", None)
        self.work = cache.CACHE / "work"  # on the disk the project lives on: fsync is real

    def warm(self) -> None:
        """Write the bytecode every measured process reads (untimed): the project's modules
        all, and the libraries the tasks import (first use would otherwise compile them
        inside one run's clock)."""
        root = str(Path(__file__).resolve().parent.parent)
        packages = [f"{root}/{name}" for name in ("mou_tracker", "benchmarks")]
        command = [sys.executable, "-m", "compileall", "-q", *packages]
        subprocess.run(command, capture_output=True, env=self.env, check=True)
        subprocess.run([sys.executable, "-c", _WARM], capture_output=True, env=self.env, check=True)

    def task(self, name: str, **arguments: Any) -> dict[str, Any]:
        """Run ``python -m benchmarks.tasks name '{arguments}'`` and return what it printed."""
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
        """The cached data for ``n`` records (built in a subprocess when missing)."""
        command = [sys.executable, "-m", "benchmarks.cache", str(n), str(seed)]
        done = subprocess.run(command, capture_output=True, text=True, env=self.env, check=False)
        if done.returncode != 0:
            sys.exit(f"building the {n:,}-record repository failed:\n{done.stderr}")
        directory = Path(done.stdout.strip().splitlines()[-1])
        return directory, json.loads((directory / "meta.json").read_text())

    def runs(self, n: int) -> int:
        return self.options.repeat_large if n >= LARGE else self.options.repeat

    def repeat(
        self, runs: int, step: Callable[[], None], aside: Callable[[int], None] | None = None
    ) -> None:
        """``step`` ``runs`` times, or fewer (at least ``min(2, runs)``) once the budget is
        spent; ``aside(index)`` after each step, outside the budget (another figure's run,
        interleaved with this one's so that a slow moment of the machine falls on both)."""
        spent = 0.0
        for index in range(runs):
            start = time.perf_counter()
            step()
            spent += time.perf_counter() - start
            if aside is not None:
                aside(index)
            if index + 1 >= min(2, runs) and spent > self.options.budget:
                return

    def clean(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)

    @staticmethod
    def flush() -> None:
        """Write every dirty page out before a figure that waits for the disk (``fsync``):
        the copies made for earlier runs (183 MB each at 100k) are otherwise written back
        while that figure runs, and its syncs queue behind them (a durable update at 100k
        measured 484-563 µs in a bench run, 343-344 µs apart in the same hour)."""
        os.sync()


def timed_process(command: list[str], env: dict[str, str]) -> float:
    """Wall time of a whole process, from spawning it to its exit (it must succeed)."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, env=env, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        error = done.stderr.decode(errors="replace").strip().splitlines() or ["no output"]
        raise TaskError(f"{' '.join(command[-4:])}: exit status {done.returncode}: {error[-1]}")
    return seconds
