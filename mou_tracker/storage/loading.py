"""Reading a repository: its snapshot and journal together, every problem collected."""

from __future__ import annotations

import contextlib
import gc
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs

from mou_tracker.domain import AreaVocabulary, Record
from mou_tracker.errors import FormatError, StorageError
from mou_tracker.storage.atomic import cannot_read, read_within, stat_or_none
from mou_tracker.storage.document import Decoded, decode
from mou_tracker.storage.journal import Journal, journal_path, snapshot_id
from mou_tracker.storage.oplog import apply_transactions

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FileCheck",
    "check_bytes",
    "check_file",
    "gc_paused",
    "inspect_file",
    "load_state",
    "raise_first",
]

DEFAULT_MAX_BYTES = 1 << 30
"""Files larger than this (1 GiB; the snapshot and the journal each) are refused before they
are read."""


def check_bytes(name: str, value: object) -> None:
    """A size argument is an ``int`` of 0 or more: a mistake raises at once."""
    if type(value) is not int:
        raise TypeError(f"{name} must be an int (a number of bytes), not {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name} must be 0 or more, not {value}")


def _read(path: Path, max_bytes: int) -> bytes | None:
    """The file's bytes, or None when it does not exist."""
    try:
        with path.open("rb") as handle:
            return read_within(handle, path, max_bytes, what="file")[0]
    except FileNotFoundError:
        return None
    except OSError as exc:  # a directory, no permission, an I/O error...
        raise cannot_read(path, exc) from exc


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector paused (restored as it was). Loading builds millions of
    objects and no garbage cycles: pausing the collector makes it two to three times faster.
    A report makes many small objects and no cycles too, and each collection of an older
    generation walks every object alive (a whole opened repository): paused, the collector
    runs once the report is made, not several times while it counts."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()


_ASIDE_BYTES = 1 << 20
"""From this size on, the snapshot's checksum runs on a thread of its own."""


def _checksum_aside(data: bytes | None) -> Callable[[], dict[str, int]]:
    """:func:`snapshot_id` of ``data``, computed beside the caller's work: ``zlib.crc32``
    releases the interpreter lock, so a large file's checksum (12 ms of a 10k open) runs on
    another core while the document is parsed and decoded. Call the result for it."""
    if data is None or len(data) < _ASIDE_BYTES:
        found = snapshot_id(data)
        return lambda: found
    result: list[dict[str, int]] = []
    thread = threading.Thread(target=lambda: result.append(snapshot_id(data)), daemon=True)
    thread.start()

    def join() -> dict[str, int]:
        thread.join()
        return result[0] if result else snapshot_id(data)  # the thread failed: once more here

    return join


def load_state(
    path: Path, max_bytes: int
) -> tuple[Decoded, bytes | None, Journal | None, dict[str, int]]:
    """Snapshot and journal together, every problem collected; last, the snapshot's
    :func:`snapshot_id` (a checksum of the whole file: computed once)."""
    data = _read(path, max_bytes)
    checksum = _checksum_aside(data)
    with gc_paused():
        decoded = (
            Decoded(AreaVocabulary(), {}, ()) if data is None else decode(data, path=str(path))
        )
        snapshot = checksum()
        journal = Journal.read(journal_path(path), snapshot, max_bytes=max_bytes)
        if journal is not None and not journal.stale and not decoded.problems:
            decoded = apply_transactions(decoded, journal.transactions, journal_path(path))
    return decoded, data, journal, snapshot


@attrs.frozen(kw_only=True)
class FileCheck:
    """What :func:`inspect_file` found in a repository (snapshot and journal), read once."""

    problems: tuple[FormatError, ...]
    """Every problem; empty when the repository is valid."""
    records: tuple[Record, ...]
    """The records that could be read (all of them when there is no problem), by id."""


def inspect_file(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> FileCheck:
    """Read a repository once, without writing anything: every problem, and the records.

    Malformed JSON or an unreadable header is one problem; otherwise every bad record is listed.
    A missing file is reported as a :class:`StorageError`.
    """
    file = Path(path)
    if stat_or_none(file) is None and stat_or_none(journal_path(file)) is None:
        raise StorageError(f"{file}: no such repository file")
    try:
        decoded = load_state(file, max_bytes)[0]
    except FormatError as exc:
        return FileCheck(problems=(exc,), records=())
    records = tuple(decoded.records[key].record for key in sorted(decoded.records))
    return FileCheck(problems=decoded.problems, records=records)


def check_file(
    path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[FormatError]:
    """Every problem in a repository (snapshot and journal); an empty list when it is valid
    (:func:`inspect_file` gives the records read too)."""
    return list(inspect_file(path, max_bytes=max_bytes).problems)


def raise_first(decoded: Decoded) -> None:
    if not decoded.problems:
        return
    first, more = decoded.problems[0], len(decoded.problems) - 1
    if more:
        raise FormatError(
            f"{first.reason} (and {more} more problem{'s' if more > 1 else ''}; "
            "run 'mou-tracker validate' to list them)",
            path=first.path,
            record_id=first.record_id,
            json_path=first.json_path,
        )
    raise first
