"""The Markdown side of the docs that run: fenced blocks, console sessions, their outputs.

A ```` ```console ```` block whose first line starts with ``$ `` is a shell session: each ``$``
line is a command (a line ending in ``\\`` continues on the next), and the lines after it, up to
the next ``$`` line, are what it prints (standard output and error, as a terminal shows them).
An output line ``...`` stands for any lines (to show a long record in part). Outputs are
compared line by line, trailing spaces and trailing blank lines aside.

An HTML comment on the line before a block (invisible once rendered) says what else to do:

- ``<!-- docs: no-output -->``: the session's commands run and must succeed; no output is shown;
- ``<!-- docs: input NAME -->``: the block is written to the file NAME (a CSV file, a mapping);
- ``<!-- docs: run -->`` on a ```` ```python ```` block: the code runs;
- ``<!-- docs: output -->``: the block is what the last ``run`` block printed;
- ``<!-- docs: output NAME -->``: the block is the content of the file NAME, written above.

:mod:`docs_commands` runs them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Block", "Command", "blocks", "diff", "matches", "normalised", "unrun_commands"]

_MARKER = re.compile(r"^<!-- docs: (?P<words>.+?) -->$")
_ANY = "..."


@dataclass
class Command:
    line: int
    source: list[str]
    output: list[str]

    @property
    def text(self) -> str:
        joined = " ".join(part.removesuffix("\\").strip() for part in self.source)
        return joined.removeprefix("$ ")


@dataclass
class Block:
    """A fenced block: ``body`` is the lines between its fences (``start`` is the opening one)."""

    start: int
    language: str
    body: list[str]
    marker: tuple[str, ...] = ()

    @property
    def is_session(self) -> bool:
        return self.language == "console" and bool(self.body) and self.body[0].startswith("$ ")

    def commands(self) -> list[Command]:
        commands: list[Command] = []
        continued = False
        for number, line in enumerate(self.body, self.start + 2):
            if continued:
                commands[-1].source.append(line)
            elif line.startswith("$ "):
                commands.append(Command(line=number, source=[line], output=[]))
            else:
                commands[-1].output.append(line)
            continued = line.endswith("\\") and not commands[-1].output
        return commands


def blocks(text: str) -> list[Block]:
    """The page's fenced blocks, each with the ``docs:`` marker on the line before it."""
    lines = text.split("\n")
    found: list[Block] = []
    opened: Block | None = None
    for index, line in enumerate(lines):
        if opened is None and line.startswith("```"):
            previous = next((x for x in reversed(lines[:index]) if x.strip()), "")
            marker = _MARKER.match(previous.strip())
            words = tuple(marker["words"].split()) if marker else ()
            opened = Block(start=index, language=line[3:].strip(), body=[], marker=words)
        elif opened is not None and line.strip() == "```":
            found.append(opened)
            opened = None
        elif opened is not None:
            opened.body.append(line)
    return found


def unrun_commands(text: str) -> list[str]:
    """``$ mou-tracker`` lines outside the sessions the runner runs (each should be in one)."""
    run = {b.start + 1 + i for b in blocks(text) if b.is_session for i in range(len(b.body))}
    return [
        f"line {number + 1}: {line.strip()}"
        for number, line in enumerate(text.split("\n"))
        if line.lstrip().startswith("$ mou-tracker") and number not in run
    ]


def normalised(text: str) -> list[str]:
    """``text`` as lines without trailing spaces or trailing blank lines."""
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def matches(expected: Sequence[str], actual: Sequence[str]) -> bool:
    """Whether ``actual`` is ``expected``, where a line ``...`` stands for any lines."""
    pattern = "".join(
        r"(?:[^\n]*\n)*?" if line.strip() == _ANY else re.escape(line.rstrip()) + r"\n"
        for line in expected
    )
    return re.fullmatch(pattern, "".join(f"{line}\n" for line in actual)) is not None


def diff(before: str, after: str, name: str) -> str:
    """A unified diff of a page as written and as the commands print it."""
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"{name} (as written)",
            tofile=f"{name} (as the commands print it)",
        )
    )
