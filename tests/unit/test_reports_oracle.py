"""The status reports against a plain reading of their documented rules: each counted record,
each of its kept pairs or areas, each open commitment, counted one by one with no grouping,
no reuse between reports and no shortcut. The reports group records by sides and by areas and
share counts between them for speed; whatever they do, they must say what this says."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pendulum
from hypothesis import given, settings
from strategies import report_days, report_filters, repository_contents_among

from mou_tracker import (
    Agreement,
    AgreementStatus,
    CooperationArea,
    Country,
    CountryPair,
    Engagement,
    InMemoryRepository,
    RecordFilter,
)
from mou_tracker.domain import DueResolver
from mou_tracker.domain.filters import Filters
from mou_tracker.reports import Report, status_by_area, status_by_pair
from mou_tracker.reports.cells import shorten

CODES = ("PK", "KZ", "UZ", "TR", "AZ")
S = AgreementStatus
COLUMN = {
    S.IN_FORCE: "In force",
    S.PROVISIONALLY_APPLIED: "In force",
    S.SIGNED: "Signed, not in force",
    S.SUSPENDED: "Suspended",
    S.PLANNED: "Planned/negotiating",
    S.UNDER_NEGOTIATION: "Planned/negotiating",
    S.EXPIRED: "Ended",
    S.TERMINATED: "Ended",
    S.SUPERSEDED: "Ended",
}
Record = Agreement | Engagement


def _counted(records: list[Record], day: pendulum.Date) -> list[tuple[Record, S | None]]:
    counted: list[tuple[Record, S | None]] = []
    for record in records:
        if isinstance(record, Agreement):
            status = record.status_on(day)
            if status is not None:
                counted.append((record, status))
        elif record.date is not None and record.date.latest <= day:
            counted.append((record, None))
    return counted


def _kept_pairs(record: Record, chosen: Filters) -> set[CountryPair]:
    country, pair = chosen.get("country"), chosen.get("pair")
    return {
        p
        for p in record.sides.pairs
        if (pair is None or p == CountryPair.parse(pair))
        and (country is None or Country.parse(country) in p)
    }


class Row:
    def __init__(self) -> None:
        self.status: dict[str, int] = defaultdict(int)
        self.open = self.overdue = self.not_set = 0
        self.next: tuple[Any, ...] | None = None
        self.pairs: set[CountryPair] = set()

    def count(self, resolver: DueResolver, record: Record, commitment: Any) -> None:
        if not commitment.status.is_open:
            return
        self.open += 1
        resolved = resolver.status(commitment, record)
        if resolved is None:
            return
        if not resolved.is_set:
            self.not_set += 1
        elif resolved.is_overdue:
            self.overdue += 1
        else:
            key = (*resolved.sort_key(), record.id, commitment.id)
            if self.next is None or key < self.next[0]:
                self.next = (key, str(resolved.due), f"{shorten(commitment.text)} ({record.id})")

    def cells(self) -> dict[str, object]:
        columns = ("In force", "Signed, not in force", "Suspended", "Planned/negotiating", "Ended")
        return {
            "Agreements": sum(self.status.values()),
            **{column: self.status[column] for column in columns},
            "Open commitments": self.open,
            "Overdue": self.overdue,
            "Date not set": self.not_set,
            "Next deadline": None if self.next is None else self.next[1],
        }


def plain_by_pair(records: list[Record], day: pendulum.Date, chosen: Filters) -> dict[str, Any]:
    resolver, area, rows = DueResolver(records, day), chosen.get("area"), {}
    where = RecordFilter(country=chosen.get("country"), pair=chosen.get("pair"))
    for record, status in _counted([r for r in records if where.matches(r)], day):
        covers = area is None or area in record.areas
        commitments = [
            c for c in record.commitments if area is None or area in c.effective_areas(record.areas)
        ]
        if not (covers or commitments):
            continue
        for pair in _kept_pairs(record, chosen):
            row = rows.setdefault(pair.code, Row())
            if covers and status is not None:
                row.status[COLUMN[status]] += 1
            for commitment in commitments:
                row.count(resolver, record, commitment)
    return {
        code: {**row.cells(), "Next deadline: what": None if row.next is None else row.next[2]}
        for code, row in rows.items()
    }


def plain_by_area(records: list[Record], day: pendulum.Date, chosen: Filters) -> dict[str, Any]:
    resolver, area, rows = DueResolver(records, day), chosen.get("area"), defaultdict(Row)
    where = RecordFilter(country=chosen.get("country"), pair=chosen.get("pair"))
    for record, status in _counted([r for r in records if where.matches(r)], day):
        used = set(record.areas).union(*(c.areas for c in record.commitments))
        for code in used if area is None else used & {area}:
            rows[code].pairs |= _kept_pairs(record, chosen)
            if code in record.areas and status is not None:
                rows[code].status[COLUMN[status]] += 1
        for commitment in record.commitments:
            for code in commitment.effective_areas(record.areas):
                if area is None or code == area:
                    rows[code].count(resolver, record, commitment)
    return {code: {**row.cells(), "Pairs": len(row.pairs)} for code, row in rows.items()}


def _rows(report: Report, key: str, leave_out: tuple[str, ...]) -> dict[str, dict[str, object]]:
    found = {}
    for row in report.rows:
        cells = dict(zip(report.headers, row, strict=True))
        found[str(cells[key])] = {k: v for k, v in cells.items() if k not in leave_out}
    return found


filters = report_filters(CODES)
days = report_days


@settings(max_examples=150, deadline=None)
@given(contents=repository_contents_among(max_size=10, codes=CODES), chosen=filters, as_of=days)
def test_the_status_reports_say_what_counting_record_by_record_says(
    contents: list[Record], chosen: Filters, as_of: pendulum.Date
) -> None:
    repo = InMemoryRepository()
    for record in contents:
        repo.add(record)
    area = chosen.get("area")
    if area is not None and area not in repo.areas:
        repo.declare_area(CooperationArea(code=area, label=area))
    records = list(repo.records())
    # Both orders: the second report of a selection reuses what the first one counted.
    for first, second in ((status_by_pair, status_by_area), (status_by_area, status_by_pair)):
        reports = {f.__name__: f(repo, as_of=as_of, **chosen) for f in (first, second)}
        by_pair = _rows(reports["status_by_pair"], "Codes", ("Pair", "Codes"))
        by_area = _rows(reports["status_by_area"], "Code", ("Area", "Code"))
        assert by_pair == plain_by_pair(records, as_of, chosen)
        assert by_area == plain_by_area(records, as_of, chosen)
