"""The records a report counts, as of a day, and the filters in words.

The as-of rules, used by every report but the timeline:

- an agreement counts once it has a status as of the day (:meth:`Agreement.status_on`: history
  entries surely on or before it, plus a scheduled expiry); one with no status yet is left out;
- an engagement counts once it has surely taken place (the last day its date may be is on or
  before the day); one whose date is not set yet never counts as held;
- a commitment counts with the record that holds it, at its recorded status (the model keeps no
  dated history of commitment statuses); where it stands against its due date is the
  domain's :class:`~mou_tracker.domain.due_status.DueResolver`'s answer.
"""

from __future__ import annotations

import datetime as dt
import operator
import weakref
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Unpack

import attrs
import pendulum

from mou_tracker.domain import (
    Agreement,
    AgreementStatus,
    Commitment,
    CountryPair,
    DueResolver,
    DueStatus,
    Engagement,
    Record,
)
from mou_tracker.domain.filters import Filters, RecordFilter
from mou_tracker.domain.sides import Sides
from mou_tracker.errors import ValidationError
from mou_tracker.reports.cells import area_label
from mou_tracker.reports.report import Cell, Report, to_date
from mou_tracker.storage.repository import Repository

if TYPE_CHECKING:
    from mou_tracker.reports.tally import Counted

__all__ = ["Scope", "read", "select"]


@attrs.frozen(kw_only=True)
class Scope:
    """The records a report counts: the filter matched them and they exist as of ``as_of``."""

    as_of: pendulum.Date
    where: RecordFilter
    matching: list[Record]
    """Every record the country and pair filters keep, whatever its date or status."""
    agreements: list[tuple[Agreement, AgreementStatus]]
    """Each agreement with its status as of ``as_of``."""
    engagements: list[Engagement]
    """The engagements surely held by ``as_of`` (one with no date yet never is)."""
    resolver: DueResolver
    """Resolves the deadlines and recurrences of the :attr:`matching` records (it knows the
    engagements they need, not every engagement of the repository: see :func:`read`)."""
    _pairs: dict[Sides, tuple[CountryPair, ...]] = attrs.field(
        factory=dict, eq=False, repr=False, alias="pair_cache"
    )
    counted_commitments: list[Counted] = attrs.field(factory=list, eq=False, repr=False)
    """Empty, or what :func:`.tally.record_counts` found once a report has counted them: shared
    by the copies :func:`select` returns, so the next report of the selection reuses it."""

    def pairs(self, record: Record) -> tuple[CountryPair, ...]:
        """The record's country pairs (countries on different sides) that the filters keep
        (cached per structure of sides: building pairs is the hot spot of a large repository)."""
        return self.pairs_across(record.sides)

    def pair_set_across(self, sides: Sides) -> frozenset[CountryPair]:
        """:meth:`pairs_across` as a set (to merge the pairs of many records at C speed)."""
        if self.where.country is None and self.where.pair is None:
            return sides.pair_set
        return frozenset(self.pairs_across(sides))

    def pairs_across(self, sides: Sides) -> tuple[CountryPair, ...]:
        """:meth:`pairs` of the records with these sides."""
        if self.where.country is None and self.where.pair is None:
            return sides.pairs
        kept = self._pairs.get(sides)
        if kept is None:
            kept = tuple(p for p in sides.pairs if self.keeps(p))
            self._pairs[sides] = kept
        return kept

    @property
    def area(self) -> str | None:
        return self.where.area

    def in_area(self, commitment: Commitment, record: Record) -> bool:
        """The area filter keeps the commitment: none is set, or it is among the commitment's
        own areas (its record's when it names none)."""
        area = self.where.area
        return area is None or area in commitment.effective_areas(record.areas)

    def due(self) -> Iterator[tuple[Record, Commitment, DueStatus]]:
        """Every open commitment of the counted records that the area filter keeps and that
        has a deadline or a recurrence, with where it stands on the day."""
        for record, _ in self.counted():
            for commitment in record.commitments:
                if not self.in_area(commitment, record):
                    continue
                status = self.resolver.status(commitment, record)
                if status is not None:
                    yield record, commitment, status

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
        if self.where.bilateral:
            parts.append("bilateral")
        return f" ({', '.join(parts)})" if parts else ""

    def report(
        self,
        repo: Repository,
        title: str,
        headers: Iterable[str],
        rows: Iterable[Iterable[Cell]],
        notes: Iterable[str],
        free_text: Iterable[str] = (),
        data_only: Iterable[str] = (),
    ) -> Report:
        """The :class:`Report` of these records: ``title`` followed by the filters in words,
        dated ``as_of``."""
        return Report(
            title=title + self.describe(repo),
            as_of=self.as_of,
            headers=headers,
            rows=rows,
            notes=notes,
            free_text=free_text,
            data_only=data_only,
        )


def select(
    repo: Repository,
    *,
    as_of: dt.date,
    **filters: Unpack[Filters],
) -> Scope:
    """The records matching the country and pair filters, those that exist as of ``as_of``,
    and a :class:`DueResolver` over what their commitments need (see :func:`read`). The
    reports and the calendar export all start here.

    The area filter is checked against the repository's vocabulary and kept in
    :attr:`Scope.where` but not applied here: each report says what it keeps for an area.
    """
    day = to_date(as_of)
    where = RecordFilter(**filters)
    if where.area is not None:
        repo.areas.check([where.area])
    matching, needed = read(repo, attrs.evolve(where, area=None, bilateral=False))
    known = _recall(repo, day, where, matching, needed)
    if known is not None:
        return known
    read_whole = matching
    if where.bilateral:  # per record, after the read: a fulfilling meeting need not be bilateral
        matching = [r for r in matching if r.sides.bilateral]
    ordinal = day.toordinal()
    agreements = []
    engagements = []
    for record in matching:
        if isinstance(record, Agreement):
            status = record.status_on(day)
            if status is not None:
                agreements.append((record, status))
        elif record.date is not None and record.date.latest_ordinal <= ordinal:
            engagements.append(record)
    scope = Scope(
        as_of=day,
        where=where,
        matching=matching,
        agreements=agreements,
        engagements=engagements,
        resolver=DueResolver(needed, day),
    )
    _remember(repo, (day, where, read_whole, needed, scope))
    return _copy(scope)


_Selected = tuple[pendulum.Date, RecordFilter, list[Record], list[Record], Scope]
_last: dict[int, tuple[weakref.ref[Repository], _Selected]] = {}
"""The last scope selected (one at most), for the next report on the same records: the CLI,
the dashboard and the bench ask for several reports of one repository as of one day."""


def _recall(
    repo: Repository,
    day: pendulum.Date,
    where: RecordFilter,
    read: list[Record],
    needed: list[Record],
) -> Scope | None:
    """The last scope selected, when it was for this repository, day and filters and the read
    gave the very same record objects (immutable: the same facts), else None. The resolver is
    shared, with what it has resolved; the lists are copies."""
    entry = _last.get(id(repo))
    if entry is None or entry[0]() is not repo:
        return None
    known_day, known_where, known_read, known_needed, scope = entry[1]
    if not (known_day == day and known_where == where):
        return None
    if not (_same(known_read, read) and _same(known_needed, needed)):
        return None
    return _copy(scope)


def _copy(scope: Scope) -> Scope:
    """The scope with lists of its own (a caller may change them), sharing the resolver."""
    return Scope(
        as_of=scope.as_of,
        where=scope.where,
        matching=list(scope.matching),
        agreements=list(scope.agreements),
        engagements=list(scope.engagements),
        resolver=scope.resolver,
        pair_cache=scope._pairs,
        counted_commitments=scope.counted_commitments,
    )


def _same(known: list[Record], read: list[Record]) -> bool:
    return len(known) == len(read) and all(map(operator.is_, known, read))


def _remember(repo: Repository, selected: _Selected) -> None:
    key = id(repo)
    try:
        ref = weakref.ref(repo, lambda _dead: _last.pop(key, None))
    except TypeError:  # a repository that cannot be referred to weakly is not remembered
        return
    _last.clear()
    _last[key] = (ref, selected)


def read(repo: Repository, where: RecordFilter) -> tuple[list[Record], list[Record]]:
    """The records ``where`` keeps, and the records a :class:`DueResolver` needs to answer for
    their commitments exactly as one built from the whole repository would.

    That is the matching records plus the engagements their deadlines are or were tied to
    (:attr:`Commitment.anchors`), which the filter may leave out: those are read by id. The
    engagements that can keep a recurring commitment are among the matching records already:
    they have every country of the commitment's record among their parties
    (:func:`~mou_tracker.domain.cadence.cadence_of`), so a country or pair filter that keeps
    the record keeps them too. (An area filter would not: reports apply it per commitment,
    after this read, and ``where`` must not carry one when its records feed a resolver.)

    With no criterion the repository is read once, whole: every anchor is in it. A criterion
    other than ``country`` and ``pair`` is a :class:`ValidationError`.
    """
    if where != RecordFilter(country=where.country, pair=where.pair):
        raise ValidationError(
            "only the country and pair filters choose the records a report reads", field="where"
        )
    if where.is_everything:
        everything = list(repo.records())
        return everything, everything
    matching = list(repo.records(where=where))
    anchors: set[str] = set()
    for record in matching:
        for commitment in record.commitments:
            if commitment.deadline is not None:
                anchors.update(commitment.deadline.anchors)
    missing = anchors.difference(r.id for r in matching)
    if not missing:
        return matching, matching
    return matching, [*matching, *repo.records(where=RecordFilter(ids=missing))]
