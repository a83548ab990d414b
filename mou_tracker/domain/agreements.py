"""Agreements (action plans, MoUs, treaties...) and their dated status history."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Iterable, Mapping

import attrs

from mou_tracker.domain import _fields
from mou_tracker.domain.commitments import Commitment, to_commitments
from mou_tracker.domain.countries import Country, CountryPair, Party
from mou_tracker.domain.dates import PartialDate
from mou_tracker.domain.sides import Sides, checked_sides, sides_of
from mou_tracker.domain.sources import Source, to_sources
from mou_tracker.domain.vocabulary import AgreementKind, AgreementStatus, RelationKind
from mou_tracker.errors import InvalidTransitionError, ValidationError

__all__ = ["ALLOWED_TRANSITIONS", "Agreement", "Relation", "StatusChange"]

S = AgreementStatus
ALLOWED_TRANSITIONS: Mapping[AgreementStatus, frozenset[AgreementStatus]] = {
    S.PLANNED: frozenset({S.UNDER_NEGOTIATION, S.SIGNED, S.TERMINATED}),
    S.UNDER_NEGOTIATION: frozenset({S.PLANNED, S.SIGNED, S.TERMINATED}),
    S.SIGNED: frozenset(
        {S.IN_FORCE, S.PROVISIONALLY_APPLIED, S.TERMINATED, S.EXPIRED, S.SUPERSEDED}
    ),
    S.PROVISIONALLY_APPLIED: frozenset(
        {S.IN_FORCE, S.SUSPENDED, S.TERMINATED, S.EXPIRED, S.SUPERSEDED}
    ),
    S.IN_FORCE: frozenset({S.SUSPENDED, S.TERMINATED, S.EXPIRED, S.SUPERSEDED}),
    S.SUSPENDED: frozenset(
        {S.IN_FORCE, S.PROVISIONALLY_APPLIED, S.TERMINATED, S.EXPIRED, S.SUPERSEDED}
    ),
    S.EXPIRED: frozenset(),
    S.TERMINATED: frozenset(),
    S.SUPERSEDED: frozenset(),
}
"""Which status may follow which. The first entry of a history may be any status (tracking can
start late in an agreement's life); ended statuses are final. ``planned -> terminated`` records a
plan that was abandoned."""


@attrs.frozen(kw_only=True)
class StatusChange:
    """An agreement entered ``status`` on ``date``."""

    status: AgreementStatus = attrs.field(validator=_fields.member_of(AgreementStatus))
    date: PartialDate = attrs.field(converter=_fields.to_partial_date)
    source: Source | None = None
    note: str | None = attrs.field(default=None, validator=_fields.optional_text)


@attrs.frozen(kw_only=True)
class Relation:
    """This agreement supersedes, amends or implements the agreement ``agreement_id``."""

    kind: RelationKind = attrs.field(validator=_fields.member_of(RelationKind))
    agreement_id: str = attrs.field(validator=_fields.slug)


def _history(value: Iterable[StatusChange]) -> tuple[StatusChange, ...]:
    return _fields.items_of(value, StatusChange)


def _relations(value: Iterable[Relation]) -> tuple[Relation, ...]:
    return _fields.items_of(value, Relation)


def _check_history(history: tuple[StatusChange, ...]) -> None:
    if not history:
        raise ValidationError("an agreement needs at least one status change", field="history")
    for previous, change in itertools.pairwise(history):
        if change.status not in ALLOWED_TRANSITIONS[previous.status]:
            raise InvalidTransitionError(
                f"impossible status change {previous.status} -> {change.status} (on {change.date})",
                field="history",
            )
        if change.date.definitely_before(previous.date):
            raise ValidationError(
                f"status history out of order: {change.status} on {change.date} comes after "
                f"{previous.status} on {previous.date}",
                field="history",
            )


def check_parties(record: object, parties: tuple[Party, ...]) -> None:
    """Two distinct countries or more, each on one side (:func:`checked_sides`); the record
    keeps its :attr:`sides`, found on the way."""
    object.__setattr__(record, "sides", checked_sides(parties))


@attrs.frozen(kw_only=True)
class Agreement:
    """An instrument two or more countries concluded or plan to conclude.

    The signature and entry-into-force dates are read from the status history, so they can never
    disagree with it; the scheduled expiry is stored because it is known in advance.
    """

    id: str = attrs.field(validator=_fields.slug)
    kind: AgreementKind = attrs.field(validator=_fields.member_of(AgreementKind))
    title: str = attrs.field(validator=_fields.text)
    parties: tuple[Party, ...] = attrs.field(converter=_fields.to_parties)
    history: tuple[StatusChange, ...] = attrs.field(converter=_history)
    """Dated status changes, oldest first; the last one is the current status."""
    areas: frozenset[str] = attrs.field(
        default=_fields.NO_AREAS, converter=_fields.to_areas, validator=_fields.area_codes
    )
    legally_binding: bool | None = None
    """Whether the instrument binds under international law; None when unknown."""
    signature_place: str | None = attrs.field(default=None, validator=_fields.optional_text)
    expires_on: PartialDate | None = attrs.field(
        default=None, converter=_fields.to_optional_partial_date
    )
    """The scheduled end, when the text sets one."""
    commitments: tuple[Commitment, ...] = attrs.field(default=(), converter=to_commitments)
    sources: tuple[Source, ...] = attrs.field(default=(), converter=to_sources)
    relations: tuple[Relation, ...] = attrs.field(default=(), converter=_relations)
    notes: str | None = attrs.field(default=None, validator=_fields.optional_text)

    def __attrs_post_init__(self) -> None:
        check_parties(self, self.parties)
        _check_history(self.history)
        _fields.unique_ids("commitment", [c.id for c in self.commitments])
        if any(r.agreement_id == self.id for r in self.relations):
            raise ValidationError(
                f"agreement {self.id!r} cannot relate to itself", field="relations"
            )
        if self.expires_on is not None:
            start = self.in_force_on or self.signed_on
            if start is not None and self.expires_on.definitely_before(start):
                raise ValidationError(
                    f"expires on {self.expires_on}, before it took effect ({start})",
                    field="expires_on",
                )

    # -- derived facts ------------------------------------------------------------------------

    @property
    def status(self) -> AgreementStatus:
        """The current status: the last entry of the history."""
        return self.history[-1].status

    @functools.cached_property
    def countries(self) -> frozenset[Country]:
        return frozenset(p.country for p in self.parties)

    @functools.cached_property
    def sides(self) -> Sides:
        """The parties' sides and the country pairs across them (see :mod:`~.sides`)."""
        return sides_of(self.parties)

    @property
    def pairs(self) -> tuple[CountryPair, ...]:
        """The country pairs the record counts under: countries on different sides."""
        return self.sides.pairs

    @property
    def signed_on(self) -> PartialDate | None:
        return self._first_date(AgreementStatus.SIGNED)

    @property
    def in_force_on(self) -> PartialDate | None:
        return self._first_date(AgreementStatus.IN_FORCE)

    def _first_date(self, status: AgreementStatus) -> PartialDate | None:
        return next((c.date for c in self.history if c.status is status), None)

    def status_on(self, as_of: dt.date) -> AgreementStatus | None:
        """The status as of a day: the last change surely made by then, and a scheduled expiry
        once it has passed. None when nothing was recorded by that day."""
        current: AgreementStatus | None = None
        ordinal = as_of.toordinal()
        for change in self.history:
            if change.date.latest_ordinal > ordinal:
                break
            current = change.status
        expires = self.expires_on  # checked first: cheaper than the status's properties
        if (
            current is not None
            and expires is not None
            and expires.latest_ordinal < ordinal
            and not current.is_ended
            and not current.is_pending
        ):
            return AgreementStatus.EXPIRED
        return current

    # -- changes (each returns a new, validated agreement) ----------------------------------------

    def with_status(
        self,
        status: AgreementStatus,
        *,
        on: PartialDate | str,
        source: Source | None = None,
        note: str | None = None,
    ) -> Agreement:
        """A copy with ``status`` appended to the history; impossible changes are rejected."""
        change = StatusChange(status=status, date=on, source=source, note=note)
        return attrs.evolve(self, history=(*self.history, change))
