"""Fitting a report's table to a width (a terminal's), so no line is longer.

:meth:`Report.render(fmt, width=...) <mou_tracker.reports.Report.render>` calls
:func:`fit_table` for the formats in :data:`FITTED_FORMATS` (the tabulate formats drawn as text
grids); every other format, and every render without a width, is printed in full.

A table that fits is printed exactly as without a width. Otherwise, step by step:

1. long headers wrap onto two or three lines, at word boundaries (in the formats other programs
   read as markup, ``pipe``, ``github``, ``orgtbl``, ``jira`` and ``rst``, headers stay on one
   line);
2. free-text columns (a report's :attr:`~mou_tracker.reports.Report.free_text`: titles,
   descriptions) are shortened with an ellipsis ``…``, the widest first, down to
   :data:`SHORTEST` characters;
3. if the columns still do not fit, the table is split into parts printed one after the other,
   each repeating the first column (the one that names the row).

Every other column (pairs, identifiers, dates, counts) is always shown in full: a width narrower
than the first column and the widest of them together still gets longer lines.

>>> print(fit_table(
...     ["Pair", "Open commitments", "What"],
...     [["PK-KZ", 3, "Fast-track the agreements to be concluded during the visit"]],
...     align=["left", "right", "left"], free_text={2}, fmt="simple", width=50,
... ))
Pair             Open  What
          commitments
------  -------------  --------------------------
PK-KZ               3  Fast-track the agreements…
"""

from __future__ import annotations

import functools
import re
import textwrap
from collections.abc import Collection, Iterable, Sequence

import attrs
from tabulate import multiline_formats, tabulate

__all__ = [
    "ELLIPSIS",
    "FITTED_FORMATS",
    "ONE_LINE_HEADERS",
    "SHORTEST",
    "fit_table",
    "wrap_lines",
]

ELLIPSIS = "…"
SHORTEST = 12
"""A free-text column is never narrowed below this many characters (or its own width)."""
FITTED_FORMATS = frozenset(multiline_formats)
"""The formats fitted to a width: tabulate's text grids (``simple``, ``grid``, ``psql``...)."""
ONE_LINE_HEADERS = frozenset({"pipe", "github", "orgtbl", "jira", "rst"})
"""Markup formats: a header over two lines would read as a row, so headers are never wrapped."""
_HEADER_LINES = 3
_PIECE = re.compile(r"[^/]*/(?=.)|.+")
"""A word breaks after a slash too ("Planned/negotiating")."""

Cells = Sequence[Sequence[str | int | None]]


def fit_table(
    headers: Sequence[str],
    rows: Cells,
    *,
    align: Sequence[str],
    free_text: Collection[int],
    fmt: str,
    width: int,
) -> str:
    """The table in ``fmt`` (one of :data:`FITTED_FORMATS`) fitted to ``width`` columns.

    ``headers`` and ``rows`` are the cells as printed (already escaped for ``fmt``), ``align``
    one ``"left"``/``"right"`` per column, and ``free_text`` the indexes of the columns that
    may be shortened.
    """
    whole = _render(headers, rows, align, fmt)
    if _widest(whole) <= width:
        return whole
    frame = _frame(fmt)
    texts = [["" if cell is None else str(cell) for cell in row] for row in rows]
    columns = [
        _Column.of(
            index,
            header,
            [row[index] for row in texts],
            free=index in free_text,
            wrap=fmt not in ONE_LINE_HEADERS,
            pad=frame.pad,
        )
        for index, header in enumerate(headers)
    ]
    tables = []
    for part in _split(columns, frame, width):
        widths = _allocate(part, width - frame.overhead(len(part)))
        shown = [column.show(w, frame.pad) for column, w in zip(part, widths, strict=True)]
        tables.append(
            _render(
                [header for header, _ in shown],
                list(zip(*(cells for _, cells in shown), strict=True)),
                [align[column.index] for column in part],
                fmt,
            )
        )
    return "\n\n".join(tables)


def wrap_lines(lines: Iterable[str], width: int, *, indent: str = "") -> list[str]:
    """Each line longer than ``width`` wrapped at word boundaries, continuation lines indented
    (a word longer than a whole line is cut); shorter lines are left as they are.

    >>> wrap_lines(["* Only open and in-progress commitments are listed."], 24, indent="  ")
    ['* Only open and', '  in-progress', '  commitments are', '  listed.']
    """
    wrapped: list[str] = []
    for line in lines:
        if len(line) <= width:
            wrapped.append(line)
        else:
            wrapped += textwrap.wrap(line, width, subsequent_indent=indent, break_on_hyphens=False)
    return wrapped


# -- columns -------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Column:
    """One column: its widths when shown in full, with its header wrapped, and at its narrowest."""

    index: int
    header: str
    cells: tuple[str, ...]
    free: bool
    natural: int
    """Header on one line, every cell in full."""
    wrapped: int
    """Header on up to three lines, every cell in full."""
    narrowest: int
    """Header on up to three lines, free text shortened to :data:`SHORTEST`."""

    @classmethod
    def of(
        cls, index: int, header: str, cells: Sequence[str], *, free: bool, wrap: bool, pad: int
    ) -> _Column:
        data = max((len(cell) for cell in cells), default=0)
        header_width = _header_width(header) if wrap else len(header)
        return cls(
            index=index,
            header=header,
            cells=tuple(cells),
            free=free,
            natural=max(data, len(header) + pad),
            wrapped=max(data, header_width + pad),
            narrowest=max(min(data, SHORTEST) if free else data, header_width + pad),
        )

    def show(self, width: int, pad: int) -> tuple[str, list[str]]:
        """The header (wrapped when it is wider than ``width``) and the cells, shortened."""
        header = self.header
        if len(header) + pad > width:
            header = "\n".join(_wrap(header, width - pad))
        return header, [_shorten(cell, width) for cell in self.cells]


def _header_width(header: str) -> int:
    """The narrowest width at which ``header`` wraps onto at most three lines."""
    longest = max(len(piece) for word in header.split() for piece in _PIECE.findall(word))
    for width in range(longest, len(header) + 1):  # pragma: no branch - ends at len(header)
        if len(_wrap(header, width)) <= _HEADER_LINES:
            return width
    return len(header)  # pragma: no cover - a header always fits on one line of its length


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken between words or after a
    slash inside one (a piece longer than ``width`` stays whole).

    >>> _wrap("Signed, not in force", 7), _wrap("Planned/negotiating", 12)
    (['Signed,', 'not in', 'force'], ['Planned/', 'negotiating'])
    """
    lines: list[str] = []
    line = ""
    for word in text.split():
        for number, piece in enumerate(_PIECE.findall(word)):
            joined = line + ("" if number else " ") + piece
            if line and len(joined) <= width:
                line = joined
            else:
                if line:
                    lines.append(line)
                line = piece
    return [*lines, line]


def _shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis, at a word boundary when one is in
    the last third."""
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if space >= len(cut) * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" " + ELLIPSIS) + ELLIPSIS


# -- layout --------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Frame:
    """What ``fmt`` adds to the columns' widths: ``base + per_column * columns`` characters of
    borders and gaps per line, and ``pad`` beside every header (tabulate's minimum padding)."""

    base: int
    per_column: int
    pad: int

    def overhead(self, columns: int) -> int:
        return self.base + self.per_column * columns


@functools.cache
def _frame(fmt: str) -> _Frame:
    """Measured once per format on small tables, so every tabulate version is modelled right."""
    one = _widest(_render(["x"], [["y" * 10]], ["left"], fmt)) - 10
    two = _widest(_render(["x", "x"], [["y" * 10] * 2], ["left"] * 2, fmt)) - 20
    # The first of two columns: some formats strip the padding of the last one.
    header = _widest(_render(["x" * 10, "x"], [["y", "y" * 10]], ["left"] * 2, fmt)) - 20
    return _Frame(base=2 * one - two, per_column=two - one, pad=header - two)


def _split(columns: Sequence[_Column], frame: _Frame, width: int) -> list[list[_Column]]:
    """The columns in parts that fit at their narrowest, each part starting with the first."""
    first, *rest = columns
    parts = [[first]]
    for column in rest:
        part = parts[-1]
        if len(part) > 1 and _least([*part, column], frame) > width:
            parts.append([first, column])
        else:
            part.append(column)
    return parts


def _least(columns: Sequence[_Column], frame: _Frame) -> int:
    return sum(c.narrowest for c in columns) + frame.overhead(len(columns))


def _allocate(columns: Sequence[_Column], room: int) -> list[int]:
    """A width per column, summing to ``room`` or less when it can: headers wrap first (those
    that save most first), then free text is shortened, the widest first."""
    widths = [c.natural for c in columns]
    excess = sum(widths) - room
    for i in sorted(range(len(columns)), key=lambda i: columns[i].wrapped - columns[i].natural):
        if excess <= 0:
            break
        saved = min(excess, widths[i] - columns[i].wrapped)
        widths[i] -= saved
        excess -= saved
    while excess > 0:
        shrinkable = [i for i, c in enumerate(columns) if widths[i] > c.narrowest]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
        excess -= 1
    return widths


def _render(headers: Sequence[str], rows: Cells, align: Sequence[str], fmt: str) -> str:
    return tabulate(
        [list(row) for row in rows],
        list(headers),
        tablefmt=fmt,
        disable_numparse=True,
        colalign=tuple(align),
    )


def _widest(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)
