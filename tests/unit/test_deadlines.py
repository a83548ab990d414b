"""The rules of deadlines: anchors, reschedules, recurrences, deadlines against the day a
commitment was made, and the date history of engagements."""

from __future__ import annotations

import pendulum
import pytest

from mou_tracker import (
    Anchor,
    AnchorRelation,
    Commitment,
    DateChange,
    Deadline,
    Engagement,
    EngagementKind,
    Interval,
    InvalidIdError,
    PartialDate,
    Party,
    Recurrence,
    Reschedule,
    Schedule,
    Source,
    ValidationError,
)

R = AnchorRelation
PARTIES = (Party(country="KZ"), Party(country="PK"))
DURING_VISIT = Anchor(engagement_id="visit")
AFTER_SUMMIT = Anchor(engagement_id="summit", relation=R.AFTER, offset=Interval.parse("3 months"))
YEARLY = Interval.parse("12 months")


def date(text: str) -> PartialDate:
    return PartialDate.parse(text)


def rejected(build: object, *args: object, **kwargs: object) -> ValidationError:
    """Calling ``build`` must raise ValidationError; return it."""
    with pytest.raises(ValidationError) as info:
        build(*args, **kwargs)  # type: ignore[operator]
    return info.value


def visit(**fields: object) -> Engagement:
    values: dict[str, object] = {
        "id": "visit",
        "kind": EngagementKind.VISIT,
        "title": "State visit",
        "parties": PARTIES,
    }
    return Engagement(**(values | fields))  # type: ignore[arg-type]


# -- Anchor -------------------------------------------------------------------------------------


def test_an_anchor_is_during_its_engagement_unless_told_otherwise() -> None:
    assert DURING_VISIT.relation is R.DURING
    assert DURING_VISIT.offset is None
    assert str(DURING_VISIT) == "during visit"


@pytest.mark.parametrize(
    ("relation", "offset", "shown"),
    [
        (R.BEFORE, "2 weeks", "2 weeks before summit"),
        (R.AFTER, "3 months", "3 months after summit"),
        (R.AFTER, "10 days", "10 days after summit"),
        (R.BEFORE, "1 year", "1 year before summit"),
    ],
)
def test_an_anchor_before_or_after_an_engagement_reads_as_its_offset(
    relation: AnchorRelation, offset: str, shown: str
) -> None:
    anchor = Anchor(engagement_id="summit", relation=relation, offset=Interval.parse(offset))
    assert str(anchor) == shown


def test_a_deadline_during_an_engagement_takes_no_offset() -> None:
    error = rejected(
        Anchor, engagement_id="visit", relation=R.DURING, offset=Interval.parse("1 week")
    )
    assert str(error) == "a deadline 'during' an engagement takes no offset"
    assert error.field == "offset"


@pytest.mark.parametrize("relation", [R.BEFORE, R.AFTER])
def test_a_deadline_before_or_after_an_engagement_needs_an_offset(
    relation: AnchorRelation,
) -> None:
    error = rejected(Anchor, engagement_id="visit", relation=relation)
    assert str(error) == f"a deadline {relation.value} an engagement needs an offset"
    assert error.field == "offset"


def test_an_anchor_relation_given_as_text_is_rejected() -> None:
    error = rejected(Anchor, engagement_id="visit", relation="during")
    assert str(error) == "relation must be an AnchorRelation, got 'during'"


def test_an_anchor_needs_a_valid_engagement_id() -> None:
    with pytest.raises(InvalidIdError) as info:
        Anchor(engagement_id="State visit")
    assert str(info.value).startswith("invalid engagement_id 'State visit': use 1 to 128")


# -- Deadline: a date or an anchor --------------------------------------------------------------


def test_a_deadline_is_due_by_a_date_or_tied_to_an_engagement() -> None:
    by_date, tied = Deadline(due="2025-11"), Deadline(anchor=DURING_VISIT)
    assert (by_date.original, by_date.current, by_date.current_due) == (
        date("2025-11"),
        date("2025-11"),
        date("2025-11"),
    )
    assert (tied.original, tied.current, tied.current_due) == (DURING_VISIT, DURING_VISIT, None)
    assert tied.anchors == {"visit"}
    assert by_date.anchors == frozenset()


def test_a_deadline_with_both_a_due_date_and_an_anchor_is_rejected() -> None:
    error = rejected(Deadline, due="2025-11", anchor=DURING_VISIT)
    assert str(error) == "a deadline needs exactly one of a due date or an anchor"
    assert error.field == "due"


def test_a_deadline_with_neither_a_due_date_nor_an_anchor_is_rejected() -> None:
    error = rejected(Deadline)
    assert str(error) == "a deadline needs exactly one of a due date or an anchor"
    assert error.field == "due"


def test_asking_whether_a_deadline_tied_to_an_engagement_is_overdue_says_to_use_a_schedule() -> (
    None
):
    deadline = Deadline(anchor=DURING_VISIT)
    message = (
        "this deadline is tied to an engagement: pass a Schedule "
        "(mou_tracker.Schedule) that knows the engagement's date"
    )
    day = pendulum.Date(2025, 12, 1)
    for question in (deadline.is_overdue, deadline.days_left):
        error = rejected(question, day)
        assert str(error) == message
        assert error.field == "anchor"
    assert str(rejected(deadline.is_due_within, day, 30)) == message


def test_a_deadline_rescheduled_from_a_date_to_an_engagement_needs_a_schedule_too() -> None:
    deadline = Deadline(due="2025-11").reschedule(
        anchor=DURING_VISIT, decided_on="2025-10-01", reason="tied to the visit"
    )
    assert deadline.current_due is None
    assert str(rejected(deadline.is_overdue, pendulum.Date(2026, 1, 1))).startswith(
        "this deadline is tied to an engagement"
    )


def test_a_deadline_rescheduled_from_an_engagement_to_a_date_is_overdue_after_that_date() -> None:
    deadline = Deadline(anchor=DURING_VISIT).reschedule(
        due="2025-12-15", decided_on="2025-10-01", reason="a date was fixed"
    )
    visit = Engagement(
        id="visit", kind=EngagementKind.VISIT, title="Visit", date=None, parties=PARTIES
    )
    schedule = Schedule([visit])
    assert deadline.is_overdue(pendulum.Date(2025, 12, 15), schedule) is False
    assert deadline.is_overdue(pendulum.Date(2025, 12, 16), schedule) is True


def test_a_window_of_negative_days_is_rejected() -> None:
    error = rejected(Deadline(due="2025-11").is_due_within, pendulum.Date(2025, 11, 1), -1)
    assert str(error) == "a window must be zero or more days, got -1"
    assert error.field == "days"


# -- Reschedule ---------------------------------------------------------------------------------


def test_rescheduling_keeps_the_original_and_every_move_with_its_decision() -> None:
    source = Source(title="Joint press release")
    original = Deadline(due="2025-11", note="by the visit")
    once = original.reschedule(due="2026-03", decided_on="2025-11-20", reason="visit postponed")
    twice = once.reschedule(
        anchor=AFTER_SUMMIT, decided_on="2026-02", reason="tied to the summit", source=source
    )
    assert original.reschedules == ()  # the original deadline is not changed
    assert twice.original == date("2025-11")
    assert twice.current == AFTER_SUMMIT
    assert twice.reschedules == (
        Reschedule(decided_on="2025-11-20", reason="visit postponed", due="2026-03"),
        Reschedule(
            decided_on="2026-02", reason="tied to the summit", anchor=AFTER_SUMMIT, source=source
        ),
    )
    assert [r.target for r in twice.reschedules] == [date("2026-03"), AFTER_SUMMIT]
    assert twice.note == "by the visit"


def test_every_engagement_a_deadline_is_or_was_tied_to_is_among_its_anchors() -> None:
    deadline = (
        Deadline(anchor=DURING_VISIT)
        .reschedule(anchor=AFTER_SUMMIT, decided_on="2025-10", reason="summit instead")
        .reschedule(due="2026-06", decided_on="2025-12", reason="fixed date")
    )
    assert deadline.anchors == {"visit", "summit"}


def test_a_reschedule_to_the_date_the_deadline_already_has_is_rejected() -> None:
    error = rejected(
        Deadline(due="2025-11").reschedule, due="2025-11", decided_on="2025-10-01", reason="same"
    )
    assert str(error) == (
        "a reschedule on 1 Oct 2025 moves the deadline to the target it already has (Nov 2025)"
    )
    assert error.field == "reschedules"


def test_a_reschedule_to_the_anchor_the_deadline_already_has_is_rejected() -> None:
    moved = Deadline(due="2025-11").reschedule(
        anchor=DURING_VISIT, decided_on="2025-09", reason="tied to the visit"
    )
    error = rejected(moved.reschedule, anchor=DURING_VISIT, decided_on="2025-10", reason="again")
    assert str(error) == (
        "a reschedule on Oct 2025 moves the deadline to the target it already has (during visit)"
    )


def test_a_deadline_may_be_moved_back_to_a_date_it_had_before() -> None:
    deadline = (
        Deadline(due="2025-11")
        .reschedule(due="2026-03", decided_on="2025-10", reason="postponed")
        .reschedule(due="2025-11", decided_on="2025-10-20", reason="postponement cancelled")
    )
    assert deadline.current_due == date("2025-11")


def test_reschedules_decided_out_of_order_are_rejected() -> None:
    error = rejected(
        Deadline,
        due="2025-11",
        reschedules=[
            Reschedule(decided_on="2025-10-15", reason="first", due="2026-01"),
            Reschedule(decided_on="2025-09-01", reason="second", due="2026-02"),
        ],
    )
    assert str(error) == (
        "reschedules must be in the order they were decided (1 Sep 2025 comes after 15 Oct 2025)"
    )
    assert error.field == "reschedules"


def test_reschedules_decided_in_overlapping_periods_are_in_order() -> None:
    deadline = Deadline(
        due="2025-11",
        reschedules=[
            Reschedule(decided_on="2025-10-15", reason="first", due="2026-01"),
            Reschedule(decided_on="2025-10", reason="second", due="2026-02"),
        ],
    )
    assert deadline.current_due == date("2026-02")


@pytest.mark.parametrize(
    "targets",
    [{"due": "2026", "anchor": DURING_VISIT}, {}],
    ids=["both", "neither"],
)
def test_a_reschedule_needs_exactly_one_of_a_due_date_or_an_anchor(
    targets: dict[str, object],
) -> None:
    error = rejected(Reschedule, decided_on="2025-10", reason="moved", **targets)
    assert str(error) == "a reschedule needs exactly one of a due date or an anchor"
    assert error.field == "due"


def test_a_reschedule_needs_a_reason() -> None:
    error = rejected(Reschedule, decided_on="2025-10", reason="  ", due="2026")
    assert str(error) == "reason must be non-empty text"


# -- deadlines and the day the commitment was made ----------------------------------------------


def commitment(**fields: object) -> Commitment:
    values: dict[str, object] = {"id": "mous", "text": "Conclude the MoUs", "made_on": "2025-09-09"}
    return Commitment(**(values | fields))  # type: ignore[arg-type]


def test_a_deadline_before_the_commitment_was_made_is_rejected() -> None:
    error = rejected(commitment, deadline=Deadline(due="2025-08"))
    assert str(error) == (
        "commitment 'mous': deadline Aug 2025 is before the commitment was made (9 Sep 2025)"
    )
    assert error.field == "deadline"


def test_a_deadline_rescheduled_to_before_the_commitment_was_made_is_rejected() -> None:
    deadline = Deadline(due="2025-11").reschedule(
        due="2025-09-01", decided_on="2025-10", reason="brought forward"
    )
    error = rejected(commitment, deadline=deadline)
    assert str(error) == (
        "commitment 'mous': deadline 1 Sep 2025 is before the commitment was made (9 Sep 2025)"
    )
    assert error.field == "deadline"


def test_a_reschedule_decided_before_the_commitment_was_made_is_rejected() -> None:
    deadline = Deadline(due="2025-11").reschedule(
        due="2026-01", decided_on="2025-09-01", reason="moved"
    )
    error = rejected(commitment, deadline=deadline)
    assert str(error) == (
        "commitment 'mous': a reschedule decided on 1 Sep 2025 is before the commitment was made "
        "(9 Sep 2025)"
    )
    assert error.field == "deadline"


def test_a_deadline_that_may_fall_on_the_day_the_commitment_was_made_is_accepted() -> None:
    made = commitment(
        deadline=Deadline(due="2025-09").reschedule(
            due="2025-Q3", decided_on="2025-09", reason="vaguer"
        )
    )
    assert made.deadline is not None
    assert made.deadline.current_due == date("2025-Q3")


def test_a_deadline_tied_to_an_engagement_is_accepted_whatever_the_day_it_was_made() -> None:
    made = commitment(deadline=Deadline(anchor=DURING_VISIT))
    assert made.anchors == {"visit"}


# -- Recurrence ---------------------------------------------------------------------------------


def test_a_recurrence_keeps_its_interval_start_and_kinds() -> None:
    yearly = Recurrence(
        every=YEARLY,
        starts="2025-09-09",
        fulfilled_by=[EngagementKind.CONSULTATIONS, EngagementKind.TALKS],
    )
    assert yearly.starts == date("2025-09-09")
    assert yearly.fulfilled_by == {EngagementKind.CONSULTATIONS, EngagementKind.TALKS}
    assert str(yearly.every) == "12 months"


def test_a_recurrence_with_no_engagement_kinds_is_rejected() -> None:
    error = rejected(Recurrence, every=YEARLY, starts="2025-09-09", fulfilled_by=[])
    assert str(error) == "a recurrence needs at least one engagement kind"
    assert error.field == "fulfilled_by"


def test_a_recurrence_fulfilled_by_a_kind_given_as_text_is_rejected() -> None:
    error = rejected(Recurrence, every=YEARLY, starts="2025-09-09", fulfilled_by=["consultations"])
    assert str(error) == "fulfilled_by takes EngagementKind values, got 'consultations'"


def test_a_recurring_commitment_with_a_one_off_deadline_is_rejected() -> None:
    yearly = Recurrence(
        every=YEARLY, starts="2025-09-09", fulfilled_by=[EngagementKind.CONSULTATIONS]
    )
    error = rejected(commitment, recurrence=yearly, deadline=Deadline(due="2026-09"))
    assert str(error) == (
        "commitment 'mous': a recurring commitment has no one-off deadline; its next due date "
        "follows from the recurrence"
    )
    assert error.field == "recurrence"


# -- an engagement's date history ---------------------------------------------------------------


def test_an_engagement_may_have_no_date_yet() -> None:
    planned = visit()
    assert planned.date is None
    assert planned.dates == (None,)


def test_giving_an_engagement_a_date_keeps_every_date_it_had() -> None:
    source = Source(title="Presidential press office")
    planned = visit()
    known = planned.with_date("2025-11", decided_on="2025-09-09", reason="announced")
    fixed = known.with_date("2025-11-18", decided_on="2025-10-20", reason="date set", source=source)
    assert fixed.date == date("2025-11-18")
    assert fixed.dates == (None, date("2025-11"), date("2025-11-18"))
    assert fixed.date_changes == (
        DateChange(previous=None, decided_on="2025-09-09", reason="announced"),
        DateChange(previous="2025-11", decided_on="2025-10-20", reason="date set", source=source),
    )
    assert planned.date_changes == ()  # the original engagement is not changed


def test_an_engagement_may_lose_its_date_again() -> None:
    postponed = visit(date="2025-11").with_date(
        None, decided_on="2025-10-20", reason="postponed sine die"
    )
    assert postponed.dates == (date("2025-11"), None)


def test_an_engagement_date_change_that_keeps_the_same_date_is_rejected() -> None:
    error = rejected(
        visit(date="2025-11").with_date, "2025-11", decided_on="2025-10-01", reason="x"
    )
    assert str(error) == ("the date change decided on 1 Oct 2025 keeps the same date (Nov 2025)")
    assert error.field == "date_changes"


def test_an_engagement_date_change_from_no_date_to_no_date_is_rejected() -> None:
    error = rejected(visit().with_date, None, decided_on="2025-10-01", reason="still unknown")
    assert str(error) == (
        "the date change decided on 1 Oct 2025 keeps the same date (date not set)"
    )


def test_engagement_date_changes_decided_out_of_order_are_rejected() -> None:
    error = rejected(
        visit,
        date="2025-12",
        date_changes=[
            DateChange(previous=None, decided_on="2025-10-01", reason="announced"),
            DateChange(previous="2025-11", decided_on="2025-09-01", reason="postponed"),
        ],
    )
    assert str(error) == "date changes must be in the order they were decided"
    assert error.field == "date_changes"


def test_an_engagement_date_change_needs_a_reason() -> None:
    error = rejected(DateChange, previous=None, decided_on="2025-10-01", reason="")
    assert str(error) == "reason must be non-empty text"


def test_a_plain_deadline_is_a_date_never_tied_to_an_engagement_nor_rescheduled() -> None:
    plain = Deadline(due="2025-11")
    assert plain.is_plain
    assert plain.anchors == frozenset()
    assert not Deadline(anchor=DURING_VISIT).is_plain
    moved = plain.reschedule(due="2026-Q1", decided_on="2025-12-20", reason="postponed")
    assert not moved.is_plain
    assert moved.anchors == frozenset()  # moved, yet never tied to an engagement
