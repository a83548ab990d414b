"""Counts for one report row: agreements by status column, and open commitments by where
they stand against their due dates."""

from __future__ import annotations

import functools
import struct
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
    "Named",
    "Packed",
    "Tally",
    "area_tallies",
    "count_commitments",
    "record_counts",
    "unpack",
]

S = AgreementStatus
STATUS_HEADERS = ("In force", "Signed, not in force", "Suspended", "Planned/negotiating", "Ended")
"""The status columns, in order. Suspended agreements get their own column: "signed, not in
force" reads as "awaiting entry into force", which a suspended agreement is not."""
COMMITMENT_HEADERS = ("Open commitments", "Overdue", "Date not set")
"""The open-commitment columns, in order (the second list of :meth:`Tally.cells`)."""
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
_LANES = ("open", "overdue", "not set", *STATUS_HEADERS)
"""A row's counters, packed into one integer 64 bits apiece (:data:`Packed`)."""
_UNPACK = struct.Struct(f"<{len(_LANES)}Q").unpack


def _unit(lane: str) -> int:
    return 1 << (64 * _LANES.index(lane))


Packed = int
"""A row's counters as one integer, 64 bits per counter in :data:`_LANES` order: adding two
rows (or a record to a row) is one addition, however many counters they have. A counter
cannot outgrow its 64 bits (it counts records or commitments) and none is ever subtracted."""
_OPEN = _unit("open")
_OPEN_OVERDUE = _OPEN + _unit("overdue")
_OPEN_NOT_SET = _OPEN + _unit("not set")
_AGREEMENT: dict[AgreementStatus, Packed] = {
    status: _unit(STATUS_HEADERS[column]) for status, column in _COLUMN_OF.items()
}


def unpack(packed: Packed) -> tuple[int, ...]:
    """The counters of a :data:`Packed` row, in :data:`_LANES` order."""
    return _UNPACK(packed.to_bytes(8 * len(_LANES), "little"))


NextDeadline = tuple[tuple[int, int, str, str], Due, str]
"""Sort key (last due day, first due day, record id, commitment id), due date, commitment text."""
Counts = tuple[Packed, NextDeadline | None]
"""Open commitments, overdue ones and those whose date is not set (packed), and the next
deadline: what a row counts, for a group of commitments (:func:`count_commitments`). The
packed counters are 0 exactly when no commitment is open."""
NO_COUNTS: Counts = (0, None)
Named = tuple[Counts, tuple[tuple[frozenset[str], Counts], ...]]
"""The commitments of a record some of which name areas: the :data:`Counts` of those naming
none (they count under the record's areas), then each naming one with its areas and its own
:data:`Counts` (nothing, when it is not open)."""
Counted = tuple[tuple[Counts, ...], dict[int, Named]]
"""What the reports of one selection share: each counted record's :data:`Counts`, and for the
records one of whose commitments names areas, by position, their :data:`Named` breakdown
(counted in the same pass: each commitment is resolved once for every report)."""


def count_commitments(
    resolver: DueResolver, record: Record, commitments: Iterable[Commitment]
) -> Counts:
    """The :data:`Counts` of some of ``record``'s commitments (open ones; each resolved once): a
    report counts a record's commitments once and adds them to every pair or area it is in
    (:meth:`Tally.add_counts`)."""
    packed = 0
    first: NextDeadline | None = None
    open_status = resolver.open_status
    for commitment in commitments:
        if commitment.status not in OPEN_STATUSES:
            continue
        resolved = open_status(commitment, record)
        if resolved is None:
            packed += _OPEN
        elif not resolved.is_set:
            packed += _OPEN_NOT_SET
        elif resolved.is_overdue:
            packed += _OPEN_OVERDUE
        else:
            packed += _OPEN
            key = (*resolved.sort_key(), record.id, commitment.id)
            if first is None or key < first[0]:
                first = (key, resolved.due, commitment.text)
    if first is None:  # most groups: one shared tuple per count (fewer objects to collect)
        return _without_next(packed)
    return packed, first


@functools.lru_cache(maxsize=4096)
def _without_next(packed: Packed) -> Counts:
    return packed, None


def record_counts(scope: Scope) -> tuple[Counts, ...]:
    """The :data:`Counts` of all the commitments of each record the scope counts, in
    :meth:`Scope.counted` order: counted once per selection, for every report that reads it."""
    return _counted(scope)[0]


def _counted(scope: Scope) -> Counted:
    known = scope.counted_commitments
    if not known:
        resolver = scope.resolver
        counts = []
        named: dict[int, Named] = {}
        for index, (record, _) in enumerate(scope.counted()):
            commitments = record.commitments
            for commitment in commitments:  # (a loop: a generator per record cost 3% at 100k)
                if commitment.areas:
                    breakdown = named[index] = _named(resolver, record)
                    counts.append(_added(breakdown))
                    break
            else:
                counts.append(count_commitments(resolver, record, commitments))
        known.append((tuple(counts), named))
    return known[0]


def _named(resolver: DueResolver, record: Record) -> Named:
    shared = []
    alone = []
    for commitment in record.commitments:
        if commitment.areas:
            alone.append((commitment.areas, count_commitments(resolver, record, (commitment,))))
        else:
            shared.append(commitment)
    return count_commitments(resolver, record, shared), tuple(alone)


def _added(breakdown: Named) -> Counts:
    """The :data:`Counts` of all the commitments of a :data:`Named` breakdown."""
    shared, alone = breakdown
    tally = Tally(counts=shared[0], next=shared[1])
    for _, counts in alone:
        tally.add_counts(counts)
    return _without_next(tally.counts) if tally.next is None else (tally.counts, tally.next)


def area_tallies(scope: Scope) -> dict[str, tuple[Tally, set[CountryPair]]]:
    """The area report's rows by code (unsorted), each with the pairs of the records using the
    area. A record uses the areas it covers and those of its commitments; a commitment naming
    no area counts under its record's areas. Records covering the same areas (one shared set
    per list within a load) are added up first, then to each of those areas once."""
    area = scope.area
    tallies: dict[str, Tally] = defaultdict(Tally)
    users: dict[str, set[Sides]] = defaultdict(set)  # the sides of the records using each area
    by_areas: dict[frozenset[str], tuple[Tally, set[Sides]]] = {}
    everything, named = _counted(scope)
    for index, (record, status) in enumerate(scope.counted()):
        breakdown = named.get(index)
        if breakdown is None:  # no commitment names an area: as the pair report
            counts = everything[index]
        else:
            counts = _count_named(scope, record, breakdown, tallies, users)
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
    return {
        code: (tally, set().union(*map(scope.pair_set_across, users[code])))
        for code, tally in tallies.items()
    }


def _count_named(
    scope: Scope,
    record: Record,
    breakdown: Named,
    tallies: dict[str, Tally],
    users: dict[str, set[Sides]],
) -> Counts:
    """For a record one of whose commitments names areas: adds those commitments under their
    own areas, marks the areas they add as used by the record, and returns the counts of the
    others (which count under the record's areas)."""
    area = scope.area
    shared, alone = breakdown
    used: set[str] = set()
    for areas, counts in alone:
        used |= areas
        if counts[0]:  # open (a closed one counts nothing)
            for code in areas if area is None else areas & {area}:
                tallies[code].add_counts(counts)
    added = used - record.areas  # areas the record uses through its commitments only
    for code in added if area is None else added & {area}:
        if code not in tallies:
            tallies[code] = Tally()
        users[code].add(record.sides)
    return shared


@attrs.define
class Tally:
    """Counts for one report row: agreements by status column, open commitments, overdue ones
    and those whose date is not set (:data:`Packed` in :attr:`counts`), and the next deadline
    not yet passed."""

    counts: Packed = 0
    next: NextDeadline | None = None

    def add_agreement(self, status: AgreementStatus) -> None:
        self.counts += _AGREEMENT[status]

    def add_counts(self, counts: Counts) -> None:
        """Add the :data:`Counts` of a group of commitments."""
        packed, first = counts
        self.counts += packed
        if first is not None and (self.next is None or first[0] < self.next[0]):
            self.next = first

    def add(self, other: Tally) -> None:
        """Add another row's counts, its agreements too."""
        self.add_counts((other.counts, other.next))

    def cells(self) -> tuple[list[Cell], list[Cell]]:
        """``Agreements`` (the total) then one count per status column; and ``Open
        commitments``, ``Overdue``, ``Date not set`` (:data:`COMMITMENT_HEADERS`)."""
        opened, overdue, not_set, *by_status = unpack(self.counts)
        return [sum(by_status), *by_status], [opened, overdue, not_set]

    def next_due(self) -> Cell:
        return None if self.next is None else str(self.next[1])

    def next_what(self) -> Cell:
        if self.next is None:
            return None
        return f"{shorten(self.next[2])} ({self.next[0][2]})"
