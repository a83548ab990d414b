"""What an import says about a row: a problem that rejects it, or a note on an imported row."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from mou_tracker.importers.sourcetable import SourceRow, SourceTable

__all__ = ["CellError", "RowIssue", "RowIssues", "spanned", "unreadable"]


@attrs.frozen(kw_only=True)
class RowIssue:
    """One thing said about one row of the source file.

    ``row`` is the physical line the row starts on, the header being line 1; ``last_row`` is
    the line it ends on, when a quoted cell in it holds a line break. ``category`` is a stable
    short code (``invalid-date``, ``unknown-country``...) for counting;
    ``reason`` is the sentence for people.
    """

    row: int
    column: str | None
    value: str | None
    reason: str
    category: str
    last_row: int | None = None
    """The last physical line of a row over several lines (None for a row on one line)."""

    @property
    def lines(self) -> str:
        """``"12"``, or ``"12-14"`` for a row over several lines."""
        return str(self.row) if self.last_row is None else f"{self.row}-{self.last_row}"


class CellError(Exception):
    """Raised while reading one cell; the caller turns it into a :class:`RowIssue`."""

    def __init__(self, reason: str, category: str, *, role: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.category = category
        self.role = role
        """The date role at fault (``entry_into_force``), for errors about a history."""


@attrs.define
class RowIssues:
    """The problems and notes gathered while reading one row."""

    row: int
    problems: list[RowIssue] = attrs.Factory(list)
    notes: list[RowIssue] = attrs.Factory(list)

    def problem(self, column: str | None, value: str | None, reason: str, category: str) -> None:
        self.problems.append(
            RowIssue(row=self.row, column=column, value=value, reason=reason, category=category)
        )

    def note(self, column: str | None, value: str | None, reason: str) -> None:
        self.notes.append(
            RowIssue(row=self.row, column=column, value=value, reason=reason, category="note")
        )

    def add(self, column: str | None, value: str | None, reason: str, category: str) -> None:
        """A note when ``category`` is ``"note"``, else a problem."""
        if category == "note":
            self.note(column, value, reason)
        else:
            self.problem(column, value, reason, category)


def spanned(table: SourceTable, issues: Iterable[RowIssue]) -> list[RowIssue]:
    """The issues in row order, each with the span of its row when the row is over several
    lines of ``table``."""
    last = {r.number: r.last for r in table.rows if r.last != r.number}
    return sorted(
        (attrs.evolve(i, last_row=last[i.row]) if i.row in last else i for i in issues),
        key=lambda issue: issue.row,
    )


def unreadable(row: SourceRow) -> RowIssue:
    """The problem of a line that could not be read as a row (its :attr:`SourceRow.fault`)."""
    return RowIssue(
        row=row.number,
        column=None,
        value=None,
        reason=f"{row.fault}; only this line is rejected, and reading resumes at the next",
        category="unbalanced-quote",
    )
