"""Resolving deadlines against the engagements they are tied to, and the cadence of recurring
obligations. Everything here is computed from stored facts and an ``as_of`` day; nothing is
stored and nothing reads the clock.

>>> from mou_tracker import Anchor, Commitment, Deadline, Engagement, EngagementKind, Party
>>> visit = Engagement(id="visit", kind=EngagementKind.VISIT, title="State visit",
...                    date="2025-11", parties=[Party(country="KZ"), Party(country="PK")])
>>> schedule = Schedule([visit])
>>> deadline = Deadline(anchor=Anchor(engagement_id="visit"))
>>> str(schedule.due(deadline))
'Nov 2025'
>>> schedule = Schedule([visit.with_date("2025-11-18", decided_on="2025-10-01", reason="set")])
>>> str(schedule.due(deadline)), str(schedule.original_due(deadline))
('18 Nov 2025', 'Nov 2025')
"""

from __future__ import annotations

import datetime as dt
import enum
import heapq
from collections.abc import Iterable, Mapping

import attrs

from mou_tracker.domain.agreements import Agreement
from mou_tracker.domain.commitments import Commitment
from mou_tracker.domain.dates import PartialDate
from mou_tracker.domain.deadlines import (
    Anchor,
    AnchorRelation,
    Deadline,
    Recurrence,
    Reschedule,
    Target,
)
from mou_tracker.domain.engagements import DateChange, Engagement
from mou_tracker.domain.intervals import shift
from mou_tracker.domain.sources import Source
from mou_tracker.errors import ValidationError

__all__ = ["Cadence", "CadenceState", "Due", "DueMove", "Schedule"]


@attrs.frozen
class Due:
    """What a deadline resolves to: a date, or None while its engagement has no date.

    ``approximate`` marks a date that is only the last day it may be (an offset in days from an
    engagement known to the month); a deadline is never due before that day.
    """

    date: PartialDate | None
    approximate: bool = False

    @property
    def is_set(self) -> bool:
        return self.date is not None

    def days_left(self, as_of: dt.date) -> int | None:
        """Days to the last day it may be due (negative once overdue); None when not set."""
        return None if self.date is None else self.date.latest_ordinal - as_of.toordinal()

    def __str__(self) -> str:
        if self.date is None:
            return "date not set"
        return f"{self.date} at the latest" if self.approximate else str(self.date)


NOT_SET = Due(None)


@attrs.frozen(kw_only=True)
class DueMove:
    """The due date of a deadline changed on ``decided_on``, from ``old`` to ``new``: because
    the deadline was rescheduled, or because the engagement it is tied to moved."""

    decided_on: PartialDate
    old: Due
    new: Due
    reason: str
    source: Source | None = None
    engagement_id: str | None = None
    """Set when the move came from the engagement's date changing."""
    last_set: PartialDate | None = attrs.field(default=None, eq=False)
    """The last due date that was set before this move (``old`` itself unless it was unset)."""

    @property
    def is_slip(self) -> bool:
        """The new due date may fall later than the last one set: a date being set for the
        first time is no slip, and a postponement through "date not set" is one."""
        base = self.old.date if self.old.date is not None else self.last_set
        new = self.new.date
        return base is not None and new is not None and new.latest_ordinal > base.latest_ordinal


class CadenceState(enum.StrEnum):
    ON_TRACK = "on track"
    """The next occurrence is not yet due."""
    LATE = "late"
    """The next occurrence is past due, but less than one more interval has gone by."""
    LAPSED = "lapsed"
    """A whole further interval has gone by without the obligation being met."""


@attrs.frozen(kw_only=True)
class Cadence:
    """How a recurring obligation has been kept, as of a day."""

    held: tuple[Engagement, ...]
    """The engagements that fulfilled it, oldest first."""
    on_time: int
    late: int
    missed: int
    """Whole intervals that passed with no engagement (between them, and since the last)."""
    next_due: Due
    state: CadenceState

    @property
    def last_held(self) -> PartialDate | None:
        return self.held[-1].date if self.held else None


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

    def due(self, deadline: Deadline, as_of: dt.date | None = None) -> Due:
        """The due date now, or as it stood on ``as_of``: moves decided after that day (the
        last day their decision may be) are not yet known then."""
        if as_of is None or not self._may_have_moved(deadline):
            return self.resolve(deadline.current)
        due, ordinal = self.original_due(deadline), as_of.toordinal()
        for move in self.moves(deadline):
            if move.decided_on.latest_ordinal > ordinal:
                break
            due = move.new
        return due

    def _may_have_moved(self, deadline: Deadline) -> bool:
        if deadline.reschedules:
            return True
        anchor = deadline.anchor  # with no reschedule, the only engagement it was tied to
        return anchor is not None and bool(self.engagement(anchor.engagement_id).date_changes)

    def original_due(self, deadline: Deadline) -> Due:
        """The due date first set (an anchor resolved against the engagement's first date)."""
        first = {eid: self.engagement(eid).dates[0] for eid in deadline.anchors}
        return self.resolve(deadline.original, first)

    def moves(self, deadline: Deadline) -> list[DueMove]:
        """Every change of the due date, in the order decided: reschedules, and moves of the
        engagements the deadline was tied to at the time."""
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
        sources.append([(r.decided_on.sort_key(), 1, r) for r in deadline.reschedules])
        # Each source is in decision order already (periods may overlap, so their sort keys
        # need not increase): merge the sources without reordering any of them.
        events = heapq.merge(*sources, key=lambda e: (e[0], e[1]))
        target: Target = deadline.original
        current, moves = self.resolve(target, dates), []
        last_set = current.date
        via: str | None
        for _key, _order, event in events:
            change: Reschedule | DateChange
            if isinstance(event, Reschedule):
                target, change, via = event.target, event, None
            else:
                dates[event.engagement_id] = event.new_date
                change, via = event.change, event.engagement_id
            new = self.resolve(target, dates)
            if new != current:
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

    def slips(self, deadline: Deadline, as_of: dt.date | None = None) -> int:
        """How many times the due date moved later (by ``as_of``, when given)."""
        last = None if as_of is None else as_of.toordinal()
        return sum(
            move.is_slip
            for move in self.moves(deadline)
            if last is None or move.decided_on.latest_ordinal <= last
        )

    # -- recurring obligations ---------------------------------------------------------------------

    def cadence(
        self, commitment: Commitment, owner: Agreement | Engagement, as_of: dt.date
    ) -> Cadence:
        """How a recurring commitment has been kept as of ``as_of``.

        Fulfilled by engagements of the recurrence's kinds whose parties include every country
        of ``owner`` (the record holding the commitment), dated from ``starts`` on and surely
        held by ``as_of``. Each occurrence is due one interval after the previous one was held
        (or after ``starts``); it is on time when held by then, late otherwise.
        """
        recurrence = commitment.recurrence
        if recurrence is None:
            raise ValidationError(
                f"commitment {commitment.id!r} does not recur", field="recurrence"
            )
        ordinal = as_of.toordinal()
        held = sorted(
            (
                e
                for e in self._engagements.values()
                if e.kind in recurrence.fulfilled_by
                and e.date is not None
                and owner.countries <= e.countries
                and e.date.latest_ordinal >= recurrence.starts.earliest_ordinal
                and e.date.latest_ordinal <= ordinal
            ),
            key=lambda e: (*_key(e.date), e.id),
        )
        base, on_time, late, missed = recurrence.starts, 0, 0, 0
        for engagement in held:
            date = _key_date(engagement)
            due, skipped = _next(base, recurrence, before=date.earliest_ordinal)
            missed += skipped
            if date.latest_ordinal <= due.latest_ordinal:
                on_time += 1
            else:
                late += 1
            base = date
        next_due = shift(base, recurrence.every)
        _, overdue_cycles = _next(base, recurrence, before=ordinal)
        if ordinal <= next_due.date.latest_ordinal:
            state = CadenceState.ON_TRACK
        elif overdue_cycles == 0:
            state = CadenceState.LATE
        else:
            state = CadenceState.LAPSED
        return Cadence(
            held=tuple(held),
            on_time=on_time,
            late=late,
            missed=missed + overdue_cycles,
            next_due=Due(next_due.date, next_due.approximate),
            state=state,
        )


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


def _key(date: PartialDate | None) -> tuple[int, int]:
    return (0, 0) if date is None else date.sort_key()


def _key_date(engagement: Engagement) -> PartialDate:
    if engagement.date is None:  # pragma: no cover - filtered out before
        raise ValidationError(f"engagement {engagement.id!r} has no date")
    return engagement.date


def _next(base: PartialDate, recurrence: Recurrence, *, before: int) -> tuple[PartialDate, int]:
    """The first occurrence due after ``base``, and how many more whole intervals after it had
    fully passed by the day ``before`` (those occurrences were missed)."""
    due = shift(base, recurrence.every).date
    skipped = 0
    following = shift(due, recurrence.every).date
    while following.latest_ordinal < before:
        skipped += 1
        due, following = following, shift(following, recurrence.every).date
    return due, skipped
