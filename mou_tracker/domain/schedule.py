"""Resolving deadlines against the engagements they are tied to, and the cadence of recurring
obligations. Everything here is computed from stored facts and an ``as_of`` day; nothing is
stored and nothing reads the clock.

>>> from mou_tracker import Anchor, Commitment, Deadline, Engagement, EngagementKind, Party
>>> visit = Engagement(id="visit", kind=EngagementKind.VISIT, title="State visit",
...                    date="2025-11", parties=[Party(country="KZ"), Party(country="PK")])
>>> schedule = Schedule([visit])
>>> deadline = Deadline(anchor=Anchor(engagement_id="visit"))
>>> str(schedule.latest_due(deadline))
'Nov 2025'
>>> schedule = Schedule([visit.with_date("2025-11-18", decided_on="2025-10-01", reason="set")])
>>> str(schedule.latest_due(deadline)), str(schedule.original_due(deadline))
('18 Nov 2025', 'Nov 2025')
>>> import pendulum
>>> str(schedule.due(deadline, pendulum.Date(2025, 9, 30)))  # the new date was not known yet
'Nov 2025'

Whether a deadline is overdue on a day is answered by
:class:`~mou_tracker.domain.due_status.DueResolver`, from :meth:`Schedule.due`.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
from collections.abc import Iterable, Iterator, Mapping

import attrs

from mou_tracker.domain.agreements import Agreement
from mou_tracker.domain.cadence import Cadence, CadenceState, cadence_of
from mou_tracker.domain.commitments import Commitment
from mou_tracker.domain.dates import PartialDate
from mou_tracker.domain.deadlines import (
    Anchor,
    AnchorRelation,
    Deadline,
    Reschedule,
    Target,
)
from mou_tracker.domain.due import NOT_SET, Due, DueMove
from mou_tracker.domain.engagements import DateChange, Engagement
from mou_tracker.domain.intervals import shift
from mou_tracker.errors import ValidationError

__all__ = ["Cadence", "CadenceState", "Due", "DueMove", "Schedule"]


class Schedule:
    """Resolves deadlines and recurrences against a set of engagements (usually all of a
    repository's). An anchor to an engagement that is not in the set raises
    :class:`~mou_tracker.errors.ValidationError`."""

    def __init__(self, engagements: Iterable[Engagement]) -> None:
        self._engagements: Mapping[str, Engagement] = {e.id: e for e in engagements}

    @classmethod
    def of(cls, records: Iterable[Agreement | Engagement]) -> Schedule:
        return cls(r for r in records if isinstance(r, Engagement))

    def engagement(self, engagement_id: str) -> Engagement:
        try:
            return self._engagements[engagement_id]
        except KeyError:
            raise ValidationError(
                f"a deadline is tied to engagement {engagement_id!r}, which does not exist",
                field="anchor",
            ) from None

    # -- deadlines ---------------------------------------------------------------------------

    def resolve(self, target: Target, dates: Mapping[str, PartialDate | None] | None = None) -> Due:
        """The due date of a target, with engagement dates taken from ``dates`` when given."""
        if isinstance(target, PartialDate):
            return Due(target)
        if dates is not None and target.engagement_id in dates:
            date = dates[target.engagement_id]
        else:
            date = self.engagement(target.engagement_id).date
        return _apply(target, date)

    def due(self, deadline: Deadline, as_of: dt.date) -> Due:
        """The due date as it stood on ``as_of``: moves decided after that day (after the last
        day their decision may have been taken) are not yet known then."""
        if not self._may_have_moved(deadline):
            return self.resolve(deadline.current)
        current, changes = self._changes(deadline, as_of)
        for _change, _via, new in changes:  # the last one known that day is the answer
            current = new
        return current

    def latest_due(self, deadline: Deadline) -> Due:
        """The due date with every recorded decision applied, whenever it was taken (the plan
        as it stands in the store, for describing a record; a question about a day goes
        through :meth:`due`)."""
        return self.resolve(deadline.current)

    def _may_have_moved(self, deadline: Deadline) -> bool:
        if deadline.reschedules:
            return True
        anchor = deadline.anchor  # with no reschedule, the only engagement it was tied to
        return anchor is not None and bool(self.engagement(anchor.engagement_id).date_changes)

    def original_due(self, deadline: Deadline) -> Due:
        """The due date first set (an anchor resolved against the engagement's first date)."""
        return self._changes(deadline)[0]

    def moves(self, deadline: Deadline, as_of: dt.date | None = None) -> list[DueMove]:
        """Every change of the due date, in the order decided: reschedules, and moves of the
        engagements the deadline was tied to at the time; with ``as_of``, only those known on
        that day (up to the first decided after it)."""
        current, changes = self._changes(deadline, as_of)
        moves = []
        last_set = current.date
        for change, via, new in changes:
            moves.append(
                DueMove(
                    decided_on=change.decided_on,
                    old=current,
                    new=new,
                    reason=change.reason,
                    source=change.source,
                    engagement_id=via,
                    last_set=last_set,
                )
            )
            current = new
            last_set = new.date or last_set
        return moves

    def _changes(
        self, deadline: Deadline, as_of: dt.date | None = None
    ) -> tuple[Due, Iterator[_Change]]:
        """The due date first set, and each decision that moved it, in the order decided:
        ``(decision, engagement id it came through or None, new due)``; with ``as_of``, up to
        the first decided after that day (the last day it may have been taken)."""
        Event = tuple[tuple[int, int], int, Reschedule | _EngagementMove]
        sources: list[list[Event]] = []
        dates: dict[str, PartialDate | None] = {}
        for eid in sorted(deadline.anchors):
            engagement = self.engagement(eid)
            history = engagement.dates
            dates[eid] = history[0]
            sources.append(
                [
                    (change.decided_on.sort_key(), 0, _EngagementMove(eid, history[i + 1], change))
                    for i, change in enumerate(engagement.date_changes)
                ]
            )
        events: Iterable[Reschedule | _EngagementMove]
        if not sources:  # reschedules only: in decision order already
            events = deadline.reschedules
        else:
            sources.append([(r.decided_on.sort_key(), 1, r) for r in deadline.reschedules])
            # Each source is in decision order already (periods may overlap, so their sort
            # keys need not increase): merge the sources without reordering any of them.
            merged = heapq.merge(*sources, key=lambda e: (e[0], e[1]))
            events = (event for _key, _order, event in merged)
        first = self.resolve(deadline.original, dates)
        changes = self._moved(deadline.original, dates, events, first)
        if as_of is not None:
            ordinal = as_of.toordinal()
            changes = itertools.takewhile(
                lambda c: c[0].decided_on.latest_ordinal <= ordinal, changes
            )
        return first, changes

    def _moved(
        self,
        target: Target,
        dates: dict[str, PartialDate | None],
        events: Iterable[Reschedule | _EngagementMove],
        current: Due,
    ) -> Iterator[_Change]:
        via: str | None
        for event in events:
            change: Reschedule | DateChange
            if isinstance(event, Reschedule):
                target, change, via = event.target, event, None
            else:
                dates[event.engagement_id] = event.new_date
                change, via = event.change, event.engagement_id
            new = self.resolve(target, dates)
            if new != current:
                yield change, via, new
                current = new

    def slips(self, deadline: Deadline, as_of: dt.date | None = None) -> int:
        """How many times the due date moved later (of the moves known on ``as_of``, when
        given)."""
        return sum(move.is_slip for move in self.moves(deadline, as_of))

    # -- recurring obligations ---------------------------------------------------------------------

    def cadence(
        self, commitment: Commitment, owner: Agreement | Engagement, as_of: dt.date
    ) -> Cadence:
        """How a recurring commitment has been kept as of ``as_of``
        (:func:`~mou_tracker.domain.cadence.cadence_of` over these engagements)."""
        return cadence_of(self._engagements.values(), commitment, owner, as_of)


_Change = tuple[Reschedule | DateChange, str | None, Due]
"""A decision that moved a due date, the engagement it came through (None for a reschedule),
and the new due date."""


@attrs.frozen
class _EngagementMove:
    engagement_id: str
    new_date: PartialDate | None
    change: DateChange


def _apply(anchor: Anchor, date: PartialDate | None) -> Due:
    if date is None:
        return NOT_SET
    if anchor.offset is None:
        return Due(date)
    sign = -1 if anchor.relation is AnchorRelation.BEFORE else 1
    moved = shift(date, anchor.offset, sign=sign)
    return Due(moved.date, moved.approximate)
