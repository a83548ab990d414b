"""Where relations stand: by country pair, by cooperation area, and pairs against areas."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Unpack

from mou_tracker.domain import CountryPair, Sides
from mou_tracker.domain.filters import Filters
from mou_tracker.reports.cells import CODES, MULTILATERAL_NOTE, area_label, by_pair_name
from mou_tracker.reports.report import Cell, Report
from mou_tracker.reports.scope import Scope, select
from mou_tracker.reports.tally import (
    COMMITMENT_HEADERS,
    STATUS_HEADERS,
    Tally,
    area_tallies,
    count_commitments,
    record_counts,
)
from mou_tracker.storage.loading import gc_paused
from mou_tracker.storage.repository import Repository

__all__ = ["pair_area_matrix", "status_by_area", "status_by_pair"]

_AS_OF_NOTE = (
    "Agreements count at their status as of {as_of} (those with no status yet are left out); "
    "engagements count once held."
)
_OVERDUE_NOTE = (
    "Overdue: open commitments whose deadline's last day is before {as_of}, and recurring ones "
    "that are late or lapsed; the next deadline is the earliest one not yet passed (a recurring "
    "commitment's next due date counts)."
)
_NOT_SET_NOTE = (
    "Date not set: open commitments due by an engagement whose date is not set yet; they are "
    "neither overdue nor on time."
)


def _notes(scope: Scope, *extra: str) -> tuple[str, ...]:
    as_of = scope.as_of.isoformat()
    return (MULTILATERAL_NOTE, _AS_OF_NOTE.format(as_of=as_of), *extra)


def status_by_pair(
    repo: Repository,
    *,
    as_of: dt.date,
    **filters: Unpack[Filters],
) -> Report:
    """One row per country pair, in name order: agreements by status and open commitments.

    A multilateral record counts under each pair of its parties. Columns:

    - ``Agreements``: the total of the five status columns;
    - ``In force`` (in force or provisionally applied), ``Signed, not in force``,
      ``Suspended``, ``Planned/negotiating`` (planned or under negotiation), ``Ended``
      (expired, terminated or superseded), each from :meth:`Agreement.status_on`;
    - ``Open commitments``: open or in-progress commitments of the pair's agreements and
      engagements; ``Overdue``: those whose deadline's last day is before ``as_of``, and the
      recurring ones whose cadence is late or lapsed; ``Date not set``: those due by an
      engagement whose date is not set yet (counted apart, never as on time);
    - ``Next deadline`` / ``Next deadline: what``: the open deadline not yet passed that falls
      due first (a recurring commitment's next due date counts), at its real precision
      ("Nov 2025", or "10 Dec 2025 at the latest" for an approximate one), with the shortened
      commitment text and the id of the record that holds it. Blank when there is none;
    - ``Codes``: the pair's codes (``AE-AT``), in CSV, TSV and JSON only.

    Rows are sorted by the countries' names, as ``Pair`` shows them (Austria–United Arab
    Emirates before Bahrain–Egypt).

    Deadlines are as they stood on ``as_of``: one tied to an engagement resolves against the
    engagement's date as known that day, and a reschedule counts from the day it was decided
    (one :class:`~mou_tracker.domain.schedule.Schedule` per call, over the engagements the
    records need: :func:`~mou_tracker.reports.scope.read`).

    Filters: ``country`` keeps the pairs including that country and ``pair`` keeps that pair
    only (neither changes a row's numbers). ``area`` counts only the agreements covering the
    area and the commitments in it (their own areas, or their record's when they name none);
    a pair none of whose records covers the area or holds a commitment in it has no row.
    ``as_of`` never comes from the clock.
    """
    with gc_paused():
        return _status_by_pair(repo, as_of, filters)


def _status_by_pair(repo: Repository, as_of: dt.date, filters: Filters) -> Report:
    scope = select(repo, as_of=as_of, **filters)
    area = scope.area
    groups: dict[Sides, Tally] = {}  # records with the same sides count under the same pairs
    everything = record_counts(scope) if area is None else None
    for index, (record, status) in enumerate(scope.counted()):
        covers = True
        if everything is None:
            commitments = tuple(c for c in record.commitments if scope.in_area(c, record))
            covers = area in record.areas
            if not (covers or commitments):
                continue
            counts = count_commitments(scope.resolver, record, commitments)
        else:
            counts = everything[index]  # the record's commitments, counted once for all pairs
        group = groups.get(record.sides)
        if group is None:
            group = groups[record.sides] = Tally()
        if covers and status is not None:
            group.add_agreement(status)
        if counts[0]:  # some open commitment (else every count is 0)
            group.add_counts(counts)
    tallies: dict[CountryPair, Tally] = {}
    for sides, group in groups.items():
        pairs = scope.pairs_across(sides)
        if len(pairs) == 1 and pairs[0] not in tallies:  # most: the group is the pair's row
            tallies[pairs[0]] = group
            continue
        for key in pairs:
            tally = tallies.get(key)
            if tally is None:
                tally = tallies[key] = Tally()
            tally.add(group)
    headers = (
        "Pair",
        "Agreements",
        *STATUS_HEADERS,
        *COMMITMENT_HEADERS,
        "Next deadline",
        "Next deadline: what",
        CODES,
    )
    rows = [
        (str(key), *agreements, *commitments, t.next_due(), t.next_what(), key.code)
        for key, t in sorted(tallies.items(), key=by_pair_name)
        for agreements, commitments in [t.cells()]
    ]
    return scope.report(
        repo,
        "Status by country pair",
        headers,
        rows,
        notes=_notes(scope, _OVERDUE_NOTE.format(as_of=scope.as_of.isoformat()), _NOT_SET_NOTE),
        free_text=("Next deadline: what",),
        data_only=(CODES,),
    )


def status_by_area(
    repo: Repository,
    *,
    as_of: dt.date,
    **filters: Unpack[Filters],
) -> Report:
    """One row per cooperation area used by a counted record, sorted by area code.

    An area is used by a record when the record covers it or one of its commitments is in it
    (a commitment naming no area is in its record's areas). Columns: ``Area`` (the label),
    ``Code``, ``Agreements`` and the status columns of :func:`status_by_pair` (agreements
    covering the area), ``Pairs`` (distinct country pairs of the records using the area, each
    pair of a multilateral record counted), ``Open commitments``, ``Overdue``,
    ``Date not set`` and ``Next deadline`` (commitments in the area, counted as in
    :func:`status_by_pair`).

    Filters: ``country`` and ``pair`` keep the records with those countries (and the pairs
    counted under ``Pairs``); ``area`` keeps that area's row only, which then reads as in the
    unfiltered report.
    """
    with gc_paused():
        return _status_by_area(repo, as_of, filters)


def _status_by_area(repo: Repository, as_of: dt.date, filters: Filters) -> Report:
    scope = select(repo, as_of=as_of, **filters)
    tallies = area_tallies(scope)
    headers = (
        "Area",
        "Code",
        "Agreements",
        *STATUS_HEADERS,
        "Pairs",
        *COMMITMENT_HEADERS,
        "Next deadline",
    )
    rows = [
        (area_label(repo.areas, code), code, *agreements, len(pairs), *commitments, t.next_due())
        for code, (t, pairs) in sorted(tallies.items())
        for agreements, commitments in [t.cells()]
    ]
    return scope.report(
        repo,
        "Status by cooperation area",
        headers,
        rows,
        notes=_notes(
            scope,
            "A commitment that names no area counts under its record's areas.",
            _OVERDUE_NOTE.format(as_of=scope.as_of.isoformat()),
            _NOT_SET_NOTE,
        ),
    )


def pair_area_matrix(
    repo: Repository,
    *,
    as_of: dt.date,
    **filters: Unpack[Filters],
) -> Report:
    """Country pairs against cooperation areas: how many records of each pair cover each area.

    Rows are the pairs with a counted agreement or engagement, in name order. After ``Pair``
    comes one column per area code covered by a counted record (sorted by code, headed by the
    area's label), then ``Total``, then ``Codes`` (the pair's codes, in CSV, TSV and JSON
    only). A cell counts the pair's agreements plus engagements that cover the area (the
    record's own areas). A zero is a blank cell (``None``: empty in text
    and CSV, ``null`` in JSON) so the covered areas stand out. ``Total`` counts each record
    once, even when it covers several areas.

    Filters: ``country`` and ``pair`` keep those pairs' rows; ``area`` keeps the records
    covering that area and shows that area's column only.
    """
    scope = select(repo, as_of=as_of, **filters)
    cells: dict[CountryPair, dict[str, int]] = {}
    totals: dict[CountryPair, int] = defaultdict(int)
    codes: set[str] = set() if scope.area is None else {scope.area}
    for record, _ in scope.counted():
        if scope.area is not None and scope.area not in record.areas:
            continue
        covered = record.areas if scope.area is None else {scope.area}
        for key in scope.pairs(record):
            totals[key] += 1
            row = cells.setdefault(key, defaultdict(int))
            for code in covered:
                row[code] += 1
            codes.update(covered)
    columns = sorted(codes)
    headers = ("Pair", *_unique_labels(repo, columns), "Total", CODES)
    rows: list[tuple[Cell, ...]] = [
        (str(key), *(row.get(code) or None for code in columns), totals[key], key.code)
        for key, row in sorted(cells.items(), key=by_pair_name)
    ]
    return scope.report(
        repo,
        "Cooperation areas by country pair",
        headers,
        rows,
        notes=_notes(
            scope,
            "A cell counts the agreements and engagements covering the area; blank means none.",
            "A record covering several areas counts in each; Total counts each record once.",
        ),
        data_only=(CODES,),
    )


def _unique_labels(repo: Repository, codes: list[str]) -> list[str]:
    """Area labels as headers; a label that would repeat a header gets its code added."""
    seen = {"Pair", "Total", CODES}
    labels = []
    for code in codes:
        label = area_label(repo.areas, code)
        if label in seen:
            label = f"{label} ({code})"
        seen.add(label)
        labels.append(label)
    return labels
