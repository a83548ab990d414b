"""The whole repository as tables: one row per record, agreement, engagement or commitment.

:func:`records_table` is what ``mou-tracker list`` prints; :data:`TABLES` are what
``mou-tracker export table`` writes. Each table is a :class:`~mou_tracker.reports.Report`, so
it renders as CSV (formula-safe), JSON, any tabulate format, or a pandas DataFrame. Statuses
and due dates are as of ``as_of``.
"""

from __future__ import annotations

import datetime as dt

from mou_tracker.domain import Agreement, PartialDate, Record, Schedule
from mou_tracker.domain.filters import RecordFilter
from mou_tracker.reports import Cell, Report
from mou_tracker.reports.report import to_date
from mou_tracker.storage import Repository

__all__ = [
    "TABLES",
    "agreements_table",
    "commitments_table",
    "engagements_table",
    "records_table",
]


def _date(date: PartialDate | None) -> Cell:
    return None if date is None else date.isoformat()


def _codes(record: Record) -> str:
    """``PK, KZ``: the parties' alpha-2 codes in the record's order."""
    return ", ".join(p.country.code for p in record.parties)


def records_table(repo: Repository, *, as_of: dt.date, where: RecordFilter | None = None) -> Report:
    """The records ``where`` keeps (every one by default): agreements first, then engagements,
    each sorted by id, with their dates as precisely as they are known ("9 Sep 2025").

    The date is an agreement's signature (blank while it is not signed) or an engagement's
    date ("date not set" while it has none); the status is an agreement's current status
    (blank for an engagement). The notes name the filters used.
    """
    where = RecordFilter() if where is None else where
    rows = [_record_row(record) for record in repo.records(where=where)]
    filters = [
        f"{name}: {value}"
        for name, value in (
            ("country", where.country.code if where.country else None),
            ("pair", where.pair.code if where.pair else None),
            ("area", where.area),
            ("kind", ", ".join(sorted(where.kinds))),
            ("status", ", ".join(sorted(where.statuses))),
        )
        if value
    ]
    return Report(
        title="Agreements and engagements",
        as_of=to_date(as_of),
        headers=("id", "type", "kind", "title", "parties", "date", "status"),
        rows=rows,
        notes=[f"Filters: {'; '.join(filters)}."] if filters else [],
        free_text=("title",),
    )


def _record_row(record: Record) -> tuple[Cell, ...]:
    if isinstance(record, Agreement):
        kind, status = "agreement", str(record.status)
        shown = None if record.signed_on is None else str(record.signed_on)
    else:
        kind, status = "engagement", None
        shown = "date not set" if record.date is None else str(record.date)
    return (record.id, kind, str(record.kind), record.title, _codes(record), shown, status)


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
    return Report(
        title="Agreements", as_of=day, headers=headers, rows=rows, free_text=("title", "notes")
    )


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
    return Report(
        title="Engagements",
        as_of=to_date(as_of),
        headers=headers,
        rows=rows,
        free_text=("title", "place"),
    )


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
    return Report(title="Commitments", as_of=day, headers=headers, rows=rows, free_text=("text",))


TABLES = {
    "agreements": agreements_table,
    "engagements": engagements_table,
    "commitments": commitments_table,
}
"""The tables ``mou-tracker export table NAME`` writes."""
