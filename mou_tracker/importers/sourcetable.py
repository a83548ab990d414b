"""Source tables: the rows of a CSV file (or of any rows given in Python), numbered as in the file.

Every cell is tidied the same way: line breaks, tabs and the literal two-character sequences
``\\r``, ``\\n`` and ``\\t`` (left in some exports) become spaces, runs of spaces become one, and
the ends are trimmed. A row is numbered by the physical line it starts on, the header being
line 1; a row whose quoted cell holds a line break is one row spanning several lines. A line
where an unbalanced quote would swallow the lines after it is a row of its own, with the fault
(see :mod:`mou_tracker.importers._csvlines`). Blank rows are skipped, and listed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import attrs

from mou_tracker.importers._csvlines import physical_lines, records
from mou_tracker.importers.errors import SourceFileError

__all__ = ["SourceRow", "SourceTable", "clean", "read_csv"]

_LITERAL_BREAKS = re.compile(r"\\[rnt]")


def clean(text: str) -> str:
    """A cell as the importer reads it (see the module doc)."""
    if "\\" in text or "  " in text or not text.isprintable():
        return " ".join(_LITERAL_BREAKS.sub(" ", text).split())
    return text.strip()


@attrs.frozen
class SourceRow:
    number: int
    """The physical line the row starts on (the header is line 1)."""
    cells: Mapping[str, str]
    width: int
    """How many cells the row had (a row shorter or longer than the header is rejected)."""
    last: int = attrs.field(default=attrs.Factory(lambda self: self.number, takes_self=True))
    """The physical line the row ends on (after :attr:`number` when a cell holds a line break)."""
    fault: str | None = None
    """Why the line could not be read as a row (an unbalanced quote?); it is then rejected."""


@attrs.frozen
class SourceTable:
    """The data an import reads: a header and its rows, with a name for messages (the file name)."""

    name: str
    header: tuple[str, ...]
    rows: tuple[SourceRow, ...]
    blank: tuple[int, ...] = ()
    """The blank rows, skipped (their line numbers)."""

    @classmethod
    def from_rows(
        cls,
        name: str,
        header: Sequence[str],
        rows: Iterable[Sequence[str]],
        *,
        columns: Iterable[str] | None = None,
    ) -> SourceTable:
        """A table from a header and rows of cells, numbered from 2 like a file's; only the
        ``columns`` named (all when None) are kept in each row's cells."""
        numbered = ((n, n, cells, None) for n, cells in enumerate(rows, start=2))
        return cls._build(name, header, numbered, columns)

    @classmethod
    def _build(
        cls,
        name: str,
        header: Sequence[str],
        rows: Iterable[tuple[int, int, Sequence[str], str | None]],
        columns: Iterable[str] | None,
    ) -> SourceTable:
        """A table from (first line, last line, cells, fault) rows."""
        names = tuple(h.strip().lstrip("\ufeff") for h in header)
        wanted = None if columns is None else set(columns)
        kept = [(i, n) for i, n in enumerate(names) if wanted is None or n in wanted]
        built, blank = [], []
        for first, last, cells, fault in rows:
            if fault is None and not any(c.strip() for c in cells):
                blank.append(first)
                continue
            row = {n: clean(cells[i]) for i, n in kept if i < len(cells)}
            built.append(SourceRow(first, row, len(cells), last=last, fault=fault))
        return cls(name=name, header=names, rows=tuple(built), blank=tuple(blank))

    def check_columns(self, columns: Iterable[str], *, what: str = "the mapping") -> None:
        """Raise :class:`SourceFileError` naming every column that is missing or repeated."""
        wanted = list(dict.fromkeys(columns))
        missing = [c for c in wanted if c not in self.header]
        if missing:
            raise SourceFileError(
                f"{self.name}: {what} reads column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(map(repr, missing))}, which the header does not have "
                f"(it has {', '.join(map(repr, self.header))})"
            )
        repeated = [c for c in wanted if self.header.count(c) > 1]
        if repeated:
            raise SourceFileError(
                f"{self.name}: the header repeats {', '.join(map(repr, repeated))}"
            )


def read_csv(
    path: str | os.PathLike[str],
    *,
    encoding: str = "utf-8-sig",
    delimiter: str = ",",
    columns: Iterable[str] | None = None,
) -> SourceTable:
    """Read a whole CSV file (:class:`SourceFileError` when it cannot be read as one), keeping
    the cells of ``columns`` only (all when None). Every physical line is in a row, a blank
    row, or the header (see the module doc)."""
    file = Path(path)
    try:
        with file.open(encoding=encoding, newline="") as handle:
            text = handle.read()
    except UnicodeDecodeError as exc:
        raise SourceFileError(
            f"{file}: not {encoding} text (byte {exc.start}); set the mapping's encoding"
        ) from None
    except OSError as exc:
        raise SourceFileError(f"{file}: cannot read ({exc.strerror or exc})") from None
    found = records(physical_lines(text), delimiter=delimiter)
    header = next(found, None)
    if header is None:
        raise SourceFileError(f"{file}: the file is empty (no header row)")
    if header.fault is not None:
        raise SourceFileError(f"{file}: line 1, the header: {header.fault}")
    rows = ((r.first, r.last, r.cells, r.fault) for r in found)
    return SourceTable._build(file.name, header.cells, rows, columns)
