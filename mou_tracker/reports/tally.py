"""Counts for one report row: agreements by status column, and open commitments by where
they stand against their due dates."""

from __future__ import annotations

import functools
import operator
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from mou_tracker.domain import (
    OPEN_STATUSES,
    AgreementStatus,
    Commitment,
    CountryPair,
    Due,
    DueResolver,
    Record,
    Sides,
)
from mou_tracker.reports.cells import shorten
from mou_tracker.reports.report import Cell

if TYPE_CHECKING:
    from mou_tracker.reports.scope import Scope

__all__ = [
    "COMMITMENT_HEADERS",
    "STATUS_HEADERS",
    "Counted",
    "Counts",
    "Tally",
    "area_tallies",
    "count_commitments",
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
positions of the records one of whose commitments names areas, found while counting them
(so that :func:`area_tallies` reads the commitments of those records only)."""


def count_commitments(
    resolver: DueResolver, record: Record, commitments: Iterable[Commitment]
) -> Counts:
    """The :data:`Counts` of some of ``record``'s commitments (open ones; each resolved once): a
    report counts a record's commitments once and adds them to every pair or area it is in
    (:meth:`Tally.add_counts`)."""
    opened = overdue = not_set = 0
    first: NextDeadline | None = None
    open_status = resolver.open_status
    for commitment in commitments:
        if commitment.status not in OPEN_STATUSES:
            continue
        opened += 1
        resolved = open_status(commitment, record)
        if resolved is None:
            continue
        if not resolved.is_set:
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
                if commitment.areas:  # (a loop: a generator per record cost 3% at 100k)
                    named.append(index)
                    break
        known.append((tuple(counts), frozenset(named)))
    return known[0]


def area_tallies(scope: Scope) -> dict[str, Tally]:
    """The area report's rows by code (unsorted), their pairs set. A record uses the areas it
    covers and those of its commitments; a commitment naming no area counts under its record's
    areas. Records covering the same areas (one shared set per list within a load) are added
    up first, then to each of those areas once."""
    area = scope.area
    tallies: dict[str, Tally] = defaultdict(Tally)
    users: dict[str, set[Sides]] = defaultdict(set)  # the sides of the records using each area
    by_areas: dict[frozenset[str], tuple[Tally, set[Sides]]] = {}
    everything, named = _counted(scope)
    for index, (record, status) in enumerate(scope.counted()):
        counts = everything[index]  # when no commitment names an area: as the pair report
        if index in named:
            counts = _count_named(scope, record, tallies, users)
        group = by_areas.get(record.areas)
        if group is None:
            group = by_areas[record.areas] = (Tally(), set())
        if status is not None:
            group[0].add_agreement(status)
        if counts[0]:  # some open commitment (else every count is 0)
            group[0].add_counts(counts)
        group[1].add(record.sides)
    for own, (group_tally, sides) in by_areas.items():
        for code in own if area is None else own & {area}:
            tallies[code].add(group_tally)
            users[code] |= sides
    for code, tally in tallies.items():
        tally.pairs = set().union(*map(scope.pair_set_across, users[code]))
    return tallies


def _count_named(
    scope: Scope, record: Record, tallies: dict[str, Tally], users: dict[str, set[Sides]]
) -> Counts:
    """For a record one of whose commitments names areas: counts those commitments under
    their own areas, marks the areas they add as used by the record, and returns the counts
    of the others (which count under the record's areas)."""
    area = scope.area
    used: set[str] = set()
    shared = []  # naming no area: in the record's areas, counted once for all of them
    for commitment in record.commitments:
        if not commitment.areas:
            shared.append(commitment)
            continue
        used |= commitment.areas
        wanted = commitment.areas if area is None else commitment.areas & {area}
        if wanted and commitment.status in OPEN_STATUSES:  # a closed one counts nothing
            alone = count_commitments(scope.resolver, record, (commitment,))
            for code in wanted:
                tallies[code].add_counts(alone)
    added = used - record.areas  # areas the record uses through its commitments only
    for code in added if area is None else added & {area}:
        if code not in tallies:
            tallies[code] = Tally()
        users[code].add(record.sides)
    return count_commitments(scope.resolver, record, shared) if shared else NO_COUNTS


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
