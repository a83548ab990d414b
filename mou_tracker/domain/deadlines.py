"""Deadlines as diplomats meet them: fixed or tied to an event, rescheduled, or recurring.

A :class:`Deadline` is due by a :class:`PartialDate` or relative to an engagement (an
:class:`Anchor`: "during the visit", "within 3 months after the summit"). Moving it never
overwrites it: each :class:`Reschedule` keeps the new target, the day of the decision, a reason
and a source, and the previous target is the one before it. A :class:`Recurrence` describes an
obligation that repeats ("consultations every 12 months"). What a deadline resolves to on a given
day is computed by :class:`mou_tracker.domain.schedule.Schedule`, never stored.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from mou_tracker.domain import _fields
from mou_tracker.domain.dates import PartialDate
from mou_tracker.domain.intervals import Interval
from mou_tracker.domain.sources import Source
from mou_tracker.domain.vocabulary import EngagementKind
from mou_tracker.errors import ValidationError

if TYPE_CHECKING:
    from mou_tracker.domain.due_status import DueStatus
    from mou_tracker.domain.schedule import Schedule

__all__ = [
    "NO_ANCHORS",
    "Anchor",
    "AnchorRelation",
    "Deadline",
    "Recurrence",
    "Reschedule",
    "Target",
]


class AnchorRelation(enum.StrEnum):
    """Where a deadline falls relative to its engagement."""

    DURING = "during"
    """On the engagement's date ("to be concluded during the visit")."""
    BEFORE = "before"
    """``offset`` before the engagement ("two weeks before the summit")."""
    AFTER = "after"
    """``offset`` after the engagement ("within 3 months after the summit")."""


@attrs.frozen(kw_only=True)
class Anchor:
    """A due date relative to an engagement, which must exist in the same repository."""

    engagement_id: str = attrs.field(validator=_fields.slug)
    relation: AnchorRelation = attrs.field(
        default=AnchorRelation.DURING, validator=_fields.member_of(AnchorRelation)
    )
    offset: Interval | None = attrs.field(
        default=None, validator=_fields.optional_instance(Interval)
    )

    def __attrs_post_init__(self) -> None:
        if self.relation is AnchorRelation.DURING and self.offset is not None:
            raise ValidationError(
                "a deadline 'during' an engagement takes no offset", field="offset"
            )
        if self.relation is not AnchorRelation.DURING and self.offset is None:
            raise ValidationError(
                f"a deadline {self.relation} an engagement needs an offset", field="offset"
            )

    def __str__(self) -> str:
        if self.offset is None:
            return f"during {self.engagement_id}"
        return f"{self.offset} {self.relation} {self.engagement_id}"


Target = PartialDate | Anchor
"""What a deadline is due by: a date, or an anchor to an engagement."""

NO_ANCHORS: frozenset[str] = frozenset()
"""The anchors of a deadline never tied to an engagement (one set, not a new one each time)."""


def _target(due: PartialDate | None, anchor: Anchor | None, what: str) -> Target:
    if (due is None) == (anchor is None):
        raise ValidationError(f"{what} needs exactly one of a due date or an anchor", field="due")
    return due if due is not None else anchor  # type: ignore[return-value]


@attrs.frozen(kw_only=True)
class Reschedule:
    """A decision, on ``decided_on``, to move a deadline to a new date or a new anchor."""

    decided_on: PartialDate = attrs.field(converter=_fields.to_partial_date)
    reason: str = attrs.field(validator=_fields.text)
    due: PartialDate | None = attrs.field(default=None, converter=_fields.to_optional_partial_date)
    anchor: Anchor | None = attrs.field(default=None, validator=_fields.optional_instance(Anchor))
    source: Source | None = None

    def __attrs_post_init__(self) -> None:
        _target(self.due, self.anchor, "a reschedule")

    @property
    def target(self) -> Target:
        return _target(self.due, self.anchor, "a reschedule")


def _reschedules(value: Iterable[Reschedule]) -> tuple[Reschedule, ...]:
    return _fields.items_of(value, Reschedule)


@attrs.frozen(kw_only=True)
class Deadline:
    """Due by a date (``due``) or relative to an engagement (``anchor``), as first set; later
    moves are in ``reschedules``, oldest first. Overdue only once the last day it may be has
    passed: "by November 2025" falls due at the end of 30 November 2025.

    >>> import pendulum
    >>> by_november = Deadline(due="2025-11")
    >>> by_november.is_overdue(pendulum.Date(2025, 11, 30))
    False
    >>> by_november.is_overdue(pendulum.Date(2025, 12, 1))
    True
    >>> later = by_november.reschedule(
    ...     due="2026-03", decided_on="2025-11-20", reason="visit postponed"
    ... )
    >>> str(later.current_due), str(later.due), len(later.reschedules)
    ('Mar 2026', 'Nov 2025', 1)

    A move counts from the day it was decided (the last day it may have been):

    >>> later.is_overdue(pendulum.Date(2025, 11, 19)), later.days_left(pendulum.Date(2025, 11, 19))
    (False, 11)
    >>> later.days_left(pendulum.Date(2025, 11, 20))
    131
    """

    due: PartialDate | None = attrs.field(default=None, converter=_fields.to_optional_partial_date)
    """The date first set (None when the deadline was first set by an anchor)."""
    anchor: Anchor | None = attrs.field(default=None, validator=_fields.optional_instance(Anchor))
    """The engagement the deadline was first tied to."""
    note: str | None = attrs.field(default=None, validator=_fields.optional_text)
    """How the deadline was stated ("during the President's visit")."""
    reschedules: tuple[Reschedule, ...] = attrs.field(default=(), converter=_reschedules)

    def __attrs_post_init__(self) -> None:
        previous: Target = _target(self.due, self.anchor, "a deadline")
        earlier: Reschedule | None = None
        for change in self.reschedules:
            if change.target == previous:
                raise ValidationError(
                    f"a reschedule on {change.decided_on} moves the deadline to the target it "
                    f"already has ({previous})",
                    field="reschedules",
                )
            if earlier is not None and change.decided_on.definitely_before(earlier.decided_on):
                raise ValidationError(
                    f"reschedules must be in the order they were decided ({change.decided_on} "
                    f"comes after {earlier.decided_on})",
                    field="reschedules",
                )
            previous, earlier = change.target, change

    @property
    def original(self) -> Target:
        """The target first set."""
        return _target(self.due, self.anchor, "a deadline")

    @property
    def current(self) -> Target:
        """The target now: the last reschedule's, or the original."""
        return self.reschedules[-1].target if self.reschedules else self.original

    @property
    def current_due(self) -> PartialDate | None:
        """The current due date when it is a date, None when it is tied to an engagement."""
        current = self.current
        return current if isinstance(current, PartialDate) else None

    @property
    def is_plain(self) -> bool:
        """Due by a date, never tied to an engagement and never rescheduled (most deadlines):
        its date is the whole of it, whatever the day asked about."""
        return self.anchor is None and not self.reschedules

    @property
    def anchors(self) -> frozenset[str]:
        """Every engagement id this deadline is or was tied to."""
        if self.is_plain:
            return NO_ANCHORS
        targets = (self.original, *(r.target for r in self.reschedules))
        return frozenset(t.engagement_id for t in targets if isinstance(t, Anchor))

    def reschedule(
        self,
        *,
        decided_on: PartialDate | str,
        reason: str,
        due: PartialDate | str | None = None,
        anchor: Anchor | None = None,
        source: Source | None = None,
    ) -> Deadline:
        """A copy moved to a new date or anchor; the move is kept in ``reschedules``."""
        move = Reschedule(
            decided_on=decided_on, reason=reason, due=due, anchor=anchor, source=source
        )
        return attrs.evolve(self, reschedules=(*self.reschedules, move))

    # -- questions about a day: answered by mou_tracker.domain.due_status, the one definition ----

    def status_on(self, as_of: dt.date, schedule: Schedule | None = None) -> DueStatus:
        """Where this deadline stands on ``as_of``: :meth:`DueResolver.deadline
        <mou_tracker.domain.due_status.DueResolver.deadline>` (moves decided after the day are
        not yet known). A deadline that is or was tied to an engagement needs the ``schedule``
        that knows the engagement's dates."""
        from mou_tracker.domain.due_status import (
            DueResolver,  # imported here: it imports this module
        )
        from mou_tracker.domain.schedule import Schedule

        if schedule is None:
            if self.anchors:
                raise ValidationError(
                    "this deadline is tied to an engagement: pass a Schedule "
                    "(mou_tracker.Schedule) that knows the engagement's date",
                    field="anchor",
                )
            schedule = Schedule(())
        return DueResolver((), as_of, schedule=schedule).deadline(self)

    def days_left(self, as_of: dt.date, schedule: Schedule | None = None) -> int | None:
        """Days from ``as_of`` to the last due day; negative once overdue; None while the
        engagement it is tied to has no date."""
        return self.status_on(as_of, schedule).days_left

    def is_overdue(self, as_of: dt.date, schedule: Schedule | None = None) -> bool:
        """The last day it may be due, as known on ``as_of``, has passed."""
        return self.status_on(as_of, schedule).is_overdue

    def is_due_within(self, as_of: dt.date, days: int, schedule: Schedule | None = None) -> bool:
        """Not yet overdue, and the last due day is at most ``days`` days after ``as_of``."""
        return self.status_on(as_of, schedule).is_due_within(days)


def _kinds(value: Iterable[EngagementKind]) -> frozenset[EngagementKind]:
    kinds = frozenset(_fields.to_tuple(value))
    for kind in kinds:
        if not isinstance(kind, EngagementKind):
            raise ValidationError(f"fulfilled_by takes EngagementKind values, got {kind!r}")
    return kinds


@attrs.frozen(kw_only=True)
class Recurrence:
    """An obligation that repeats: due ``every`` interval from ``starts``, fulfilled by an
    engagement of one of the ``fulfilled_by`` kinds between the record's countries.

    "The plan institutionalises regular consultations" (yearly):

    >>> yearly = Recurrence(every=Interval.parse("12 months"), starts="2025-09-09",
    ...                     fulfilled_by=[EngagementKind.CONSULTATIONS])
    >>> str(yearly.every)
    '12 months'
    """

    every: Interval = attrs.field(validator=_fields.optional_instance(Interval))
    starts: PartialDate = attrs.field(converter=_fields.to_partial_date)
    """From when the obligation runs (the first occurrence is due one interval later)."""
    fulfilled_by: frozenset[EngagementKind] = attrs.field(converter=_kinds)

    @fulfilled_by.validator
    def _some_kind(self, _attribute: object, value: frozenset[EngagementKind]) -> None:
        if not value:
            raise ValidationError(
                "a recurrence needs at least one engagement kind", field="fulfilled_by"
            )
