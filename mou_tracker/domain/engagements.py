"""Engagements: dated diplomatic events (talks, visits, summits, working groups, consultations)."""

from __future__ import annotations

import functools
from collections.abc import Iterable

import attrs

from mou_tracker.domain import _fields
from mou_tracker.domain.agreements import check_parties
from mou_tracker.domain.commitments import Commitment, to_commitments
from mou_tracker.domain.countries import Country, CountryPair, Party
from mou_tracker.domain.dates import PartialDate
from mou_tracker.domain.sides import Sides, sides_of
from mou_tracker.domain.sources import Source, to_sources
from mou_tracker.domain.vocabulary import EngagementKind, validate_slug
from mou_tracker.errors import ValidationError

__all__ = ["DateChange", "Engagement"]


@attrs.frozen(kw_only=True)
class DateChange:
    """A decision, on ``decided_on``, to change an engagement's date; ``previous`` is the date it
    had until then (None when it had none). The new date is the next change's ``previous``, or
    the engagement's current ``date`` for the last change."""

    previous: PartialDate | None = attrs.field(converter=_fields.to_optional_partial_date)
    decided_on: PartialDate = attrs.field(converter=_fields.to_partial_date)
    reason: str = attrs.field(validator=_fields.text)
    source: Source | None = None


def _date_changes(value: Iterable[DateChange]) -> tuple[DateChange, ...]:
    return _fields.items_of(value, DateChange)


@attrs.frozen(kw_only=True)
class Engagement:
    """A dated diplomatic event, and the agreements and commitments it produced.

    Commitments made at talks (not written into any agreement) live here.
    """

    id: str = attrs.field(validator=_fields.slug)
    kind: EngagementKind = attrs.field(validator=_fields.member_of(EngagementKind))
    title: str = attrs.field(validator=_fields.text)
    date: PartialDate | None = attrs.field(default=None, converter=_fields.to_optional_partial_date)
    """When it takes or took place; None while the date is not set."""
    parties: tuple[Party, ...] = attrs.field(converter=_fields.to_parties)
    place: str | None = attrs.field(default=None, validator=_fields.optional_text)
    areas: frozenset[str] = attrs.field(
        default=_fields.NO_AREAS, converter=_fields.to_areas, validator=_fields.area_codes
    )
    agreement_ids: tuple[str, ...] = attrs.field(default=(), converter=_fields.to_ids)
    """Agreements signed or adopted at this engagement."""
    commitments: tuple[Commitment, ...] = attrs.field(default=(), converter=to_commitments)
    sources: tuple[Source, ...] = attrs.field(default=(), converter=to_sources)
    notes: str | None = attrs.field(default=None, validator=_fields.optional_text)
    date_changes: tuple[DateChange, ...] = attrs.field(default=(), converter=_date_changes)
    """Every change of date, oldest first: moving an engagement never overwrites its history."""

    def __attrs_post_init__(self) -> None:
        check_parties(self, self.parties)
        for agreement_id in self.agreement_ids:
            validate_slug(agreement_id, what="agreement_ids")
        _fields.unique_ids("agreement", self.agreement_ids)
        _fields.unique_ids("commitment", [c.id for c in self.commitments])
        dates = self.dates
        for index, change in enumerate(self.date_changes):
            if dates[index] == dates[index + 1]:
                raise ValidationError(
                    f"the date change decided on {change.decided_on} keeps the same date "
                    f"({_show(dates[index])})",
                    field="date_changes",
                )
            if index and change.decided_on.definitely_before(
                self.date_changes[index - 1].decided_on
            ):
                raise ValidationError(
                    "date changes must be in the order they were decided", field="date_changes"
                )

    @property
    def dates(self) -> tuple[PartialDate | None, ...]:
        """Every date the engagement has had, first to current (one more than its changes)."""
        return (*(c.previous for c in self.date_changes), self.date)

    def with_date(
        self,
        date: PartialDate | str | None,
        *,
        decided_on: PartialDate | str,
        reason: str,
        source: Source | None = None,
    ) -> Engagement:
        """A copy with a new date; the change (and the previous date) is kept in
        ``date_changes``."""
        change = DateChange(previous=self.date, decided_on=decided_on, reason=reason, source=source)
        return attrs.evolve(
            self,
            date=_fields.to_optional_partial_date(date),
            date_changes=(*self.date_changes, change),
        )

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


def _show(date: PartialDate | None) -> str:
    return "date not set" if date is None else str(date)
