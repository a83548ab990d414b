"""What an open commitment is due by as of a day: one :class:`Schedule` per report call.

A report builds one :class:`Resolver` from every record of the repository (anchors may point at
engagements its filters leave out), then asks it about each commitment it counts:

- a one-off deadline resolves through :meth:`Schedule.due`: a date, or "date not set" while the
  engagement it is tied to has no date (never overdue, never on time);
- a recurring commitment's next due date and state come from :meth:`Schedule.cadence`; it is
  overdue when its cadence is late or lapsed.

Cadences are computed on the engagements that can fulfil them (those of the record's countries
and the recurrence's kinds, indexed once per report), so a report stays linear in the number of
records rather than scanning every engagement for every recurring commitment.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable

import attrs
import pendulum

from mou_tracker.domain import (
    Cadence,
    CadenceState,
    Commitment,
    Country,
    CountryPair,
    Due,
    Engagement,
    EngagementKind,
    Record,
    Recurrence,
    Schedule,
    pairs_of,
)

__all__ = ["DueState", "Resolved", "Resolver"]


class DueState(enum.StrEnum):
    """How an open commitment stands against its due date (the ``State`` column)."""

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


@attrs.frozen
class Resolved:
    """An open commitment's due date as of a day; ``cadence`` is set for a recurring one."""

    due: Due
    days_left: int | None
    """Days to the last day it may be due (negative when past); None while not set."""
    cadence: Cadence | None = None

    @property
    def is_set(self) -> bool:
        return self.days_left is not None

    @property
    def is_overdue(self) -> bool:
        """Past its last due day: a one-off deadline, or a late or lapsed recurrence."""
        if self.cadence is not None:
            return self.cadence.state is not CadenceState.ON_TRACK
        return self.days_left is not None and self.days_left < 0

    @property
    def state(self) -> DueState:
        if self.days_left is None:
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


_NEVER = dt.date.max.toordinal() + 1


class Resolver:
    """Resolves the commitments of one report call against one :class:`Schedule`."""

    def __init__(self, records: Iterable[Record], as_of: pendulum.Date) -> None:
        self._engagements = [r for r in records if isinstance(r, Engagement)]
        self.schedule = Schedule(self._engagements)
        self.as_of = as_of
        self._by_pair: dict[CountryPair, list[Engagement]] | None = None
        self._fulfilling: dict[tuple[frozenset[Country], frozenset[EngagementKind]], Schedule] = {}
        self._cadences: dict[tuple[frozenset[Country], Recurrence], Cadence] = {}

    def open_due(self, commitment: Commitment, record: Record) -> Resolved | None:
        """The due date of an open commitment; None when it is not open, or has neither a
        deadline nor a recurrence."""
        if not commitment.status.is_open:
            return None
        if commitment.deadline is not None:
            due = self.schedule.due(commitment.deadline, self.as_of)
            return Resolved(due, due.days_left(self.as_of))
        if commitment.recurrence is not None:
            cadence = self.cadence(commitment, record)
            return Resolved(cadence.next_due, cadence.next_due.days_left(self.as_of), cadence)
        return None

    def cadence(self, commitment: Commitment, record: Record) -> Cadence:
        """:meth:`Schedule.cadence` of a recurring commitment as of the day.

        The same result as on the whole schedule, computed on the engagements that can fulfil
        it: dated, of the recurrence's kinds, with every country of ``record`` among the parties.
        A cadence depends only on the recurrence and the record's countries, so it is computed
        once for each such combination.
        """
        recurrence = commitment.recurrence
        if recurrence is None:  # Schedule.cadence says why this is an error
            return self.schedule.cadence(commitment, record, self.as_of)
        known = self._cadences.get((record.countries, recurrence))
        if known is not None:  # the same obligation between the same countries
            return known
        key = (record.countries, recurrence.fulfilled_by)
        schedule = self._fulfilling.get(key)
        if schedule is None:
            schedule = Schedule(self._candidates(*key))
            self._fulfilling[key] = schedule
        kept = schedule.cadence(commitment, record, self.as_of)
        self._cadences[(record.countries, recurrence)] = kept
        return kept

    def _candidates(
        self, countries: frozenset[Country], kinds: frozenset[EngagementKind]
    ) -> list[Engagement]:
        if self._by_pair is None:
            self._by_pair = {}
            pairs: dict[frozenset[Country], list[CountryPair]] = {}
            for engagement in self._engagements:
                if engagement.date is None:
                    continue
                group = engagement.countries
                if group not in pairs:
                    pairs[group] = pairs_of(group)
                for pair in pairs[group]:
                    self._by_pair.setdefault(pair, []).append(engagement)
        first, second, *_ = sorted(countries)
        return [
            e
            for e in self._by_pair.get(CountryPair(first, second), ())
            if e.kind in kinds and countries <= e.countries
        ]
