"""Docs that run: every ``$ mou-tracker ...`` example in README.md and docs/*.md, with its output.

How a page marks its examples is told in :mod:`docs_pages`. Each page runs in a fresh folder of
its own, block after block (so a page can ``init`` a store, then import into it); nothing in the
checkout changes. The folder starts with:

- ``build/pakistan-kazakhstan.json``: the seed store, as ``make demo`` writes it (the example
  ``examples/pakistan_kazakhstan_2025.py``);
- ``broken.json``: the seed store with two faults, for the pages that show errors;
- stand-ins for the public datasets the docs name (``GGO_agreements_from_rda.csv``,
  ``GGO_parties_from_rda.csv``, ``GPTAD.csv``): the samples under ``tests/data/``.

The commands it knows: ``mou-tracker ...`` (in-process, through click's runner; ``NAME=value``
before it sets the environment), ``python examples/SCRIPT ...``, ``export NAME=value`` (for the
rest of the page) and ``echo $?`` (the previous command's exit status). The clock reads
``DOCS_TODAY`` (15 October 2025): no output depends on the day it runs. A command must exit 0
unless the page shows it failing (an output line ``mou-tracker: error: ...``, or ``echo $?``
next), so an update never writes a new failure into the docs.

``python tests/docs_commands.py`` checks every page (a diff and exit status 1 when stale);
``python tests/docs_commands.py --update`` (``make docs``) rewrites the outputs from what the
commands print now: review the diff. A shortened output (``...``) that no longer matches is
written in full; shorten it again by hand. ``tests/e2e/test_docs_commands.py`` runs the check.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

import pendulum
from click.testing import CliRunner
from docs_pages import Block, Command, blocks, diff, matches, normalised, unrun_commands

from mou_tracker.cli import cli

ROOT = Path(__file__).resolve().parents[1]
PAGES = (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")))
DOCS_TODAY = pendulum.Date(2025, 10, 15)
SEED_EXAMPLE = ROOT / "examples" / "pakistan_kazakhstan_2025.py"
STAND_INS = {
    "GGO_agreements_from_rda.csv": ROOT / "tests" / "data" / "ggo" / "agreements.csv",
    "GGO_parties_from_rda.csv": ROOT / "tests" / "data" / "ggo" / "parties.csv",
    "GPTAD.csv": ROOT / "tests" / "data" / "gptad" / "GPTAD-sample.csv",
}
ENVIRONMENT: dict[str, str | None] = {"MOU_TRACKER_REPO": None, "COLUMNS": None}
"""The variables every command starts without (``export`` sets them for a page)."""

_ERROR = "mou-tracker: error:"


class DocsError(Exception):
    """A page the runner cannot check: an unknown command, a failure the page does not show."""


def build_seed(directory: Path) -> Path:
    """Write the seed store the way ``make demo`` does, and return its path."""
    seed = directory / "seed.json"
    done = subprocess.run(
        [sys.executable, str(SEED_EXAMPLE), str(seed)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise DocsError(f"{SEED_EXAMPLE.name} failed:\n{done.stderr}")
    return seed


def prepare(folder: Path, seed: Path) -> None:
    """The files every page's commands find in their folder."""
    (folder / "build").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(seed, folder / "build" / "pakistan-kazakhstan.json")
    broken = json.loads(seed.read_text(encoding="utf-8"))
    broken["agreements"][0]["history"][0]["date"] = "2025-13-01"
    broken["engagements"][3]["commitments"][0]["deadline"]["due"] = 20251130
    (folder / "broken.json").write_text(json.dumps(broken, indent=2) + "\n", encoding="utf-8")
    for name, sample in STAND_INS.items():
        shutil.copyfile(sample, folder / name)


@dataclass
class Session:
    """One page's folder, environment and what ran last."""

    folder: Path
    name: str
    environment: dict[str, str | None] = field(default_factory=lambda: dict(ENVIRONMENT))
    status: int = 0
    printed: str | None = None

    def run(self, command: str, where: str) -> tuple[str, int]:
        """Run one command line; return what it printed and its exit status."""
        words = shlex.split(command)
        extra: dict[str, str | None] = {}
        while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
            name, value = words.pop(0).split("=", 1)
            extra[name] = value
        match words:
            case ["mou-tracker", *arguments]:
                return self._mou_tracker(arguments, {**self.environment, **extra}, where)
            case ["export", assignment] if "=" in assignment and not extra:
                name, value = assignment.split("=", 1)
                self.environment[name] = value
                return "", 0
            case ["echo", "$?"] if not extra:
                return f"{self.status}\n", 0
            case ["python", script, *arguments] if script.startswith("examples/") and not extra:
                done = subprocess.run(
                    [sys.executable, str(ROOT / script), *arguments],
                    cwd=self.folder,
                    capture_output=True,
                    text=True,
                    timeout=120,
                    check=False,
                )
                return done.stdout + done.stderr, done.returncode
        raise DocsError(f"{where}: the docs runner does not know how to run {command!r}")

    def _mou_tracker(
        self, arguments: list[str], environment: dict[str, str | None], where: str
    ) -> tuple[str, int]:
        with self.inside():
            result = CliRunner().invoke(cli, arguments, env=environment)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            trace = "".join(traceback.format_exception(result.exception))
            raise DocsError(f"{where}: the command raised\n{trace}")
        return result.output, result.exit_code

    def execute(self, code: str, where: str) -> None:
        """Run a Python block in the page's folder; keep what it printed."""
        printed = io.StringIO()
        with self.inside(), contextlib.redirect_stdout(printed):
            exec(compile(code, where, "exec"), {"__name__": "__docs__"})  # noqa: S102 - our docs
        self.printed = printed.getvalue()

    @contextlib.contextmanager
    def inside(self) -> Iterator[None]:
        """In the page's folder, with the clock at ``DOCS_TODAY`` (noon, in any time zone)."""
        day = DOCS_TODAY

        def now(tz: object = "local") -> pendulum.DateTime:
            return pendulum.datetime(day.year, day.month, day.day, 12, tz=tz)

        with contextlib.chdir(self.folder), mock.patch.object(pendulum, "now", now):
            yield


def _check_status(
    where: str, command: Command, status: int, shown_failing: bool, output: str
) -> None:
    if (status != 0) != shown_failing:
        verb = "failed" if status else "succeeded"
        raise DocsError(
            f"{where}: {command.text!r} {verb} (exit status {status}) where the "
            f"page shows {'a failure' if shown_failing else 'success'}; it printed:\n{output}"
        )


def _session(session: Session, block: Block) -> list[str]:
    """Run a console session; return the block's body with the real outputs."""
    quiet = block.marker == ("no-output",)
    commands = block.commands()
    body: list[str] = []
    for index, command in enumerate(commands):
        where = f"{session.name}:{command.line}"
        output, status = session.run(command.text, where)
        following = commands[index + 1].text if index + 1 < len(commands) else ""
        shown_failing = following == "echo $?" or any(
            line.startswith(_ERROR) for line in command.output
        )
        _check_status(where, command, status, shown_failing and not quiet, output)
        session.status = status
        if quiet and command.output:
            raise DocsError(f"{where}: a no-output block shows output")
        actual = [] if quiet else normalised(output)
        body += command.source
        body += command.output if matches(command.output, actual) else actual
    return body


def _file_block(session: Session, block: Block) -> list[str]:
    where = f"{session.name}:{block.start + 1}"
    match block.marker:
        case ("input", name):
            (session.folder / name).write_text("\n".join(block.body) + "\n", encoding="utf-8")
            return block.body
        case ("output", name):
            written = session.folder / name
            if not written.exists():
                raise DocsError(f"{where}: no command above wrote {name}")
            actual = normalised(written.read_text(encoding="utf-8").replace("\r\n", "\n"))
        case ("output",):
            if session.printed is None:
                raise DocsError(f"{where}: no 'run' block above printed this")
            actual = normalised(session.printed)
        case ("run",):
            session.execute("\n".join(block.body), f"{session.name}:{block.start + 2}")
            return block.body
        case _:
            raise DocsError(f"{where}: unknown marker 'docs: {' '.join(block.marker)}'")
    return block.body if matches(block.body, actual) else actual


def regenerate(text: str, *, name: str, folder: Path, seed: Path) -> str:
    """The page with every output block as the commands print it now (``text`` if up to date)."""
    unrun = unrun_commands(text)
    if unrun:
        raise DocsError(f"{name}: commands outside a block that runs: {'; '.join(unrun)}")
    prepare(folder, seed)
    session = Session(folder=folder, name=name)
    lines = text.split("\n")
    rewritten: list[tuple[Block, list[str]]] = []
    for block in blocks(text):
        if block.is_session and block.marker in {(), ("no-output",)}:
            rewritten.append((block, _session(session, block)))
        elif block.marker:
            rewritten.append((block, _file_block(session, block)))
    for block, body in reversed(rewritten):  # from the end, so earlier line numbers hold
        lines[block.start + 1 : block.start + 1 + len(block.body)] = body
    return "\n".join(lines)


def main(arguments: Sequence[str]) -> int:
    update = "--update" in arguments
    stale = 0
    with tempfile.TemporaryDirectory(prefix="mou-tracker-docs-") as temporary:
        seed = build_seed(Path(temporary))
        for page in PAGES:
            name = page.relative_to(ROOT).as_posix()
            text = page.read_text(encoding="utf-8")
            folder = Path(temporary) / page.stem
            new = regenerate(text, name=name, folder=folder, seed=seed)
            if new == text:
                continue
            if update:
                page.write_text(new, encoding="utf-8")
                print(f"rewrote {name}")
            else:
                stale += 1
                print(diff(text, new, name))
    if stale:
        print(f"{stale} pages are stale: run 'make docs' to rewrite them", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
