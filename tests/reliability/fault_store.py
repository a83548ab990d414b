"""The stores the fault harness starts from, and what it does to them besides the operation.

``seed`` builds a small repository; inside ``journal_mode``, the handles ``open_store`` opens save
every change after the first to the journal (``small_snapshot_bytes=0``), as it does for
repositories over 1 MiB;
``another_writer_races`` is what another process might do between two calls of a reader.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import mou_tracker.storage.jsonfile as jsonfile
from mou_tracker import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    JsonRepository,
    Party,
    Record,
    StatusChange,
)

STORE = "store.json"
BIG_NOTES = 10_000
"""Notes long enough for one journal line to outgrow half of a seeded snapshot."""
CANARY = "agreement-2"
"""The record the recovery step updates (no operation touches it)."""


def agreement(n: int, notes: str | None = None) -> Agreement:
    return Agreement(
        id=f"agreement-{n}",
        kind=AgreementKind.MOU,
        title=f"Memorandum {n} on cooperation in trade",
        parties=[Party(country="PK"), Party(country="KZ")],
        history=[StatusChange(status=AgreementStatus.SIGNED, date="2025-08-20")],
        areas={"trade"},
        notes=notes,
    )


def put(repo: JsonRepository, record: Record) -> None:
    """Add ``record``, or update it from the version the handle knows."""
    if record.id in repo:
        repo.update(record, expected_version=repo.version(record.id))
    else:
        repo.add(record)


def seed(path: Path, count: int = 3, updates: int = 0) -> None:
    """A snapshot of ``count`` agreements, then ``updates`` updates of agreement-0."""
    repo = open_store(path)
    with repo.batch():
        for n in range(count):
            repo.add(agreement(n))
    for n in range(updates):
        put(repo, agreement(0, notes=f"update {n}"))


_SMALL_SNAPSHOT_BYTES = [jsonfile.SMALL_SNAPSHOT_BYTES]
"""The harness's mode, innermost last: what ``open_store`` passes to the library."""


def open_store(path: Path) -> JsonRepository:
    """A handle on ``path`` saving in the harness's current mode (see ``journal_mode``)."""
    return JsonRepository(path, small_snapshot_bytes=_SMALL_SNAPSHOT_BYTES[-1])


@contextlib.contextmanager
def journal_mode(enabled: bool) -> Iterator[None]:
    """Inside, ``open_store`` handles save every change after the first to the journal."""
    _SMALL_SNAPSHOT_BYTES.append(0 if enabled else _SMALL_SNAPSHOT_BYTES[-1])
    try:
        yield
    finally:
        _SMALL_SNAPSHOT_BYTES.pop()


def another_writer_races(path: Path) -> bool:
    """Another writer saves, compacts, and saves again (a new journal), as another process
    would between two calls of a reader; False, doing nothing, if the lock is busy (here, in
    the same thread, waiting for it would never end)."""
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    other = open_store(path)
    put(other, agreement(1, notes="raced"))
    other.compact()
    put(other, agreement(0, notes="raced " * 20))
    return True


def damaged(path: Path) -> None:
    """A seeded store whose snapshot lost its last bytes (malformed JSON)."""
    seed(path)
    path.write_bytes(path.read_bytes()[:-5])


def torn(path: Path) -> None:
    """A journal whose last line was cut short by a crash (never acknowledged)."""
    seed(path, updates=1)
    with path.with_name(path.name + ".journal").open("ab") as journal:
        journal.write(b'{"ops": [{"remove": "agreem')


def empty(path: Path) -> None:
    """No store at all."""


def seeded(updates: int) -> Callable[[Path], None]:
    return lambda path: seed(path, updates=updates)
