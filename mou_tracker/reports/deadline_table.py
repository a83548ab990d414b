"""What falls due: open deadlines overdue, coming up, or waiting for a date."""

from __future__ import annotations

import datetime as dt
from typing import Unpack

from mou_tracker.domain import Commitment, Record, Schedule
from mou_tracker.domain.due_status import DueStatus
from mou_tracker.domain.filters import Filters
from mou_tracker.reports.cells import (
    CODES,
    check_window,
    parties_codes,
    parties_label,
    record_parties,
    responsible_text,
)
from mou_tracker.reports.report import Cell, Report
from mou_tracker.reports.scope import select
from mou_tracker.storage.repository import Repository

__all__ = ["DEADLINE_HEADERS", "deadlines", "parties_label"]

DEADLINE_HEADERS = (
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
    "Original due",
    "Slipped",
    CODES,
)


def deadlines(
    repo: Repository,
    *,
    as_of: dt.date,
    within: int = 30,
    **filters: Unpack[Filters],
) -> Report:
    """Every open commitment that is overdue as of ``as_of``, falls due within ``within`` days
    (a negative window is a :class:`ValidationError`), or waits for a date.

    What a commitment is due by: its deadline's target as it stood on ``as_of`` (a reschedule
    counts from the day it was decided, see below), a deadline tied to an engagement resolving
    to the engagement's date as known on ``as_of``; or, for a recurring commitment, the next due
    date of its cadence (:meth:`Schedule.cadence`). A deadline falls due on the last day it may
    be: "Nov 2025" is due at the end of 30 November 2025. A deadline tied to an engagement
    whose date is not set yet is **always listed**, whatever the window, with ``Due`` and
    ``State`` "date not set" and a blank ``Days left``: it is never shown as on time.

    Rows are sorted by the last due day ("date not set" last), then by the record's countries'
    names, record id and commitment id. Columns:

    - ``Due``: at its real precision ("Nov 2025"), "10 Dec 2025 at the latest" when only the
      last day it may be is known, or "date not set"; ``Precision`` (blank when not set);
    - ``Days left``: to the last due day, negative when overdue, blank when not set;
    - ``State``: "overdue", "late" or "lapsed" (a recurring commitment, see
      :class:`~mou_tracker.domain.schedule.CadenceState`), "due soon", or "date not set";
    - ``Pair`` (the pair's name, or the countries' names joined by ", " for a multilateral
      record), ``Record`` and ``Commitment`` (ids), ``What``, ``Responsible`` (country codes,
      or "all parties") and ``Status``;
    - ``Original due``: the due date first set (:meth:`Schedule.original_due`) and
      ``Slipped``: how many times the due date moved later by ``as_of`` (:meth:`Schedule.slips`,
      0 when never); both blank for a recurring commitment;
    - ``Codes``: the record's country codes (``AE-AT``, ``KZ-PK-UZ``), in CSV, TSV and JSON
      only.

    Due dates are as they stood on ``as_of``: a reschedule or an engagement move decided later
    (after the last day its decision may be) is not yet applied.

    Only records counted as of ``as_of`` are read (see :mod:`mou_tracker.reports`).
    Filters: ``country`` and ``pair`` keep the records with those countries; ``area`` keeps
    the commitments in that area (their own areas, or their record's when they name none).
    """
    window = check_window(within)
    scope = select(repo, as_of=as_of, **filters)
    schedule = scope.resolver.schedule
    found: list[tuple[tuple[int, tuple[str, ...], str, str], tuple[Cell, ...]]] = []
    for record, commitment, resolved in scope.due():
        if resolved.is_set and not resolved.is_overdue and not resolved.is_due_within(window):
            continue
        names, label = record_parties(record)
        key = (resolved.sort_key()[0], names, record.id, commitment.id)
        found.append((key, _row(schedule, scope.as_of, record, label, commitment, resolved)))
    found.sort(key=lambda item: item[0])
    return scope.report(
        repo,
        f"Deadlines: overdue or due within {window} days",
        DEADLINE_HEADERS,
        [row for _, row in found],
        free_text=("What",),
        data_only=(CODES,),
        notes=(
            "Days left count to the last day a deadline may be (the end of the month for "
            '"Nov 2025").',
            "Only open and in-progress commitments are listed.",
            'Deadlines tied to an engagement whose date is not set yet are always listed, as "date '
            'not set".',
            "A recurring commitment is listed by its next due date: late or lapsed once past it.",
            "Slipped counts the moves of a due date to a later one; Original due is the first set.",
        ),
    )


def _row(
    schedule: Schedule,
    as_of: dt.date,
    record: Record,
    label: str,
    commitment: Commitment,
    resolved: DueStatus,
) -> tuple[Cell, ...]:
    date = resolved.due.date
    deadline = commitment.deadline
    original: Cell = None
    slipped: Cell = None
    if deadline is not None:
        original, slipped = str(schedule.original_due(deadline)), schedule.slips(deadline, as_of)
    return (
        str(resolved.due),
        None if date is None else str(date.precision),
        resolved.days_left,
        str(resolved.state),
        label,
        record.id,
        commitment.id,
        commitment.text,
        responsible_text(commitment),
        str(commitment.status),
        original,
        slipped,
        parties_codes(record.countries),
    )
