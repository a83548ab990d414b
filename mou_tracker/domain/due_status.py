"""The one definition of where a commitment stands against its due date on a day.

Every question "is this due, overdue, due within N days, or waiting for a date, as of day D?"
is answered here, and only here: the reports, the calendar export, ``mou-tracker show`` and the
model's own shortcuts (:meth:`Deadline.is_overdue <mou_tracker.Deadline.is_overdue>`...) all
ask a :class:`DueResolver`. The rules:

- a one-off deadline is due by its target **as it stood on the day**: a reschedule, or a move of
  the engagement it is tied to, counts only once the last day its decision may have been taken
  has passed (decisions taken after the day are not yet known then);
- a deadline tied to an engagement follows the engagement's date, and is "date not set" while
  the engagement has none: never overdue, never on time;
- it is overdue once the last day it may be due has passed ("Nov 2025" from 1 December 2025);
  due within N days when that last day is at most N days ahead;
- a recurring commitment is due by the next due date of its cadence, and overdue once its
  cadence is late or lapsed;
- only ``open`` and ``in_progress`` commitments are due at all.

>>> import pendulum
>>> from mou_tracker import Commitment, Deadline
>>> promise = Commitment(id="visit-mous", text="Conclude MoUs", deadline=Deadline(due="2025-11"))
>>> moved = promise.deadline.reschedule(due="2026-Q1", decided_on="2025-12-20", reason="postponed")
>>> promise = attrs.evolve(promise, deadline=moved)
>>> str(due_status(promise, pendulum.Date(2025, 12, 15)).state)  # the move is not known yet
'overdue'
>>> status = due_status(promise, pendulum.Date(2025, 12, 21))
>>> str(status.due), str(status.state), status.days_left
('Q1 2026', 'due soon', 100)
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable

import attrs

from mou_tracker.domain.agreements import Agreement
from mou_tracker.domain.cadence import Cadence, CadenceState
from mou_tracker.domain.commitments import Commitment
from mou_tracker.domain.countries import CountryPair
from mou_tracker.domain.deadlines import Deadline, Recurrence
from mou_tracker.domain.due import Due
from mou_tracker.domain.engagements import Engagement
from mou_tracker.domain.schedule import Schedule
from mou_tracker.domain.sides import Sides
from mou_tracker.domain.vocabulary import OPEN_STATUSES, EngagementKind
from mou_tracker.errors import ValidationError

__all__ = ["DueResolver", "DueState", "DueStatus", "due_status"]

Record = Agreement | Engagement


class DueState(enum.StrEnum):
    """How an open commitment stands against its due date (the reports' ``State`` column)."""

    OVERDUE = "overdue"
    """A one-off deadline whose last day has passed."""
    LATE = "late"
    """A recurring commitment past due, less than one more interval ago."""
    LAPSED = "lapsed"
    """A recurring commitment with a whole further interval gone by."""
    DUE = "due soon"
    """Not yet past due."""
    NOT_SET = "date not set"
    """Tied to an engagement that has no date yet."""


_NEVER = dt.date.max.toordinal() + 1


@attrs.frozen
class DueStatus:
    """Where an open commitment (or a deadline) stands on ``as_of``: what it is due by and how
    many days are left; ``cadence`` is set for a recurring commitment."""

    due: Due
    as_of: dt.date
    cadence: Cadence | None = None
    days_left: int | None = attrs.field(init=False, eq=False, repr=False)
    """Days to the last day it may be due (negative once past); None while not set."""
    is_overdue: bool = attrs.field(init=False, eq=False, repr=False)
    """Past its last due day: a one-off deadline, or a late or lapsed recurrence."""

    def __attrs_post_init__(self) -> None:
        # Both are read for every status a report counts: set once here, as plain slots.
        days = self.due.days_left(self.as_of)
        if self.cadence is not None:
            overdue = self.cadence.state is not CadenceState.ON_TRACK
        else:
            overdue = days is not None and days < 0
        object.__setattr__(self, "days_left", days)
        object.__setattr__(self, "is_overdue", overdue)

    @property
    def is_set(self) -> bool:
        return self.due.date is not None

    def is_due_within(self, days: int) -> bool:
        """Not overdue, and the last due day is at most ``days`` days after ``as_of``."""
        if type(days) is not int or days < 0:
            raise ValidationError(f"a window must be zero or more days, got {days!r}", field="days")
        left = self.days_left
        return left is not None and not self.is_overdue and left <= days

    @property
    def state(self) -> DueState:
        if self.due.date is None:
            return DueState.NOT_SET
        if self.cadence is not None and self.cadence.state is CadenceState.LATE:
            return DueState.LATE
        if self.cadence is not None and self.cadence.state is CadenceState.LAPSED:
            return DueState.LAPSED
        return DueState.OVERDUE if self.is_overdue else DueState.DUE

    def sort_key(self) -> tuple[int, int]:
        """Last due day then first due day; "date not set" sorts after every date."""
        date = self.due.date
        if date is None:
            return (_NEVER, _NEVER)
        return (date.latest_ordinal, date.earliest_ordinal)


class DueResolver:
    """Answers, for one day, where each commitment stands, against one :class:`Schedule`.

    Build it from every record of the repository (a deadline may be tied to an engagement that
    a report's filters leave out). Cadences are computed on the engagements that can fulfil them
    (those of the record's countries and the recurrence's kinds, indexed once), so asking about
    every commitment of a repository stays linear in its size.
    """

    def __init__(
        self, records: Iterable[Record], as_of: dt.date, *, schedule: Schedule | None = None
    ) -> None:
        self._engagements = [r for r in records if isinstance(r, Engagement)]
        self.schedule = Schedule(self._engagements) if schedule is None else schedule
        self.as_of = as_of
        self._by_pair: dict[CountryPair, list[Engagement]] | None = None
        self._fulfilling: dict[tuple[Sides, frozenset[EngagementKind]], Schedule] = {}
        self._cadences: dict[tuple[Sides, Recurrence], Cadence] = {}
        self._known: dict[int, tuple[Commitment, Record | None, DueStatus | None]] = {}
        self._by_deadline: dict[int, DueStatus] = {}
        self._by_date: dict[int, DueStatus] = {}
        self._asked: list[Deadline] = []  # kept alive, so that their ids stay theirs

    def deadline(self, deadline: Deadline) -> DueStatus:
        """Where a one-off deadline stands, whatever the status of its commitment: one answer
        per deadline, and per date for a deadline that is a date and never moved (most of
        them; equal date texts are one :class:`PartialDate` within a load and the answer
        depends on the date alone)."""
        if deadline.is_plain:
            memo, key = self._by_date, id(deadline.due)
        else:
            memo, key = self._by_deadline, id(deadline)
        known = memo.get(key)
        if known is not None:
            return known
        found = memo[key] = DueStatus(self.schedule.due(deadline, self.as_of), self.as_of)
        self._asked.append(deadline)  # keeps it (and its date) alive: their ids stay theirs
        return found

    def status(self, commitment: Commitment, record: Record | None = None) -> DueStatus | None:
        """Where an open commitment of ``record`` stands; None when it is not open, or has
        neither a deadline nor a recurrence. ``record`` (the record holding the commitment) is
        needed for a recurring commitment: its cadence is kept by engagements between the
        record's countries. Each answer is kept: asking again costs a look-up."""
        if commitment.status not in OPEN_STATUSES:
            return None
        return self.open_status(commitment, record)

    def open_status(self, commitment: Commitment, record: Record | None = None) -> DueStatus | None:
        """:meth:`status` of a commitment the caller knows is open (a report counting many
        has checked it already)."""
        deadline = commitment.deadline
        if deadline is not None:  # one answer per deadline, whoever holds it
            return self.deadline(deadline)
        recurring = self._known.get(id(commitment))
        if recurring is not None and recurring[0] is commitment and recurring[1] is record:
            return recurring[2]
        resolved = self._recurring(commitment, record)
        self._known[id(commitment)] = (commitment, record, resolved)
        return resolved

    def _recurring(self, commitment: Commitment, record: Record | None) -> DueStatus | None:
        if commitment.recurrence is not None:
            if record is None:
                raise ValidationError(
                    f"commitment {commitment.id!r} recurs: pass the record that holds it",
                    field="record",
                )
            cadence = self.cadence(commitment, record)
            return DueStatus(cadence.next_due, self.as_of, cadence)
        return None

    def cadence(self, commitment: Commitment, record: Record) -> Cadence:
        """:meth:`Schedule.cadence` of a recurring commitment as of the day.

        The same result as on the whole schedule, computed on the engagements that can fulfil
        it: dated, of the recurrence's kinds, holding every country pair of ``record``. A
        cadence depends only on the recurrence and the record's sides, so it is computed once
        for each such combination.
        """
        recurrence = commitment.recurrence
        if recurrence is None:  # Schedule.cadence says why this is an error
            return self.schedule.cadence(commitment, record, self.as_of)
        sides = record.sides
        known = self._cadences.get((sides, recurrence))
        if known is not None:  # the same obligation between the same sides
            return known
        key = (sides, recurrence.fulfilled_by)
        schedule = self._fulfilling.get(key)
        if schedule is None:
            schedule = Schedule(self._candidates(*key))
            self._fulfilling[key] = schedule
        kept = schedule.cadence(commitment, record, self.as_of)
        self._cadences[(sides, recurrence)] = kept
        return kept

    def _candidates(self, sides: Sides, kinds: frozenset[EngagementKind]) -> list[Engagement]:
        if self._by_pair is None:
            self._by_pair = {}
            for engagement in self._engagements:
                if engagement.date is None:
                    continue
                for pair in engagement.pairs:
                    self._by_pair.setdefault(pair, []).append(engagement)
        wanted = sides.pair_set
        return [
            e
            for e in self._by_pair.get(sides.pairs[0], ())
            if e.kind in kinds and wanted <= e.sides.pair_set
        ]


def due_status(
    commitment: Commitment,
    as_of: dt.date,
    *,
    record: Record | None = None,
    records: Iterable[Record] = (),
) -> DueStatus | None:
    """Where one commitment stands on ``as_of`` (a shortcut for :meth:`DueResolver.status`).

    ``records`` are the engagements (and other records) its deadline may be tied to; ``record``
    is the record holding it, needed for a recurring commitment. None when it is not open, or
    has neither a deadline nor a recurrence. To ask about many commitments, build one
    :class:`DueResolver` and reuse it.
    """
    return DueResolver(records, as_of).status(commitment, record)
