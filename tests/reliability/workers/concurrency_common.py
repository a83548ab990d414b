"""What the concurrency workers share: the counter record, the storage mode, the planted bugs
(negative controls) and the start barrier.

The store holds one counter (an engagement whose ``notes`` is the count) beside filler records.
Every worker applies :func:`configure` before it opens the store with :func:`open_store`:
``journal`` mode sends every save to the journal (``small_snapshot_bytes=0``), and a control
replaces one safeguard of the library with the bug it prevents.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, get_args

import attrs

import mou_tracker.storage.jsonfile as jsonfile
from mou_tracker import Engagement, EngagementKind, JsonRepository, Party
from mou_tracker.errors import MouTrackerError
from mou_tracker.storage import atomic
from mou_tracker.storage.document import Stored
from mou_tracker.storage.state import StateRepository

Mode = Literal["small", "journal"]
MODES: tuple[Mode, ...] = get_args(Mode)
Control = Literal[
    "none", "no-lock", "data-file-lock", "no-version-check", "in-place-writer", "unchecked-open"
]
CONTROLS: tuple[Control, ...] = get_args(Control)

COUNTER_ID = "counter"
START_TIMEOUT = 120.0
"""Seconds a worker waits for the start signal before giving up."""


def counter(value: int) -> Engagement:
    return Engagement(
        id=COUNTER_ID,
        kind=EngagementKind.OTHER,
        title="Concurrency counter",
        parties=[Party(country="PK"), Party(country="KZ")],
        notes=str(value),
    )


def count_of(record: object) -> int:
    assert isinstance(record, Engagement)
    assert record.notes is not None
    return int(record.notes)


def counted(repo: JsonRepository) -> tuple[int, int]:
    """The counter's value and its record version in ``repo``."""
    return count_of(repo.get(COUNTER_ID)), repo.version(COUNTER_ID)


def filler(number: int, padding: int = 0) -> Engagement:
    """Another record, so the snapshot has some size (and the journal something to outgrow)."""
    return Engagement(
        id=f"filler-{number:04d}",
        kind=EngagementKind.TALKS,
        title=f"Filler engagement number {number} for the concurrency harness",
        parties=[
            Party(country="PK", institution="Ministry of Foreign Affairs"),
            Party(country="KZ"),
        ],
        place="Astana",
        areas={"trade", "culture"},
        notes="x" * padding if padding else None,
    )


def seed(path: Path, *, fillers: int, padding: int = 0) -> None:
    """Create the store: the counter at 0 (version 1), ``fillers`` records and, when
    ``padding`` is given, one more record carrying that many bytes of notes."""
    repo = JsonRepository.create(path)
    with repo.batch():
        repo.add(counter(0))
        for number in range(fillers):
            repo.add(filler(number))
        if padding:
            repo.add(filler(fillers, padding))


# -- negative controls --------------------------------------------------------------------------


@contextlib.contextmanager
def _no_lock(_path: Path) -> Iterator[None]:
    yield


_real_lock = atomic.exclusive_lock


@contextlib.contextmanager
def _lock_data_file(path: Path) -> Iterator[None]:
    """Lock ``store.json`` itself, the file each save replaces, instead of ``store.json.lock``."""
    with _real_lock(path.with_name(path.name.removesuffix(".lock"))):
        yield


def _unchecked(self: StateRepository, record_id: str, expected_version: int) -> Stored:
    """The version check removed: whatever version the caller read, the write goes through."""
    del expected_version
    return self._stored(record_id)


def _write_in_place(path: Path, data: bytes) -> None:
    """What TinyDB does: truncate the file and write the new content into it."""
    with path.open("wb") as handle:
        handle.write(data)


def _load_unchecked(self: JsonRepository) -> None:
    """Open as the library did before: read the snapshot, then the journal, and never check
    that a compaction did not replace the snapshot in between (its journal then looks gone)."""
    self._read(stable_only=False)


def patch(owner: object, name: str, value: object) -> None:
    if not hasattr(owner, name):  # a renamed target would make the control a silent no-op
        raise AttributeError(f"{owner!r} has no {name!r} to replace")
    setattr(owner, name, value)


def open_store(store: Path, mode: Mode) -> JsonRepository:
    """A handle on ``store`` saving in ``mode`` (journal: every save goes to the journal)."""
    small = 0 if mode == "journal" else jsonfile.SMALL_SNAPSHOT_BYTES
    return JsonRepository(store, small_snapshot_bytes=small)


def configure(control: Control) -> None:
    """Plant the control's bug (``none``: the library as it is)."""
    if control == "no-lock":
        patch(jsonfile, "exclusive_lock", _no_lock)
    elif control == "data-file-lock":
        patch(jsonfile, "exclusive_lock", _lock_data_file)
    elif control == "no-version-check":
        patch(StateRepository, "_checked", _unchecked)
    elif control == "in-place-writer":
        patch(jsonfile, "atomic_write", _write_in_place)
    elif control == "unchecked-open":
        patch(JsonRepository, "_load", _load_unchecked)


# -- command line and start barrier -------------------------------------------------------------


def parser(description: str | None) -> argparse.ArgumentParser:
    """Options every worker takes; a worker adds its own."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--mode", choices=MODES, required=True)
    parser.add_argument("--control", choices=CONTROLS, default="none")
    parser.add_argument("--ready", type=Path, help="created when the worker is ready to start")
    parser.add_argument("--start", type=Path, help="the worker starts when this file exists")
    return parser


def wait_for_start(options: argparse.Namespace) -> None:
    """Say we are ready, then wait for the harness to start every worker at once."""
    if options.ready is not None:
        options.ready.touch()
    if options.start is None:
        return
    deadline = time.monotonic() + START_TIMEOUT
    while not options.start.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"{options.start} never appeared")
        time.sleep(0.002)


def report(result: dict[str, Any]) -> None:
    """The worker's result: one JSON line on stdout, read by the harness."""
    print(json.dumps(result), flush=True)


def described(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]


@attrs.define
class Errors:
    """Exceptions a worker caught: the library's own, and anything else (a bug either way
    when no control is planted, but only the second kind escapes the library's contract)."""

    library: int = 0
    foreign: int = 0
    first: str | None = None

    def add(self, exc: Exception) -> None:
        if isinstance(exc, MouTrackerError):
            self.library += 1
        else:
            self.foreign += 1
        if self.first is None:
            self.first = described(exc)

    def as_dict(self) -> dict[str, Any]:
        return {"errors": self.library, "foreign_errors": self.foreign, "first_error": self.first}
