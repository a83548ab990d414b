"""Counts for one report row: agreements by status column, and open commitments by where
they stand against their due dates."""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from mou_tracker.domain import (
    AgreementStatus,
    Commitment,
    CommitmentStatus,
    CountryPair,
    Due,
    DueResolver,
    Record,
)
from mou_tracker.reports.cells import shorten
from mou_tracker.reports.report import Cell

if TYPE_CHECKING:
    from mou_tracker.reports.scope import Scope

__all__ = [
    "COMMITMENT_HEADERS",
    "OPEN",
    "STATUS_HEADERS",
    "Counted",
    "Counts",
    "Tally",
    "count_commitments",
    "naming_areas",
    "record_counts",
]

S = AgreementStatus
STATUS_HEADERS = ("In force", "Signed, not in force", "Suspended", "Planned/negotiating", "Ended")
"""The status columns, in order. Suspended agreements get their own column: "signed, not in
force" reads as "awaiting entry into force", which a suspended agreement is not."""
COMMITMENT_HEADERS = ("Open commitments", "Overdue", "Date not set")
"""The open-commitment columns, in order (:meth:`Tally.commitment_cells`)."""
_COLUMN_OF: dict[AgreementStatus, int] = {
    S.IN_FORCE: 0,
    S.PROVISIONALLY_APPLIED: 0,
    S.SIGNED: 1,
    S.SUSPENDED: 2,
    S.PLANNED: 3,
    S.UNDER_NEGOTIATION: 3,
    S.EXPIRED: 4,
    S.TERMINATED: 4,
    S.SUPERSEDED: 4,
}
NextDeadline = tuple[tuple[int, int, str, str], Due, str]
"""Sort key (last due day, first due day, record id, commitment id), due date, commitment text."""
Counts = tuple[int, int, int, NextDeadline | None]
"""Open commitments, overdue ones, those whose date is not set, and the next deadline: what
a row counts, for a group of commitments (:func:`count_commitments`)."""
NO_COUNTS: Counts = (0, 0, 0, None)
Counted = tuple[tuple[Counts, ...], frozenset[int]]
"""What the reports of one selection share: each counted record's :data:`Counts`, and the
positions of the records one of whose commitments names areas (:func:`naming_areas`)."""
OPEN = frozenset(status for status in CommitmentStatus if status.is_open)
"""The statuses whose commitments are counted (:attr:`CommitmentStatus.is_open`), as a set."""


def count_commitments(
    resolver: DueResolver, record: Record, commitments: Iterable[Commitment]
) -> Counts:
    """The :data:`Counts` of some of ``record``'s commitments (open ones; each resolved once): a
    report counts a record's commitments once and adds them to every pair or area it is in
    (:meth:`Tally.add_counts`)."""
    opened = overdue = not_set = 0
    first: NextDeadline | None = None
    by_deadline = resolver.deadline
    for commitment in commitments:
        if commitment.status not in OPEN:
            continue
        opened += 1
        deadline = commitment.deadline  # most have one: asked directly (what status() does)
        resolved = (
            by_deadline(deadline) if deadline is not None else resolver.status(commitment, record)
        )
        if resolved is None:
            continue
        if resolved.due.date is None:  # DueStatus.is_set, without a property call
            not_set += 1
        elif resolved.is_overdue:
            overdue += 1
        else:
            key = (*resolved.sort_key(), record.id, commitment.id)
            if first is None or key < first[0]:
                first = (key, resolved.due, commitment.text)
    if first is None:  # most groups: one shared tuple per count (fewer objects to collect)
        return _without_next(opened, overdue, not_set)
    return opened, overdue, not_set, first


@functools.lru_cache(maxsize=4096)
def _without_next(opened: int, overdue: int, not_set: int) -> Counts:
    return opened, overdue, not_set, None


def record_counts(scope: Scope) -> tuple[Counts, ...]:
    """The :data:`Counts` of all the commitments of each record the scope counts, in
    :meth:`Scope.counted` order: counted once per selection, for every report that reads it."""
    return _counted(scope)[0]


def naming_areas(scope: Scope) -> frozenset[int]:
    """The positions (in :meth:`Scope.counted` order) of the records one of whose commitments
    names areas of its own: found while counting them (:func:`record_counts`), so that the area
    report need not read every commitment again."""
    return _counted(scope)[1]


def _counted(scope: Scope) -> Counted:
    known = scope.counted_commitments
    if not known:
        resolver = scope.resolver
        counts = []
        named = []
        for index, (record, _) in enumerate(scope.counted()):
            commitments = record.commitments
            counts.append(count_commitments(resolver, record, commitments))
            for commitment in commitments:  # just read: still in the processor's cache
                if commitment.areas:
                    named.append(index)
                    break
        known.append((tuple(counts), frozenset(named)))
    return known[0]


@attrs.define
class Tally:
    """Counts for one report row: agreements by status column, open commitments, overdue ones
    and those whose date is not set, the next deadline not yet passed, and the pairs seen."""

    by_status: list[int] = attrs.Factory(lambda: [0] * len(STATUS_HEADERS))
    open: int = 0
    overdue: int = 0
    not_set: int = 0
    next: NextDeadline | None = None
    pairs: set[CountryPair] = attrs.Factory(set)

    def add_agreement(self, status: AgreementStatus) -> None:
        self.by_status[_COLUMN_OF[status]] += 1

    def add_counts(self, counts: Counts) -> None:
        """Add the :data:`Counts` of a group of commitments."""
        opened, overdue, not_set, first = counts
        self.open += opened
        self.overdue += overdue
        self.not_set += not_set
        if first is not None and (self.next is None or first[0] < self.next[0]):
            self.next = first

    def add(self, other: Tally) -> None:
        """Add another row's counts, its agreements too (not its pairs)."""
        self.by_status = [*map(operator.add, self.by_status, other.by_status)]
        if other.open:  # else every count is 0
            self.add_counts((other.open, other.overdue, other.not_set, other.next))

    def status_cells(self) -> list[Cell]:
        """``Agreements`` (the total) then one count per status column."""
        return [sum(self.by_status), *self.by_status]

    def commitment_cells(self) -> list[Cell]:
        """``Open commitments``, ``Overdue``, ``Date not set`` (:data:`COMMITMENT_HEADERS`)."""
        return [self.open, self.overdue, self.not_set]

    def next_due(self) -> Cell:
        return None if self.next is None else str(self.next[1])

    def next_what(self) -> Cell:
        if self.next is None:
            return None
        return f"{shorten(self.next[2])} ({self.next[0][2]})"
