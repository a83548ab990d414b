"""The fault loop: every storage operation, its k-th OS call failed, for every k, in every mode.

For each scenario a dry run counts the calls the operation makes (twice: the count must not
change). Then, for each call k and each mode, a trial starts from a fresh copy of the scenario's
store, plants a stale temporary file as a crashed save would leave, runs the operation with the
k-th call failing, and checks, with the injector disarmed:

- the operation raised nothing or a :class:`MouTrackerError` (never a raw ``OSError``);
- the store, opened by a fresh handle, holds exactly the previous state, or exactly the new one,
  and the new one only if the operation returned or its error says ``committed``;
- the handle's memory holds the same state as the store;
- no temporary file was left, except one whose removal the injector itself failed;
- the lock is free (another open file description takes it without waiting);
- the same handle (or a new one, if the operation was opening it) then saves a change, which the
  store holds, and the temporary files are gone; no file descriptor is left open.

Reads (opening, refreshing) are also *raced*: another writer saves, compacts and saves again
just before their k-th call; they must then return without error and hold one of the two
states the store went through.
"""

from __future__ import annotations

import gc
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

from mou_tracker import JsonRepository, MouTrackerError, check_file
from mou_tracker.storage.atomic import TEMP_MARKER
from reliability.fault_checks import (
    Expected,
    OnDisk,
    Tally,
    lock_is_free,
    memory_backed,
    on_disk,
    open_descriptors,
    state_of,
    temp_files,
    which,
    with_canary,
)
from reliability.fault_injection import ANY_MODES, WRITE_MODES, Injector, Mode, Plan
from reliability.fault_scenarios import SCENARIOS, Scenario
from reliability.fault_store import (
    STORE,
    agreement,
    another_writer_races,
    journal_mode,
    open_store,
    put,
)

PLANTED = f".{STORE}{TEMP_MARKER}stale0crash"
"""A temporary file as a save killed mid-way leaves it."""
ALL_MODES: tuple[Mode, ...] = (*ANY_MODES, *WRITE_MODES)


@attrs.define
class Outcome:
    """One trial: what the operation returned or raised, and the defects seen."""

    where: str
    path: Path
    handle: JsonRepository | None
    error: BaseException | None = None
    failed: list[tuple[str, tuple[Any, ...]]] = attrs.field(factory=list)
    problems: list[str] = attrs.field(factory=list)


class FaultLoop:
    """Runs scenarios under an installed :class:`Injector`, in a scratch directory."""

    def __init__(self, injector: Injector, scratch: Path, *, control: bool = False) -> None:
        self.injector = injector
        self.scratch = scratch
        self.control = control
        """A negative control: the library is broken on purpose, and may not make the calls
        its scenarios expect."""
        self.tally = Tally()
        self._trials = 0

    def run(
        self, scenarios: Iterable[Scenario], modes: tuple[Mode, ...], races: bool, pairs: bool
    ) -> Tally:
        for scenario in scenarios:
            template = self._directory()
            with journal_mode(scenario.journal):
                scenario.prepare(template / STORE)
                expected = self._dry_run(scenario, template)
                self.tally.calls += len(expected.calls)
                for k, name in enumerate(expected.calls, start=1):
                    made = 0
                    for mode in modes:
                        if mode in ANY_MODES or name == "os.write":
                            plan = Plan(at=k, mode=mode)
                            calls = self._trial(scenario, template, expected, plan, name)
                            made = calls if mode == "eio-once" else made
                    for second in range(k + 1, made + 1) if pairs else ():
                        plan = Plan(at=k, mode="eio-twice", second=second)  # after one failure
                        self._trial(scenario, template, expected, plan, name)
                    if races and scenario.races:
                        self._trial(scenario, template, expected, Plan(at=k, mode="race"), name)
            shutil.rmtree(template)
        return self.tally

    def _directory(self, template: Path | None = None) -> Path:
        self._trials += 1
        directory = self.scratch / f"run-{self._trials}"
        if template is None:
            directory.mkdir()
        else:
            shutil.copytree(template, directory)
        return directory

    def _dry_run(self, scenario: Scenario, template: Path) -> Expected:
        seen: list[tuple[str, ...]] = []
        for _ in range(2):
            directory = self._directory(template)
            path = directory / STORE
            handle = scenario.start(path)
            memory = None if handle is None else state_of(handle)
            before = on_disk(path)
            (directory / PLANTED).write_bytes(b'{"half a sav')
            with self.injector.armed_with(None):
                scenario.run(path, handle)
            seen.append(tuple(self.injector.calls))
            after = on_disk(path)
            del handle
            shutil.rmtree(directory)
        if seen[0] != seen[1]:
            raise AssertionError(f"{scenario.name}: the calls differ between two dry runs")
        missing = set(scenario.makes) - set(seen[0])
        if missing and not self.control:
            raise AssertionError(f"{scenario.name}: the operation never calls {sorted(missing)}")
        return Expected(calls=seen[0], before=before, after=after, memory_before=memory)

    def _trial(
        self, scenario: Scenario, template: Path, expected: Expected, plan: Plan, name: str
    ) -> int:
        """One trial, judged; the number of calls the operation made."""
        tally = self.tally
        if plan.mode == "race":
            tally.race_trials += 1
        else:
            tally.points += 1
            tally.pairs += plan.mode == "eio-twice"
        if (tally.points + tally.race_trials) % 200 == 0:
            gc.collect()  # the loop runs with the collector off (see run_loop)
        descriptors = open_descriptors()
        directory = self._directory(template)
        path = directory / STORE
        handle = scenario.start(path)
        (directory / PLANTED).write_bytes(b'{"half a sav')
        raced: list[bool] = []
        if plan.mode == "race":
            plan = attrs.evolve(plan, action=lambda: raced.append(another_writer_races(path)))
        where = f"{scenario.name}: call {plan.at} ({name}) {plan.mode}"
        if plan.second:
            where += f" and call {plan.second}"
        outcome = Outcome(where=where, path=path, handle=None)
        with self.injector.armed_with(plan):
            try:
                outcome.handle = scenario.run(path, handle)
            except Exception as exc:  # the harness judges what escaped
                outcome.error, outcome.handle = exc, handle
        outcome.failed, made = list(self.injector.failed), len(self.injector.calls)
        lock_free = self._check_files(outcome, directory)  # before opening: that cleans up
        if plan.mode == "race":
            tally.races += any(raced)
            disk = self._judge_race(outcome, expected)
        else:
            tally.failed_calls[name] += 1
            disk = self._judge(outcome, expected)
        if lock_free:  # (else the recovery would wait for the lock forever)
            self._recover(outcome, path, disk, scenario)
        del outcome.error, outcome.handle, handle
        shutil.rmtree(directory)
        if open_descriptors() != descriptors:
            gc.collect()  # a handle kept alive by a reference cycle (a traceback) closes now
        if (difference := open_descriptors() - descriptors) != 0:
            tally.fd_leaks += 1
            outcome.problems.append(
                f"{difference} descriptor(s) left open"
                if difference > 0
                else f"{-difference} descriptor(s) opened before the trial closed during it"
            )
        tally.problems += [f"{outcome.where}: {problem}" for problem in outcome.problems]
        return made

    def _judge(self, outcome: Outcome, expected: Expected) -> OnDisk:
        """Check the error, the store and the handle's memory against what the error says."""
        tally, error = self.tally, outcome.error
        committed = bool(getattr(error, "committed", False))
        if error is not None:
            tally.raised += 1
            if isinstance(error, MouTrackerError):
                tally.library_errors += 1
                tally.committed += committed
            else:
                outcome.problems.append(f"raw {type(error).__name__}: {error}")
        new = error is None or committed
        disk = on_disk(outcome.path)
        stored = disk == (expected.after if new else expected.before)
        if stored:
            tally.intact += 1
        else:
            wanted = "new state" if new else "previous state"
            outcome.problems.append(f"the store holds {which(disk, expected)}, not the {wanted}")
        memory = expected.after.state if new else expected.memory_before
        held = outcome.handle is None or state_of(outcome.handle) == memory
        if held:
            tally.memory += 1
        else:
            outcome.problems.append("the handle's memory differs from what the outcome says")
        tally.committed_intact += committed and stored and held
        return disk

    def _judge_race(self, outcome: Outcome, expected: Expected) -> OnDisk:
        """A raced read returns, holding the state before the race or the one after it."""
        disk = on_disk(outcome.path)
        held = (expected.before.state, disk.state)
        if outcome.error is not None:
            outcome.problems.append(f"the raced read raised {type(outcome.error).__name__}")
        elif outcome.handle is None or state_of(outcome.handle) in held:
            self.tally.races_consistent += 1
        else:
            outcome.problems.append("the raced read holds a state the store never held")
        return disk

    def _check_files(self, outcome: Outcome, directory: Path) -> bool:
        """No temporary file left (but those the injector kept from being removed); whether
        the lock is free."""
        unremovable = {Path(args[0]).name for call, args in outcome.failed if call == "os.unlink"}
        left = temp_files(directory) - {PLANTED} - unremovable
        if left:
            self.tally.leftovers += 1
            outcome.problems.append(f"temporary files left: {sorted(left)}")
        if not lock_is_free(directory):
            self.tally.lock_leaks += 1
            outcome.problems.append("the lock is still held")
            return False
        return True

    def _recover(self, outcome: Outcome, path: Path, disk: OnDisk, scenario: Scenario) -> None:
        """The handle (or a new one) saves a change; or, for a damaged store, it still checks."""
        if scenario.damaged:
            if disk.state is None and check_file(path):
                self.tally.recovered += 1
            else:
                outcome.problems.append("the damaged store changed")
            return
        if disk.state is None:
            outcome.problems.append("the store cannot be opened")
            return
        try:
            repo = outcome.handle or open_store(path)
            put(repo, agreement(2, notes="recovered"))
        except Exception as exc:  # the harness judges what escaped
            outcome.problems.append(f"no recovery: {type(exc).__name__}: {exc}")
            return
        want, before = with_canary(disk.state), len(outcome.problems)
        if temp_files(path.parent):
            outcome.problems.append(f"temporary files after recovery: {temp_files(path.parent)}")
        if not lock_is_free(path.parent):
            outcome.problems.append("the lock is held after recovery")
        if on_disk(path).state != want or state_of(repo) != want:
            outcome.problems.append("the wrong state after recovery")
        self.tally.recovered += len(outcome.problems) == before


def run_loop(
    scenarios: Iterable[Scenario] = SCENARIOS,
    modes: tuple[Mode, ...] = ALL_MODES,
    *,
    races: bool = True,
    pairs: bool = False,
    control: bool = False,
) -> Tally:
    """Run the loop over ``scenarios`` in a temporary directory; the counts (``control``: for
    a negative control)."""
    injector = Injector()
    enabled = gc.isenabled()
    gc.disable()  # no collection (and no finalizer closing a descriptor) amid an operation
    gc.collect()  # garbage left by earlier code must not close its descriptors amid a trial
    try:
        with (
            tempfile.TemporaryDirectory(prefix="mou-faults-", dir=memory_backed()) as scratch,
            injector.installed(),
        ):
            loop = FaultLoop(injector, Path(scratch), control=control)
            return loop.run(scenarios, modes, races, pairs)
    finally:
        if enabled:
            gc.enable()
