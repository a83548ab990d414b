"""Reports on deadlines tied to engagements, with no date yet, approximate, or rescheduled."""

from __future__ import annotations

import pendulum
import pytest

from mou_tracker import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Anchor,
    AnchorRelation,
    Commitment,
    Deadline,
    Engagement,
    EngagementKind,
    InMemoryRepository,
    Interval,
    Party,
    StatusChange,
)
from mou_tracker.reports import (
    Report,
    deadline_summary,
    deadlines,
    status_by_area,
    status_by_pair,
    timeline,
)
from mou_tracker.services import move_engagement, reschedule_deadline

KZ_PK = "Kazakhstan–Pakistan"
PARTIES = (Party(country="KZ"), Party(country="PK"))
VISIT = "kz-president-visit-pk-2025-11"
TALKS = "pk-kz-talks-2025-09-09"


def _talks(*commitments: Commitment) -> Engagement:
    return Engagement(
        id=TALKS,
        kind=EngagementKind.TALKS,
        title="Talks of the foreign ministers",
        date="2025-09-09",
        parties=PARTIES,
        areas=["trade"],
        commitments=commitments,
    )


def _visit(date: str | None) -> Engagement:
    return Engagement(
        id=VISIT,
        kind=EngagementKind.VISIT,
        title="State visit of the President of Kazakhstan",
        date=date,
        parties=PARTIES,
    )


def _during_visit(
    commitment_id: str = "mous",
    relation: AnchorRelation = AnchorRelation.DURING,
    offset: Interval | None = None,
) -> Commitment:
    anchor = Anchor(engagement_id=VISIT, relation=relation, offset=offset)
    return Commitment(
        id=commitment_id,
        text="Conclude the MoUs during the visit",
        deadline=Deadline(anchor=anchor),
    )


def _repo(visit_date: str | None, *commitments: Commitment) -> InMemoryRepository:
    repo = InMemoryRepository()
    repo.add(_visit(visit_date))
    repo.add(_talks(*(commitments or (_during_visit(),))))
    return repo


def _rows(report: Report) -> list[dict[str, object]]:
    return [dict(zip(report.headers, row, strict=True)) for row in report.rows]


def _only(report: Report) -> dict[str, object]:
    (row,) = _rows(report)
    return row


# -- anchored deadlines -------------------------------------------------------------------------


def test_an_anchored_deadline_follows_the_engagement_when_its_day_is_announced():
    repo = _repo("2025-11")
    as_of = pendulum.Date(2025, 10, 15)
    before = _only(deadlines(repo, as_of=as_of, within=60))

    move_engagement(repo, VISIT, "2025-11-18", decided_on="2025-10-20", reason="date announced")
    later = pendulum.Date(2025, 10, 22)
    after = _only(deadlines(repo, as_of=later, within=60))

    assert (before["Due"], before["Precision"], before["Days left"]) == ("Nov 2025", "month", 46)
    assert (after["Due"], after["Precision"], after["Days left"]) == ("18 Nov 2025", "day", 27)
    assert (after["Original due"], after["Slipped"]) == ("Nov 2025", 0)  # earlier, no slip
    assert _only(status_by_pair(repo, as_of=later))["Next deadline"] == "18 Nov 2025"


def test_a_report_as_of_a_day_before_a_move_was_decided_shows_the_deadline_as_then_known():
    repo = _repo("2025-11")
    move_engagement(repo, VISIT, "2025-11-18", decided_on="2025-10-20", reason="date announced")
    then = _only(deadlines(repo, as_of=pendulum.Date(2025, 10, 15), within=60))
    assert (then["Due"], then["Days left"], then["Slipped"]) == ("Nov 2025", 46, 0)


def test_an_anchored_deadline_is_overdue_once_the_engagement_day_has_passed():
    repo = _repo("2025-11-18")

    on_the_day = _only(deadlines(repo, as_of=pendulum.Date(2025, 11, 18), within=0))
    next_day = _only(deadlines(repo, as_of=pendulum.Date(2025, 11, 19), within=0))

    assert (on_the_day["State"], on_the_day["Days left"]) == ("due soon", 0)
    assert (next_day["State"], next_day["Days left"]) == ("overdue", -1)
    assert _only(status_by_pair(repo, as_of=pendulum.Date(2025, 11, 19)))["Overdue"] == 1


def test_a_deadline_an_offset_in_days_after_a_month_is_due_at_the_latest_possible_day():
    follow_up = _during_visit("follow-up", AnchorRelation.AFTER, Interval.parse("10 days"))
    repo = _repo("2025-11", follow_up)

    row = _only(deadlines(repo, as_of=pendulum.Date(2025, 12, 1), within=30))

    assert (row["Due"], row["Precision"], row["Days left"]) == (
        "10 Dec 2025 at the latest",
        "day",
        9,
    )
    assert _only(status_by_pair(repo, as_of=pendulum.Date(2025, 12, 1)))["Next deadline"] == (
        "10 Dec 2025 at the latest"
    )
    story = timeline(repo, pair="PK-KZ", as_of=pendulum.Date(2025, 12, 1))
    assert story.rows[-1][:2] == ("10 Dec 2025 at the latest", "due")


# -- date not set ---------------------------------------------------------------------------------


@pytest.mark.parametrize("as_of", [pendulum.Date(2025, 10, 15), pendulum.Date(2031, 1, 1)])
def test_a_deadline_tied_to_an_engagement_with_no_date_is_always_listed_as_date_not_set(as_of):
    repo = _repo(None)

    row = _only(deadlines(repo, as_of=as_of, within=0))

    assert (row["Due"], row["Precision"], row["Days left"], row["State"]) == (
        "date not set",
        None,
        None,
        "date not set",
    )
    assert (row["Original due"], row["Slipped"]) == ("date not set", 0)


def test_a_deadline_with_no_date_is_counted_apart_and_never_as_on_time_or_overdue():
    repo = _repo(None)
    as_of = pendulum.Date(2031, 1, 1)

    pair = _only(status_by_pair(repo, as_of=as_of))
    area = _only(status_by_area(repo, as_of=as_of))
    summary = _only(deadline_summary(repo, as_of=as_of))

    assert (pair["Open commitments"], pair["Overdue"], pair["Date not set"]) == (1, 0, 1)
    assert (pair["Next deadline"], pair["Next deadline: what"]) == (None, None)
    assert (area["Overdue"], area["Date not set"], area["Next deadline"]) == (0, 1, None)
    assert summary == {
        "Pair": KZ_PK,
        "Overdue": 0,
        "Due within 7 days": 0,
        "Due within 30 days": 0,
        "Due within 90 days": 0,
        "Date not set": 1,
        "Codes": "KZ-PK",
    }


def test_deadlines_with_no_date_come_after_every_dated_one():
    dated = Commitment(id="dated", text="Sign the protocol", deadline=Deadline(due="2025-10"))
    repo = _repo(None, _during_visit(), dated)

    report = deadlines(repo, as_of=pendulum.Date(2025, 12, 1), within=0)

    assert [(row[0], row[6]) for row in report.rows] == [
        ("Oct 2025", "dated"),
        ("date not set", "mous"),
    ]


def test_an_engagement_with_no_date_is_never_counted_as_held():
    repo = _repo(None)

    report = status_by_pair(repo, as_of=pendulum.Date(2031, 1, 1))

    # only the talks count: the visit, with no date, has not surely taken place
    assert [row[0] for row in report.rows] == [KZ_PK]
    assert "State visit" not in str(report.rows)


def test_timeline_lists_an_engagement_and_a_deadline_with_no_date_last():
    repo = _repo(None)

    report = timeline(repo, pair="PK-KZ", as_of=pendulum.Date(2025, 10, 15))

    assert [(row[0], row[1], row[2], row[4]) for row in report.rows] == [
        ("9 Sep 2025", "talks", TALKS, "past"),
        ("date not set", "visit", VISIT, None),
        ("date not set", "due", TALKS, None),
    ]


# -- reschedules ----------------------------------------------------------------------------------


def _fixed_repo() -> InMemoryRepository:
    repo = InMemoryRepository()
    repo.add(
        Agreement(
            id="pk-kz-action-plan-2025",
            kind=AgreementKind.ACTION_PLAN,
            title="Action Plan",
            parties=PARTIES,
            history=[StatusChange(status=AgreementStatus.SIGNED, date="2025-09-09")],
            commitments=[
                Commitment(id="mous", text="Conclude the MoUs", deadline=Deadline(due="2025-11"))
            ],
        )
    )
    return repo


def test_a_rescheduled_deadline_shows_its_original_due_date_and_how_often_it_slipped():
    repo = _fixed_repo()
    plan = "pk-kz-action-plan-2025"
    reschedule_deadline(
        repo, plan, "mous", due="2026-Q1", decided_on="2025-11-18", reason="texts not ready"
    )
    reschedule_deadline(
        repo, plan, "mous", due="2026-06", decided_on="2026-01-20", reason="elections"
    )
    reschedule_deadline(
        repo, plan, "mous", due="2026-04", decided_on="2026-02-01", reason="sped up"
    )

    row = _only(deadlines(repo, as_of=pendulum.Date(2026, 3, 1), within=60))

    assert (row["Due"], row["Original due"], row["Slipped"]) == ("Apr 2026", "Nov 2025", 2)
    assert row["Days left"] == 60


def test_timeline_shows_each_move_of_a_due_date_with_its_reason():
    repo = _fixed_repo()
    reschedule_deadline(
        repo,
        "pk-kz-action-plan-2025",
        "mous",
        due="2026-Q1",
        decided_on="2025-11-18",
        reason="texts not ready",
    )

    report = timeline(repo, pair="PK-KZ", as_of=pendulum.Date(2025, 12, 1))

    moved = [row for row in _rows(report) if row["Event"] == "deadline moved"]
    assert moved == [
        {
            "Date": "18 Nov 2025",
            "Event": "deadline moved",
            "Record": "pk-kz-action-plan-2025",
            "Details": "mous: Nov 2025 -> Q1 2026 (texts not ready)",
            "When": "past",
        }
    ]
    assert _rows(report)[-1]["Date"] == "Q1 2026"


def test_timeline_shows_an_engagement_date_change_and_the_deadline_that_followed_it():
    repo = _repo("2025-11")
    move_engagement(repo, VISIT, "2025-11-18", decided_on="2025-10-20", reason="date announced")

    report = timeline(repo, pair="PK-KZ", as_of=pendulum.Date(2025, 10, 25))

    on_the_day = [row for row in _rows(report) if row["Date"] == "20 Oct 2025"]
    assert [(row["Event"], row["Record"], row["Details"]) for row in on_the_day] == [
        (
            "progress",
            TALKS,
            f"mous: deadline follows {VISIT}: Nov 2025 -> 18 Nov 2025 (date announced)",
        ),
        (
            "date changed",
            VISIT,
            "State visit of the President of Kazakhstan: Nov 2025 -> 18 Nov 2025 (date announced)",
        ),
        ("deadline moved", TALKS, f"mous: Nov 2025 -> 18 Nov 2025 ({VISIT} moved: date announced)"),
    ]
    visit = next(row for row in _rows(report) if row["Event"] == "visit")
    assert (visit["Date"], visit["When"]) == ("18 Nov 2025", "upcoming")


def test_an_engagement_given_its_first_date_shows_the_change_from_date_not_set():
    repo = _repo(None)
    move_engagement(repo, VISIT, "2026-03", decided_on="2025-12-01", reason="agreed in talks")

    report = timeline(repo, pair="PK-KZ", as_of=pendulum.Date(2025, 12, 15))
    changed = next(row for row in _rows(report) if row["Event"] == "date changed")
    row = _only(deadlines(repo, as_of=pendulum.Date(2025, 12, 15), within=120))

    assert changed["Details"].endswith(": date not set -> Mar 2026 (agreed in talks)")
    assert (row["Due"], row["State"], row["Original due"], row["Slipped"]) == (
        "Mar 2026",
        "due soon",
        "date not set",
        0,  # a date being set is no slip
    )
