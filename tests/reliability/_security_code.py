"""No pickle, eval, exec or ``yaml.load`` in the package, kept out by ruff's bandit rules.

:func:`ruff_codes` runs ruff on a snippet as if it were a module of the package, so the
project's own configuration (``pyproject.toml``: ``select`` with ``"S"``, and the per-file
ignores) decides; :data:`BANNED_CALLS` pairs each dangerous call with the rule that must flag
it. :func:`banned_names` is a plain text scan of the package for the same names, a second net
that does not depend on ruff's configuration.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

from reliability._harness import ROOT

__all__ = ["BANNED_CALLS", "bandit_selected", "banned_names", "ruff_codes"]

BANNED_CALLS: tuple[tuple[str, str], ...] = (
    ("S301", "import pickle\npickle.loads(b'')\n"),
    ("S301", "import shelve\nshelve.open('x')\n"),
    ("S301", "import dill\ndill.loads(b'')\n"),
    ("S302", "import marshal\nmarshal.loads(b'')\n"),
    ("S307", "eval('1')\n"),
    ("S102", "exec('1')\n"),
    ("S506", "import yaml\nyaml.load('a')\n"),
)
"""(rule, snippet): each snippet must be flagged with its rule."""

_BANNED = re.compile(
    r"\b(?:pickle|cPickle|dill|marshal|shelve)\b|\beval\(|\bexec\(|\byaml\.(?:unsafe_)?load\(|"
    r"__import__\("
)
PACKAGE = ROOT / "mou_tracker"


def _ruff() -> str:
    beside = Path(sys.executable).with_name("ruff")
    found = str(beside) if beside.exists() else shutil.which("ruff")
    if found is None:
        raise RuntimeError("ruff is not installed (pip install -e '.[dev]')")
    return found


def ruff_codes(snippet: str, extra: Sequence[str] = ()) -> set[str]:
    """The rule codes ruff reports for ``snippet`` checked as ``mou_tracker/_probe.py`` with the
    project's configuration (``extra`` options may override it)."""
    command = [_ruff(), "check", "--no-cache", "--output-format", "json", *extra]
    done = subprocess.run(
        [*command, "--stdin-filename", "mou_tracker/_probe.py", "-"],
        input=snippet,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode not in (0, 1):
        raise RuntimeError(f"ruff failed: {done.stderr}")
    return {diagnostic["code"] for diagnostic in json.loads(done.stdout)}


def bandit_selected() -> bool:
    """Whether ``pyproject.toml`` selects ruff's ``S`` rules and ignores none of the banned
    ones for the package."""
    lint = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["ruff"]["lint"]
    banned = {code for code, _ in BANNED_CALLS}
    ignored = set(lint.get("ignore", []))
    for pattern, codes in lint.get("per-file-ignores", {}).items():
        if pattern.startswith(("mou_tracker", "*", "**")):
            ignored |= set(codes)
    hidden = any(code == "S" or code in banned for code in ignored)
    return "S" in lint.get("select", []) and not hidden


def banned_names(directory: Path = PACKAGE) -> list[str]:
    """``file:line: text`` for every line of a Python file under ``directory`` that names
    pickle, dill, marshal or shelve, or calls eval, exec, yaml.load or __import__."""
    found = []
    for path in sorted(directory.rglob("*.py")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if _BANNED.search(line):
                found.append(f"{path.relative_to(directory)}:{number}: {line.strip()}")
    return found
