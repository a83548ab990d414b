"""The charts' data: what each chart plotted, checked as typed rows (not pixels)."""

from __future__ import annotations

import datetime as dt

import attrs
import pendulum
import pytest

from mou_tracker import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Anchor,
    Commitment,
    Deadline,
    Engagement,
    EngagementKind,
    InMemoryRepository,
    Party,
    StatusChange,
)
from mou_tracker.charts import by_year, deadlines, matrix, timeline
from mou_tracker.domain import Precision
from mou_tracker.domain.due_status import DueState
from mou_tracker.errors import ValidationError

DAY = pendulum.Date(2025, 12, 15)
D = pendulum.Date


def _agreement(
    record_id: str,
    *changes: tuple[AgreementStatus, str],
    countries: tuple[str, str] = ("PK", "KZ"),
    commitments: tuple[Commitment, ...] = (),
    kind: AgreementKind = AgreementKind.MOU,
    areas: frozenset[str] = frozenset({"trade"}),
    expires_on: str | None = None,
) -> Agreement:
    return Agreement(
        id=record_id,
        kind=kind,
        title=f"Agreement {record_id}",
        parties=[Party(country=c) for c in countries],
        history=[StatusChange(status=s, date=d) for s, d in changes],
        areas=areas,
        commitments=commitments,
        expires_on=expires_on,
    )


def _promise(commitment_id: str, due: str | None = None, **deadline: object) -> Commitment:
    return Commitment(
        id=commitment_id,
        text=f"Promise {commitment_id}",
        deadline=Deadline(due=due, **deadline) if due or deadline else None,  # type: ignore[arg-type]
    )


def _repo(*records: Agreement | Engagement) -> InMemoryRepository:
    repo = InMemoryRepository()
    for record in records:
        repo.add(record)
    return repo


SIGNED = AgreementStatus.SIGNED
IN_FORCE = AgreementStatus.IN_FORCE


# -- timeline ------------------------------------------------------------------------------------


def test_a_deadline_known_to_the_month_is_drawn_over_exactly_that_month() -> None:
    repo = _repo(_agreement("a", (SIGNED, "2025-09-09"), commitments=(_promise("c", "2026-02"),)))
    (window,) = timeline(repo, as_of=DAY, pair="PK-KZ").data.commitments
    assert (window.precision, window.earliest, window.latest) == (
        Precision.MONTH,
        D(2026, 2, 1),
        D(2026, 2, 28),
    )
    assert window.due == "Feb 2026"


def test_a_deadline_known_to_the_quarter_spans_the_quarter_and_an_exact_day_one_day() -> None:
    promises = (_promise("q", "2026-Q1"), _promise("d", "2026-05-04"))
    repo = _repo(_agreement("a", (SIGNED, "2025-09-09"), commitments=promises))
    windows = {w.commitment_id: w for w in timeline(repo, as_of=DAY).data.commitments}
    assert (windows["q"].earliest, windows["q"].latest) == (D(2026, 1, 1), D(2026, 3, 31))
    assert windows["d"].earliest == windows["d"].latest == D(2026, 5, 4)


def test_a_slipped_deadline_shows_its_first_due_date_and_how_often_it_slipped() -> None:
    moved = (
        Deadline(due="2025-11")
        .reschedule(due="2026-Q1", decided_on="2025-11-20", reason="postponed")
        .reschedule(due="2026-06", decided_on="2025-12-01", reason="postponed again")
    )
    promise = Commitment(id="c", text="Conclude MoUs", deadline=moved)
    repo = _repo(_agreement("a", (SIGNED, "2025-09-09"), commitments=(promise,)))
    (window,) = timeline(repo, as_of=DAY).data.commitments
    assert window.slips == 2
    assert (window.first_earliest, window.first_latest) == (D(2025, 11, 1), D(2025, 11, 30))
    assert (window.earliest, window.latest) == (D(2026, 6, 1), D(2026, 6, 30))


def test_a_slip_decided_after_the_as_of_day_is_not_drawn_yet() -> None:
    moved = Deadline(due="2025-11").reschedule(
        due="2026-Q1", decided_on="2025-12-20", reason="postponed"
    )
    promise = Commitment(id="c", text="Conclude MoUs", deadline=moved)
    repo = _repo(_agreement("a", (SIGNED, "2025-09-09"), commitments=(promise,)))
    (window,) = timeline(repo, as_of=DAY).data.commitments
    assert (window.state, window.slips, window.first_earliest) == (DueState.OVERDUE, 0, None)
    assert window.latest == D(2025, 11, 30)


def test_agreement_bars_run_from_signature_through_entry_into_force_to_their_end() -> None:
    repo = _repo(
        _agreement("live", (SIGNED, "2024-03-01"), (IN_FORCE, "2024-06")),
        _agreement(
            "gone",
            (SIGNED, "2020"),
            (IN_FORCE, "2020-05-05"),
            (AgreementStatus.TERMINATED, "2023-Q2"),
        ),
        _agreement(
            "lapsed", (SIGNED, "2021-01-10"), (IN_FORCE, "2021-02-01"), expires_on="2024-12-31"
        ),
        _agreement("plan", (AgreementStatus.PLANNED, "2025-09-09")),
        _agreement("later", (SIGNED, "2026-01-05")),
    )
    data = timeline(repo, as_of=DAY).data
    bars = {b.record_id: b for b in data.agreements}
    assert set(bars) == {"live", "gone", "lapsed"}
    assert attrs.astuple(bars["live"])[2:] == (IN_FORCE, D(2024, 3, 1), D(2024, 6, 1), DAY, False)
    assert (bars["gone"].status, bars["gone"].start, bars["gone"].end, bars["gone"].ended) == (
        AgreementStatus.TERMINATED,
        D(2020, 1, 1),
        D(2023, 4, 1),
        True,
    )
    assert (bars["lapsed"].status, bars["lapsed"].end) == (AgreementStatus.EXPIRED, D(2024, 12, 31))
    assert [b.record_id for b in data.agreements] == ["gone", "lapsed", "live"]
    assert data.undated == 2


def test_engagements_are_marked_over_their_dates_held_or_not_and_undated_ones_counted() -> None:
    def visit(record_id: str, date: str | None) -> Engagement:
        return Engagement(
            id=record_id,
            kind=EngagementKind.VISIT,
            title=f"Visit {record_id}",
            date=date,
            parties=[Party(country="PK"), Party(country="KZ")],
        )

    repo = _repo(visit("held", "2025-11"), visit("coming", "2026-02-10"), visit("someday", None))
    data = timeline(repo, as_of=DAY, country="PK").data
    marks = {m.record_id: m for m in data.engagements}
    assert (marks["held"].earliest, marks["held"].latest, marks["held"].held) == (
        D(2025, 11, 1),
        D(2025, 11, 30),
        True,
    )
    assert not marks["coming"].held
    assert data.undated == 1


def test_the_timeline_is_as_of_the_day_and_says_so() -> None:
    repo = _repo(_agreement("a", (SIGNED, "2025-09-09"), commitments=(_promise("c", "2025-11"),)))
    chart = timeline(repo, as_of=DAY, pair="PK-KZ")
    assert chart.data.as_of == chart.as_of == DAY
    assert chart.title == "Timeline (pair Kazakhstan–Pakistan), as of 15 Dec 2025"
    assert "1 overdue" in chart.description
    lines = [line.get_xdata()[0] for line in chart.figure.axes[0].get_lines()]
    assert float(DAY.toordinal() - dt.date(1970, 1, 1).toordinal()) in lines


def test_the_timeline_keeps_only_the_filtered_countries_and_area() -> None:
    repo = _repo(
        _agreement("pk-kz", (SIGNED, "2025-01-01")),
        _agreement("pk-cn", (SIGNED, "2025-01-01"), countries=("PK", "CN")),
        _agreement(
            "kz-cn", (SIGNED, "2025-01-01"), countries=("KZ", "CN"), areas=frozenset({"energy"})
        ),
    )
    ids = lambda **f: {b.record_id for b in timeline(repo, as_of=DAY, **f).data.agreements}  # noqa: E731
    assert ids(country="PK") == {"pk-kz", "pk-cn"}
    assert ids(pair="CN-KZ") == {"kz-cn"}
    assert ids(area="energy") == {"kz-cn"}


def test_a_timeline_of_too_many_records_asks_for_a_filter() -> None:
    repo = _repo(*(_agreement(f"a{i}", (SIGNED, "2020-01-01")) for i in range(61)))
    with pytest.raises(ValidationError, match=r"61 agreements and open commitments: .*--pair"):
        timeline(repo, as_of=DAY)


# -- matrix --------------------------------------------------------------------------------------


def test_the_matrix_plots_the_cells_of_the_matrix_report() -> None:
    repo = _repo(
        _agreement("a", (SIGNED, "2025-01-01"), areas=frozenset({"trade", "energy"})),
        _agreement("b", (SIGNED, "2025-02-01"), areas=frozenset({"trade"})),
        _agreement(
            "c", (SIGNED, "2025-02-01"), countries=("PK", "CN"), areas=frozenset({"energy"})
        ),
    )
    data = matrix(repo, as_of=DAY).data
    assert data.areas == ("Energy", "Trade")
    assert [(r.pair, r.counts, r.total) for r in data.rows] == [
        ("China–Pakistan", (1, 0), 1),
        ("Kazakhstan–Pakistan", (1, 2), 2),
    ]
    assert (data.pairs_left_out, data.areas_left_out) == (0, 0)


def test_a_matrix_over_the_limit_keeps_the_largest_pairs_and_says_so() -> None:
    others = ("CN", "IN", "TR", "IR")
    records = [
        _agreement(f"a-{c.lower()}-{i}", (SIGNED, "2025-01-01"), countries=("PK", c))
        for n, c in enumerate(others)
        for i in range(n + 1)
    ]
    chart = matrix(_repo(*records), as_of=DAY, limit=2)
    assert [r.pair for r in chart.data.rows] == ["Iran–Pakistan", "Pakistan–Türkiye"]
    assert chart.data.pairs_left_out == 2
    assert "[top 2 of 4 pairs]" in chart.title


# -- deadlines -----------------------------------------------------------------------------------


def test_deadlines_count_by_month_with_overdue_and_date_not_set_apart() -> None:
    visit = Engagement(
        id="visit",
        kind=EngagementKind.VISIT,
        title="Visit",
        parties=[Party(country="PK"), Party(country="KZ")],
    )
    promises = (
        _promise("late", "2025-10"),
        _promise("dec", "2025-12-20"),
        _promise("q1", "2026-Q1"),
        _promise("feb", "2026-02"),
        Commitment(
            id="tbd", text="At the visit", deadline=Deadline(anchor=Anchor(engagement_id="visit"))
        ),
    )
    repo = _repo(visit, _agreement("a", (SIGNED, "2025-09-09"), commitments=promises))
    columns = deadlines(repo, as_of=DAY).data
    assert [(c.label, c.total) for c in columns] == [
        ("Overdue", 1),
        ("Dec 2025", 1),
        ("Jan 2026", 0),
        ("Feb 2026", 1),
        ("Mar 2026", 1),
        ("Date not set", 1),
    ]
    assert columns[0].counts == ((DueState.OVERDUE, 1),)
    assert columns[-1].counts == ((DueState.NOT_SET, 1),)
    assert (columns[3].first, columns[3].last) == (D(2026, 2, 1), D(2026, 2, 28))


def test_deadlines_far_ahead_are_grouped_into_years() -> None:
    promises = (_promise("soon", "2026-01"), _promise("far", "2060"))
    repo = _repo(_agreement("a", (SIGNED, "2025-09-09"), commitments=promises))
    labels = [c.label for c in deadlines(repo, as_of=DAY).data]
    assert labels[1:3] == ["2025", "2026"]
    assert labels[-2] == "2060"
    assert len(labels) <= 42


# -- by year -------------------------------------------------------------------------------------


def test_by_year_counts_signatures_and_entries_into_force_by_status_or_kind() -> None:
    repo = _repo(
        _agreement("a", (SIGNED, "2023-05"), (IN_FORCE, "2024-01-01")),
        _agreement("b", (SIGNED, "2023-11-11"), kind=AgreementKind.TREATY),
        _agreement("c", (SIGNED, "2026-01-05")),
    )
    rows = {(r.period, r.event, r.group): r.count for r in by_year(repo, as_of=DAY).data}
    assert rows == {
        ("2023", "signed", "in_force"): 1,
        ("2023", "signed", "signed"): 1,
        ("2024", "entered into force", "in_force"): 1,
    }
    kinds = {
        (r.period, r.event, r.group): r.count for r in by_year(repo, as_of=DAY, by="kind").data
    }
    assert kinds[("2023", "signed", "mou")] == kinds[("2023", "signed", "treaty")] == 1


def test_by_year_over_a_century_groups_years_so_no_more_than_forty_bars_are_drawn() -> None:
    repo = _repo(*(_agreement(f"a{y}", (SIGNED, f"{y}-06")) for y in range(1900, 2026)))
    rows = by_year(repo, as_of=DAY).data
    periods = {(r.period, r.first_year, r.last_year) for r in rows}
    assert len(periods) == 26
    assert ("1900–1904", 1900, 1904) in periods
    assert sum(r.count for r in rows) == 126


def test_by_year_refuses_an_unknown_grouping() -> None:
    with pytest.raises(ValidationError, match="by must be"):
        by_year(InMemoryRepository(), as_of=DAY, by="colour")  # type: ignore[arg-type]
