"""Atomic, durable file replacement and an advisory lock file (POSIX)."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import secrets
import threading
from collections.abc import Iterator
from pathlib import Path

from mou_tracker.errors import StorageError

__all__ = ["TEMP_MARKER", "atomic_write", "exclusive_lock", "remove_stale_temp_files"]

TEMP_MARKER = ".mou-tmp-"
"""Temporary files are named ``.<name>.mou-tmp-<random>``: hidden, and never ending in .json."""


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves either the old or the new file.

    Writes a temporary file in the same directory, fsyncs it, renames it over ``path`` with
    ``os.replace`` and fsyncs the directory. On any failure the temporary file is removed and
    the previous file is intact.
    """
    temp = path.with_name(f".{path.name}{TEMP_MARKER}{secrets.token_hex(6)}")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise StorageError(
            f"{path}: could not save ({reason(exc)}); the previous file is intact"
        ) from exc
    fsync_directory(path.parent)


def fsync_directory(directory: Path) -> None:
    """Make a rename in ``directory`` durable."""
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise StorageError(
            f"{directory}: saved, but the directory could not be synced ({reason(exc)})"
        ) from exc


def remove_stale_temp_files(path: Path) -> None:
    """Delete temporary files a crashed save left beside ``path`` (call while holding the lock)."""
    for leftover in path.parent.glob(f".{path.name}*{TEMP_MARKER}*"):  # snapshot and journal
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


_HELD: dict[str, int] = {}
"""Lock files held in this process -> the thread holding each."""
_HELD_GUARD = threading.Lock()


@contextlib.contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``path`` (a lock file that is never replaced).

    Other processes and other threads wait for it. A thread asking again for a lock it already
    holds through another handle would wait for itself forever, so that raises instead.
    """
    key, me = os.path.realpath(path), threading.get_ident()
    with _HELD_GUARD:
        if _HELD.get(key) == me:
            raise StorageError(
                f"{path}: this thread already holds the lock through another repository handle "
                "(a batch still open on the same file?)"
            )
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StorageError(f"{path}: cannot open the lock file ({reason(exc)})") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with _HELD_GUARD:
            _HELD[key] = me
        try:
            yield
        finally:
            with _HELD_GUARD:
                del _HELD[key]
    finally:
        os.close(fd)  # closing releases the lock


def reason(exc: OSError) -> str:
    name = errno.errorcode.get(exc.errno or 0, "")
    text = exc.strerror or str(exc)
    return f"{text} [{name}]" if name else text
