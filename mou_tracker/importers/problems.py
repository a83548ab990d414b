"""What an import says about a row: a problem that rejects it, or a note on an imported row."""

from __future__ import annotations

import attrs

__all__ = ["CellError", "RowIssue", "RowIssues"]


@attrs.frozen(kw_only=True)
class RowIssue:
    """One thing said about one row of the source file.

    ``row`` is numbered as in the file, the header being row 1 (a row is counted once even if a
    cell in it holds a line break). ``category`` is a stable short code (``invalid-date``,
    ``unknown-country``...) for counting; ``reason`` is the sentence for people.
    """

    row: int
    column: str | None
    value: str | None
    reason: str
    category: str


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
