"""Use cases over a repository (both backends): moving an engagement, rescheduling a deadline."""

from __future__ import annotations

import errno
from pathlib import Path

import attrs
import pytest

import mou_tracker.storage.atomic as atomic
from mou_tracker import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Anchor,
    AnchorRelation,
    Commitment,
    DateChange,
    Deadline,
    Due,
    Engagement,
    EngagementKind,
    Interval,
    InvalidIdError,
    JsonRepository,
    NotFoundError,
    PartialDate,
    Party,
    ProgressNote,
    Repository,
    Reschedule,
    Schedule,
    Source,
    StatusChange,
    StorageError,
    ValidationError,
)
from mou_tracker.services import move_engagement, reschedule_deadline

PARTIES = (Party(country="KZ"), Party(country="PK"))
SOURCE = Source(title="Presidential press office", published="2025-10-20")
DURING_VISIT = Anchor(engagement_id="visit")
AFTER_VISIT = Anchor(
    engagement_id="visit", relation=AnchorRelation.AFTER, offset=Interval.parse("3 months")
)


def date(text: str) -> PartialDate:
    return PartialDate.parse(text)


def engagement(engagement_id: str, when: str | None, *commitments: Commitment) -> Engagement:
    return Engagement(
        id=engagement_id,
        kind=EngagementKind.TALKS,
        title=f"Engagement {engagement_id}",
        date=when,
        parties=PARTIES,
        commitments=commitments,
    )


def plan(*commitments: Commitment) -> Agreement:
    return Agreement(
        id="plan",
        kind=AgreementKind.ACTION_PLAN,
        title="Action plan",
        parties=PARTIES,
        history=[StatusChange(status=AgreementStatus.SIGNED, date="2025-09-09")],
        commitments=commitments,
    )


def commitment(commitment_id: str, deadline: Deadline | None, **fields: object) -> Commitment:
    values: dict[str, object] = {"made_on": "2025-09-09"}
    return Commitment(
        id=commitment_id,
        text=f"Commitment {commitment_id}",
        deadline=deadline,
        **(values | fields),  # type: ignore[arg-type]
    )


@pytest.fixture
def stored(repo: Repository) -> Repository:
    """A visit in November 2025; talks whose commitments are due during and 3 months after it,
    by a fixed date, or by another engagement; a plan with one commitment due during the visit."""
    repo.add(engagement("visit", "2025-11"))
    repo.add(engagement("summit", "2026-06"))
    repo.add(
        engagement(
            "talks",
            "2025-09-09",
            commitment("mous", Deadline(anchor=DURING_VISIT)),
            commitment("follow-up", Deadline(anchor=AFTER_VISIT)),
            commitment("fixed", Deadline(due="2025-12")),
            commitment("at-summit", Deadline(anchor=Anchor(engagement_id="summit"))),
        )
    )
    repo.add(plan(commitment("roadmap", Deadline(anchor=DURING_VISIT))))
    return repo


def notes(repo: Repository, record_id: str, commitment_id: str) -> tuple[ProgressNote, ...]:
    record = repo.get(record_id)
    return next(c for c in record.commitments if c.id == commitment_id).progress


def reopened(repo: Repository) -> Repository:
    """What a fresh handle sees (the repository itself when it lives in memory)."""
    return JsonRepository(repo.path) if isinstance(repo, JsonRepository) else repo


# -- move_engagement ----------------------------------------------------------------------------


def test_moving_an_engagement_notes_the_change_in_each_commitment_tied_to_it(
    stored: Repository,
) -> None:
    noted = move_engagement(
        stored, "visit", "2025-11-18", decided_on="2025-10-20", reason="date set", source=SOURCE
    )
    assert noted == ["plan", "talks"]
    repo = reopened(stored)
    assert notes(repo, "talks", "mous") == (
        ProgressNote(
            date="2025-10-20",
            text="deadline follows visit: Nov 2025 -> 18 Nov 2025 (date set)",
            source=SOURCE,
        ),
    )
    assert [n.text for n in notes(repo, "talks", "follow-up")] == [
        "deadline follows visit: Feb 2026 -> 18 Feb 2026 (date set)"
    ]
    assert [n.text for n in notes(repo, "plan", "roadmap")] == [
        "deadline follows visit: Nov 2025 -> 18 Nov 2025 (date set)"
    ]


def test_moving_an_engagement_leaves_commitments_not_tied_to_it_alone(stored: Repository) -> None:
    move_engagement(stored, "visit", "2025-11-18", decided_on="2025-10-20", reason="date set")
    repo = reopened(stored)
    assert notes(repo, "talks", "fixed") == ()
    assert notes(repo, "talks", "at-summit") == ()


def test_moving_an_engagement_keeps_its_previous_date_in_its_history(stored: Repository) -> None:
    move_engagement(
        stored, "visit", "2025-11-18", decided_on="2025-10-20", reason="date set", source=SOURCE
    )
    visit = reopened(stored).get_engagement("visit")
    assert visit.date == date("2025-11-18")
    assert visit.date_changes == (
        DateChange(previous="2025-11", decided_on="2025-10-20", reason="date set", source=SOURCE),
    )
    assert reopened(stored).version("visit") == 2
    assert reopened(stored).version("summit") == 1


def test_deadlines_tied_to_a_moved_engagement_follow_it(stored: Repository) -> None:
    move_engagement(stored, "visit", "2025-11-18", decided_on="2025-10-20", reason="date set")
    talks = stored.get_engagement("talks")
    schedule = Schedule.of(stored.records())
    due = {
        c.id: schedule.latest_due(c.deadline) for c in talks.commitments if c.deadline is not None
    }
    assert due == {
        "mous": Due(date("2025-11-18")),
        "follow-up": Due(date("2026-02-18")),
        "fixed": Due(date("2025-12")),
        "at-summit": Due(date("2026-06")),
    }


def test_an_engagement_date_becoming_known_is_noted_from_date_not_set(repo: Repository) -> None:
    repo.add(engagement("visit", None))
    repo.add(engagement("talks", "2025-09-09", commitment("mous", Deadline(anchor=DURING_VISIT))))
    assert (
        str(Schedule.of(repo.records()).latest_due(Deadline(anchor=DURING_VISIT))) == "date not set"
    )
    move_engagement(repo, "visit", "2025-11", decided_on="2025-09-20", reason="announced")
    assert [n.text for n in notes(repo, "talks", "mous")] == [
        "deadline follows visit: date not set -> Nov 2025 (announced)"
    ]
    move_engagement(repo, "visit", None, decided_on="2025-10-30", reason="postponed sine die")
    assert [n.text for n in notes(repo, "talks", "mous")][-1] == (
        "deadline follows visit: Nov 2025 -> date not set (postponed sine die)"
    )
    assert repo.get_engagement("visit").dates == (None, date("2025-11"), None)


def test_a_deadline_moved_away_from_the_engagement_is_not_noted(repo: Repository) -> None:
    moved_away = Deadline(anchor=DURING_VISIT).reschedule(
        due="2026-Q1", decided_on="2025-10-01", reason="fixed to a quarter"
    )
    repo.add(engagement("visit", "2025-11"))
    repo.add(engagement("talks", "2025-09-09", commitment("mous", moved_away)))
    assert move_engagement(repo, "visit", "2025-12", decided_on="2025-11", reason="late") == []
    assert notes(repo, "talks", "mous") == ()
    assert repo.version("talks") == 1


def test_a_commitment_of_the_moved_engagement_tied_to_it_is_noted(repo: Repository) -> None:
    repo.add(
        engagement("visit", "2025-11", commitment("joint-statement", Deadline(anchor=DURING_VISIT)))
    )
    assert move_engagement(repo, "visit", "2025-11-18", decided_on="2025-10-20", reason="set") == [
        "visit"
    ]
    visit = repo.get_engagement("visit")
    assert visit.date == date("2025-11-18")
    assert [n.text for n in visit.commitments[0].progress] == [
        "deadline follows visit: Nov 2025 -> 18 Nov 2025 (set)"
    ]


def test_moving_an_engagement_to_the_date_it_has_is_rejected_and_changes_nothing(
    stored: Repository,
) -> None:
    with pytest.raises(ValidationError) as info:
        move_engagement(stored, "visit", "2025-11", decided_on="2025-10-20", reason="confirmed")
    assert str(info.value) == (
        "the date change decided on 20 Oct 2025 keeps the same date (Nov 2025)"
    )
    assert reopened(stored).version("visit") == 1
    assert notes(reopened(stored), "talks", "mous") == ()


def test_a_move_that_cannot_be_saved_changes_no_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = JsonRepository(tmp_path / "store.json")
    repo.add(engagement("visit", "2025-11"))
    repo.add(engagement("talks", "2025-09-09", commitment("mous", Deadline(anchor=DURING_VISIT))))
    before = repo.path.read_bytes()

    def disk_full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", disk_full)
    with pytest.raises(StorageError):
        move_engagement(repo, "visit", "2025-11-18", decided_on="2025-10-20", reason="date set")
    assert repo.path.read_bytes() == before
    assert repo.get_engagement("visit").date == date("2025-11")
    assert (repo.version("visit"), repo.version("talks")) == (1, 1)
    assert notes(repo, "talks", "mous") == ()


def test_moving_an_unknown_engagement_is_rejected(stored: Repository) -> None:
    with pytest.raises(NotFoundError) as info:
        move_engagement(stored, "state-visit", "2025-11-18", decided_on="2025-10", reason="x")
    assert str(info.value) == "no record with id 'state-visit'"


def test_moving_an_agreement_as_if_it_were_an_engagement_is_rejected(stored: Repository) -> None:
    with pytest.raises(NotFoundError):
        move_engagement(stored, "plan", "2025-11-18", decided_on="2025-10", reason="x")
    assert reopened(stored).version("plan") == 1


def test_a_move_recorded_after_later_progress_notes_is_noted_in_date_order(
    repo: Repository,
) -> None:
    drafts = ProgressNote(date="2025-10-15", text="drafts exchanged")
    repo.add(engagement("visit", "2025-11"))
    repo.add(
        engagement(
            "talks",
            "2025-09-09",
            commitment("mous", Deadline(anchor=DURING_VISIT), progress=[drafts]),
        )
    )
    # the date was set on 1 October, but the tracker learns of it only later
    assert move_engagement(
        repo, "visit", "2025-11-18", decided_on="2025-10-01", reason="date set"
    ) == ["talks"]
    assert [(str(n.date), n.text) for n in notes(repo, "talks", "mous")] == [
        ("1 Oct 2025", "deadline follows visit: Nov 2025 -> 18 Nov 2025 (date set)"),
        ("15 Oct 2025", "drafts exchanged"),
    ]


# -- reschedule_deadline ------------------------------------------------------------------------


def test_rescheduling_a_stored_deadline_keeps_the_move_and_returns_the_new_version(
    stored: Repository,
) -> None:
    version = reschedule_deadline(
        stored,
        "talks",
        "fixed",
        due="2026-03",
        decided_on="2025-11-20",
        reason="texts not ready",
        source=SOURCE,
    )
    assert version == 2
    repo = reopened(stored)
    assert repo.version("talks") == 2
    deadline = next(c for c in repo.get_engagement("talks").commitments if c.id == "fixed").deadline
    assert deadline == Deadline(
        due="2025-12",
        reschedules=[
            Reschedule(
                decided_on="2025-11-20", reason="texts not ready", due="2026-03", source=SOURCE
            )
        ],
    )
    schedule = Schedule.of(repo.records())
    assert (schedule.original_due(deadline), schedule.latest_due(deadline)) == (
        Due(date("2025-12")),
        Due(date("2026-03")),
    )
    assert schedule.slips(deadline) == 1


def test_a_stored_deadline_may_be_tied_to_an_engagement_by_rescheduling(
    stored: Repository,
) -> None:
    reschedule_deadline(
        stored,
        "plan",
        "roadmap",
        anchor=Anchor(engagement_id="summit"),
        decided_on="2025-10",
        reason="left to the summit",
    )
    roadmap = stored.get_agreement("plan").commitments[0]
    assert roadmap.deadline is not None
    assert Schedule.of(stored.records()).latest_due(roadmap.deadline) == Due(date("2026-06"))
    assert roadmap.anchors == {"visit", "summit"}


def test_rescheduling_to_an_unknown_engagement_is_rejected_and_changes_nothing(
    stored: Repository,
) -> None:
    with pytest.raises(ValidationError) as info:
        reschedule_deadline(
            stored,
            "talks",
            "fixed",
            anchor=Anchor(engagement_id="ghost"),
            decided_on="2025-10",
            reason="tied to a visit never recorded",
        )
    assert str(info.value) == (
        "record 'talks': the deadline of commitment 'fixed' is tied to engagement 'ghost', "
        "which does not exist"
    )
    assert info.value.field == "anchor"
    assert reopened(stored).version("talks") == 1


def test_rescheduling_to_the_same_date_is_rejected(stored: Repository) -> None:
    with pytest.raises(ValidationError) as info:
        reschedule_deadline(
            stored, "talks", "fixed", due="2025-12", decided_on="2025-11", reason="confirmed"
        )
    assert str(info.value) == (
        "a reschedule on Nov 2025 moves the deadline to the target it already has (Dec 2025)"
    )
    assert stored.version("talks") == 1


def test_rescheduling_to_before_the_commitment_was_made_is_rejected(stored: Repository) -> None:
    with pytest.raises(ValidationError) as info:
        reschedule_deadline(
            stored, "talks", "fixed", due="2025-08", decided_on="2025-10", reason="backdated"
        )
    assert str(info.value) == (
        "commitment 'fixed': deadline Aug 2025 is before the commitment was made (9 Sep 2025)"
    )
    assert stored.version("talks") == 1


def test_rescheduling_a_commitment_without_a_deadline_is_rejected(repo: Repository) -> None:
    repo.add(engagement("talks", "2025-09-09", commitment("open-ended", None)))
    with pytest.raises(ValidationError) as info:
        reschedule_deadline(
            repo, "talks", "open-ended", due="2026", decided_on="2025-10", reason="x"
        )
    assert str(info.value) == "commitment 'open-ended' of 'talks' has no deadline to move"
    assert info.value.field == "deadline"


def test_rescheduling_an_unknown_commitment_or_record_is_rejected(stored: Repository) -> None:
    with pytest.raises(NotFoundError) as info:
        reschedule_deadline(
            stored, "talks", "nothing", due="2026", decided_on="2025-10", reason="x"
        )
    assert (info.value.record_id, info.value.commitment_id) == ("talks", "nothing")
    assert str(info.value) == "record 'talks' has no commitment 'nothing'"
    with pytest.raises(NotFoundError) as info:
        reschedule_deadline(stored, "nowhere", "mous", due="2026", decided_on="2025-10", reason="x")
    assert str(info.value) == "no record with id 'nowhere'"


def test_rescheduling_changes_only_the_named_commitment(stored: Repository) -> None:
    before = stored.get_engagement("talks")
    reschedule_deadline(
        stored, "talks", "mous", due="2026-Q1", decided_on="2025-11-18", reason="texts not ready"
    )
    after = stored.get_engagement("talks")
    assert [c for c in after.commitments if c.id != "mous"] == [
        c for c in before.commitments if c.id != "mous"
    ]
    assert attrs.evolve(after, commitments=()) == attrs.evolve(before, commitments=())


@pytest.mark.parametrize("commitment_id", ["../x", "", "Fixed", "a/b"])
def test_rescheduling_a_commitment_named_by_an_invalid_id_is_refused_as_such(
    stored: Repository, commitment_id: str
) -> None:
    with pytest.raises(InvalidIdError, match="commitment id"):
        reschedule_deadline(
            stored, "talks", commitment_id, due="2026-01", decided_on="2025-10", reason="x"
        )
    assert reopened(stored).version("talks") == 1
