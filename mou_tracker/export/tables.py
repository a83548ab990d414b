"""The whole repository as tables: one row per agreement, engagement or commitment.

Each table is a :class:`~mou_tracker.reports.Report`, so it renders as CSV (formula-safe), JSON,
any tabulate format, or a pandas DataFrame. Statuses and due dates are as of ``as_of``.
"""

from __future__ import annotations

import datetime as dt

from mou_tracker.domain import Agreement, PartialDate, Record, Schedule
from mou_tracker.reports import Cell, Report
from mou_tracker.reports.report import to_date
from mou_tracker.storage import Repository

__all__ = ["TABLES", "agreements_table", "commitments_table", "engagements_table"]


def _date(date: PartialDate | None) -> Cell:
    return None if date is None else date.isoformat()


def _codes(record: Record) -> str:
    return ", ".join(p.country.code for p in record.parties)


def agreements_table(repo: Repository, *, as_of: dt.date) -> Report:
    """Every agreement: its kind, parties, status on ``as_of`` and dates (stored text form)."""
    day = to_date(as_of)
    rows = [
        (
            a.id,
            str(a.kind),
            a.title,
            _codes(a),
            None if (status := a.status_on(day)) is None else str(status),
            _date(a.signed_on),
            a.signature_place,
            _date(a.in_force_on),
            _date(a.expires_on),
            None if a.legally_binding is None else str(a.legally_binding).lower(),
            ", ".join(sorted(a.areas)),
            len(a.commitments),
            a.notes,
        )
        for a in repo.agreements()
    ]
    headers = (
        "id", "kind", "title", "parties", "status", "signed", "signature_place", "in_force",
        "expires", "legally_binding", "areas", "commitments", "notes",
    )  # fmt: skip
    return Report(title="Agreements", as_of=day, headers=headers, rows=tuple(rows))


def engagements_table(repo: Repository, *, as_of: dt.date) -> Report:
    """Every engagement: kind, date (blank while not set), place, parties and areas."""
    rows = [
        (
            e.id,
            str(e.kind),
            e.title,
            _date(e.date),
            e.place,
            _codes(e),
            ", ".join(sorted(e.areas)),
            ", ".join(e.agreement_ids),
            len(e.commitments),
        )
        for e in repo.engagements()
    ]
    headers = (
        "id", "kind", "title", "date", "place", "parties", "areas", "agreements", "commitments",
    )  # fmt: skip
    return Report(title="Engagements", as_of=to_date(as_of), headers=headers, rows=tuple(rows))


def commitments_table(repo: Repository, *, as_of: dt.date) -> Report:
    """Every commitment of every record, with its due date as known on ``as_of``."""
    day = to_date(as_of)
    records = list(repo.records())
    schedule = Schedule.of(records)
    rows: list[tuple[Cell, ...]] = []
    for record in records:
        for c in record.commitments:
            due: Cell = None
            if c.deadline is not None:
                resolved = schedule.due(c.deadline, day)
                due = None if resolved.date is None else resolved.date.isoformat()
            rows.append(
                (
                    record.id,
                    "agreement" if isinstance(record, Agreement) else "engagement",
                    c.id,
                    c.text,
                    str(c.status),
                    ", ".join(x.code for x in c.responsible) or None,
                    due,
                    None if c.recurrence is None else str(c.recurrence.every),
                    _date(c.met_on),
                    ", ".join(sorted(c.areas)),
                )
            )
    headers = (
        "record", "record_type", "id", "text", "status", "responsible", "due", "every",
        "met_on", "areas",
    )  # fmt: skip
    return Report(title="Commitments", as_of=day, headers=headers, rows=tuple(rows))


TABLES = {
    "agreements": agreements_table,
    "engagements": engagements_table,
    "commitments": commitments_table,
}
"""The tables ``mou-tracker export table NAME`` writes."""
