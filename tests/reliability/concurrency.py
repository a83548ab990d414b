"""Concurrency (issue #6, item 3): several processes share one store.

Three checks, each run with every save rewriting the snapshot (``small``) and with every save
going to the journal (``journal``, so appends and compactions interleave):

1. **increments**: processes increment one counter inside ``batch()`` (which takes the lock and
   catches up); the counter ends exactly at the number of increments, at the matching version,
   with no value acknowledged twice and no error;
2. **stale writes**: two handles write from the same version; the second raises
   ``ConflictError`` every time and the store keeps the first write;
3. **readers during saves**: while one process saves, two others open the store in a loop
   (fresh handles and ``refresh()``); every open succeeds and shows a state the writer
   acknowledged, never an older one than what was acknowledged before it started.

Negative controls plant the bug each check exists for, in the workers, and must be caught by the
same check: no lock, the lock taken on the data file that ``os.replace`` swaps out, no version
check, a writer that rewrites the file in place, and an open that reads the snapshot and then
the journal without checking that a compaction did not come in between.
"""

from __future__ import annotations

from functools import partial

import attrs

from reliability._concurrency_runs import (
    Increments,
    Readers,
    StaleWrites,
    once,
    run_increments,
    run_readers,
    run_stale_writes,
    until_caught,
)
from reliability._harness import Figure, Profile, scale
from reliability.workers.concurrency_common import MODES, Control, Mode

HARNESS = "concurrency"
LOCK_CONTROLS: tuple[Control, ...] = ("no-lock", "data-file-lock")
CONTROL_ATTEMPTS = 5
"""Runs of a timing-dependent negative control before it counts as not caught."""


@attrs.frozen(kw_only=True)
class Scale:
    processes: int
    increments: int
    """Per process."""
    trials: int
    saves: int


def scale_of(profile: Profile) -> Scale:
    return Scale(
        processes=8,
        increments=scale(profile, fast=30, full=500),
        trials=scale(profile, fast=100, full=1000),
        saves=scale(profile, fast=150, full=2000),
    )


def lock_control(control: Control, size: Scale) -> tuple[int, Increments]:
    """Increments with the lock removed or misplaced: caught when updates are lost, or when
    saves fail (on a slow disk, writers with no lock delete each other's live temporary files:
    each clears what it takes for a crashed writer's leftovers, since nobody holds the lock)."""
    return until_caught(
        partial(
            run_increments,
            mode="small",
            processes=size.processes,
            count=size.increments,
            control=control,
        ),
        lambda result: not result.exact and (result.lost > 0 or result.errors > 0),
        attempts=CONTROL_ATTEMPTS,
    )


def version_control(size: Scale) -> tuple[int, StaleWrites]:
    """Stale writes without the version check: caught when one is accepted (deterministic)."""
    return until_caught(
        partial(run_stale_writes, mode="small", trials=size.trials, control="no-version-check"),
        lambda result: not result.all_rejected and result.accepted > 0,
        attempts=1,
    )


def in_place_control(size: Scale) -> tuple[int, Readers]:
    """Readers while saves rewrite the file in place: caught when an open fails."""
    return until_caught(
        partial(run_readers, mode="small", saves=size.saves, control="in-place-writer"),
        lambda result: not result.readable and result.unreadable > 0,
        attempts=CONTROL_ATTEMPTS,
    )


def unchecked_open_control(size: Scale) -> tuple[int, Readers]:
    """Readers that do not check the snapshot stayed the same while they read it and the
    journal (journal mode): caught when an open shows a state older than acknowledged."""
    return until_caught(
        partial(run_readers, mode="journal", saves=size.saves, control="unchecked-open"),
        lambda result: not result.current and result.misordered > 0,
        attempts=CONTROL_ATTEMPTS,
    )


def figures(profile: Profile) -> list[Figure]:
    size = scale_of(profile)
    found: list[Figure] = []
    for mode in MODES:
        increments = partial(
            run_increments, mode=mode, processes=size.processes, count=size.increments
        )
        found.append(_increments_figure(once(increments), mode))
    for mode in MODES:
        stale = once(partial(run_stale_writes, mode=mode, trials=size.trials))
        found.append(_stale_figure(stale, mode))
    for mode in MODES:
        found += _readers_figures(once(partial(run_readers, mode=mode, saves=size.saves)), mode)
    for control in LOCK_CONTROLS:
        attempt, counted_up = lock_control(control, size)
        lost = (
            f"{counted_up.lost} of {counted_up.acknowledged} updates lost "
            f"({counted_up.errors} errors)"
        )
        found.append(_control_figure(control, attempt, lost, "lost updates or failed saves"))
    attempt, stale = version_control(size)
    accepted = f"{stale.accepted}/{stale.trials} stale writes accepted"
    found.append(_control_figure("no-version-check", attempt, accepted, "stale writes accepted"))
    attempt, read = in_place_control(size)
    unreadable = f"{read.unreadable} of {read.opens + read.refreshes} opens unreadable"
    found.append(_control_figure("in-place-writer", attempt, unreadable, "unreadable opens"))
    attempt, read = unchecked_open_control(size)
    older = f"{read.misordered} of {read.opens + read.refreshes} opens older than acknowledged"
    found.append(_control_figure("unchecked-open", attempt, older, "stale opens"))
    return found


def _increments_figure(result: Increments, mode: Mode) -> Figure:
    measured = f"{result.final} at version {result.version}; {result.errors} errors"
    if mode == "journal":
        measured += f"; {result.compactions}+ compactions"
    return Figure(
        harness=HARNESS,
        name=f"{result.processes} processes x {result.per_process} increments ({mode})",
        measured=measured,
        target=f"exactly {result.expected} at version {result.expected + 1}; 0 errors",
        passed=result.exact,
    )


def _stale_figure(result: StaleWrites, mode: Mode) -> Figure:
    return Figure(
        harness=HARNESS,
        name=f"second write from a stale version rejected ({mode})",
        measured=f"{result.rejected}/{result.trials}; {result.lost} lost; {result.errors} errors",
        target=f"{result.trials}/{result.trials} ConflictError; 0 lost",
        passed=result.all_rejected,
    )


def _readers_figures(result: Readers, mode: Mode) -> list[Figure]:
    name = f"2 readers during {result.expected_saves} saves ({mode})"
    opened = f"{result.opens} opens + {result.refreshes} refreshes"
    raced = mode == "journal"
    if raced:
        opened += (
            f"; {result.replaced} compactions; {result.paused} opens paused mid-read, "
            f"{result.raced} found the snapshot replaced and read again"
        )
    return [
        Figure(
            harness=HARNESS,
            name=f"{name}: unreadable",
            measured=f"{result.unreadable + result.foreign} of {opened}",
            target="0",
            passed=result.readable,
        ),
        Figure(
            harness=HARNESS,
            name=f"{name}: older than acknowledged",
            measured=f"{result.misordered + result.inconsistent} of {result.opens} + "
            f"{result.refreshes}"
            + (f"; {result.raced} read again" if raced else "")
            + (f" ({result.example})" if result.example else ""),
            target="0" + ("; the compaction race met (read again > 0)" if raced else ""),
            passed=result.current and (not raced or result.raced > 0),
        ),
    ]


def _control_figure(control: Control, attempt: int, seen: str, bug: str) -> Figure:
    tries = f"caught at attempt {attempt}" if attempt else f"not caught in {CONTROL_ATTEMPTS}"
    return Figure(
        harness=HARNESS,
        name=f"negative control: {control}",
        measured=f"{tries}: {seen}",
        target=f"{bug} caught",
        passed=attempt > 0,
    )
