"""The append-only journal beside a repository's JSON snapshot.

``store.json.journal`` holds the changes committed since ``store.json`` was last written, one
transaction a line, so a durable update costs one small append and an fsync instead of rewriting
the whole file. Its first line names the snapshot it extends (size and CRC-32): after a
compaction (a new snapshot, then the journal deleted) a journal left by a crash in between no
longer matches and is ignored. A last line without its newline is a write that never returned
(never acknowledged): it is ignored, and cut off before the next append.

Line format (compact JSON)::

    {"journal": 1, "snapshot": {"size": 1234, "crc32": 567}}
    {"ops": [{"put": "agreements", "record": {...}}, {"remove": "old-id"}, {"areas": [...]}]}
"""

from __future__ import annotations

import contextlib
import json
import os
import zlib
from pathlib import Path
from typing import Any

import attrs

from mou_tracker.errors import FormatError, StorageError
from mou_tracker.storage.atomic import (
    TEMP_MARKER,
    cannot_read,
    close_quietly,
    fsync_directory,
    read_within,
    reason,
    replace_with,
)
from mou_tracker.storage.jsonparse import parse_json

__all__ = ["JOURNAL_VERSION", "Journal", "Written", "journal_path", "snapshot_id"]

JOURNAL_VERSION = 1


def journal_path(snapshot: Path) -> Path:
    return snapshot.with_name(snapshot.name + ".journal")


def snapshot_id(data: bytes | None) -> dict[str, int]:
    """What a journal records of the snapshot it extends (an absent snapshot is size 0)."""
    if data is None:
        return {"size": 0, "crc32": 0}
    return {"size": len(data), "crc32": zlib.crc32(data)}


@attrs.frozen
class Journal:
    """What was read from a journal: its transactions and where valid content ends."""

    transactions: list[tuple[int, list[dict[str, Any]]]]
    """(line number, operations) of each complete transaction, oldest first."""
    end: int
    """Offset just after the last complete line (appends go here)."""
    size: int
    """The file's size when read (larger than ``end`` after a torn write)."""
    inode: int
    stale: bool = False
    """The journal belongs to an older snapshot, or has no complete header: it must be
    ignored (and replaced at the next write)."""
    lines: int = 0
    """Complete lines up to ``end`` (the header included), to number the lines read next."""

    @classmethod
    def read(
        cls,
        path: Path,
        snapshot: dict[str, int],
        *,
        max_bytes: int,
        start: int = 0,
        lines_before: int = 0,
    ) -> Journal | None:
        """Read the journal at ``path`` (None when there is none), from offset ``start``
        (0, or the ``end`` of an earlier read of the same file, after ``lines_before`` complete
        lines, to read only what was added). A journal over ``max_bytes`` is refused unread."""
        try:
            with path.open("rb") as handle:
                data, inode = read_within(handle, path, max_bytes, what="journal", start=start)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise cannot_read(path, exc) from exc
        size, offset, count = start + len(data), start, lines_before
        transactions: list[tuple[int, list[dict[str, Any]]]] = []
        complete = data.split(b"\n")[:-1]  # the last piece has no newline after it (or is empty)
        for number, line in enumerate(complete, start=lines_before + 1):
            if number == 1:
                if _header(line, path) != snapshot:
                    return cls([], 0, size, inode, stale=True)
            else:
                transactions.append((number, _ops(line, path, number)))
            offset, count = offset + len(line) + 1, number
        if count == 0:  # no complete header (empty, or torn at creation): not a journal yet
            return cls([], 0, size, inode, stale=True)
        return cls(transactions, offset, size, inode, lines=count)

    @staticmethod
    def create(path: Path, snapshot: dict[str, int], line: bytes) -> Written:
        """Write a new journal (header and first transaction) atomically."""
        header = json.dumps({"journal": JOURNAL_VERSION, "snapshot": snapshot}).encode()
        data = header + b"\n" + line + b"\n"
        temp = path.with_name(f".{path.name}{TEMP_MARKER}new")
        try:
            inode = replace_with(path, temp, data, exclusive=False)
        except OSError as exc:
            raise _not_saved(path, exc) from exc
        try:
            fsync_directory(path.parent)
        except StorageError as exc:  # committed: the new journal is in place
            return Written(len(data), inode, exc)
        return Written(len(data), inode)

    @staticmethod
    def append(path: Path, end: int, line: bytes) -> Written:
        """Append one transaction at ``end`` (cutting off a torn tail) and fdatasync it.

        Nothing is acknowledged until this returns; a failure leaves the journal as it was
        (a partly written line is cut off by the next append, or ignored by the next read).
        Only when the whole line was written, its sync failed and it cannot be cut off again is
        the change in the journal: that is reported as ``Written.problem`` (committed).
        """
        try:
            fd = os.open(path, os.O_WRONLY)
        except OSError as exc:
            raise _not_saved(path, exc) from exc
        written, inode = 0, None  # inode: set once the size is checked
        try:
            stat = os.fstat(fd)
            if stat.st_size < end:  # shorter than what was read: never pad it, re-read it
                raise StorageError(f"{path}: the journal shrank while open; open it again")
            inode = stat.st_ino  # from here, cutting back to ``end`` never pads the file
            if stat.st_size > end:  # a torn line from a write that never returned
                os.ftruncate(fd, end)
            os.lseek(fd, end, os.SEEK_SET)
            view = memoryview(line + b"\n")
            while view:
                count = os.write(fd, view)
                written, view = written + count, view[count:]
            os.fdatasync(fd)
        except OSError as exc:
            if inode is None:  # the size was never checked: leave the file alone
                raise _not_saved(path, exc) from exc
            if not _cut(fd, end) and written == len(line) + 1:  # the whole line stays there
                return Written(end + written, inode, _not_undone(path, exc))
            raise _not_saved(path, exc) from exc
        finally:
            close_quietly(fd)  # what was written is synced, or is being abandoned
        return Written(end + written, stat.st_ino)


@attrs.frozen
class Written:
    """Where a journal write ended, and the file it went to."""

    end: int
    inode: int
    problem: StorageError | None = None
    """A committed error to raise once the caller has recorded the write: the change is in the
    journal, but its durability could not be confirmed."""


def _cut(fd: int, end: int) -> bool:
    """Cut the journal back to ``end`` (and try to make that durable); False if it failed."""
    try:
        os.ftruncate(fd, end)
    except OSError:
        return False
    with contextlib.suppress(OSError):
        os.fdatasync(fd)
    return True


def _parse_line(line: bytes, path: Path, number: int) -> dict[str, Any]:
    return parse_json(line, path=f"{path} line {number}")


def _header(line: bytes, path: Path) -> dict[str, int]:
    doc = _parse_line(line, path, 1)
    snapshot = doc.get("snapshot")
    version = doc.get("journal")
    if (
        set(doc) != {"journal", "snapshot"}
        or type(version) is not int
        or version != JOURNAL_VERSION
        or not isinstance(snapshot, dict)
    ):
        raise FormatError("not a mou-tracker journal header", path=f"{path} line 1")
    return snapshot


def _ops(line: bytes, path: Path, number: int) -> list[dict[str, Any]]:
    doc = _parse_line(line, path, number)
    ops = doc.get("ops")
    if set(doc) != {"ops"} or not isinstance(ops, list) or not all(type(o) is dict for o in ops):
        raise FormatError('expected {"ops": [...]}', path=f"{path} line {number}")
    return ops


def _not_saved(path: Path, exc: OSError) -> StorageError:
    return StorageError(f"{path}: could not save ({reason(exc)}); nothing was changed")


def _not_undone(path: Path, exc: OSError) -> StorageError:
    return StorageError(
        f"{path}: saved, but not confirmed durable ({reason(exc)}) and it could not be undone; "
        "the change may not survive a power loss",
        committed=True,
    )
