"""The fault-injection harness: its targets, and each negative control caught.

The loop (every OS call of every storage operation failed, once and persistently) runs once for
the module; each test then asserts one of its guarantees. The loop is exhaustive and
deterministic: the same calls fail in the same order at every run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from reliability.fault_checks import Tally
from reliability.fault_controls import CONTROLS, Control, run_control
from reliability.fault_coverage import IO_MODULES, handlers, unreached
from reliability.fault_loop import run_loop
from reliability.fault_scenarios import SCENARIOS
from reliability.faults import DISK_FULL_CASES, disk_full, handler_reach, loop_figures

CALLS = (
    "os.open",
    "os.write",
    "os.fsync",
    "os.fdatasync",
    "os.replace",
    "os.close",
    "os.unlink",
    "os.ftruncate",
    "os.lseek",
    "os.fstat",
    "os.stat",
    "os.scandir",
    "io.open",
    "file.read",
    "file.seek",
    "file.close",
    "fcntl.flock",
)
"""Every kind of call the storage makes to the operating system."""


@pytest.fixture(scope="module")
def tally() -> Tally:
    return run_loop()


def test_the_loop_found_no_defect(tally: Tally) -> None:
    assert tally.problems == []


def test_every_call_of_every_operation_was_failed_once_and_from_then_on(tally: Tally) -> None:
    assert tally.calls > 10 * len(SCENARIOS)
    assert tally.points >= 2 * tally.calls
    assert sorted(tally.failed_calls) == sorted(CALLS)


def test_every_failure_surfaced_as_a_library_error(tally: Tally) -> None:
    assert tally.raised > tally.points // 2
    assert tally.library_errors == tally.raised


def test_the_store_held_the_previous_state_or_the_announced_new_one(tally: Tally) -> None:
    assert tally.intact == tally.points


def test_failures_after_the_commit_point_were_reported_with_the_new_state_held(
    tally: Tally,
) -> None:
    assert tally.committed > 0
    assert tally.committed_intact == tally.committed


def test_the_handle_held_what_the_store_held(tally: Tally) -> None:
    assert tally.memory == tally.points


def test_no_temporary_file_lock_or_descriptor_was_left(tally: Tally) -> None:
    assert (tally.leftovers, tally.lock_leaks, tally.fd_leaks) == (0, 0, 0)


def test_the_same_handle_saved_correctly_once_the_fault_was_gone(tally: Tally) -> None:
    assert tally.recovered == tally.points + tally.race_trials


def test_reads_raced_by_a_writer_at_every_call_held_a_state_the_store_held(tally: Tally) -> None:
    assert tally.races > 0
    assert tally.races_consistent == tally.race_trials


def test_every_figure_of_the_loop_passes(tally: Tally) -> None:
    assert [f.name for f in loop_figures(tally) if not f.passed] == []


def test_a_second_failure_after_the_first_leaves_the_store_as_consistent() -> None:
    """The full profile fails every pair of calls of every operation; here, of two."""
    names = ("update, journal append", "compact()")
    paired = run_loop([s for s in SCENARIOS if s.name in names], races=False, pairs=True)
    assert paired.pairs > 50
    assert paired.problems == []
    assert paired.intact == paired.memory == paired.recovered == paired.points


@pytest.mark.parametrize("case", DISK_FULL_CASES)
def test_a_save_on_a_full_disk_fails_cleanly_or_lands_in_the_journal(case: str) -> None:
    result = disk_full(case)
    assert result.passed, result


@pytest.mark.parametrize("control", CONTROLS, ids=lambda c: c.name)
def test_the_loop_sees_the_bug_of_each_negative_control(control: Control) -> None:
    assert run_control(control) > 0


def test_the_loop_alone_runs_every_except_and_finally_body_of_the_io_modules() -> None:
    total, missed = handler_reach()
    assert total >= 40
    assert missed == []


def test_the_coverage_checker_finds_every_except_and_finally_body(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_text(
        "try:\n    a = 1\nexcept OSError:\n    b = 2\nexcept Exception:\n    c = 3\n"
        "finally:\n    d = 4\ntry:\n    e = 5\nfinally:\n    f = 6\n",
        encoding="utf-8",
    )
    found = handlers(module)
    assert [(h.line, h.kind) for h in found] == [
        (4, "except OSError"),
        (6, "except Exception"),
        (8, "finally"),
        (12, "finally"),
    ]
    assert unreached({module: {4, 8, 12}}, found) == [found[1]]


def test_the_io_modules_the_checker_reads_have_handlers() -> None:
    for module in IO_MODULES:
        ast.parse(module.read_text(encoding="utf-8"))
        assert handlers(module), module
