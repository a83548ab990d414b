"""The cadence of recurring obligations: as of a day, how a commitment that repeats has been
kept (computed from the engagements that fulfil it; nothing is stored)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable

import attrs

from mou_tracker.domain.agreements import Agreement
from mou_tracker.domain.commitments import Commitment
from mou_tracker.domain.dates import PartialDate
from mou_tracker.domain.deadlines import Recurrence
from mou_tracker.domain.due import Due
from mou_tracker.domain.engagements import Engagement
from mou_tracker.domain.intervals import repeat_until, shift
from mou_tracker.errors import ValidationError

__all__ = ["Cadence", "CadenceState", "cadence_of"]


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


def cadence_of(
    engagements: Iterable[Engagement],
    commitment: Commitment,
    owner: Agreement | Engagement,
    as_of: dt.date,
) -> Cadence:
    """How a recurring commitment has been kept as of ``as_of``.

    Fulfilled by engagements of the recurrence's kinds that hold every country pair of
    ``owner`` (the record holding the commitment): its countries are all parties, and those
    on different sides of ``owner`` are on different sides there too. They are dated from
    ``starts`` on and surely held by ``as_of``. Each occurrence is due one interval after the
    previous one was held (or after ``starts``); it is on time when held by then, late
    otherwise.
    """
    recurrence = commitment.recurrence
    if recurrence is None:
        raise ValidationError(f"commitment {commitment.id!r} does not recur", field="recurrence")
    ordinal = as_of.toordinal()
    held = sorted(
        (
            e
            for e in engagements
            if e.kind in recurrence.fulfilled_by
            and e.date is not None
            and owner.sides.pair_set <= e.sides.pair_set
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


def _key(date: PartialDate | None) -> tuple[int, int]:
    return (0, 0) if date is None else date.sort_key()


def _key_date(engagement: Engagement) -> PartialDate:
    if engagement.date is None:  # pragma: no cover - filtered out before
        raise ValidationError(f"engagement {engagement.id!r} has no date")
    return engagement.date


def _next(base: PartialDate, recurrence: Recurrence, *, before: int) -> tuple[PartialDate, int]:
    """The first occurrence due after ``base``, and how many more whole intervals after it had
    fully passed by the day ``before`` (those occurrences were missed)."""
    return repeat_until(shift(base, recurrence.every).date, recurrence.every, before)
