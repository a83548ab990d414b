"""How recurring commitments ("consultations every year") are kept."""

from __future__ import annotations

import datetime as dt
from typing import Unpack

from mou_tracker.domain.filters import Filters
from mou_tracker.reports.cells import CODES, parties_codes, record_parties
from mou_tracker.reports.report import Cell, Report
from mou_tracker.reports.scope import select
from mou_tracker.storage.repository import Repository

__all__ = ["CADENCE_HEADERS", "cadence"]

CADENCE_HEADERS = (
    "Pair",
    "Record",
    "Commitment",
    "Every",
    "Fulfilled by",
    "Held on time",
    "Held late",
    "Missed",
    "Last held",
    "Next due",
    "State",
    CODES,
)


def cadence(
    repo: Repository,
    *,
    as_of: dt.date,
    **filters: Unpack[Filters],
) -> Report:
    """One row per open recurring commitment: how it has been kept as of ``as_of``
    (:meth:`Schedule.cadence <mou_tracker.domain.schedule.Schedule.cadence>`).

    A recurring commitment is fulfilled by engagements of its recurrence's kinds whose parties
    include every country of the record that holds it, dated from the recurrence's start and
    surely held by ``as_of`` (an engagement whose date is not set is never held). Each
    occurrence is due one interval after the previous one was held (or after the start).

    Columns: ``Pair`` (the pair's name, or the countries' names for a multilateral record),
    ``Record`` and ``Commitment`` (ids), ``Every`` ("12 months"), ``Fulfilled by`` (engagement
    kinds), ``Held on time``, ``Held late``, ``Missed`` (whole intervals that went by with no
    engagement), ``Last held`` (blank when never), ``Next due`` and ``State``: "on track" (the
    next occurrence is not yet due), "late" (past due, less than one more interval ago) or
    "lapsed" (a whole further interval gone by); ``Codes`` (the record's country codes,
    ``AE-AT``, in CSV, TSV and JSON only). Sorted by the record's countries' names, record id
    and commitment id.

    Only open and in-progress commitments of records counted as of ``as_of`` are listed (see
    :mod:`mou_tracker.reports`). Filters: ``country`` and ``pair`` keep the records with those
    countries; ``area`` keeps the commitments in that area (their own areas, or their record's
    when they name none).
    """
    scope = select(repo, as_of=as_of, **filters)
    found: list[tuple[tuple[tuple[str, ...], str, str], tuple[Cell, ...]]] = []
    for record, _ in scope.counted():
        for commitment in record.commitments:
            recurrence = commitment.recurrence
            if recurrence is None or not commitment.status.is_open:
                continue
            if not scope.in_area(commitment, record):
                continue
            kept = scope.resolver.cadence(commitment, record)
            names, label = record_parties(record)
            last = kept.last_held
            row: tuple[Cell, ...] = (
                label,
                record.id,
                commitment.id,
                str(recurrence.every),
                ", ".join(sorted(kind.value for kind in recurrence.fulfilled_by)),
                kept.on_time,
                kept.late,
                kept.missed,
                None if last is None else str(last),
                str(kept.next_due),
                str(kept.state),
                parties_codes(record.countries),
            )
            found.append(((names, record.id, commitment.id), row))
    found.sort(key=lambda item: item[0])
    return scope.report(
        repo,
        "Recurring commitments",
        CADENCE_HEADERS,
        [row for _, row in found],
        data_only=(CODES,),
        notes=(
            "Held by engagements of the listed kinds between every country of the record, "
            f"surely held by {scope.as_of.isoformat()}.",
            "On time: held within one interval of the previous one (or of the start); "
            "Missed: whole intervals with none.",
            "State: on track (next not yet due), late (past due, less than one more interval), "
            "lapsed (a whole further interval gone by).",
            "Only open and in-progress commitments are listed.",
        ),
    )
