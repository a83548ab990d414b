"""CSV records with the physical lines they came from, so that a stray quote costs one row.

The ``csv`` module reads a record over as many lines as an open quote lasts: one unbalanced
``"`` swallows every line up to the next quote, silently. Here each record is read from an
iterator of physical lines (``\\r\\n``, ``\\r`` or ``\\n`` ends one), so its span is known. A
record spanning several lines is legitimate (a quoted cell holding a line break) only when it
has the header's number of cells, no line after its first is on its own a well-formed row of
that many cells, and it ends before the end of the file. Otherwise its first line alone is
reported broken ("an unbalanced quote?") and reading starts again at the next line. (A quoted
cell one of whose inner lines is on its own a whole row is read as a stray quote: loudly. A
stray quote whose record happens to have the right cells and no whole row inside goes unseen.)

>>> [(r.first, r.last, r.cells, r.fault is None) for r in records(["a,b\\n", '"x\\n', 'y",z\\n'])]
[(1, 1, ['a', 'b'], True), (2, 3, ['x\\ny', 'z'], True)]
>>> [(r.first, r.last, r.cells) for r in records(["a,b\\n", '"x,1\\n', "y,2\\n"])][1:]
[(2, 2, []), (3, 3, ['y', '2'])]
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterator, Sequence

import attrs

__all__ = ["Record", "physical_lines", "records"]

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_SENTINEL = "\n"
"""Read after the last line: a record that takes it in was still inside quotes at the end."""


@attrs.frozen
class Record:
    first: int
    """The physical line it starts on (the file's first line is 1)."""
    last: int
    cells: list[str]
    fault: str | None = None
    """Why the line could not be read as a row (the record is then its first line, no cells)."""


def physical_lines(text: str) -> list[str]:
    """``text`` cut after every line end, as the ``csv`` module sees them."""
    return _LINE.findall(text)


def records(lines: Sequence[str], *, delimiter: str = ",") -> Iterator[Record]:
    """Every record of ``lines``, the first being the header (see the module doc); blank lines
    come as records with no cells."""
    check = _Check(delimiter)
    width: int | None = None
    start = 0
    while start < len(lines):
        source = itertools.chain(map(lines.__getitem__, range(start, len(lines))), (_SENTINEL,))
        reader = csv.reader(source, delimiter=delimiter)
        read = 0
        while True:
            first = start + read
            try:
                cells = next(reader, None)
            except csv.Error as exc:
                yield _broken(first, start + reader.line_num, len(lines), f"({exc})")
                start = first + 1
                break
            last, read = start + reader.line_num - 1, reader.line_num
            if cells is None or first >= len(lines):
                return
            if width is None and cells:
                width = len(cells)
            whole = last == first or check.legitimate(lines, first, last, cells, width)
            if whole and last < len(lines):
                yield Record(first=first + 1, last=last + 1, cells=cells)
                continue
            yield _broken(first, last + 1, len(lines), _count(cells, width))
            start = first + 1
            break


def _broken(first: int, end: int, total: int, detail: str) -> Record:
    if end == first + 1:
        return Record(first=end, last=end, cells=[], fault=f"not readable as CSV {detail}")
    if end > total:
        span = f"runs from line {first + 1} to the end of the file without closing its quote"
        detail = detail if detail.startswith("(") else ""
    else:
        span = f"runs over lines {first + 1}-{end}"
    reason = f"an unbalanced quote? the record starting on this line {span} {detail}".rstrip()
    return Record(first=first + 1, last=first + 1, cells=[], fault=reason)


def _count(cells: list[str], width: int | None) -> str:
    if width is not None and len(cells) != width:
        return f"with {len(cells)} cell{'s' if len(cells) != 1 else ''} (the header has {width})"
    return "and takes in lines that are whole rows"


class _Check:
    def __init__(self, delimiter: str) -> None:
        self.delimiter = delimiter
        d = re.escape(delimiter)
        cell = f'(?:"(?:[^"]|"")*"|[^"{d}\\r\\n]*)'
        self.well_formed = re.compile(f"{cell}(?:{d}{cell})*")
        """A line that is a complete row on its own: every quote opens a cell and is closed."""

    def legitimate(
        self, lines: Sequence[str], first: int, last: int, cells: list[str], width: int | None
    ) -> bool:
        """Whether the record over ``lines[first : last + 1]`` is one row with line breaks in
        quoted cells: it has the header's cells and no line after its first is a whole row."""
        if width is not None and len(cells) != width:
            return False
        return not any(self._row(line, width) for line in lines[first + 1 : last + 1])

    def _row(self, line: str, width: int | None) -> bool:
        """Whether ``line`` is on its own a well-formed row of ``width`` cells."""
        text = line.rstrip("\r\n")
        if not self.well_formed.fullmatch(text):
            return False
        return len(next(csv.reader([text], delimiter=self.delimiter), [])) == width
