"""What the report functions share: argument checks, the as-of rules and per-row tallies.

The as-of rules, used by every report but the timeline:

- an agreement counts once it has a status as of the day (:meth:`Agreement.status_on`: history
  entries surely on or before it, plus a scheduled expiry); one with no status yet is left out;
- an engagement counts once it has surely taken place (the last day its date may be is on or
  before the day); one whose date is not set yet never counts as held;
- a commitment counts with the record that holds it, at its recorded status (the model keeps no
  dated history of commitment statuses).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator

import attrs
import pendulum

from mou_tracker.domain import (
    Agreement,
    AgreementStatus,
    AreaVocabulary,
    Commitment,
    Country,
    CountryPair,
    Due,
    Engagement,
    Record,
    pairs_of,
)
from mou_tracker.domain.filters import RecordFilter
from mou_tracker.errors import ValidationError
from mou_tracker.reports._due import Resolved, Resolver
from mou_tracker.reports.report import Cell, to_date
from mou_tracker.storage.repository import Repository

__all__ = [
    "MULTILATERAL_NOTE",
    "STATUS_HEADERS",
    "Scope",
    "Tally",
    "area_label",
    "check_window",
    "effective_areas",
    "parties_key",
    "parties_label",
    "responsible_cell",
    "select",
    "shorten",
    "to_date",
]

S = AgreementStatus
STATUS_HEADERS = ("In force", "Signed, not in force", "Suspended", "Planned/negotiating", "Ended")
"""The status columns, in order. Suspended agreements get their own column: "signed, not in
force" reads as "awaiting entry into force", which a suspended agreement is not."""
_COLUMN_OF: dict[AgreementStatus, int] = {
    S.IN_FORCE: 0,
    S.PROVISIONALLY_APPLIED: 0,
    S.SIGNED: 1,
    S.SUSPENDED: 2,
    S.PLANNED: 3,
    S.UNDER_NEGOTIATION: 3,
    S.EXPIRED: 4,
    S.TERMINATED: 4,
    S.SUPERSEDED: 4,
}
MULTILATERAL_NOTE = "A multilateral record counts under each pair of its parties."
NextDeadline = tuple[tuple[int, int, str, str], Due, str]
"""Sort key (last due day, first due day, record id, commitment id), due date, commitment text."""


@attrs.frozen(kw_only=True)
class Scope:
    """The records a report counts: the filter matched them and they exist as of ``as_of``."""

    as_of: pendulum.Date
    where: RecordFilter
    agreements: list[tuple[Agreement, AgreementStatus]]
    """Each agreement with its status as of ``as_of``."""
    engagements: list[Engagement]
    """The engagements surely held by ``as_of`` (one with no date yet never is)."""
    resolver: Resolver
    """Resolves deadlines and recurrences against every engagement of the repository."""
    _pairs: dict[frozenset[Country], tuple[CountryPair, ...]] = attrs.field(
        factory=dict, init=False, eq=False, repr=False
    )

    def pairs(self, record: Record) -> tuple[CountryPair, ...]:
        """The record's country pairs that the filters keep (cached per set of countries:
        building pairs is the hot spot of a large repository)."""
        countries = record.countries
        kept = self._pairs.get(countries)
        if kept is None:
            kept = tuple(p for p in pairs_of(countries) if self.keeps(p))
            self._pairs[countries] = kept
        return kept

    @property
    def area(self) -> str | None:
        return self.where.area

    def keeps(self, pair: CountryPair) -> bool:
        """The pair is one the country and pair filters ask for."""
        country, wanted = self.where.country, self.where.pair
        return (wanted is None or pair == wanted) and (country is None or country in pair)

    def counted(self) -> Iterator[tuple[Record, AgreementStatus | None]]:
        """Every counted record with its status as of the day (None for engagements)."""
        yield from self.agreements
        for engagement in self.engagements:
            yield engagement, None

    def describe(self, repo: Repository) -> str:
        """The filters in words, for a title: ``" (country Pakistan, area Trade)"`` or ``""``."""
        parts = []
        if self.where.country is not None:
            parts.append(f"country {self.where.country}")
        if self.where.pair is not None:
            parts.append(f"pair {self.where.pair}")
        if self.where.area is not None:
            parts.append(f"area {area_label(repo.areas, self.where.area)}")
        return f" ({', '.join(parts)})" if parts else ""


def select(
    repo: Repository,
    *,
    as_of: dt.date,
    country: Country | str | None = None,
    pair: CountryPair | str | None = None,
    area: str | None = None,
) -> Scope:
    """The records matching the country and pair filters that exist as of ``as_of``, and a
    :class:`Resolver` over every record of the repository (one read of the repository).

    The area filter is checked against the repository's vocabulary and kept in
    :attr:`Scope.where` but not applied here: each report says what it keeps for an area.
    """
    day = to_date(as_of)
    where = RecordFilter(country=country, pair=pair, area=area)
    if area is not None:
        repo.areas.check([area])
    query = attrs.evolve(where, area=None)
    ordinal = day.toordinal()
    records = list(repo.records())
    agreements = []
    engagements = []
    for record in records:
        if not query.matches(record):
            continue
        if isinstance(record, Agreement):
            status = record.status_on(day)
            if status is not None:
                agreements.append((record, status))
        elif record.date is not None and record.date.latest_ordinal <= ordinal:
            engagements.append(record)
    return Scope(
        as_of=day,
        where=where,
        agreements=agreements,
        engagements=engagements,
        resolver=Resolver(records, day),
    )


def check_window(within: int) -> int:
    if type(within) is not int or within < 0:
        raise ValidationError(
            f"the deadline window must be zero or more days, got {within!r}", field="within"
        )
    return within


def effective_areas(commitment: Commitment, record: Record) -> frozenset[str]:
    """A commitment's own areas, or its record's when it names none."""
    return commitment.areas or record.areas


def area_label(areas: AreaVocabulary, code: str) -> str:
    return areas[code].label if code in areas else code


def shorten(text: str, width: int = 60) -> str:
    """``text`` on one line, cut to at most ``width`` characters with "…" (at a word boundary
    when one is near).

    >>> shorten("Fast-track agreements and MoUs to be concluded during the President's visit")
    'Fast-track agreements and MoUs to be concluded during the…'
    """
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    cut = flat[: width - 1]
    space = cut.rfind(" ")
    if space >= width * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–") + "…"


@attrs.define
class Tally:
    """Counts for one report row: agreements by status column, open commitments, overdue ones
    and those whose date is not set, the next deadline not yet passed, and the pairs seen."""

    by_status: list[int] = attrs.Factory(lambda: [0] * len(STATUS_HEADERS))
    open: int = 0
    overdue: int = 0
    not_set: int = 0
    next: NextDeadline | None = None
    pairs: set[CountryPair] = attrs.Factory(set)

    def add_agreement(self, status: AgreementStatus) -> None:
        self.by_status[_COLUMN_OF[status]] += 1

    def add_commitment(
        self, commitment: Commitment, record_id: str, resolved: Resolved | None
    ) -> None:
        """Count an open commitment (others are ignored) with its resolved due date."""
        if not commitment.status.is_open:
            return
        self.open += 1
        if resolved is None:
            return
        if not resolved.is_set:
            self.not_set += 1
            return
        if resolved.is_overdue:
            self.overdue += 1
            return
        key = (*resolved.sort_key(), record_id, commitment.id)
        if self.next is None or key < self.next[0]:
            self.next = (key, resolved.due, commitment.text)  # shortened when shown

    def merge(self, other: Tally) -> None:
        """Add another row's commitment counts and next deadline (not its agreements)."""
        self.open += other.open
        self.overdue += other.overdue
        self.not_set += other.not_set
        if other.next is not None and (self.next is None or other.next[0] < self.next[0]):
            self.next = other.next

    def status_cells(self) -> list[Cell]:
        """``Agreements`` (the total) then one count per status column."""
        return [sum(self.by_status), *self.by_status]

    def next_due(self) -> Cell:
        return None if self.next is None else str(self.next[1])

    def next_what(self) -> Cell:
        if self.next is None:
            return None
        return f"{shorten(self.next[2])} ({self.next[0][2]})"


@functools.lru_cache(maxsize=1024)
def parties_key(countries: frozenset[Country]) -> tuple[tuple[str, ...], str]:
    """The sorted country codes of a record (to sort rows by) and its label (see
    :func:`parties_label`)."""
    return tuple(sorted(c.code for c in countries)), parties_label(countries)


def parties_label(countries: Iterable[Country]) -> str:
    """``Kazakhstan–Pakistan`` for two countries; names joined by ", " (by code) for more."""
    ordered = sorted(countries)
    if len(ordered) == 2:
        return str(CountryPair(*ordered))
    return ", ".join(c.name for c in ordered)


def responsible_cell(commitment: Commitment) -> str:
    return ", ".join(c.code for c in commitment.responsible) or "all parties"
