"""Schedules: deadlines resolved against the engagements they are tied to, the story of their
moves, and how recurring obligations have been kept as of a day."""

from __future__ import annotations

import itertools

import pendulum
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from strategies import date_histories, deadlines_for, partial_dates, slugs

from mou_tracker import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Anchor,
    AnchorRelation,
    Cadence,
    CadenceState,
    Commitment,
    DateChange,
    Deadline,
    Due,
    DueMove,
    Engagement,
    EngagementKind,
    Interval,
    PartialDate,
    Party,
    Precision,
    Recurrence,
    Reschedule,
    Schedule,
    Source,
    StatusChange,
    ValidationError,
)
from mou_tracker.domain import shift

R = AnchorRelation
K = EngagementKind
DURING_VISIT = Anchor(engagement_id="visit")
SOURCE = Source(title="Joint press release", published="2025-11-18")


def date(text: str) -> PartialDate:
    return PartialDate.parse(text)


def day(text: str) -> pendulum.Date:
    return date(text).earliest


def engagement(
    engagement_id: str = "visit",
    when: str | None = "2025-11",
    *,
    kind: EngagementKind = K.VISIT,
    countries: tuple[str, ...] = ("KZ", "PK"),
) -> Engagement:
    return Engagement(
        id=engagement_id,
        kind=kind,
        title=f"Engagement {engagement_id}",
        date=when,
        parties=[Party(country=code) for code in countries],
    )


def anchor(relation: AnchorRelation, offset: str | None = None) -> Anchor:
    return Anchor(
        engagement_id="visit",
        relation=relation,
        offset=None if offset is None else Interval.parse(offset),
    )


# -- Due ----------------------------------------------------------------------------------------


def test_a_due_date_not_set_reads_date_not_set_and_has_no_days_left() -> None:
    not_set = Due(None)
    assert not_set.is_set is False
    assert str(not_set) == "date not set"
    assert not_set.days_left(day("2030-01-01")) is None


def test_an_approximate_due_date_reads_as_the_latest_day_it_may_be() -> None:
    due = Due(date("2025-12-10"), approximate=True)
    assert str(due) == "10 Dec 2025 at the latest"
    assert str(Due(date("2025-12-10"))) == "10 Dec 2025"
    assert due.days_left(day("2025-12-01")) == 9


# -- resolving deadlines ------------------------------------------------------------------------


def test_a_deadline_due_by_a_date_resolves_to_that_date() -> None:
    assert Schedule([]).latest_due(Deadline(due="2025-Q4")) == Due(date("2025-Q4"))


def test_a_deadline_during_an_engagement_is_due_on_its_date() -> None:
    schedule = Schedule([engagement(when="2025-11")])
    assert schedule.latest_due(Deadline(anchor=DURING_VISIT)) == Due(date("2025-11"))


@pytest.mark.parametrize(
    ("visit_date", "relation", "offset", "expected"),
    [
        ("2025-11-18", R.AFTER, "10 days", "28 Nov 2025"),
        ("2025-11-18", R.BEFORE, "10 days", "8 Nov 2025"),
        ("2025-11-18", R.BEFORE, "2 weeks", "4 Nov 2025"),
        ("2025-11-18", R.AFTER, "1 week", "25 Nov 2025"),
        ("2025-11-18", R.AFTER, "3 months", "18 Feb 2026"),
        ("2025-11-18", R.BEFORE, "1 month", "18 Oct 2025"),
        ("2025-11-18", R.AFTER, "1 year", "18 Nov 2026"),
        ("2025-11-18", R.BEFORE, "2 years", "18 Nov 2023"),
        ("2025-11", R.AFTER, "10 days", "10 Dec 2025 at the latest"),
        ("2025-11", R.BEFORE, "2 weeks", "16 Nov 2025 at the latest"),
        ("2025-11", R.AFTER, "3 months", "Feb 2026"),
        ("2025-11", R.BEFORE, "1 year", "Nov 2024"),
        ("2025-Q4", R.AFTER, "6 months", "Q2 2026"),
        ("2025-Q4", R.AFTER, "1 month", "31 Jan 2026 at the latest"),
        ("2025", R.AFTER, "1 year", "2026"),
        ("2025", R.BEFORE, "3 weeks", "10 Dec 2025 at the latest"),
    ],
)
def test_a_deadline_before_or_after_an_engagement_is_offset_from_its_date(
    visit_date: str, relation: AnchorRelation, offset: str, expected: str
) -> None:
    schedule = Schedule([engagement(when=visit_date)])
    assert str(schedule.latest_due(Deadline(anchor=anchor(relation, offset)))) == expected


@pytest.mark.parametrize(
    "tied", [anchor(R.DURING), anchor(R.AFTER, "3 months"), anchor(R.BEFORE, "10 days")]
)
def test_a_deadline_tied_to_an_engagement_with_no_date_is_date_not_set(tied: Anchor) -> None:
    due = Schedule([engagement(when=None)]).latest_due(Deadline(anchor=tied))
    assert due.date is None
    assert str(due) == "date not set"
    assert due.days_left(day("2100-01-01")) is None


def test_an_anchored_deadline_follows_its_engagement_when_the_date_becomes_known_and_moves() -> (
    None
):
    deadline = Deadline(anchor=anchor(R.AFTER, "3 months"))
    planned = engagement(when=None)
    known = planned.with_date("2025-11", decided_on="2025-09-09", reason="announced")
    fixed = known.with_date("2025-11-18", decided_on="2025-10-20", reason="date set")
    assert [str(Schedule([e]).latest_due(deadline)) for e in (planned, known, fixed)] == [
        "date not set",
        "Feb 2026",
        "18 Feb 2026",
    ]


def test_a_deadline_tied_to_an_unknown_engagement_cannot_be_resolved() -> None:
    schedule, deadline = Schedule([engagement("summit")]), Deadline(anchor=DURING_VISIT)
    for question in (schedule.latest_due, schedule.original_due, schedule.moves, schedule.slips):
        with pytest.raises(ValidationError) as info:
            question(deadline)
        assert str(info.value) == "a deadline is tied to engagement 'visit', which does not exist"
        assert info.value.field == "anchor"


def test_a_schedule_of_records_knows_only_their_engagements() -> None:
    plan = Agreement(
        id="visit",
        kind=AgreementKind.ACTION_PLAN,
        title="Not an engagement",
        parties=[Party(country="KZ"), Party(country="PK")],
        history=[StatusChange(status=AgreementStatus.SIGNED, date="2025-09-09")],
    )
    with pytest.raises(ValidationError):
        Schedule.of([plan]).latest_due(Deadline(anchor=DURING_VISIT))
    assert Schedule.of([plan, engagement()]).latest_due(Deadline(anchor=DURING_VISIT)).is_set


# -- the story of a deadline: original due date, moves, slips -----------------------------------


def visit_history() -> Engagement:
    """A visit with no date, announced for November, then fixed to the 18th, then postponed."""
    return (
        engagement(when=None)
        .with_date("2025-11", decided_on="2025-09-09", reason="announced")
        .with_date("2025-11-18", decided_on="2025-10-20", reason="date set", source=SOURCE)
        .with_date("2025-12-02", decided_on="2025-11-25", reason="visit postponed")
    )


def test_a_fixed_deadline_keeps_its_original_due_date_and_each_move() -> None:
    deadline = (
        Deadline(due="2025-11")
        .reschedule(due="2026-03", decided_on="2025-11-20", reason="texts not ready", source=SOURCE)
        .reschedule(due="2026-01", decided_on="2025-12-10", reason="brought forward")
    )
    schedule = Schedule([])
    assert schedule.original_due(deadline) == Due(date("2025-11"))
    assert schedule.latest_due(deadline) == Due(date("2026-01"))
    assert schedule.moves(deadline) == [
        DueMove(
            decided_on=date("2025-11-20"),
            old=Due(date("2025-11")),
            new=Due(date("2026-03")),
            reason="texts not ready",
            source=SOURCE,
        ),
        DueMove(
            decided_on=date("2025-12-10"),
            old=Due(date("2026-03")),
            new=Due(date("2026-01")),
            reason="brought forward",
        ),
    ]
    assert [m.is_slip for m in schedule.moves(deadline)] == [True, False]
    assert schedule.slips(deadline) == 1


def test_a_deadline_never_moved_has_no_moves_and_no_slips() -> None:
    deadline = Deadline(due="2025-11")
    assert Schedule([]).moves(deadline) == []
    assert Schedule([]).slips(deadline) == 0


def test_the_moves_of_an_anchored_deadline_include_its_engagements_moves_in_decision_order() -> (
    None
):
    deadline = Deadline(anchor=DURING_VISIT).reschedule(
        due="2026-Q1", decided_on="2025-11-18", reason="texts not ready"
    )
    schedule = Schedule([visit_history()])
    moves = schedule.moves(deadline)
    assert [(str(m.decided_on), str(m.old), str(m.new), m.reason) for m in moves] == [
        ("9 Sep 2025", "date not set", "Nov 2025", "announced"),
        ("20 Oct 2025", "Nov 2025", "18 Nov 2025", "date set"),
        ("18 Nov 2025", "18 Nov 2025", "Q1 2026", "texts not ready"),
    ]  # the visit's postponement on 25 Nov no longer moves a deadline fixed to Q1 2026
    assert [m.engagement_id for m in moves] == ["visit", "visit", None]
    assert [m.source for m in moves] == [None, SOURCE, None]
    assert [m.is_slip for m in moves] == [False, False, True]
    assert schedule.slips(deadline) == 1
    assert str(schedule.original_due(deadline)) == "date not set"
    assert schedule.latest_due(deadline) == Due(date("2026-Q1"))


def test_an_anchored_deadline_slips_when_its_engagement_is_postponed() -> None:
    deadline = Deadline(anchor=anchor(R.AFTER, "10 days"))
    schedule = Schedule([visit_history()])
    assert [(str(m.old), str(m.new), m.is_slip) for m in schedule.moves(deadline)] == [
        ("date not set", "10 Dec 2025 at the latest", False),  # a date being set is no slip
        ("10 Dec 2025 at the latest", "28 Nov 2025", False),  # known more precisely: earlier
        ("28 Nov 2025", "12 Dec 2025", True),
    ]
    assert schedule.slips(deadline) == 1
    assert schedule.original_due(deadline) == Due(None)
    assert schedule.latest_due(deadline) == Due(date("2025-12-12"))


def test_the_original_due_date_of_an_anchored_deadline_is_from_the_engagements_first_date() -> None:
    visit = engagement(when="2025-11").with_date(
        "2026-03", decided_on="2025-10-01", reason="postponed"
    )
    deadline = Deadline(anchor=DURING_VISIT)
    assert Schedule([visit]).original_due(deadline) == Due(date("2025-11"))
    assert Schedule([visit]).latest_due(deadline) == Due(date("2026-03"))
    assert Schedule([visit]).slips(deadline) == 1


def test_a_deadline_moved_to_another_engagement_follows_the_new_one_only() -> None:
    summit = engagement("summit", "2026-06", kind=K.SUMMIT).with_date(
        "2026-07", decided_on="2026-01-10", reason="summit postponed"
    )
    visit = engagement(when="2025-11").with_date(
        "2026-02", decided_on="2026-01-20", reason="visit postponed"
    )
    deadline = Deadline(anchor=DURING_VISIT).reschedule(
        anchor=Anchor(engagement_id="summit"), decided_on="2025-10", reason="left to the summit"
    )
    moves = Schedule([visit, summit]).moves(deadline)
    assert [(str(m.old), str(m.new), m.engagement_id) for m in moves] == [
        ("Nov 2025", "Jun 2026", None),
        ("Jun 2026", "Jul 2026", "summit"),
    ]


def test_the_last_of_reschedules_decided_in_overlapping_periods_is_the_current_due_date() -> None:
    # valid: "2025-01-01" is not before "2025"; the model keeps the order given
    deadline = Deadline(
        due="2025-06",
        reschedules=[
            Reschedule(decided_on="2025", reason="first", due="2025-09"),
            Reschedule(decided_on="2025-01-01", reason="second", due="2025-12"),
        ],
    )
    schedule = Schedule([])
    assert schedule.latest_due(deadline) == Due(date("2025-12"))
    assert [(m.reason, str(m.new)) for m in schedule.moves(deadline)] == [
        ("first", "Sep 2025"),
        ("second", "Dec 2025"),
    ]


def test_a_deadline_postponed_through_date_not_set_to_a_later_date_slipped_once() -> None:
    visit = (
        engagement(when="2025-11")
        .with_date(None, decided_on="2025-10-01", reason="postponed sine die")
        .with_date("2026-03", decided_on="2026-01-15", reason="new date agreed")
    )
    deadline = Deadline(anchor=DURING_VISIT)
    schedule = Schedule([visit])
    assert [str(m.new) for m in schedule.moves(deadline)] == ["date not set", "Mar 2026"]
    assert schedule.slips(deadline) == 1  # Nov 2025 became Mar 2026, as if moved directly


@st.composite
def engagements_and_a_deadline(draw: st.DrawFn) -> tuple[list[Engagement], Deadline]:
    """A few engagements with date histories, and a deadline tied (at times) to them."""
    ids = draw(st.lists(slugs(), min_size=1, max_size=3, unique=True))
    engagements = []
    for engagement_id in ids:
        when, changes = draw(date_histories())
        engagements.append(
            Engagement(
                id=engagement_id,
                kind=K.VISIT,
                title="Visit",
                date=when,
                date_changes=changes,
                parties=[Party(country="KZ"), Party(country="PK")],
            )
        )
    return engagements, draw(deadlines_for(ids))


VISIT_DECIDED_IN_OVERLAPPING_PERIODS = Engagement(
    id="visit",
    kind=K.VISIT,
    title="Visit",
    date="2025-12",
    date_changes=[  # valid: "2025" is not before "2025-06-01"; the model keeps the order given
        DateChange(previous="2025-10", decided_on="2025-06-01", reason="first"),
        DateChange(previous="2025-11", decided_on="2025", reason="second"),
    ],
    parties=[Party(country="KZ"), Party(country="PK")],
)


@settings(max_examples=200)
@given(engagements_and_a_deadline())
@example(([VISIT_DECIDED_IN_OVERLAPPING_PERIODS], Deadline(anchor=DURING_VISIT)))
def test_the_moves_of_any_deadline_lead_from_its_original_due_date_to_its_current_one(
    case: tuple[list[Engagement], Deadline],
) -> None:
    engagements, deadline = case
    schedule = Schedule(engagements)
    moves = schedule.moves(deadline)
    path = [schedule.original_due(deadline), *(m.new for m in moves)]
    assert [m.old for m in moves] == path[:-1]
    assert path[-1] == schedule.latest_due(deadline)
    assert all(m.old != m.new for m in moves)
    assert schedule.slips(deadline) == sum(m.is_slip for m in moves)
    for earlier, later in itertools.pairwise(moves):
        assert not later.decided_on.definitely_before(earlier.decided_on)


@settings(max_examples=300)
@given(engagements_and_a_deadline(), partial_dates())
@example(([VISIT_DECIDED_IN_OVERLAPPING_PERIODS], Deadline(anchor=DURING_VISIT)), date("2025"))
def test_the_due_date_on_a_day_is_where_the_moves_known_that_day_lead(
    case: tuple[list[Engagement], Deadline], when: PartialDate
) -> None:
    engagements, deadline = case
    schedule = Schedule(engagements)
    as_of = pendulum.Date.fromordinal(when.latest_ordinal)
    known = schedule.moves(deadline, as_of)
    expected = known[-1].new if known else schedule.original_due(deadline)
    assert schedule.due(deadline, as_of) == expected


# -- recurring obligations ----------------------------------------------------------------------

YEARLY = Recurrence(
    every=Interval.parse("12 months"), starts="2025-09-09", fulfilled_by=[K.CONSULTATIONS]
)
CONSULT = Commitment(id="consult", text="Hold regular consultations", recurrence=YEARLY)
PLAN = Agreement(
    id="pk-kz-action-plan-2025",
    kind=AgreementKind.ACTION_PLAN,
    title="Action plan",
    parties=[Party(country="PK"), Party(country="KZ")],
    history=[StatusChange(status=AgreementStatus.SIGNED, date="2025-09-09")],
    commitments=[CONSULT],
)


def consultations(engagement_id: str, when: str | None, **fields: object) -> Engagement:
    return engagement(engagement_id, when, kind=K.CONSULTATIONS, **fields)  # type: ignore[arg-type]


def cadence_as_of(as_of: str, *engagements: Engagement) -> Cadence:
    return Schedule(engagements).cadence(CONSULT, PLAN, day(as_of))


@pytest.mark.parametrize(
    ("as_of", "state", "missed"),
    [
        ("2025-12-01", CadenceState.ON_TRACK, 0),
        ("2026-09-09", CadenceState.ON_TRACK, 0),
        ("2026-09-10", CadenceState.LATE, 0),
        ("2027-09-09", CadenceState.LATE, 0),
        ("2027-09-10", CadenceState.LAPSED, 1),
        ("2028-09-10", CadenceState.LAPSED, 2),
    ],
)
def test_an_obligation_never_kept_is_on_track_then_late_then_lapsed(
    as_of: str, state: CadenceState, missed: int
) -> None:
    cadence = cadence_as_of(as_of)
    assert cadence.state is state
    assert cadence.next_due == Due(date("2026-09-09"))
    assert (cadence.held, cadence.last_held) == ((), None)
    assert (cadence.on_time, cadence.late, cadence.missed) == (0, 0, missed)


def test_consultations_held_in_time_keep_the_obligation_on_track_from_their_date() -> None:
    cadence = cadence_as_of("2026-10-15", consultations("consultations-2026", "2026-08-20"))
    assert cadence.state is CadenceState.ON_TRACK
    assert cadence.last_held == date("2026-08-20")
    assert cadence.next_due == Due(date("2027-08-20"))
    assert (cadence.on_time, cadence.late, cadence.missed) == (1, 0, 0)


def test_consultations_held_after_the_due_date_count_as_late() -> None:
    cadence = cadence_as_of("2026-10-15", consultations("consultations-2026", "2026-10-01"))
    assert cadence.state is CadenceState.ON_TRACK
    assert cadence.next_due == Due(date("2027-10-01"))
    assert (cadence.on_time, cadence.late, cadence.missed) == (0, 1, 0)


def test_consultations_known_to_the_month_count_by_the_last_day_of_the_month() -> None:
    september = consultations("consultations-2026", "2026-09")  # due 9 Sep 2026
    before_month_end = cadence_as_of("2026-09-20", september)
    assert before_month_end.held == ()  # maybe not held yet
    assert before_month_end.state is CadenceState.LATE
    at_month_end = cadence_as_of("2026-09-30", september)
    assert at_month_end.held == (september,)
    assert (at_month_end.on_time, at_month_end.late) == (0, 1)  # maybe after the 9th
    assert at_month_end.next_due == Due(date("2027-09"))
    august = cadence_as_of("2026-10-15", consultations("consultations-2026", "2026-08"))
    assert (august.on_time, august.late) == (1, 0)


def test_only_engagements_of_the_recurrence_kinds_between_the_parties_count() -> None:
    others = [
        engagement("talks-2026", "2026-08", kind=K.TALKS),
        consultations("pk-uz-2026", "2026-08", countries=("PK", "UZ")),
        consultations("unscheduled", None),
        consultations("before-the-plan", "2025-06"),
    ]
    cadence = cadence_as_of("2026-10-15", *others)
    assert cadence.held == ()
    assert cadence.state is CadenceState.LATE


def test_consultations_with_a_third_country_present_count() -> None:
    trilateral = consultations("pk-kz-uz-2026", "2026-08", countries=("KZ", "PK", "UZ"))
    assert cadence_as_of("2026-10-15", trilateral).held == (trilateral,)


def test_whole_intervals_without_consultations_between_two_count_as_missed() -> None:
    first = consultations("consultations-2026", "2026-08")
    second = consultations("consultations-2028", "2028-10-01")
    cadence = cadence_as_of("2028-10-15", second, first)
    assert cadence.held == (first, second)
    assert (cadence.on_time, cadence.late, cadence.missed) == (1, 1, 1)
    assert cadence.last_held == date("2028-10-01")
    assert cadence.next_due == Due(date("2029-10-01"))
    assert cadence.state is CadenceState.ON_TRACK


def test_a_cadence_counts_only_what_was_surely_held_by_the_day_asked() -> None:
    first = consultations("consultations-2026", "2026-08")
    second = consultations("consultations-2028", "2028-10-01")
    earlier = cadence_as_of("2027-01-01", first, second)
    assert earlier.held == (first,)
    assert (earlier.on_time, earlier.late, earlier.missed) == (1, 0, 0)
    assert earlier.next_due == Due(date("2027-08"))


def test_a_commitment_made_at_an_engagement_is_kept_by_engagements_between_its_parties() -> None:
    talks = Engagement(
        id="talks",
        kind=K.TALKS,
        title="Talks",
        date="2025-09-09",
        parties=[Party(country="PK"), Party(country="KZ")],
        commitments=[CONSULT],
    )
    held = consultations("consultations-2026", "2026-08")
    cadence = Schedule([talks, held]).cadence(CONSULT, talks, day("2026-10-15"))
    assert cadence.held == (held,)


def test_the_cadence_of_a_commitment_that_does_not_recur_cannot_be_asked() -> None:
    once = Commitment(id="mous", text="Conclude MoUs", deadline=Deadline(due="2025-11"))
    with pytest.raises(ValidationError) as info:
        Schedule([]).cadence(once, PLAN, day("2025-12-01"))
    assert str(info.value) == "commitment 'mous' does not recur"
    assert info.value.field == "recurrence"


@settings(max_examples=100)
@given(
    st.lists(partial_dates(min_year=2025, max_year=2030), max_size=5),
    partial_dates(min_year=2025, max_year=2031, precisions=(Precision.DAY,)),
)
def test_a_cadence_is_on_track_exactly_while_its_next_due_date_has_not_passed(
    dates: list[PartialDate], as_of: PartialDate
) -> None:
    held = [consultations(f"consultations-{n}", d.isoformat()) for n, d in enumerate(dates)]
    cadence = cadence_as_of(as_of.isoformat(), *held)
    days_left = cadence.next_due.days_left(as_of.earliest)
    assert days_left is not None
    assert (cadence.state is CadenceState.ON_TRACK) is (days_left >= 0)
    assert cadence.on_time + cadence.late == len(cadence.held)
    assert all(e.date is not None and e.date.latest <= as_of.earliest for e in cadence.held)
    assert cadence.next_due.date is not None
    following = shift(cadence.next_due.date, YEARLY.every).date
    assert (cadence.state is CadenceState.LAPSED) is (following.latest < as_of.earliest)
    if cadence.state is CadenceState.LAPSED:
        assert cadence.missed >= 1
