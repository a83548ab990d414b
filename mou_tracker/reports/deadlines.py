"""What falls due: deadlines overdue or coming up, and the dated story of one country pair."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from mou_tracker.domain import (
    Agreement,
    Commitment,
    Country,
    CountryPair,
    Engagement,
    PartialDate,
    Record,
)
from mou_tracker.domain.filters import RecordFilter
from mou_tracker.reports._common import check_window, effective_areas, select, to_date
from mou_tracker.reports.report import Cell, Report
from mou_tracker.storage.repository import Repository

__all__ = ["deadlines", "timeline"]


def deadlines(
    repo: Repository,
    *,
    as_of: dt.date,
    within: int = 30,
    country: Country | str | None = None,
    pair: CountryPair | str | None = None,
    area: str | None = None,
) -> Report:
    """Every open commitment whose deadline is overdue as of ``as_of`` or falls due within
    ``within`` days (:meth:`Deadline.is_due_within`; a negative window is a
    :class:`ValidationError`).

    A deadline falls due on the last day it may be: "Nov 2025" is due at the end of
    30 November 2025. Rows are sorted by that day, then by the record's countries, record id
    and commitment id. Columns: ``Due`` (at its real precision), ``Precision``, ``Days left``
    (negative when overdue), ``State`` ("overdue" or "due soon"), ``Pair`` (the pair's name,
    or the countries' names joined by ", " for a multilateral record), ``Record`` and
    ``Commitment`` (ids), ``What``, ``Responsible`` (country codes, or "all parties") and
    ``Status``.

    Only records counted as of ``as_of`` are read (see :mod:`mou_tracker.reports`).
    Filters: ``country`` and ``pair`` keep the records with those countries; ``area`` keeps
    the commitments in that area (their own areas, or their record's when they name none).
    """
    window = check_window(within)
    scope = select(repo, as_of=as_of, country=country, pair=pair, area=area)
    ordinal = scope.as_of.toordinal()
    labels: dict[frozenset[Country], tuple[tuple[str, ...], str]] = {}
    found: list[tuple[tuple[int, tuple[str, ...], str, str], tuple[Cell, ...]]] = []
    for record, _ in scope.counted():
        for commitment in record.commitments:
            deadline = commitment.deadline
            if deadline is None or not commitment.status.is_open:
                continue
            if scope.area is not None and scope.area not in effective_areas(commitment, record):
                continue
            days_left = deadline.due.latest_ordinal - ordinal
            if days_left > window:
                continue
            countries = record.countries
            if countries not in labels:
                labels[countries] = (
                    tuple(sorted(c.code for c in countries)),
                    parties_label(countries),
                )
            codes, label = labels[countries]
            key = (deadline.due.latest_ordinal, codes, record.id, commitment.id)
            row = _deadline_row(record.id, label, commitment, deadline.due, days_left)
            found.append((key, row))
    found.sort(key=lambda item: item[0])
    return Report(
        title=f"Deadlines: overdue or due within {window} days{scope.describe(repo)}",
        as_of=scope.as_of,
        headers=(
            "Due",
            "Precision",
            "Days left",
            "State",
            "Pair",
            "Record",
            "Commitment",
            "What",
            "Responsible",
            "Status",
        ),
        rows=[row for _, row in found],
        notes=(
            "Days left count to the last day a deadline may be (the end of the month for "
            '"Nov 2025").',
            "Only open and in-progress commitments are listed.",
        ),
    )


def _deadline_row(
    record_id: str, label: str, commitment: Commitment, due: PartialDate, days_left: int
) -> tuple[Cell, ...]:
    return (
        str(due),
        str(due.precision),
        days_left,
        "overdue" if days_left < 0 else "due soon",
        label,
        record_id,
        commitment.id,
        commitment.text,
        ", ".join(c.code for c in commitment.responsible) or "all parties",
        str(commitment.status),
    )


def parties_label(countries: Iterable[Country]) -> str:
    """``Kazakhstan–Pakistan`` for two countries; names joined by ", " (by code) for more."""
    ordered = sorted(countries)
    if len(ordered) == 2:
        return str(CountryPair(*ordered))
    return ", ".join(c.name for c in ordered)


_ENGAGEMENT, _STATUS, _PROGRESS, _DUE = range(4)
"""Tiebreak between facts dated alike: engagements, status changes, progress, deadlines."""
Fact = tuple[PartialDate, int, str, str, str]
"""A dated fact: date, kind rank, record id, event, details."""


def timeline(repo: Repository, *, pair: CountryPair | str, as_of: dt.date) -> Report:
    """Every dated fact about one pair, oldest first: from the records whose parties include
    both countries of the pair (multilateral ones too).

    The facts: engagements (event = the kind, details = title and place); agreement status
    changes ("signed", "in force"..., details = title and the change's note) and a scheduled
    expiry, unless the agreement already ended ("expires"); commitment progress notes ("progress")
    and the day a commitment was met ("met" or "partially met"); deadlines of open commitments
    ("due"). Sorted by :meth:`PartialDate.sort_key`, then in the order just given, then by
    record id and the order within the record. Columns: ``Date`` (at its real precision),
    ``Event``, ``Record``, ``Details`` and ``When``: "upcoming" when the earliest day the date
    may be is after ``as_of``, else "past". Facts after ``as_of`` are listed too.
    """
    wanted = pair if isinstance(pair, CountryPair) else CountryPair.parse(pair)
    day = to_date(as_of)
    ordinal = day.toordinal()
    where = RecordFilter(pair=wanted)
    records: list[Record] = [*repo.agreements(where), *repo.engagements(where)]
    facts: list[tuple[tuple[int, int], int, str, int, Fact]] = []
    for record in records:
        for seq, fact in enumerate(_facts(record)):
            facts.append((fact[0].sort_key(), fact[1], record.id, seq, fact))
    facts.sort(key=lambda item: item[:4])
    rows = [
        (
            str(date),
            event,
            record_id,
            details,
            "upcoming" if date.earliest_ordinal > ordinal else "past",
        )
        for *_, (date, _, record_id, event, details) in facts
    ]
    return Report(
        title=f"Timeline: {wanted}",
        as_of=day,
        headers=("Date", "Event", "Record", "Details", "When"),
        rows=rows,
        notes=("Includes multilateral records to which both countries are parties.",),
    )


def _facts(record: Record) -> Iterator[Fact]:
    if isinstance(record, Engagement):
        place = f", {record.place}" if record.place else ""
        yield record.date, _ENGAGEMENT, record.id, _words(record.kind), record.title + place
    else:
        yield from _agreement_facts(record)
    for commitment in record.commitments:
        about = f"{commitment.id}: "
        for note in commitment.progress:
            yield note.date, _PROGRESS, record.id, "progress", about + note.text
        if commitment.met_on is not None:
            event = _words(commitment.status)
            yield commitment.met_on, _PROGRESS, record.id, event, about + commitment.text
        if commitment.deadline is not None and commitment.status.is_open:
            stated = commitment.deadline.note
            details = about + commitment.text + (f" ({stated})" if stated else "")
            yield commitment.deadline.due, _DUE, record.id, "due", details


def _agreement_facts(agreement: Agreement) -> Iterator[Fact]:
    for change in agreement.history:
        details = agreement.title + (f" ({change.note})" if change.note else "")
        yield change.date, _STATUS, agreement.id, _words(change.status), details
    expiry = agreement.expires_on
    ended = any(c.status.is_ended for c in agreement.history)
    if expiry is not None and not ended:
        yield expiry, _STATUS, agreement.id, "expires", agreement.title


def _words(value: str) -> str:
    return value.replace("_", " ")
