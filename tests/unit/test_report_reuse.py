"""Reports asked one after another about the same records on the same day share what was
resolved (``mou_tracker.reports.scope.select``), and never once the records changed."""

from __future__ import annotations

import gc
import weakref

import pendulum

from mou_tracker import (
    Commitment,
    Deadline,
    Engagement,
    EngagementKind,
    InMemoryRepository,
    Party,
)
from mou_tracker.reports import status_by_area, status_by_pair
from mou_tracker.reports.scope import select

DAY = pendulum.Date(2025, 12, 1)


def _talks(due: str) -> Engagement:
    return Engagement(
        id="talks",
        kind=EngagementKind.TALKS,
        title="Talks",
        date="2025-09-09",
        parties=[Party(country="PK"), Party(country="KZ")],
        areas=frozenset({"trade"}),
        commitments=(Commitment(id="c", text="Sign", deadline=Deadline(due=due)),),
    )


def _repo(due: str = "2026-03") -> InMemoryRepository:
    repo = InMemoryRepository()
    repo.add(_talks(due))
    return repo


def test_two_selections_of_the_same_records_on_the_same_day_share_one_resolver() -> None:
    repo = _repo()

    first, second = select(repo, as_of=DAY), select(repo, as_of=DAY)

    assert second.resolver is first.resolver
    assert second.matching == first.matching
    assert second.matching is not first.matching


def test_another_day_or_other_filters_get_their_own_resolver() -> None:
    repo = _repo()
    first = select(repo, as_of=DAY)

    assert select(repo, as_of=DAY.add(days=1)).resolver is not first.resolver
    assert select(repo, as_of=DAY, country="PK").resolver is not first.resolver


def test_a_report_after_an_update_counts_the_record_as_it_now_stands() -> None:
    repo = _repo("2026-03")
    before = status_by_pair(repo, as_of=DAY)

    repo.update(_talks("2025-10"), expected_version=1)
    after = status_by_pair(repo, as_of=DAY)
    areas = status_by_area(repo, as_of=DAY)

    overdue = before.headers.index("Overdue")
    assert (before.rows[0][overdue], after.rows[0][overdue]) == (0, 1)
    assert areas.rows[0][areas.headers.index("Overdue")] == 1


def test_a_repository_no_longer_used_is_not_kept_alive_by_its_last_report() -> None:
    repo = _repo()
    status_by_pair(repo, as_of=DAY)
    gone = weakref.ref(repo)

    del repo
    gc.collect()

    assert gone() is None


def test_the_collector_is_running_again_after_a_report() -> None:
    status_by_area(_repo(), as_of=DAY)

    assert gc.isenabled()


def test_changing_the_lists_of_a_selected_scope_does_not_change_the_next_one() -> None:
    repo = _repo()
    first = select(repo, as_of=DAY)

    first.engagements.clear()
    first.matching.clear()

    assert [r.id for r in select(repo, as_of=DAY).engagements] == ["talks"]
