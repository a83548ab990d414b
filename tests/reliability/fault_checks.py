"""What the fault loop checks after each trial, and the counts it keeps."""

from __future__ import annotations

import collections
import fcntl
import os
from pathlib import Path

import attrs

from mou_tracker import CooperationArea, JsonRepository, MouTrackerError, Record
from mou_tracker.storage.atomic import TEMP_MARKER
from reliability.fault_store import CANARY, STORE, agreement


@attrs.frozen(kw_only=True)
class State:
    """What a repository holds: declared areas, and each record with its version."""

    areas: tuple[CooperationArea, ...]
    records: dict[str, tuple[Record, int]]


@attrs.frozen(kw_only=True)
class OnDisk:
    exists: bool
    state: State | None
    """None when the store cannot be opened."""


@attrs.define
class Tally:
    """What the loop saw: ``library_errors`` should equal ``raised``; ``committed_intact``,
    ``committed``; ``intact``, ``memory`` and ``recovered``, ``points``; ``races_consistent``,
    ``race_trials``; the leaks and leftovers should be 0."""

    calls: int = 0
    """OS calls made by the operations (the dry runs' counts, summed)."""
    points: int = 0
    """Trials: one call failed in one mode (or two calls, see ``pairs``)."""
    pairs: int = 0
    """Trials where a call failed once and a later one failed too."""
    raised: int = 0
    library_errors: int = 0
    committed: int = 0
    """Errors saying the change was committed (made after the commit point)."""
    committed_intact: int = 0
    """Of those, the ones where the store and the handle did hold the new state."""
    intact: int = 0
    """Trials where the store held the state the outcome announced."""
    memory: int = 0
    """Trials where the handle's memory held that state too."""
    recovered: int = 0
    leftovers: int = 0
    lock_leaks: int = 0
    fd_leaks: int = 0
    race_trials: int = 0
    """Trials where another writer was to save just before the k-th call of a read."""
    races: int = 0
    """Of those, the ones where it did (the lock was free)."""
    races_consistent: int = 0
    """Raced reads that returned holding a state the store held."""
    failed_calls: collections.Counter[str] = attrs.field(factory=collections.Counter)
    """How many trials failed each kind of call."""
    problems: list[str] = attrs.field(factory=list)
    """One line per defect seen: scenario, call, mode and what was wrong."""


def state_of(repo: JsonRepository) -> State:
    records = {r.id: (r, repo.version(r.id)) for r in repo.records()}
    return State(areas=repo.areas.extra, records=records)


def on_disk(path: Path) -> OnDisk:
    """The store as a new handle reads it (opening also removes stale temporary files)."""
    try:
        state: State | None = state_of(JsonRepository(path))
    except MouTrackerError:
        state = None
    return OnDisk(exists=path.exists(), state=state)


def lock_is_free(directory: Path) -> bool:
    """Whether another open file description takes the store's lock without waiting."""
    lock = directory / f"{STORE}.lock"
    if not lock.exists():
        return True
    fd = os.open(lock, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def temp_files(directory: Path) -> set[str]:
    return {p.name for p in directory.iterdir() if TEMP_MARKER in p.name}


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def with_canary(state: State) -> State:
    """``state`` once the recovery step has saved the canary record."""
    records = dict(state.records)
    version = records[CANARY][1] + 1 if CANARY in records else 1
    records[CANARY] = (agreement(2, notes="recovered"), version)
    return attrs.evolve(state, records=records)


@attrs.frozen(kw_only=True)
class Expected:
    """What a dry run of a scenario saw."""

    calls: tuple[str, ...]
    before: OnDisk
    after: OnDisk
    memory_before: State | None


def which(disk: OnDisk, expected: Expected) -> str:
    if disk.state is None:
        return "an unreadable store"
    if disk == expected.after:
        return "the new state"
    if disk == expected.before:
        return "the previous state"
    return "a state that is neither the previous nor the new one"


def memory_backed() -> str | None:
    """A file system in memory if there is one: every call is simulated to fail anyway, and
    thousands of real fsyncs would only make the loop slow."""
    shm = Path("/dev/shm")  # noqa: S108 - TemporaryDirectory makes a private directory in it
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
