"""The concurrency harness at the fast profile: its targets, and its negative controls caught.

Each test starts real processes on one store (``reliability.workers.concurrency_*``); the
controls plant a bug in those processes and the same check must see it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reliability._concurrency_runs import Readers, run_increments, run_readers, run_stale_writes
from reliability.concurrency import (
    LOCK_CONTROLS,
    in_place_control,
    lock_control,
    scale_of,
    unchecked_open_control,
    version_control,
)
from reliability.workers.concurrency_common import MODES, Control, Mode

FAST = scale_of("fast")


@pytest.mark.parametrize("mode", MODES)
def test_processes_incrementing_one_counter_under_the_lock_lose_no_update(
    tmp_path: Path, mode: Mode
) -> None:
    result = run_increments(tmp_path, mode=mode, processes=FAST.processes, count=FAST.increments)
    assert result.first_error is None
    assert result.duplicates == 0
    assert result.final == result.acknowledged == FAST.processes * FAST.increments
    assert result.version == result.final + 1
    assert result.exact
    if mode == "journal":
        assert result.compactions > 0  # appends and compactions interleaved


@pytest.mark.parametrize("mode", MODES)
def test_a_write_from_a_stale_version_is_rejected_every_time(tmp_path: Path, mode: Mode) -> None:
    result = run_stale_writes(tmp_path, mode=mode, trials=FAST.trials)
    assert result.first_error is None
    assert (result.rejected, result.accepted, result.lost) == (FAST.trials, 0, 0)
    assert result.all_rejected


@pytest.fixture(scope="module", params=MODES)
def readers(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Readers:
    """One run of the readers check per mode, shared by the two tests that read it."""
    mode: Mode = request.param
    return run_readers(tmp_path_factory.mktemp(mode), mode=mode, saves=FAST.saves)


def test_readers_never_see_an_unreadable_store_while_a_writer_saves(readers: Readers) -> None:
    result = readers
    assert result.opens > 0
    assert result.refreshes > 0
    assert (result.unreadable, result.foreign, result.writer_errors) == (0, 0, 0), result.example
    assert result.saves == FAST.saves
    assert result.readable
    assert result.replaced > 0  # every save replaced the snapshot, or some compacted the journal


def test_readers_never_see_a_state_older_than_one_already_acknowledged(readers: Readers) -> None:
    result = readers
    assert result.opens > 0
    assert (result.misordered, result.inconsistent) == (0, 0), result.example
    assert result.current


def test_in_journal_mode_the_readers_meet_the_compaction_race_they_check(
    readers: Readers,
) -> None:
    """Paused opens span whole saves, so some find a compaction replaced the snapshot while
    they read it; the check above means something only if that happened."""
    result = readers
    if result.mode == "small":  # no journal read to pause in
        assert result.paused == 0
        return
    assert result.paused > 0
    assert result.raced > 0


@pytest.mark.parametrize("control", LOCK_CONTROLS)
def test_without_the_lock_file_the_increments_check_fails(control: Control) -> None:
    attempt, result = lock_control(control, FAST)
    assert attempt > 0, f"not caught: {result}"
    assert not result.exact
    assert result.lost > 0 or result.errors > 0


def test_without_the_version_check_the_stale_write_check_sees_them_accepted() -> None:
    attempt, result = version_control(FAST)
    assert attempt == 1
    assert not result.all_rejected
    assert result.accepted == result.lost == FAST.trials


def test_an_in_place_writer_is_caught_by_readers_seeing_an_unreadable_store() -> None:
    attempt, result = in_place_control(FAST)
    assert attempt > 0, f"not caught: {result}"
    assert not result.readable
    assert result.unreadable > 0


def test_an_open_racing_a_compaction_unchecked_is_caught_showing_an_older_state() -> None:
    attempt, result = unchecked_open_control(FAST)
    assert attempt > 0, f"not caught: {result}"
    assert not result.current
    assert result.misordered > 0
    assert result.paused > 0
    assert result.raced == 0  # the control reads once, never checking
