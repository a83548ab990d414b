"""Source tables: the rows of a CSV file (or of any rows given in Python), numbered as in the file.

Every cell is tidied the same way: line breaks, tabs and the literal two-character sequences
``\\r``, ``\\n`` and ``\\t`` (left in some exports) become spaces, runs of spaces become one, and
the ends are trimmed. Rows are numbered as in the file, the header being row 1; a row counts
once even when a quoted cell in it holds a line break. Blank rows are skipped.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import attrs

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
    """The row number as in the file (the header is row 1)."""
    cells: Mapping[str, str]
    width: int
    """How many cells the row had (a row shorter or longer than the header is rejected)."""


@attrs.frozen
class SourceTable:
    """The data an import reads: a header and its rows, with a name for messages (the file name)."""

    name: str
    header: tuple[str, ...]
    rows: tuple[SourceRow, ...]

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
        names = tuple(h.strip().lstrip("\ufeff") for h in header)
        wanted = None if columns is None else set(columns)
        kept = [(i, n) for i, n in enumerate(names) if wanted is None or n in wanted]
        built = []
        number = 1
        for cells in rows:
            number += 1
            if not any(c.strip() for c in cells):
                continue
            row = {n: clean(cells[i]) for i, n in kept if i < len(cells)}
            built.append(SourceRow(number=number, cells=row, width=len(cells)))
        return cls(name=name, header=names, rows=tuple(built))

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
    the cells of ``columns`` only (all when None)."""
    file = Path(path)
    try:
        with file.open(encoding=encoding, newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter)
            header = next(reader, None)
            if header is None:
                raise SourceFileError(f"{file}: the file is empty (no header row)")
            return SourceTable.from_rows(file.name, header, list(reader), columns=columns)
    except UnicodeDecodeError as exc:
        raise SourceFileError(
            f"{file}: not {encoding} text (byte {exc.start}); set the mapping's encoding"
        ) from None
    except csv.Error as exc:
        raise SourceFileError(f"{file}: not readable as CSV ({exc})") from None
    except OSError as exc:
        raise SourceFileError(f"{file}: cannot read ({exc.strerror or exc})") from None
