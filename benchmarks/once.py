"""The figures measured once, not at each size: how fast the CLI starts (on the seed store),
and the dashboard of the GGO import against the text reports it holds. Both time whole
processes (``mou-tracker ...`` from spawning to exit), alternated run by run with what they
are compared with, after one untimed warm-up of each (compiled bytecode, the page cache).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import mou_tracker
from benchmarks import cache
from benchmarks.dashtasks import REPORTS
from benchmarks.generate import AS_OF
from benchmarks.harness import Bench, TaskError, timed_process

__all__ = ["cli_start", "dashboard", "mou_tracker_command"]

Series = dict[str, dict[str, Any]]
_ROOT = Path(__file__).resolve().parent.parent
_LIBRARY = Path(mou_tracker.__file__).resolve().parent
IMPORTS = "import attrs, cattrs, pendulum, tabulate, click"
SEED_AS_OF = "2025-12-15"
GGO_AS_OF = "2025-10-05"
"""The day the GGO files were published (and the tests import them as of)."""


def mou_tracker_command() -> list[str]:
    """The installed ``mou-tracker`` script beside this interpreter (what a user runs), or
    ``python -m mou_tracker`` when there is none."""
    script = Path(sys.executable).parent / "mou-tracker"
    return [str(script)] if script.exists() else [sys.executable, "-m", "mou_tracker"]


def _stamp(*paths: Path) -> str:
    """A key over the library's code and the given files (their size and mtime)."""
    digest = hashlib.sha256(cache.fingerprint().encode())
    for package in ("importers", "cli"):
        for file in sorted((_LIBRARY / package).glob("*.py")):
            digest.update(file.read_bytes())
    for path in paths:
        stat = path.stat()
        digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]


def _cached(name: str, build: Any) -> Path:
    """``CACHE/name``, built by ``build(work_dir)`` into a temporary directory first."""
    target = cache.CACHE / name
    if (target / "done").exists():
        return target
    cache.CACHE.mkdir(parents=True, exist_ok=True)
    work = cache.CACHE / f".build-{name}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    try:
        build(work)
        (work / "done").write_text("")
        shutil.rmtree(target, ignore_errors=True)
        work.rename(target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def seed_store(bench: Bench) -> Path:
    """The seed case's store, written by ``examples/pakistan_kazakhstan_2025.py``."""
    example = _ROOT / "examples" / "pakistan_kazakhstan_2025.py"

    def build(work: Path) -> None:
        command = [sys.executable, str(example), str(work / "seed.json")]
        done = subprocess.run(command, capture_output=True, text=True, env=bench.env, check=False)
        if done.returncode != 0:
            raise TaskError(f"the seed example failed: {done.stderr.strip()[-300:]}")

    return _cached(f"seed-{_stamp(example)}", build) / "seed.json"


def cli_start(bench: Bench, runs: int) -> Series:
    """``mou-tracker report pairs`` on the seed store and ``mou-tracker --help`` against
    ``python -c "import attrs, cattrs, pendulum, tabulate, click"``, whole processes."""
    series: Series = {"cli": {"label": "seed store"}}
    try:
        store = seed_store(bench)
        commands = {
            "imports": [sys.executable, "-c", IMPORTS],
            "report": [
                *mou_tracker_command(),
                "--repo",
                str(store),
                "report",
                "pairs",
                "--as-of",
                SEED_AS_OF,
            ],
            "help": [*mou_tracker_command(), "--help"],
        }
        for command in commands.values():
            timed_process(command, bench.env)  # warm-up (it also writes the bytecode)
        for _ in range(runs):
            for side, command in commands.items():
                series["cli"].setdefault(side, []).append(timed_process(command, bench.env))
    except TaskError as exc:
        series["cli"]["error"] = str(exc)
    return series


def dashboard_store(bench: Bench, ggo: Path, size: int) -> tuple[Path, str, str, str]:
    """``(store, as-of day, label, about)``: the GGO files imported by the ``ggo`` preset when they
    are in ``ggo``, else a generated store of about the same size."""
    agreements = sorted(ggo.glob("*agreements*.csv")) if ggo.is_dir() else []
    parties = sorted(ggo.glob("*parties*.csv")) if ggo.is_dir() else []
    if agreements and parties:
        imported: dict[str, Any] = {}

        def build(work: Path) -> None:
            imported.update(
                bench.task(
                    "ggo_import",
                    agreements=str(agreements[0]),
                    parties=str(parties[0]),
                    target=str(work / "ggo.json"),
                    as_of=GGO_AS_OF,
                )
            )
            (work / "records").write_text(str(imported["records"]))

        directory = _cached(f"ggo-{_stamp(agreements[0], parties[0])}", build)
        count = int((directory / "records").read_text())
        about = (
            f"dashboard: the GGO files ({agreements[0].name}, {parties[0].name}) imported by "
            f"the ggo preset as of {GGO_AS_OF}: {count:,} records"
        )
        return directory / "ggo.json", GGO_AS_OF, f"GGO, {count:,} records", about
    directory, meta = bench.build(size, bench.options.seed)
    about = (
        f"dashboard: NO GGO files in {ggo}: a generated store of the same size instead "
        f"({meta['agreements']:,} agreements + {meta['engagements']:,} engagements)"
    )
    store = directory / "repo" / cache.REPO_FILE
    return store, AS_OF.isoformat(), f"generated, {size:,}", about


def dashboard(bench: Bench, ggo: Path, size: int, runs: int) -> Series:
    """The dashboard, whole process, against the text reports it holds run one after another
    (summed), and the in-process split of one dashboard (informational)."""
    series: Series = {"dashboard": {}, "dashboard_split": {}}
    try:
        store, day, label, about = dashboard_store(bench, ggo, size)
        series["dashboard"] |= {"label": label, "about": about}
        mou = [*mou_tracker_command(), "--repo", str(store)]
        out = bench.scratch() / "brief.html"
        page = [*mou, "dashboard", "--as-of", day, "-o", str(out)]
        reports = [
            [*mou, "report", name, *_options(options), "--as-of", day]
            for name, _, options in REPORTS
        ]

        def round_() -> None:
            series["dashboard"].setdefault("page", []).append(timed_process(page, bench.env))
            total = sum(timed_process(command, bench.env) for command in reports)
            series["dashboard"].setdefault("reports", []).append(total)

        started = time.perf_counter()
        seed = [*mou_tracker_command(), "--repo", str(seed_store(bench))]  # warm-up, cheaply:
        timed_process([*seed, "dashboard", "--as-of", SEED_AS_OF, "-o", str(out)], bench.env)
        timed_process([*seed, "report", "pairs", "--as-of", SEED_AS_OF], bench.env)
        bench.repeat(runs, round_)
        split = bench.task("dashboard_split", repo=str(store), as_of=day, out=str(out))
        series["dashboard_split"] = {"label": label, "split": split}
        print(f"  dashboard {time.perf_counter() - started:6.1f} s", flush=True)
    except TaskError as exc:
        series["dashboard"]["error"] = str(exc)
    finally:
        bench.clean()
    return series


def _options(options: dict[str, Any]) -> list[str]:
    return [part for key, value in options.items() for part in (f"--{key}", str(value))]
