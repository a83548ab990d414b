"""Record filters shared by repositories and reports (pure predicates, no I/O)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TypedDict

import attrs

from mou_tracker.domain import _fields
from mou_tracker.domain.agreements import Agreement
from mou_tracker.domain.countries import Country, CountryPair
from mou_tracker.domain.dates import PartialDate
from mou_tracker.domain.engagements import Engagement
from mou_tracker.domain.vocabulary import (
    AgreementKind,
    AgreementStatus,
    CooperationArea,
    EngagementKind,
)
from mou_tracker.errors import ValidationError

__all__ = ["Filters", "RecordFilter"]


class Filters(TypedDict, total=False):
    """The filters every report and export takes as keyword arguments (see
    :class:`RecordFilter`): ``country="PK"`` keeps the records with that party, ``pair="PK-KZ"``
    those with both countries, ``area="trade"`` what each report says it keeps for an area,
    ``bilateral=True`` the records with exactly two sides."""

    country: Country | str | None
    pair: CountryPair | str | None
    area: str | None
    bilateral: bool


def _to_country(value: Country | str | None) -> Country | None:
    return value if value is None or isinstance(value, Country) else Country.parse(value)


def _to_pair(value: CountryPair | str | None) -> CountryPair | None:
    return value if value is None or isinstance(value, CountryPair) else CountryPair.parse(value)


_KINDS = frozenset({*AgreementKind, *EngagementKind})
_STATUSES = frozenset(AgreementStatus)


def _to_set(value: str | Iterable[str] | None) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset({value})
    return frozenset(_fields.to_tuple(value))


def _known(allowed: frozenset[str], what: str) -> Callable[[object, object, frozenset[str]], None]:
    def check(_instance: object, _attribute: object, value: frozenset[str]) -> None:
        unknown = sorted(str(v) for v in value - allowed)
        if unknown:
            choices = ", ".join(sorted(allowed))
            raise ValidationError(
                f"unknown {what} {', '.join(map(repr, unknown))}: expected one of {choices}",
                field=what,
            )

    return check


def _to_ids(value: str | Iterable[str] | None) -> frozenset[str] | None:
    if value is None:
        return None
    ids = _to_set(value)
    for record_id in ids:
        if not isinstance(record_id, str):
            raise ValidationError(f"a record id is text, got {record_id!r}", field="ids")
    return ids


def _area(_instance: object, _attribute: object, value: str | None) -> None:
    if value is not None:
        CooperationArea(code=value, label=value)  # checks the code's shape


@attrs.frozen(kw_only=True)
class RecordFilter:
    """Which records to keep. Every criterion left empty matches everything.

    - ``ids``: the record's id is one of these (None, the default: any id; an empty set: no
      record). An id that is not stored, or is not a valid id at all, simply matches nothing;
    - ``country``: the record has this country among its parties;
    - ``pair``: the pair is among the record's pairs (both countries are parties, on different
      sides);
    - ``bilateral``: the record has exactly two sides (a party with no side is a side of its
      own, so a record of two countries is bilateral, and so is BLEU with France);
    - ``area``: the record covers this cooperation area;
    - ``kinds``: agreement or engagement kinds to keep;
    - ``statuses``: agreement statuses to keep (the current status, or the status on
      ``as_of`` when the filter is applied with one); engagements have no status, so a status
      criterion leaves them out;
    - ``signed_from`` / ``signed_to``: the signature (or, for engagements, the date) lies surely
      within the range: on or after the first day of ``signed_from`` and on or before the last
      day of ``signed_to``. Records with no such date are left out when a range is given.
    """

    ids: frozenset[str] | None = attrs.field(default=None, converter=_to_ids)
    country: Country | None = attrs.field(default=None, converter=_to_country)
    pair: CountryPair | None = attrs.field(default=None, converter=_to_pair)
    area: str | None = attrs.field(default=None, validator=_area)
    bilateral: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    kinds: frozenset[str] = attrs.field(
        default=frozenset(), converter=_to_set, validator=_known(_KINDS, "kind")
    )
    statuses: frozenset[str] = attrs.field(
        default=frozenset(), converter=_to_set, validator=_known(_STATUSES, "status")
    )
    signed_from: PartialDate | None = attrs.field(
        default=None, converter=_fields.to_optional_partial_date
    )
    signed_to: PartialDate | None = attrs.field(
        default=None, converter=_fields.to_optional_partial_date
    )

    @property
    def is_everything(self) -> bool:
        """No criterion is set: every record matches."""
        return self == _EVERYTHING

    def matches(self, record: Agreement | Engagement, *, as_of: dt.date | None = None) -> bool:
        if self.ids is not None and record.id not in self.ids:
            return False
        countries = record.countries
        if self.country is not None and self.country not in countries:
            return False
        if self.pair is not None and self.pair not in record.sides.pair_set:
            return False
        if self.bilateral and not record.sides.bilateral:
            return False
        if self.area is not None and self.area not in record.areas:
            return False
        if self.kinds and record.kind not in self.kinds:
            return False
        if self.statuses:
            if not isinstance(record, Agreement):
                return False
            status = record.status if as_of is None else record.status_on(as_of)
            if status not in self.statuses:
                return False
        if self.signed_from is None and self.signed_to is None:
            return True
        return self._date_matches(
            record.signed_on if isinstance(record, Agreement) else record.date
        )

    def _date_matches(self, date: PartialDate | None) -> bool:
        if date is None:
            return False
        if (
            self.signed_from is not None
            and date.earliest_ordinal < self.signed_from.earliest_ordinal
        ):
            return False
        return self.signed_to is None or date.latest_ordinal <= self.signed_to.latest_ordinal


_EVERYTHING = RecordFilter()
