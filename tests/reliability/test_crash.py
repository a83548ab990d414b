"""The crash harness at its fast profile: SIGKILL never costs an acknowledged save, never
leaves a blend of two saves or a temporary file, and each negative control is caught."""

from __future__ import annotations

import pytest

from reliability import crash
from reliability.crash import Tally
from reliability.workers.crash_plan import CONTROLS
from reliability.workers.crash_state import expected, judge


@pytest.fixture(scope="module")
def tallies() -> dict[str, Tally]:
    """One fast run of every chain (the real writer and the broken ones), shared by the tests."""
    return crash.run("fast")


def test_expected_state_follows_single_updates_and_batches() -> None:
    assert expected(0) == {"counter-a": 0, "counter-b": 0, "counter-c": 0, "counter-d": 0}
    assert expected(7) == {"counter-a": 6, "counter-b": 7, "counter-c": 5, "counter-d": 5}
    assert expected(10) == {"counter-a": 10, "counter-b": 10, "counter-c": 10, "counter-d": 10}


def test_the_judge_tells_half_a_batch_and_a_lost_save_from_a_consistent_state() -> None:
    half_batch = {"counter-a": 10, "counter-b": 10, "counter-c": 8, "counter-d": 9}
    assert judge(half_batch, acked=9) == ("mixed", 10)
    assert judge(expected(8), acked=9) == ("lost", 8)
    assert judge(expected(9), acked=9) == ("last ack", 9)
    assert judge(expected(10), acked=9) == ("next", 10)
    assert judge(expected(11), acked=9) == ("ahead", 11)
    assert judge({"counter-a": 6}, acked=6)[0] == "mixed"  # records missing


def test_after_every_sigkill_the_store_opens_at_the_last_acknowledged_save_or_the_next(
    tallies: dict[str, Tally],
) -> None:
    lib = tallies["library"]
    assert lib.trials == 32
    assert lib.problems == []
    assert lib.unreadable == 0
    assert lib.consistent == lib.trials
    assert lib.verdicts["mixed"] == lib.verdicts["lost"] == lib.verdicts["ahead"] == 0


def test_temp_files_left_by_kills_are_gone_after_the_next_open_and_the_next_save(
    tallies: dict[str, Tally],
) -> None:
    lib = tallies["library"]
    assert lib.kills_leaving_temps > 0  # or there was nothing to clean up
    assert lib.temps_after_open == 0
    assert lib.saved == lib.saves > 0
    assert lib.temps_after_save == 0


def test_kills_land_in_every_step_of_the_storage(tallies: dict[str, Tally]) -> None:
    landed = crash.coverage(tallies["library"])
    assert {label: count for label, (count, _) in landed.items() if count == 0} == {}
    parent = [k for k in tallies["library"].kills if k["phase"] == "parent SIGKILL"]
    assert any(k["call"] == "in a save" for k in parent)


@pytest.mark.parametrize(("variant", "failure"), [(c[0], c[3]) for c in CONTROLS])
def test_the_harness_catches_each_broken_writer(
    tallies: dict[str, Tally], variant: str, failure: str
) -> None:
    assert tallies[variant].seen(failure) > 0


def test_every_figure_of_the_fast_run_passes(tallies: dict[str, Tally]) -> None:
    figures = crash.library_figures(tallies["library"], crash.SEED) + crash.control_figures(tallies)
    assert [f.name for f in figures if not f.passed] == []
    assert str(crash.SEED) in figures[0].name
