"""Engagements: dated diplomatic events (talks, visits, summits, working groups, consultations)."""

from __future__ import annotations

import functools

import attrs

from mou_tracker.domain import _fields
from mou_tracker.domain.agreements import check_parties
from mou_tracker.domain.commitments import Commitment, to_commitments
from mou_tracker.domain.countries import Country, Party
from mou_tracker.domain.dates import PartialDate
from mou_tracker.domain.sources import Source, to_sources
from mou_tracker.domain.vocabulary import EngagementKind

__all__ = ["Engagement"]


@attrs.frozen(kw_only=True)
class Engagement:
    """A dated diplomatic event, and the agreements and commitments it produced.

    Commitments made at talks (not written into any agreement) live here.
    """

    id: str = attrs.field(validator=_fields.slug)
    kind: EngagementKind = attrs.field(validator=_fields.member_of(EngagementKind))
    title: str = attrs.field(validator=_fields.text)
    date: PartialDate = attrs.field(converter=_fields.to_partial_date)
    parties: tuple[Party, ...] = attrs.field(converter=_fields.to_parties)
    place: str | None = attrs.field(default=None, validator=_fields.optional_text)
    areas: frozenset[str] = attrs.field(
        factory=frozenset, converter=_fields.to_areas, validator=_fields.area_codes
    )
    agreement_ids: tuple[str, ...] = attrs.field(default=(), converter=_fields.to_ids)
    """Agreements signed or adopted at this engagement."""
    commitments: tuple[Commitment, ...] = attrs.field(default=(), converter=to_commitments)
    sources: tuple[Source, ...] = attrs.field(default=(), converter=to_sources)
    notes: str | None = attrs.field(default=None, validator=_fields.optional_text)

    def __attrs_post_init__(self) -> None:
        check_parties(self.parties)
        for agreement_id in self.agreement_ids:
            _fields.validate_id(agreement_id, what="agreement_ids")
        _fields.unique_ids("agreement", self.agreement_ids)
        _fields.unique_ids("commitment", (c.id for c in self.commitments))

    @functools.cached_property
    def countries(self) -> frozenset[Country]:
        return frozenset(p.country for p in self.parties)
