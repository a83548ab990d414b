"""Anchor integrity: a deadline tied to an engagement must point at a stored engagement, on add,
on update, at the end of a batch (both backends), and when a file is loaded (JSON)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
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
    FormatError,
    JsonRepository,
    Party,
    Record,
    Repository,
    StatusChange,
    ValidationError,
    check_file,
)

PARTIES = (Party(country="KZ"), Party(country="PK"))


def tied_to(engagement_id: str, commitment_id: str = "mous") -> Commitment:
    return Commitment(
        id=commitment_id,
        text="Conclude the MoUs",
        deadline=Deadline(anchor=Anchor(engagement_id=engagement_id)),
    )


def was_tied_to(engagement_id: str) -> Commitment:
    """A commitment first due during ``engagement_id``, later moved to a fixed date."""
    deadline = Deadline(anchor=Anchor(engagement_id=engagement_id)).reschedule(
        due="2026-Q1", decided_on="2025-10", reason="fixed to a quarter"
    )
    return Commitment(id="was-tied", text="Sign the roadmap", deadline=deadline)


def engagement(engagement_id: str, *commitments: Commitment) -> Engagement:
    return Engagement(
        id=engagement_id,
        kind=EngagementKind.VISIT,
        title=f"Engagement {engagement_id}",
        date="2025-11",
        parties=PARTIES,
        commitments=commitments,
    )


def plan(plan_id: str = "plan", *commitments: Commitment) -> Agreement:
    return Agreement(
        id=plan_id,
        kind=AgreementKind.ACTION_PLAN,
        title="Action plan",
        parties=PARTIES,
        history=[StatusChange(status=AgreementStatus.SIGNED, date="2025-09-09")],
        commitments=commitments,
    )


def dangling(record_id: str, engagement_id: str, commitment_id: str = "mous") -> str:
    return (
        f"record {record_id!r}: the deadline of commitment {commitment_id!r} is tied to "
        f"engagement {engagement_id!r}, which does not exist"
    )


def rejected(action: Any, *args: object, **kwargs: object) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        action(*args, **kwargs)
    return info.value


def contents(repo: Repository) -> dict[str, tuple[Record, int]]:
    """Every record with its version, as a fresh handle sees it."""
    fresh = JsonRepository(repo.path) if isinstance(repo, JsonRepository) else repo
    return {r.id: (r, fresh.version(r.id)) for r in fresh.records()}


# -- add and update -----------------------------------------------------------------------------


def test_a_record_tied_to_a_stored_engagement_is_added(repo: Repository) -> None:
    repo.add(engagement("visit"))
    repo.add(plan("plan", tied_to("visit")))
    assert repo.get_agreement("plan").commitments[0].anchors == {"visit"}


def test_adding_a_record_tied_to_an_unknown_engagement_is_rejected(repo: Repository) -> None:
    error = rejected(repo.add, plan("plan", tied_to("visit")))
    assert str(error) == dangling("plan", "visit")
    assert error.field == "anchor"
    assert "plan" not in repo
    assert contents(repo) == {}


def test_a_deadline_tied_to_an_agreement_is_rejected_as_tied_to_no_engagement(
    repo: Repository,
) -> None:
    repo.add(plan("other-plan"))
    error = rejected(repo.add, engagement("talks", tied_to("other-plan")))
    assert str(error) == dangling("talks", "other-plan")


def test_a_deadline_once_tied_to_an_unknown_engagement_is_rejected_too(repo: Repository) -> None:
    error = rejected(repo.add, plan("plan", was_tied_to("visit")))
    assert str(error) == dangling("plan", "visit", "was-tied")


def test_an_engagement_may_hold_a_deadline_tied_to_itself(repo: Repository) -> None:
    repo.add(engagement("visit", tied_to("visit")))
    assert repo.get_engagement("visit").commitments[0].anchors == {"visit"}


def test_updating_a_record_to_tie_it_to_an_unknown_engagement_is_rejected(
    repo: Repository,
) -> None:
    repo.add(engagement("visit"))
    repo.add(plan("plan", tied_to("visit")))
    before = contents(repo)
    error = rejected(
        repo.update, plan("plan", tied_to("visit"), tied_to("summit", "second")), expected_version=1
    )
    assert str(error) == dangling("plan", "summit", "second")
    assert contents(repo) == before


def test_updating_a_record_tied_to_a_stored_engagement_is_accepted(repo: Repository) -> None:
    repo.add(engagement("visit"))
    repo.add(engagement("summit"))
    repo.add(plan("plan", tied_to("visit")))
    assert repo.update(plan("plan", tied_to("summit")), expected_version=1) == 2


# -- remove -------------------------------------------------------------------------------------


def test_an_engagement_deadlines_are_tied_to_cannot_be_removed(repo: Repository) -> None:
    repo.add(engagement("visit"))
    repo.add(plan("plan", tied_to("visit")))
    repo.add(engagement("talks", tied_to("visit")))
    before = contents(repo)
    error = rejected(repo.remove, "visit")
    assert str(error) == (
        "engagement 'visit' cannot be removed: deadlines of 'plan', 'talks' are tied to it"
    )
    assert error.field == "id"
    assert contents(repo) == before


def test_an_engagement_a_deadline_was_once_tied_to_cannot_be_removed(repo: Repository) -> None:
    repo.add(engagement("visit"))
    repo.add(plan("plan", was_tied_to("visit")))
    error = rejected(repo.remove, "visit", expected_version=1)
    assert str(error) == "engagement 'visit' cannot be removed: deadlines of 'plan' are tied to it"
    assert "visit" in repo


def test_an_engagement_whose_only_tied_deadlines_are_its_own_can_be_removed(
    repo: Repository,
) -> None:
    repo.add(engagement("visit", tied_to("visit")))
    repo.remove("visit")
    assert contents(repo) == {}


def test_an_engagement_can_be_removed_once_nothing_is_tied_to_it(repo: Repository) -> None:
    repo.add(engagement("visit"))
    repo.add(plan("plan", tied_to("visit")))
    repo.remove("plan")
    repo.remove("visit")
    assert contents(repo) == {}


# -- batches: checked when the batch ends -------------------------------------------------------


def test_in_a_batch_a_record_may_be_added_before_the_engagement_it_is_tied_to(
    repo: Repository,
) -> None:
    with repo.batch():
        repo.add(plan("plan", tied_to("visit")))
        repo.add(engagement("visit"))
    assert set(contents(repo)) == {"plan", "visit"}


def test_a_batch_leaving_a_deadline_tied_to_an_unknown_engagement_is_undone(
    repo: Repository,
) -> None:
    repo.add(engagement("summit"))
    before = contents(repo)

    def add_dangling() -> None:
        with repo.batch():
            repo.add(engagement("visit"))
            repo.add(plan("plan", tied_to("ghost")))

    error = rejected(add_dangling)
    assert str(error) == dangling("plan", "ghost")
    assert contents(repo) == before
    assert {r.id for r in repo.records()} == {"summit"}


def test_a_batch_removing_an_engagement_deadlines_are_tied_to_is_undone(
    repo: Repository,
) -> None:
    repo.add(engagement("visit"))
    repo.add(plan("plan", tied_to("visit")))
    before = contents(repo)

    def remove_visit() -> None:
        with repo.batch():
            repo.remove("visit")

    error = rejected(remove_visit)
    assert str(error) == "engagement 'visit' cannot be removed: deadlines of 'plan' are tied to it"
    assert contents(repo) == before
    assert "visit" in repo


def test_a_batch_may_remove_an_engagement_and_every_record_tied_to_it(repo: Repository) -> None:
    repo.add(engagement("visit"))
    repo.add(plan("plan", tied_to("visit")))
    with repo.batch():
        repo.remove("visit")
        repo.remove("plan")
    assert contents(repo) == {}


def test_a_batch_may_replace_an_engagement_deadlines_are_tied_to_by_another_engagement(
    repo: Repository,
) -> None:
    repo.add(engagement("visit"))
    repo.add(plan("plan", tied_to("visit")))
    with repo.batch():
        repo.remove("visit")
        repo.add(attrs.evolve(engagement("visit"), title="Visit, rescheduled"))
    assert repo.get_engagement("visit").title == "Visit, rescheduled"


def test_a_batch_replacing_an_engagement_deadlines_are_tied_to_by_an_agreement_is_undone(
    repo: Repository,
) -> None:
    repo.add(engagement("visit"))
    repo.add(plan("plan", tied_to("visit")))
    before = contents(repo)

    def replace_by_an_agreement() -> None:
        with repo.batch():
            repo.remove("visit")
            repo.add(plan("visit"))

    error = rejected(replace_by_an_agreement)
    assert str(error) == "engagement 'visit' cannot be removed: deadlines of 'plan' are tied to it"
    assert contents(repo) == before


# -- loading a file (JSON only) -----------------------------------------------------------------


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    """A file with an engagement ``visit``, a plan tied to it, and talks tied to it (second)."""
    path = tmp_path / "store.json"
    repo = JsonRepository(path)
    repo.add(engagement("visit"))
    repo.add(plan("plan", tied_to("visit")))
    repo.add(engagement("talks", Commitment(id="free", text="No deadline"), tied_to("visit")))
    return path


def rewrite(path: Path, change: Any) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")


def retie(section: str, index: int, commitment: int, engagement_id: str) -> Any:
    def change(document: dict[str, Any]) -> None:
        deadline = document[section][index]["commitments"][commitment]["deadline"]
        deadline["anchor"]["engagement_id"] = engagement_id

    return change


def test_a_file_with_a_deadline_tied_to_an_unknown_engagement_is_refused_with_its_path(
    saved: Path,
) -> None:
    rewrite(saved, retie("agreements", 0, 0, "ghost"))
    with pytest.raises(FormatError) as info:
        JsonRepository(saved)
    assert str(info.value) == (
        f"{saved}: record 'plan': the deadline is tied to engagement 'ghost', which does not "
        "exist @ $.agreements[0].commitments[0].deadline"
    )
    assert info.value.record_id == "plan"
    assert info.value.json_path == "$.agreements[0].commitments[0].deadline"


def test_a_file_whose_engagement_was_deleted_by_hand_lists_every_dangling_deadline(
    saved: Path,
) -> None:
    def drop_visit(document: dict[str, Any]) -> None:
        document["engagements"] = [e for e in document["engagements"] if e["id"] != "visit"]

    rewrite(saved, drop_visit)
    problems = check_file(saved)
    assert [(p.record_id, p.json_path, p.reason) for p in problems] == [
        (
            "plan",
            "$.agreements[0].commitments[0].deadline",
            "the deadline is tied to engagement 'visit', which does not exist",
        ),
        (
            "talks",
            "$.engagements[0].commitments[1].deadline",
            "the deadline is tied to engagement 'visit', which does not exist",
        ),
    ]


def test_a_file_with_a_reschedule_tied_to_an_unknown_engagement_is_refused(saved: Path) -> None:
    def move_to_ghost(document: dict[str, Any]) -> None:
        deadline = document["agreements"][0]["commitments"][0]["deadline"]
        deadline["reschedules"] = [
            {"decided_on": "2025-10", "reason": "moved", "anchor": {"engagement_id": "ghost"}}
        ]

    rewrite(saved, move_to_ghost)
    with pytest.raises(FormatError) as info:
        JsonRepository(saved)
    assert info.value.json_path == "$.agreements[0].commitments[0].deadline"
    assert info.value.reason == "the deadline is tied to engagement 'ghost', which does not exist"


def test_a_file_with_a_deadline_tied_to_an_agreement_is_refused(saved: Path) -> None:
    rewrite(saved, retie("engagements", 0, 1, "plan"))
    with pytest.raises(FormatError) as info:
        JsonRepository(saved)
    assert str(info.value) == (
        f"{saved}: record 'talks': the deadline is tied to engagement 'plan', which does not "
        "exist @ $.engagements[0].commitments[1].deadline"
    )


def test_a_file_whose_deadlines_are_all_tied_to_its_engagements_loads(saved: Path) -> None:
    assert check_file(saved) == []
    assert {r.id for r in JsonRepository(saved).records()} == {"plan", "talks", "visit"}
