"""What the reports read: the records their country and pair filters keep, plus the engagements
those records' deadlines are tied to, and nothing else; with the same results as a report
computed from the whole repository (``mou_tracker.reports.scope.read``)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator

import pendulum
import pytest
from hypothesis import given, settings
from strategies import report_days, report_filters, repository_contents_among

from mou_tracker import (
    Agreement,
    Anchor,
    AreaVocabulary,
    Commitment,
    CooperationArea,
    Deadline,
    Engagement,
    EngagementKind,
    InMemoryRepository,
    Interval,
    Party,
    Record,
    RecordFilter,
    Recurrence,
    Repository,
    ValidationError,
)
from mou_tracker.domain.filters import Filters
from mou_tracker.export.ics import export_ics
from mou_tracker.export.tables import records_table
from mou_tracker.reports import (
    Report,
    cadence,
    deadline_summary,
    deadlines,
    pair_area_matrix,
    status_by_area,
    status_by_pair,
    timeline,
    timeline_table,
)
from mou_tracker.reports import scope as scope_module

CODES = ("PK", "KZ", "UZ", "TR")


class RecordingRepository(Repository):
    """Wraps a repository and records every read: each ``records`` call's filter and the ids it
    yielded, and each ``get``."""

    def __init__(self, inner: Repository) -> None:
        self.inner = inner
        self.calls: list[tuple[RecordFilter | None, list[str]]] = []
        self.got: list[str] = []

    @property
    def read(self) -> set[str]:
        return {i for _, ids in self.calls for i in ids} | set(self.got)

    @property
    def areas(self) -> AreaVocabulary:
        return self.inner.areas

    def declare_area(self, area: CooperationArea) -> None:
        self.inner.declare_area(area)

    def add(self, record: Record) -> int:
        return self.inner.add(record)

    def get(self, record_id: str) -> Record:
        self.got.append(record_id)
        return self.inner.get(record_id)

    def version(self, record_id: str) -> int:
        return self.inner.version(record_id)

    def update(self, record: Record, *, expected_version: int) -> int:
        return self.inner.update(record, expected_version=expected_version)

    def remove(self, record_id: str, *, expected_version: int | None = None) -> None:
        self.inner.remove(record_id, expected_version=expected_version)

    def records(self, where: RecordFilter | None = None) -> Iterator[Record]:
        ids: list[str] = []
        self.calls.append((where, ids))
        for record in self.inner.records(where):
            ids.append(record.id)
            yield record

    def batch(self) -> contextlib.AbstractContextManager[None]:
        return self.inner.batch()


def _read_everything(repo: Repository, where: RecordFilter) -> tuple[list[Record], list[Record]]:
    """How the reports read before the filters were pushed down: the whole repository."""
    everything = list(repo.records())
    return [r for r in everything if where.matches(r)], everything


REPORTS: dict[str, Callable[[Repository, dt.date, Filters], object]] = {
    "pairs": lambda r, d, f: status_by_pair(r, as_of=d, **f),
    "areas": lambda r, d, f: status_by_area(r, as_of=d, **f),
    "matrix": lambda r, d, f: pair_area_matrix(r, as_of=d, **f),
    "summary": lambda r, d, f: deadline_summary(r, as_of=d, **f),
    "deadlines": lambda r, d, f: deadlines(r, as_of=d, within=90, **f),
    "cadence": lambda r, d, f: cadence(r, as_of=d, **f),
    "calendar": lambda r, d, f: export_ics(r, as_of=d, **f).data,
}


def _anchors(records: list[Record]) -> set[str]:
    return {eid for r in records for c in r.commitments for eid in c.anchors}


def _filled(contents: list[Agreement | Engagement]) -> InMemoryRepository:
    repo = InMemoryRepository()
    for record in contents:
        repo.add(record)
    return repo


filters = report_filters(CODES)
days = report_days


@settings(max_examples=60)
@given(
    contents=repository_contents_among(max_size=8, codes=CODES),
    chosen=filters,
    as_of=days,
)
def test_every_report_reads_only_what_its_filters_keep_and_answers_as_from_everything(
    contents: list[Agreement | Engagement], chosen: Filters, as_of: pendulum.Date
) -> None:
    inner = _filled(contents)
    for area in {chosen.get("area")} - {None}:
        assert area is not None
        if area not in inner.areas:
            inner.declare_area(CooperationArea(code=area, label=area))
    query = RecordFilter(country=chosen.get("country"), pair=chosen.get("pair"))
    matching = [r for r in inner.records() if query.matches(r)]
    needed = {r.id for r in matching} | _anchors(matching)
    reports: dict[str, tuple[object, object]] = {}
    for name, build in REPORTS.items():
        recording = RecordingRepository(inner)
        pushed = build(recording, as_of, chosen)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(scope_module, "read", _read_everything)
            reference = build(inner, as_of, chosen)
        reports[name] = (pushed, reference)

        assert recording.read == needed, name
        assert not recording.got, name
        if query.is_everything:
            assert [where for where, _ in recording.calls] == [None], name
        else:  # the filter went to the repository: a database reads only those rows
            wheres = [where for where, _ in recording.calls]
            assert wheres[0] == query, name
            assert all(w is not None and w.ids is not None for w in wheres[1:]), name
    for name, (pushed, reference) in reports.items():
        assert pushed == reference, name
    if "pair" in chosen:  # the timeline is of one pair
        recording = RecordingRepository(inner)
        story = timeline(recording, pair=chosen["pair"], as_of=as_of)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(timeline_table, "read", _read_everything)
            assert story == timeline(inner, pair=chosen["pair"], as_of=as_of)
        pair_matching = [r for r in contents if RecordFilter(pair=chosen["pair"]).matches(r)]
        assert recording.read == {r.id for r in pair_matching} | _anchors(pair_matching)


def test_the_list_table_asks_the_repository_for_its_filter() -> None:
    inner = _filled([_talks("talks", "PK", "KZ"), _talks("other", "TR", "UZ")])
    recording = RecordingRepository(inner)
    where = RecordFilter(pair="PK-KZ")

    table = records_table(recording, as_of=pendulum.Date(2025, 12, 1), where=where)

    assert [row[0] for row in table.rows] == ["talks"]
    assert [w for w, _ in recording.calls] == [where]


def _talks(record_id: str, *codes: str, date: str = "2025-09-09", **fields: object) -> Engagement:
    return Engagement(
        id=record_id,
        kind=EngagementKind.TALKS,
        title=f"Talks {record_id}",
        date=date,
        parties=[Party(country=code) for code in codes],
        **fields,  # type: ignore[arg-type]
    )


def test_a_deadline_tied_to_an_engagement_of_other_countries_is_read_by_id() -> None:
    # A PK-KZ promise due at a TR-UZ summit: the summit is read (by id), nothing else is.
    summit = _talks("summit", "TR", "UZ", date="2025-11")
    promise = Commitment(
        id="c", text="Sign", deadline=Deadline(anchor=Anchor(engagement_id="summit"))
    )
    inner = _filled([summit, _talks("talks", "PK", "KZ", commitments=[promise])])
    inner.add(_talks("unrelated", "TR", "UZ"))
    recording = RecordingRepository(inner)

    report = deadlines(recording, as_of=pendulum.Date(2025, 11, 10), pair="PK-KZ")

    assert [row[0] for row in report.rows] == ["Nov 2025"]
    assert recording.read == {"talks", "summit"}
    assert [w for w, _ in recording.calls] == [
        RecordFilter(pair="PK-KZ"),
        RecordFilter(ids={"summit"}),
    ]


def test_a_multilateral_recurring_commitment_is_kept_by_engagements_the_filter_keeps() -> None:
    # A PK-KZ-UZ commitment to meet yearly, kept by a meeting of all three: asking about
    # country UZ (or pair KZ-UZ) reads that meeting, and the cadence is on track.
    yearly = Commitment(
        id="yearly",
        text="Meet every year",
        recurrence=Recurrence(
            every=Interval.parse("12 months"),
            starts="2024-01",
            fulfilled_by={EngagementKind.TALKS},
        ),
    )
    inner = _filled(
        [
            _talks("plan", "PK", "KZ", "UZ", commitments=[yearly], date="2024-01-10"),
            _talks("meeting", "PK", "KZ", "UZ", date="2025-01-15"),
            _talks("pk-kz", "PK", "KZ", date="2025-06-01"),
        ]
    )
    for chosen in ({"country": "UZ"}, {"pair": "KZ-UZ"}):
        recording = RecordingRepository(inner)
        report = cadence(recording, as_of=pendulum.Date(2025, 6, 1), **chosen)  # type: ignore[arg-type]
        state = report.headers.index("State")
        assert [(row[1], row[5], row[state]) for row in report.rows] == [("plan", 1, "on track")]
        assert recording.read == {"plan", "meeting"}


def test_the_area_filter_does_not_hide_the_engagements_that_keep_a_commitment_in_the_area() -> None:
    # A yearly trade commitment kept by talks about energy: the talks still count for it.
    yearly = Commitment(
        id="yearly",
        text="Review trade every year",
        areas={"trade"},
        recurrence=Recurrence(
            every=Interval.parse("12 months"),
            starts="2024-01",
            fulfilled_by={EngagementKind.TALKS},
        ),
    )
    inner = _filled(
        [
            _talks("plan", "PK", "KZ", commitments=[yearly], date="2024-01-10"),
            _talks("energy-talks", "PK", "KZ", date="2025-01-15", areas={"energy"}),
        ]
    )
    recording = RecordingRepository(inner)

    report = cadence(recording, as_of=pendulum.Date(2025, 6, 1), pair="PK-KZ", area="trade")

    state = report.headers.index("State")
    assert [(row[1], row[5], row[state]) for row in report.rows] == [("plan", 1, "on track")]
    assert recording.read == {"plan", "energy-talks"}


def test_reading_for_a_report_refuses_criteria_other_than_country_and_pair() -> None:
    with pytest.raises(ValidationError, match="country and pair"):
        scope_module.read(InMemoryRepository(), RecordFilter(pair="PK-KZ", area="trade"))


def test_an_unfiltered_report_reads_the_repository_once_whole() -> None:
    inner = _filled([_talks("talks", "PK", "KZ"), _talks("other", "TR", "UZ")])
    recording = RecordingRepository(inner)

    report = status_by_pair(recording, as_of=pendulum.Date(2025, 12, 1))

    assert isinstance(report, Report)
    assert [w for w, _ in recording.calls] == [None]
    assert recording.read == {"talks", "other"}
