"""The :class:`Report` value (title, date, headers, rows, notes) and its renderers.

A report is plain data; rendering is separate. Every ``tabulate`` table format is accepted except
``unsafehtml``, plus ``csv`` and ``json``:

>>> import pendulum
>>> report = Report(
...     title="Deadlines",
...     as_of=pendulum.Date(2025, 10, 15),
...     headers=("Due", "Days left"),
...     rows=(("Nov 2025", 46),),
... )
>>> print(report.render("simple"))
Deadlines
as of 2025-10-15
<BLANKLINE>
Due         Days left
--------  -----------
Nov 2025           46
>>> report.to_csv()
'Due,Days left\\r\\nNov 2025,46\\r\\n'
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import importlib
import io
import json
from collections.abc import Iterable
from typing import Any, TypeAlias

import attrs
import pendulum
from tabulate import tabulate, tabulate_formats

from mou_tracker.errors import MouTrackerError, ValidationError
from mou_tracker.reports.escaping import (
    flat,
    neutralise_formula,
    text_escaper,
    unneutralise_formula,
)
from mou_tracker.reports.fitting import FITTED_FORMATS, fit_table, wrap_lines
from mou_tracker.storage.jsonparse import escape_json_text

__all__ = ["FORMATS", "Cell", "Report", "neutralise_formula", "to_date", "unneutralise_formula"]

Cell: TypeAlias = str | int | None
"""One table cell: text, a count, or None for a blank cell."""

FORMATS: tuple[str, ...] = tuple(
    sorted({*tabulate_formats, "csv", "json"} - {"unsafehtml", "latex_raw"})
)
"""Every value :meth:`Report.render` accepts, sorted."""

_DATA_FORMATS = frozenset({"csv", "json", "tsv"})
"""Formats that carry only the table (no title, date or notes): other programs read them."""
_LATEX_FORMATS = frozenset({"latex", "latex_booktabs", "latex_longtable", "latex_raw"})


def to_date(value: object) -> pendulum.Date:
    """``value`` as a :class:`pendulum.Date`; a ``datetime`` (which carries a time) is refused.

    >>> to_date(dt.date(2025, 10, 15))
    Date(2025, 10, 15)
    """
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationError(
            f"as_of must be a date (pendulum.Date or datetime.date), got {value!r}", field="as_of"
        )
    if isinstance(value, pendulum.Date):
        return value
    return pendulum.Date(value.year, value.month, value.day)


def _to_headers(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _to_rows(value: Iterable[Iterable[Cell]]) -> tuple[tuple[Cell, ...], ...]:
    return tuple(tuple(row) for row in value)


def _to_header_set(value: Iterable[str]) -> frozenset[str]:
    return frozenset([value] if isinstance(value, str) else value)


def _to_notes(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)


@attrs.frozen(kw_only=True)
class Report:
    """A titled table as of a day, with optional footnotes; render it with :meth:`render`.

    Cells are ``str``, ``int`` or ``None`` (a blank cell). Headers are unique non-empty texts
    (JSON rows are keyed by them) and every row has one cell per header.
    """

    title: str
    as_of: pendulum.Date = attrs.field(converter=to_date)
    """The day the report describes (never read from the clock)."""
    headers: tuple[str, ...] = attrs.field(converter=_to_headers)
    rows: tuple[tuple[Cell, ...], ...] = attrs.field(converter=_to_rows)
    notes: tuple[str, ...] = attrs.field(default=(), converter=_to_notes)
    """Footnotes printed below the table."""
    free_text: frozenset[str] = attrs.field(default=frozenset(), converter=_to_header_set)
    """The headers of the columns holding free text (titles, descriptions): to fit a width
    they may be shortened with an ellipsis. Every other column is always shown in full."""
    data_only: frozenset[str] = attrs.field(default=frozenset(), converter=_to_header_set)
    """The headers of the columns for programs only (country codes beside a pair's names):
    CSV, TSV, JSON and :meth:`to_dataframe` carry them, text tables leave them out."""

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.title, str) or not self.title.strip():
            raise ValidationError("a report needs a non-empty title", field="title")
        if not all(isinstance(h, str) and h.strip() for h in self.headers):
            raise ValidationError("report headers must be non-empty texts", field="headers")
        if len(set(self.headers)) != len(self.headers):
            raise ValidationError(f"report headers repeat: {self.headers!r}", field="headers")
        if not all(isinstance(n, str) for n in self.notes):
            raise ValidationError("report notes must be texts", field="notes")
        for field in ("free_text", "data_only"):
            if unknown := sorted(getattr(self, field) - set(self.headers)):
                raise ValidationError(f"{field} columns {unknown!r} are not headers", field=field)
        width = len(self.headers)
        for number, row in enumerate(self.rows, start=1):
            if len(row) != width:
                raise ValidationError(
                    f"row {number} has {len(row)} cells, expected {width} (one per header)",
                    field="rows",
                )
            for cell in row:
                if cell is not None and (type(cell) is not int and not isinstance(cell, str)):
                    raise ValidationError(
                        f"row {number}: a cell must be text, an integer or None, got {cell!r}",
                        field="rows",
                    )

    # -- renderers -----------------------------------------------------------------------------

    def render(self, fmt: str = "simple", *, width: int | None = None) -> str:
        """The report as text in ``fmt``: any name in :data:`FORMATS`.

        With a ``width`` (a terminal's), the text grids (``simple``, ``grid``, ``psql``...)
        fit it: headers wrap, free-text columns are shortened, the title and notes wrap at
        word boundaries (:mod:`mou_tracker.reports.fitting`). Without one, everything is in full.

        Table formats print the title and ``as of <date>`` above the table and the notes below
        it (LaTeX formats as ``%`` comments; ``tsv``, ``csv`` and ``json`` carry no title, and
        only they carry the :attr:`data_only` columns).
        Control characters in cells (line breaks, tabs, terminal escapes) become spaces.
        In ``html`` every text is escaped; in ``pipe``, ``github``, ``jira``, ``mediawiki`` and
        ``orgtbl`` a ``|`` in a cell is escaped so the column count never changes (in Markdown,
        backticks are escaped too and ``<`` becomes ``&lt;``).
        """
        if fmt == "csv":
            return self.to_csv()
        if fmt == "json":
            return self.to_json()
        if fmt not in FORMATS:
            hint = {
                "unsafehtml": " (it does not escape HTML)",
                "latex_raw": " (it does not escape LaTeX)",
            }.get(fmt, "")
            raise ValidationError(
                f"unknown report format {fmt!r}{hint}: use one of {', '.join(FORMATS)}",
                field="fmt",
            )
        if self.data_only and fmt not in _DATA_FORMATS:
            return self._for_reading().render(fmt, width=width)
        width = width if fmt in FITTED_FORMATS else None
        table = self._table(fmt, width)
        if fmt in _DATA_FORMATS:
            return table
        if fmt == "html":
            return self._framed_html(table)
        escape = text_escaper(fmt)
        head = [escape(self.title), f"as of {self.as_of.isoformat()}"]
        notes = [f"* {escape(note)}" for note in self.notes]
        if fmt in _LATEX_FORMATS:
            head = [f"% {line}" for line in head]
            notes = [f"% {line}" for line in notes]
        if width is not None:
            head, notes = wrap_lines(head, width), wrap_lines(notes, width, indent="  ")
        parts = ["\n".join(head), table]
        if notes:
            parts.append("\n".join(notes))
        return "\n\n".join(parts)

    def to_csv(self) -> str:
        """The header row and the rows as CSV (no title), RFC 4180 lines ending with CRLF.

        Text starting with ``=``, ``+``, ``-``, ``@``, a tab, CR, NUL or ``'`` gets a leading
        ``'`` so spreadsheets do not run it as a formula (:func:`neutralise_formula`);
        :func:`unneutralise_formula` gives the original back. Integers are written as numbers
        and ``None`` as an empty field.
        """
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([neutralise_formula(h) for h in self.headers])
        writer.writerows([_neutralise(cell) for cell in row] for row in self.rows)
        return buffer.getvalue()

    def to_json(self) -> str:
        """``{"title", "as_of", "headers", "rows", "notes"}`` with each row a header -> cell
        object; integers stay numbers, ``None`` is ``null``."""
        document = {
            "title": self.title,
            "as_of": self.as_of.isoformat(),
            "headers": list(self.headers),
            "rows": [dict(zip(self.headers, row, strict=True)) for row in self.rows],
            "notes": list(self.notes),
        }
        return escape_json_text(json.dumps(document, ensure_ascii=False, indent=2))

    def to_dataframe(self) -> Any:
        """The rows as a ``pandas.DataFrame`` (columns named by the headers; blanks are None).

        pandas is optional: ``pip install 'mou-tracker[pandas]'``.
        """
        try:
            pandas = importlib.import_module("pandas")
        except ImportError:
            raise MouTrackerError(
                "Report.to_dataframe needs pandas: pip install 'mou-tracker[pandas]'"
            ) from None
        return pandas.DataFrame([list(row) for row in self.rows], columns=list(self.headers))

    # -- helpers -------------------------------------------------------------------------------

    def _for_reading(self) -> Report:
        """This report without its data-only columns."""
        kept = [i for i, header in enumerate(self.headers) if header not in self.data_only]
        return attrs.evolve(
            self,
            headers=[self.headers[i] for i in kept],
            rows=[[row[i] for i in kept] for row in self.rows],
            data_only=(),
        )

    def _table(self, fmt: str, width: int | None = None) -> str:
        escape = text_escaper(fmt)
        cell = _neutralise if fmt == "tsv" else _identity

        def show(value: Cell) -> Cell:
            return escape(value) if isinstance(value, str) else value

        rows = [[cell(show(value)) for value in row] for row in self.rows]
        headers = [
            neutralise_formula(escape(h)) if fmt == "tsv" else escape(h) for h in self.headers
        ]
        if width is not None:
            free = {i for i, header in enumerate(self.headers) if header in self.free_text}
            return fit_table(
                headers, rows, align=self._alignment(), free_text=free, fmt=fmt, width=width
            )
        return tabulate(
            rows,
            headers,
            tablefmt=fmt,
            disable_numparse=True,
            colalign=self._alignment(),
        )

    def _alignment(self) -> tuple[str, ...]:
        """Right-align the columns that hold only integers (counts, days left)."""
        columns = range(len(self.headers))
        numeric = [
            any(row[i] is not None for row in self.rows)
            and all(row[i] is None or type(row[i]) is int for row in self.rows)
            for i in columns
        ]
        return tuple("right" if numeric[i] else "left" for i in columns)

    def _framed_html(self, table: str) -> str:
        parts = [
            f"<h2>{html.escape(flat(self.title))}</h2>",
            f"<p>as of {self.as_of.isoformat()}</p>",
            table,
        ]
        if self.notes:
            items = "".join(f"<li>{html.escape(flat(note))}</li>" for note in self.notes)
            parts.append(f"<ul>{items}</ul>")
        return "\n".join(parts)


def _identity(value: Cell) -> Cell:
    return value


def _neutralise(value: Cell) -> Cell:
    return neutralise_formula(value) if isinstance(value, str) else value
