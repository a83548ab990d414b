"""Commitments (who promised what by when) and their deadlines."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import attrs

from mou_tracker.domain import _fields
from mou_tracker.domain.countries import Country
from mou_tracker.domain.dates import PartialDate
from mou_tracker.domain.deadlines import NO_ANCHORS, Deadline, Recurrence
from mou_tracker.domain.sources import Source, to_sources
from mou_tracker.domain.vocabulary import CommitmentStatus
from mou_tracker.errors import ValidationError

__all__ = ["Commitment", "ProgressNote", "to_commitments"]


def _progressnotes(value: Iterable[ProgressNote]) -> tuple[ProgressNote, ...]:
    return _fields.items_of(value, ProgressNote)


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
        default=_fields.NO_AREAS, converter=_fields.to_areas, validator=_fields.area_codes
    )
    responsible: tuple[Country, ...] = attrs.field(default=(), converter=_fields.to_countries)
    """The countries that must act; empty means all parties of the record."""
    deadline: Deadline | None = None
    recurrence: Recurrence | None = None
    """For an obligation that repeats (then it has no one-off deadline)."""
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
        responsible = self.responsible
        if len(responsible) > 1 and len(set(responsible)) != len(responsible):
            raise ValidationError(
                f"commitment {self.id!r}: a responsible country is listed twice",
                field="responsible",
            )
        if self.deadline is not None and self.recurrence is not None:
            raise ValidationError(
                f"commitment {self.id!r}: a recurring commitment has no one-off deadline; "
                "its next due date follows from the recurrence",
                field="recurrence",
            )
        if self.made_on is not None:
            self._check_deadline_after(self.made_on)
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

    def _check_deadline_after(self, made_on: PartialDate) -> None:
        deadline = self.deadline
        if deadline is None:
            return
        for due in (deadline.due, *(r.due for r in deadline.reschedules)):
            if due is not None and due.definitely_before(made_on):
                raise ValidationError(
                    f"commitment {self.id!r}: deadline {due} is before the commitment was made "
                    f"({made_on})",
                    field="deadline",
                )
        for move in deadline.reschedules:
            if move.decided_on.definitely_before(made_on):
                raise ValidationError(
                    f"commitment {self.id!r}: a reschedule decided on {move.decided_on} is before "
                    f"the commitment was made ({made_on})",
                    field="deadline",
                )

    @property
    def anchors(self) -> frozenset[str]:
        """Engagement ids the deadline is or was tied to."""
        return NO_ANCHORS if self.deadline is None else self.deadline.anchors

    def effective_areas(self, record_areas: frozenset[str]) -> frozenset[str]:
        """Its own areas, or its record's (``record_areas``) when it names none."""
        return self.areas or record_areas

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
