"""Commitments (who promised what by when) and their deadlines."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable

import attrs

from mou_tracker.domain import _fields
from mou_tracker.domain.countries import Country
from mou_tracker.domain.dates import PartialDate
from mou_tracker.domain.sources import Source, to_sources
from mou_tracker.domain.vocabulary import CommitmentStatus
from mou_tracker.errors import ValidationError

__all__ = ["Commitment", "Deadline", "ProgressNote"]


def _progressnotes(value: Iterable[ProgressNote]) -> tuple[ProgressNote, ...]:
    return _fields.items_of(value, ProgressNote)


@attrs.frozen(kw_only=True)
class Deadline:
    """Due by a :class:`PartialDate`: overdue only once its latest day has passed.

    "By November 2025" falls due at the end of 30 November 2025:

    >>> import pendulum
    >>> by_november = Deadline(due="2025-11")
    >>> by_november.is_overdue(pendulum.Date(2025, 11, 30))
    False
    >>> by_november.is_overdue(pendulum.Date(2025, 12, 1))
    True
    >>> by_november.days_left(pendulum.Date(2025, 11, 1))
    29
    """

    due: PartialDate = attrs.field(converter=_fields.to_partial_date)
    note: str | None = attrs.field(default=None, validator=_fields.optional_text)
    """How the deadline was stated ("during the President's visit")."""

    def days_left(self, as_of: dt.date) -> int:
        """Days from ``as_of`` to the last due day; negative once overdue."""
        return self.due.latest_ordinal - as_of.toordinal()

    def is_overdue(self, as_of: dt.date) -> bool:
        return self.days_left(as_of) < 0

    def is_due_within(self, as_of: dt.date, days: int) -> bool:
        """Not yet overdue, and the last due day is at most ``days`` days after ``as_of``."""
        if days < 0:
            raise ValidationError(f"a window must be zero or more days, got {days}", field="days")
        return 0 <= self.days_left(as_of) <= days


@attrs.frozen(kw_only=True)
class ProgressNote:
    """A dated note on how a commitment is going."""

    date: PartialDate = attrs.field(converter=_fields.to_partial_date)
    text: str = attrs.field(validator=_fields.text)
    source: Source | None = None


_MET = (CommitmentStatus.MET, CommitmentStatus.PARTIALLY_MET)


@attrs.frozen(kw_only=True)
class Commitment:
    """An action item, from an agreement or from talks: who promised what, by when.

    Its id is unique within the record that holds it.
    """

    id: str = attrs.field(validator=_fields.slug)
    text: str = attrs.field(validator=_fields.text)
    areas: frozenset[str] = attrs.field(
        factory=frozenset, converter=_fields.to_areas, validator=_fields.area_codes
    )
    responsible: tuple[Country, ...] = attrs.field(default=(), converter=_fields.to_countries)
    """The countries that must act; empty means all parties of the record."""
    deadline: Deadline | None = None
    status: CommitmentStatus = attrs.field(
        default=CommitmentStatus.OPEN, validator=_fields.member_of(CommitmentStatus)
    )
    made_on: PartialDate | None = attrs.field(
        default=None, converter=_fields.to_optional_partial_date
    )
    """When the promise was made (usually the date of the record that holds it)."""
    met_on: PartialDate | None = attrs.field(
        default=None, converter=_fields.to_optional_partial_date
    )
    """When it was met (only for ``met`` and ``partially_met``)."""
    progress: tuple[ProgressNote, ...] = attrs.field(default=(), converter=_progressnotes)
    sources: tuple[Source, ...] = attrs.field(default=(), converter=to_sources)

    def __attrs_post_init__(self) -> None:
        if self.met_on is not None and self.status not in _MET:
            raise ValidationError(
                f"commitment {self.id!r}: met_on is given but the status is {self.status}",
                field="met_on",
            )
        if len(set(self.responsible)) != len(self.responsible):
            raise ValidationError(
                f"commitment {self.id!r}: a responsible country is listed twice",
                field="responsible",
            )
        if self.made_on is not None:
            if self.deadline is not None and self.deadline.due.definitely_before(self.made_on):
                raise ValidationError(
                    f"commitment {self.id!r}: deadline {self.deadline.due} is before the "
                    f"commitment was made ({self.made_on})",
                    field="deadline",
                )
            if self.met_on is not None and self.met_on.definitely_before(self.made_on):
                raise ValidationError(
                    f"commitment {self.id!r}: met on {self.met_on}, before it was made "
                    f"({self.made_on})",
                    field="met_on",
                )
        for earlier, later in itertools.pairwise(self.progress):
            if later.date.definitely_before(earlier.date):
                raise ValidationError(
                    f"commitment {self.id!r}: progress notes must be in date order "
                    f"({later.date} comes after {earlier.date})",
                    field="progress",
                )

    def is_overdue(self, as_of: dt.date) -> bool:
        """Still open and its deadline's last day has passed."""
        return self.status.is_open and self.deadline is not None and self.deadline.is_overdue(as_of)

    def with_status(
        self,
        status: CommitmentStatus,
        *,
        on: PartialDate | str,
        note: str | None = None,
        source: Source | None = None,
    ) -> Commitment:
        """A copy in ``status`` as of ``on``, with a progress note recording the change."""
        when = _fields.to_partial_date(on)
        text = note or f"status changed to {status}"
        return attrs.evolve(
            self,
            status=status,
            met_on=when if status in _MET else None,
            progress=(*self.progress, ProgressNote(date=when, text=text, source=source)),
        )


def to_commitments(value: Iterable[Commitment]) -> tuple[Commitment, ...]:
    return _fields.items_of(value, Commitment)
