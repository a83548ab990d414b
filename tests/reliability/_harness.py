"""What every harness shares: profiles, figures, running helper processes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import attrs

Profile = Literal["fast", "full"]
PROFILES: tuple[Profile, ...] = ("fast", "full")

ROOT = Path(__file__).resolve().parents[2]
"""The project's root (where ``mou_tracker/`` lives)."""
TESTS = ROOT / "tests"


@attrs.frozen(kw_only=True)
class Figure:
    """One line of the reliability table: what was measured against its target."""

    harness: str
    name: str
    measured: str
    target: str
    passed: bool
    run: bool = True
    """False when the harness could not run the check here (no PostgreSQL server outside CI):
    shown as NOT RUN, never as a pass."""


def scale(profile: Profile, *, fast: int, full: int) -> int:
    """How many trials a harness runs in ``profile``."""
    return full if profile == "full" else fast


def python_env() -> dict[str, str]:
    """The environment for helper processes: ``reliability`` and ``mou_tracker`` importable."""
    env = dict(os.environ)
    paths = [str(TESTS), str(ROOT)]
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env.pop("COVERAGE_PROCESS_START", None)
    return env


def python_command(module: str, *arguments: str) -> list[str]:
    """``python -m reliability.<module> ...`` with this interpreter."""
    return [sys.executable, "-m", f"reliability.{module}", *arguments]


def run_python(
    module: str, arguments: Sequence[str] = (), *, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        python_command(module, *arguments),
        env=python_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def snapshot_tree(directory: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``directory`` -> (size, mtime_ns): compare before and after."""
    found: dict[str, tuple[int, int]] = {}
    for path in sorted(directory.rglob("*")):
        stat = path.lstat()
        found[str(path.relative_to(directory))] = (stat.st_size, stat.st_mtime_ns)
    return found
