"""The one definition of due and overdue (``mou_tracker.domain.due_status``): its rules, and
every public way to ask giving its answer (the model, the reports, the calendar, ``show``)."""

from __future__ import annotations

import datetime as dt

import attrs
import icalendar
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import date_histories, deadlines_for, pendulum_dates

from mou_tracker import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Anchor,
    AreaVocabulary,
    Commitment,
    CommitmentStatus,
    Deadline,
    DueResolver,
    DueState,
    Engagement,
    EngagementKind,
    InMemoryRepository,
    Interval,
    Party,
    Recurrence,
    Schedule,
    StatusChange,
    ValidationError,
    due_status,
)
from mou_tracker.cli._text import describe_record
from mou_tracker.export import export_ics
from mou_tracker.reports import deadline_summary, deadlines, status_by_pair

PARTIES = (Party(country="KZ"), Party(country="PK"))
BY_NOVEMBER = Deadline(due="2025-11")


def day(text: str) -> pendulum.Date:
    return pendulum.Date(*map(int, text.split("-")))


def plan(*commitments: Commitment) -> Agreement:
    return Agreement(
        id="plan",
        kind=AgreementKind.ACTION_PLAN,
        title="Action plan",
        parties=PARTIES,
        history=[StatusChange(status=AgreementStatus.SIGNED, date="1980-01-01")],
        commitments=commitments,
    )


def promise(deadline: Deadline | None = None, **changes: object) -> Commitment:
    made = Commitment(id="mous", text="Conclude MoUs", deadline=deadline)
    return attrs.evolve(made, **changes) if changes else made


# -- the rules -------------------------------------------------------------------------------


def test_a_deadline_known_to_the_month_is_overdue_only_once_the_month_has_ended() -> None:
    assert not BY_NOVEMBER.is_overdue(day("2025-11-30"))
    assert BY_NOVEMBER.is_overdue(day("2025-12-01"))
    assert [BY_NOVEMBER.days_left(day(d)) for d in ("2025-11-01", "2025-11-30", "2025-12-03")] == [
        29,
        0,
        -3,
    ]


def test_due_within_counts_the_window_inclusively_and_never_holds_once_overdue() -> None:
    assert BY_NOVEMBER.is_due_within(day("2025-11-01"), 29)
    assert not BY_NOVEMBER.is_due_within(day("2025-11-01"), 28)
    assert BY_NOVEMBER.is_due_within(day("2025-11-30"), 0)
    assert not BY_NOVEMBER.is_due_within(day("2025-12-01"), 365)


@pytest.mark.parametrize("window", [-1, True, 1.5])
def test_a_window_must_be_a_whole_number_of_days_from_zero(window: object) -> None:
    status = due_status(promise(BY_NOVEMBER), day("2025-11-01"))
    assert status is not None
    with pytest.raises(ValidationError, match="a window must be zero or more days") as info:
        status.is_due_within(window)  # type: ignore[arg-type]
    assert info.value.field == "days"


def test_a_reschedule_counts_only_from_the_last_day_it_may_have_been_decided() -> None:
    moved = BY_NOVEMBER.reschedule(due="2026-Q1", decided_on="2025-12", reason="visit postponed")
    commitment = promise(moved)
    before, after = (
        due_status(commitment, day("2025-12-30")),
        due_status(commitment, day("2026-01-01")),
    )
    assert before is not None
    assert after is not None
    assert (str(before.due), before.state, before.days_left) == ("Nov 2025", DueState.OVERDUE, -30)
    assert (str(after.due), after.state, after.days_left) == ("Q1 2026", DueState.DUE, 89)


@pytest.mark.parametrize("status", [s for s in CommitmentStatus if not s.is_open])
def test_a_commitment_that_is_no_longer_open_is_never_due(status: CommitmentStatus) -> None:
    assert due_status(promise(BY_NOVEMBER, status=status), day("2026-06-01")) is None


def test_a_commitment_with_neither_a_deadline_nor_a_recurrence_is_never_due() -> None:
    assert due_status(promise(), day("2026-06-01")) is None


def test_a_recurring_commitment_needs_the_record_that_holds_it() -> None:
    yearly = Recurrence(
        every=Interval.parse("12 months"),
        starts="2025-09-09",
        fulfilled_by=[EngagementKind.CONSULTATIONS],
    )
    consultations = Commitment(id="consult", text="Consult yearly", recurrence=yearly)
    with pytest.raises(ValidationError, match="recurs: pass the record that holds it"):
        due_status(consultations, day("2027-01-01"))
    status = due_status(consultations, day("2027-01-01"), record=plan(consultations))
    assert status is not None
    assert (status.state, status.is_overdue) == (DueState.LATE, True)


def test_a_deadline_tied_to_an_engagement_with_no_date_is_neither_due_nor_overdue() -> None:
    visit = Engagement(id="visit", kind=EngagementKind.VISIT, title="Visit", parties=PARTIES)
    tied = promise(Deadline(anchor=Anchor(engagement_id="visit")))
    status = due_status(tied, day("2030-01-01"), records=[visit])
    assert status is not None
    assert (status.state, status.is_set, status.is_overdue, status.days_left) == (
        DueState.NOT_SET,
        False,
        False,
        None,
    )
    assert not status.is_due_within(10_000)


# -- one answer everywhere -------------------------------------------------------------------

POSTPONED = BY_NOVEMBER.reschedule(due="2026-Q1", decided_on="2025-12-20", reason="postponed")


def test_the_issue_example_gets_one_answer_from_the_model_the_report_the_calendar_and_show() -> (
    None
):
    """Due "2025-11", moved on 2025-12-20 to "2026-Q1": on 2025-12-15 it is overdue."""
    repo = InMemoryRepository()
    repo.add(plan(promise(POSTPONED)))
    as_of = day("2025-12-15")
    assert POSTPONED.is_overdue(as_of)
    assert POSTPONED.days_left(as_of) == -15
    [row] = deadlines(repo, as_of=as_of, within=30).rows
    assert row[:4] == ("Nov 2025", "month", -15, "overdue")
    assert status_by_pair(repo, as_of=as_of).rows[0][7:10] == (1, 1, 0)  # open, overdue, not set
    assert _calendar_due(repo, as_of) == {"mous": dt.date(2025, 11, 30)}
    assert "as of 2025-12-15: overdue (due Nov 2025, 15 days ago)" in _shown(repo, as_of)
    later = day("2025-12-21")
    assert not POSTPONED.is_overdue(later)
    assert deadlines(repo, as_of=later, within=120).rows[0][:4] == (
        "Q1 2026",
        "quarter",
        100,
        "due soon",
    )
    assert _calendar_due(repo, later) == {"mous": dt.date(2026, 3, 31)}


def _calendar_due(repo: InMemoryRepository, as_of: pendulum.Date) -> dict[str, dt.date]:
    calendar = icalendar.Calendar.from_ical(export_ics(repo, as_of=as_of).data)
    return {
        str(event["uid"]).split("/")[1].split("@")[0]: event.decoded("dtstart")
        for event in calendar.walk("VEVENT")
        if str(event["uid"]).startswith("deadline.")
    }


def _shown(repo: InMemoryRepository, as_of: pendulum.Date) -> str:
    records = list(repo.records())
    return describe_record(repo.get("plan"), AreaVocabulary(), records, as_of)


_offsets = st.integers(-40, 40)


@st.composite
def _cases(draw: st.DrawFn) -> tuple[Engagement, Deadline, pendulum.Date]:
    """A visit whose date moved (or is not set), a deadline first set to a date or tied to
    the visit and rescheduled, and a day near one of the dates that matter."""
    date, changes = draw(date_histories())
    visit = Engagement(
        id="visit",
        kind=EngagementKind.VISIT,
        title="Visit",
        parties=PARTIES,
        date=date,
        date_changes=changes,
    )
    deadline = draw(deadlines_for(("visit",)))
    landmarks = [d for d in (*visit.dates, deadline.due) if d is not None]
    landmarks += [r.decided_on for r in deadline.reschedules]
    landmarks += [c.decided_on for c in changes]
    landmarks += [r.due for r in deadline.reschedules if r.due is not None]
    near = [pendulum.Date.fromordinal(d.latest_ordinal) for d in landmarks]
    nearby = st.builds(lambda base, n: base.add(days=n), st.sampled_from(near), _offsets)
    as_of = draw(pendulum_dates | nearby if near else pendulum_dates)
    return visit, deadline, as_of


@settings(max_examples=150)
@given(_cases(), st.integers(0, 400))
def test_every_public_way_to_ask_gives_the_same_answer(
    case: tuple[Engagement, Deadline, pendulum.Date], window: int
) -> None:
    visit, deadline, as_of = case
    commitment = promise(deadline)
    record = plan(commitment)
    repo = InMemoryRepository()
    repo.add(visit)
    repo.add(record)
    status = DueResolver(repo.records(), as_of).status(commitment, record)
    assert status is not None
    schedule = Schedule([visit])
    # The shortcuts: due_status() and the model's own questions.
    assert due_status(commitment, as_of, records=[visit]) == status
    assert deadline.days_left(as_of, schedule) == status.days_left
    assert deadline.is_overdue(as_of, schedule) is status.is_overdue
    assert deadline.is_due_within(as_of, window, schedule) is status.is_due_within(window)
    # The deadlines report lists it exactly when overdue, not set, or due within the window.
    rows = deadlines(repo, as_of=as_of, within=window).rows
    listed = status.is_overdue or not status.is_set or status.is_due_within(window)
    assert len(rows) == int(listed)
    if listed:
        assert rows[0][:4] == (
            str(status.due),
            None if status.due.date is None else str(status.due.date.precision),
            status.days_left,
            str(status.state),
        )
    # The status and summary reports count it the same way.
    open_, overdue, not_set = status_by_pair(repo, as_of=as_of).rows[0][7:10]
    assert (open_, overdue, not_set) == (1, int(status.is_overdue), int(not status.is_set))
    summary = deadline_summary(repo, as_of=as_of, windows=(window,)).rows[0]
    assert summary[1:] == (
        int(status.is_overdue),
        int(status.is_due_within(window)),
        int(not status.is_set),
        "KZ-PK",
    )
    # The calendar places it on its last due day as known that day (or leaves it out).
    placed = _calendar_due(repo, as_of)
    expected = {} if status.due.date is None else {"mous": status.due.date.latest}
    assert placed == expected
    # show says where it stands.
    assert f"as of {as_of.isoformat()}: {status.state}" in _shown(repo, as_of)
