"""The whole store at a glance: agreements by kind and status, and what happened each year."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Unpack

from mou_tracker.domain import Agreement, AgreementKind, AgreementStatus, EngagementKind
from mou_tracker.domain.dates import PartialDate
from mou_tracker.domain.filters import Filters
from mou_tracker.reports.report import Cell, Report
from mou_tracker.reports.scope import Scope, select
from mou_tracker.storage.repository import Repository

__all__ = ["agreements_by_year", "status_summary"]

ALL = "all"
"""The ``Kind`` of a section's total row."""
_ONCE_NOTE = "Each record counts once, a multilateral one too (not once per pair)."
_AREA_NOTE = "Only the records covering area {area} are counted."


def _status_header(status: AgreementStatus) -> str:
    """``In force`` for ``in_force``."""
    return status.value.replace("_", " ").capitalize()


def _covers(scope: Scope, areas: frozenset[str]) -> bool:
    return scope.area is None or scope.area in areas


def _area_notes(scope: Scope) -> tuple[str, ...]:
    return () if scope.area is None else (_AREA_NOTE.format(area=scope.area),)


def status_summary(
    repo: Repository,
    *,
    as_of: dt.date,
    **filters: Unpack[Filters],
) -> Report:
    """How many agreements of each kind stand at each status as of ``as_of``, and how many
    engagements of each kind were held by then: the whole store in a few rows.

    Columns: ``Record`` ("agreement" or "engagement"), ``Kind`` (the kind's value, or "all"
    for a section's total row), ``Total``, then one column per agreement status in the order
    of :class:`~mou_tracker.domain.AgreementStatus` (``Planned``, ``Under negotiation``,
    ``Signed``, ``In force``, ``Provisionally applied``, ``Suspended``, ``Expired``,
    ``Terminated``, ``Superseded``), every one always present so scripts can rely on them.

    Agreements count at :meth:`Agreement.status_on` ``as_of``; one with no status yet is left
    out. Engagements count once surely held (an engagement whose date is not set never is); their
    rows fill ``Total`` only. A kind with nothing counted has no row; each section ends with its
    ``all`` row when it has any. Each record counts once (a multilateral one too), so the
    totals are numbers of records, unlike the pair reports'. Areas are not needed: a store
    whose records name none is counted all the same.

    Filters: ``country`` and ``pair`` keep the records with those countries; ``area`` keeps the
    records covering that area (their own areas).
    """
    scope = select(repo, as_of=as_of, **filters)
    statuses = list(AgreementStatus)
    agreements: Counter[tuple[AgreementKind, AgreementStatus]] = Counter(
        (agreement.kind, status)
        for agreement, status in scope.agreements
        if _covers(scope, agreement.areas)
    )
    held: Counter[EngagementKind] = Counter(
        e.kind for e in scope.engagements if _covers(scope, e.areas)
    )
    rows: list[tuple[Cell, ...]] = []
    kinds = [kind for kind in AgreementKind if any((kind, s) in agreements for s in statuses)]
    for kind in kinds:
        counts = [agreements[kind, status] for status in statuses]
        rows.append(("agreement", kind.value, sum(counts), *counts))
    if kinds:
        counts = [sum(agreements[kind, status] for kind in kinds) for status in statuses]
        rows.append(("agreement", ALL, sum(counts), *counts))
    blanks = (None,) * len(statuses)
    for engagement_kind in EngagementKind:
        if held[engagement_kind]:
            rows.append(("engagement", engagement_kind.value, held[engagement_kind], *blanks))
    if held:
        rows.append(("engagement", ALL, held.total(), *blanks))
    day = scope.as_of.isoformat()
    return scope.report(
        repo,
        "Agreements by kind and status",
        ("Record", "Kind", "Total", *(_status_header(s) for s in statuses)),
        rows,
        notes=(
            f"Agreements count at their status as of {day} (those with no status yet are "
            f"left out); engagements count once held by {day}, in Total only.",
            _ONCE_NOTE,
            *_area_notes(scope),
        ),
    )


def agreements_by_year(
    repo: Repository,
    *,
    as_of: dt.date,
    **filters: Unpack[Filters],
) -> Report:
    """How many agreements were signed, entered into force and ended each year, up to
    ``as_of``: one row per year with at least one of them, oldest first, then a ``Total`` row.

    Columns: ``Year``, ``Signed`` (the first signature in the agreement's history),
    ``Entered into force`` (its first entry into force; provisional application does not
    count), ``Ended`` (its first change to expired, terminated or superseded, or its scheduled
    expiry once passed, as :meth:`Agreement.status_on` says). A date known only to the month,
    quarter or year counts in its year. An event counts once surely on or before ``as_of``
    (the last day its date may be), as statuses do in every report; an agreement whose history
    records no signature (tracked from its entry into force, say) counts in no ``Signed`` cell.
    Years with nothing are left out, so a century of treaties stays a readable table.

    Each agreement counts once (a multilateral one too). Filters: ``country`` and ``pair`` keep
    the agreements with those countries; ``area`` keeps those covering that area.
    """
    scope = select(repo, as_of=as_of, **filters)
    ordinal = scope.as_of.toordinal()
    columns = ("Signed", "Entered into force", "Ended")
    counts: dict[int, list[int]] = {}
    for record in scope.matching:
        if not isinstance(record, Agreement) or not _covers(scope, record.areas):
            continue
        events = (record.signed_on, record.in_force_on, _ended_on(record, scope.as_of))
        for index, date in enumerate(events):
            if date is not None and date.latest_ordinal <= ordinal:
                counts.setdefault(date.year, [0] * len(columns))[index] += 1
    rows: list[tuple[Cell, ...]] = [(str(year), *counts[year]) for year in sorted(counts)]
    if rows:
        rows.append(("Total", *(sum(row[i] for row in counts.values()) for i in range(3))))
    return scope.report(
        repo,
        "Agreements signed, entered into force and ended by year",
        ("Year", *columns),
        rows,
        notes=(
            "A date known only to the month, quarter or year counts in its year; an event "
            f"counts once surely on or before {scope.as_of.isoformat()}.",
            "Entered into force: the first entry into force (provisional application does not "
            "count); Ended: expired, terminated or superseded.",
            "Years with nothing are left out. " + _ONCE_NOTE,
            *_area_notes(scope),
        ),
    )


def _ended_on(agreement: Agreement, as_of: dt.date) -> PartialDate | None:
    """When the agreement ended, if it had by ``as_of``: its first ended status, or its
    scheduled expiry."""
    status = agreement.status_on(as_of)
    if status is None or not status.is_ended:
        return None
    ordinal = as_of.toordinal()
    changes = agreement.history
    ended = next(
        (c.date for c in changes if c.status.is_ended and c.date.latest_ordinal <= ordinal), None
    )
    return agreement.expires_on if ended is None else ended
