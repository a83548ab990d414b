"""The snapshot a repository handle has read, recognised by its fingerprint and kept open.

A handle tells that another writer replaced the snapshot by its fingerprint (inode number,
modification time, size). It keeps the file it read open, so that inode number cannot be reused
by a later file, which could then match the fingerprint.
"""

from __future__ import annotations

import os
import weakref
from pathlib import Path

import attrs

from mou_tracker.errors import StorageError
from mou_tracker.storage.atomic import cannot_read, close_quietly, stat_or_none

__all__ = ["Fingerprint", "Opened", "SnapshotPin", "fingerprint"]

Fingerprint = tuple[int, int, int]
_UNKNOWN: Fingerprint = (-1, -1, -1)
"""Matches no file: the snapshot was written but could not be pinned, so read it again."""


def fingerprint(path: Path) -> Fingerprint | None:
    """The fingerprint of the file at ``path`` now (None when there is none)."""
    stat = stat_or_none(path)
    return None if stat is None else (stat.st_ino, stat.st_mtime_ns, stat.st_size)


@attrs.frozen
class Opened:
    """A descriptor of a snapshot and its fingerprint (both None when there is no file)."""

    fd: int | None
    fingerprint: Fingerprint | None

    def close(self) -> None:
        if self.fd is not None:
            close_quietly(self.fd)


class SnapshotPin:
    """The fingerprint of the snapshot a handle holds in memory, and the file kept open."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fingerprint: Fingerprint | None = None
        """None while the handle knows of no snapshot file."""
        self._fds: list[int] = []
        weakref.finalize(self, _close_all, self._fds)

    def open(self) -> Opened:
        """Open the snapshot there is now (to :meth:`keep` once it is read)."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return Opened(None, None)
        except OSError as exc:
            raise cannot_read(self.path, exc) from exc
        try:
            stat = os.fstat(fd)
        except OSError as exc:
            close_quietly(fd)
            raise cannot_read(self.path, exc) from exc
        return Opened(fd, (stat.st_ino, stat.st_mtime_ns, stat.st_size))

    def keep(self, opened: Opened) -> None:
        """Hold ``opened`` (and let go of the file held before)."""
        _close_all(self._fds)
        if opened.fd is not None:
            self._fds.append(opened.fd)
        self.fingerprint = opened.fingerprint

    def pin(self) -> None:
        """Hold the snapshot just written; if that fails, make the next refresh read it."""
        try:
            self.keep(self.open())
        except StorageError:
            self.fingerprint = _UNKNOWN
            raise

    def matches(self) -> bool:
        """Whether the snapshot is still the one the handle holds."""
        return fingerprint(self.path) == self.fingerprint


def _close_all(fds: list[int]) -> None:
    while fds:
        close_quietly(fds.pop())
