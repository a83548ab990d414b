"""The import report: what became of every row, as data and as :class:`Report` tables.

Every data row of the source ends in exactly one of: a record (``added``, ``updated`` or
``unchanged``), ``merged`` (an exact duplicate of an earlier row), ``rejected`` (with one
problem or more: row number, column, value, reason) or ``skipped`` (a blank row). A line where
an unbalanced quote would have swallowed the lines after it is one rejected row.
"""

from __future__ import annotations

import collections
import datetime as dt
from collections.abc import Iterable

import attrs

from mou_tracker.importers.problems import RowIssue
from mou_tracker.reports import Report

__all__ = ["ImportReport"]

_ISSUE_HEADERS = ("outcome", "row", "column", "value", "reason", "category")


def _issues(value: Iterable[RowIssue]) -> tuple[RowIssue, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class ImportReport:
    """What an import did (or, in strict mode, would have done) with each row."""

    source: str
    """The file name (or the name given to rows imported from Python)."""
    as_of: dt.date
    rows: int
    """Data rows read, blank ones included (the header is not counted)."""
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    merged: tuple[RowIssue, ...] = attrs.field(default=(), converter=_issues)
    rejected: tuple[RowIssue, ...] = attrs.field(default=(), converter=_issues)
    """Every problem of every rejected row (a row may have several), by row."""
    notes: tuple[RowIssue, ...] = attrs.field(default=(), converter=_issues)
    """What the reader should know about imported rows (an uncertain date, a successor state)."""
    records: tuple[tuple[int, str], ...] = ()
    """(row number, record id) for each row that made a record."""
    remarks: tuple[str, ...] = ()
    """Remarks about the whole file (parties-table keys that match no row)."""
    skipped: tuple[int, ...] = ()
    """The line numbers of the blank rows, skipped."""

    @property
    def rejected_rows(self) -> tuple[int, ...]:
        """The row numbers of the rejected rows, in order."""
        return tuple(sorted({issue.row for issue in self.rejected}))

    @property
    def written(self) -> bool:
        """Whether the import changed the repository."""
        return bool(self.added or self.updated)

    def counts(self) -> dict[str, int]:
        """Rows by outcome; the values add up to :attr:`rows` (``skipped``, the blank rows, is
        there only when there are some)."""
        counts = {
            "imported": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "merged": len(self.merged),
            "rejected": len(self.rejected_rows),
        }
        if self.skipped:
            counts["skipped"] = len(self.skipped)
        return counts

    def reasons(self) -> dict[str, int]:
        """Rejected rows by the category of their first problem, most frequent first."""
        first: dict[int, str] = {}
        for issue in self.rejected:
            first.setdefault(issue.row, issue.category)
        counted = collections.Counter(first.values())
        return dict(sorted(counted.items(), key=lambda item: (-item[1], item[0])))

    # -- tables -------------------------------------------------------------------------------

    def summary(self) -> Report:
        """Rows by outcome, then rejected rows by reason."""
        rows: list[tuple[str, int]] = list(self.counts().items())
        rows.append(("total", self.rows))
        rows.extend((f"rejected: {reason}", count) for reason, count in self.reasons().items())
        return Report(
            title=f"Import of {self.source}",
            as_of=self.as_of,
            headers=("outcome", "rows"),
            rows=rows,
            notes=self.remarks,
        )

    def issues(self, *, include_notes: bool = True) -> Report:
        """One line per problem, merged row and (by default) note, in row order."""
        lines = [("rejected", i) for i in self.rejected] + [("merged", i) for i in self.merged]
        if include_notes:
            lines += [("note", i) for i in self.notes]
        lines.sort(key=lambda line: line[1].row)
        return Report(
            title=f"Import of {self.source}: rows",
            as_of=self.as_of,
            headers=_ISSUE_HEADERS,
            rows=[
                (
                    outcome,
                    i.row if i.last_row is None else i.lines,
                    i.column,
                    i.value,
                    i.reason,
                    i.category,
                )
                for outcome, i in lines
            ],
        )
