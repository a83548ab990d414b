"""Negative controls: the fault loop run against deliberately broken storage must see each bug.

Each :class:`Control` patches one broken variant into the library for the length of a loop over
a few scenarios, and says which count of the :class:`Tally` must then be above 0.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

import mou_tracker.storage.atomic as atomic
import mou_tracker.storage.jsonfile as jsonfile
import mou_tracker.storage.pinning as pinning
from mou_tracker import StorageError
from mou_tracker.storage.state import StateRepository
from reliability.fault_checks import Tally
from reliability.fault_injection import ANY_MODES
from reliability.fault_loop import run_loop
from reliability.fault_scenarios import SCENARIOS


def in_place_write(path: Path, data: bytes) -> None:
    """TinyDB's way: truncate the file and write into it."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            atomic.write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise StorageError(f"{path}: could not save") from exc


def write_keeping_temp(path: Path, data: bytes) -> None:
    """atomic_write without the removal of its temporary file when it fails."""
    temp = path.with_name(f".{path.name}{atomic.TEMP_MARKER}control")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            atomic.write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except OSError as exc:
        raise StorageError(f"{path}: could not save") from exc
    atomic.fsync_directory(path.parent)


def write_raising_os_errors(path: Path, data: bytes) -> None:
    """atomic_write letting the operating system's errors out as they are."""
    temp = path.with_name(f".{path.name}{atomic.TEMP_MARKER}control")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        atomic.write_all(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.replace(temp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
    atomic.fsync_directory(path.parent)


_FSYNC_DIRECTORY = atomic.fsync_directory


def sync_not_announcing_commit(directory: Path) -> None:
    """fsync_directory saying "nothing was saved" when it fails after the rename."""
    try:
        _FSYNC_DIRECTORY(directory)
    except StorageError as exc:
        raise StorageError(f"{directory}: could not save") from exc


def begin_keeping_lock(self: jsonfile.JsonRepository) -> None:
    """_begin that does not let go of the lock when catching up fails."""
    stack = contextlib.ExitStack()
    stack.enter_context(atomic.exclusive_lock(self.lock_path))
    atomic.remove_stale_temp_files(self.path)
    self.refresh()
    self._lock = stack


def commit_applying_first(self: StateRepository, areas: Any, changes: dict[str, Any]) -> None:
    """_commit that changes memory before the save, so a failed save leaves it changed."""
    self._apply(areas, changes)
    if self._batch_depth == 0:
        self._persist(areas, changes, lambda: iter(self._records.values()))
    else:
        self._dirty = True
        self._batch_changes.update(changes)


def _no_close(self: pinning.Opened) -> None:
    """Opened.close that forgets to close."""


def _unchecked_load(self: jsonfile.JsonRepository) -> None:
    """_load that trusts a read even if the snapshot was replaced meanwhile."""
    self._read(stable_only=False)


@attrs.frozen(kw_only=True)
class Control:
    name: str
    target: Any
    attribute: str
    broken: Any
    scenarios: tuple[str, ...]
    seen: Callable[[Tally], int]
    """How many trials showed the bug (must be above 0)."""
    races: bool = False


CONTROLS: tuple[Control, ...] = (
    Control(
        name="in-place writer (no temporary file)",
        target=jsonfile,
        attribute="atomic_write",
        broken=in_place_write,
        scenarios=("add, snapshot rewrite",),
        seen=lambda t: t.points - t.intact,
    ),
    Control(
        name="temporary file kept after a failure",
        target=jsonfile,
        attribute="atomic_write",
        broken=write_keeping_temp,
        scenarios=("add, snapshot rewrite",),
        seen=lambda t: t.leftovers,
    ),
    Control(
        name="raw OSError let out",
        target=jsonfile,
        attribute="atomic_write",
        broken=write_raising_os_errors,
        scenarios=("add, snapshot rewrite",),
        seen=lambda t: t.raised - t.library_errors,
    ),
    Control(
        name="commit not announced (directory sync)",
        target=atomic,
        attribute="fsync_directory",
        broken=sync_not_announcing_commit,
        scenarios=("add, snapshot rewrite",),
        seen=lambda t: t.points - t.intact,
    ),
    Control(
        name="lock kept after an error",
        target=jsonfile.JsonRepository,
        attribute="_begin",
        broken=begin_keeping_lock,
        scenarios=("update, journal append",),
        seen=lambda t: t.lock_leaks,
    ),
    Control(
        name="memory changed before the save",
        target=StateRepository,
        attribute="_commit",
        broken=commit_applying_first,
        scenarios=("update, journal append",),
        seen=lambda t: t.points - t.memory,
    ),
    Control(
        name="descriptor not closed after a failed read",
        target=pinning.Opened,
        attribute="close",
        broken=_no_close,
        scenarios=("open",),
        seen=lambda t: t.fd_leaks,
    ),
    Control(
        name="reader ignores a snapshot replaced while it read",
        target=jsonfile.JsonRepository,
        attribute="_load",
        broken=_unchecked_load,
        scenarios=("open",),
        seen=lambda t: t.race_trials - t.races_consistent,
        races=True,
    ),
)


def run_control(control: Control) -> int:
    """Run the loop with the broken variant in place; how many trials showed the bug."""
    real = getattr(control.target, control.attribute)
    scenarios = [s for s in SCENARIOS if s.name in control.scenarios]
    assert len(scenarios) == len(control.scenarios), f"unknown scenario in {control.name}"
    setattr(control.target, control.attribute, control.broken)
    try:
        tally = run_loop(scenarios, ANY_MODES, races=control.races, control=True)
    finally:
        setattr(control.target, control.attribute, real)
    return control.seen(tally)
