"""A repository stored as one JSON document, saved atomically and durably after each change."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

from mou_tracker.domain import AreaVocabulary
from mou_tracker.errors import FormatError, StorageError
from mou_tracker.storage.atomic import atomic_write, exclusive_lock, remove_stale_temp_files
from mou_tracker.storage.document import Stored, decode, encode
from mou_tracker.storage.state import StateRepository

__all__ = ["DEFAULT_MAX_BYTES", "JsonRepository", "check_file"]

DEFAULT_MAX_BYTES = 1 << 30
"""Files larger than this (1 GiB) are refused before they are read."""

_Fingerprint = tuple[int, int, int]


def _read(path: Path, max_bytes: int) -> bytes | None:
    """The file's bytes, or None when it does not exist."""
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                raise FormatError(
                    f"the file is {size:,} bytes, over the limit of {max_bytes:,}; it was not read",
                    path=str(path),
                )
            return handle.read(max_bytes + 1)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise StorageError(f"{path}: is a directory, not a repository file") from None
    except OSError as exc:
        raise StorageError(f"{path}: cannot read ({exc.strerror or exc})") from exc


def check_file(
    path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[FormatError]:
    """Every problem in a repository file (an empty list when it is valid).

    Malformed JSON or an unreadable header is one problem; otherwise every bad record is listed.
    A missing file is reported as a :class:`StorageError`.
    """
    file = Path(path)
    try:
        data = _read(file, max_bytes)
        if data is None:
            raise StorageError(f"{file}: no such repository file")
        return list(decode(data, path=str(file)).problems)
    except FormatError as exc:
        return [exc]


class JsonRepository(StateRepository):
    """Agreements and engagements in one JSON file (format: ``docs/storage-format.md``).

    Opening reads and checks the whole file; a missing file is an empty repository, created
    at the first change. Each change (or each :meth:`batch`) is saved atomically and durably.
    Writers on the same file, in this process or others, take turns on a lock file beside it
    (``<name>.lock``, never replaced) and catch up with each other's saves before writing, so a
    write based on a stale version raises :class:`ConflictError` instead of losing an update.
    """

    def __init__(self, path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        super().__init__()
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self._max_bytes = max_bytes
        self._fingerprint: _Fingerprint | None = None
        self._lock: contextlib.ExitStack | None = None
        self._load()

    def __repr__(self) -> str:
        return f"JsonRepository({str(self.path)!r})"

    @classmethod
    def create(cls, path: str | os.PathLike[str]) -> JsonRepository:
        """Write a new, empty repository file; refuse to overwrite an existing one."""
        file = Path(path)
        if file.exists():
            raise StorageError(f"{file}: already exists; not overwritten")
        repo = cls(file)
        repo._begin()
        try:
            repo._persist(repo.areas, ())
        finally:
            repo._end()
        return repo

    def refresh(self) -> None:
        """Catch up with saves made through other handles or processes."""
        if self._current_fingerprint() != self._fingerprint:
            self._load()

    # -- persistence hooks --------------------------------------------------------------------

    def _persist(self, areas: AreaVocabulary, records: Iterable[Stored]) -> None:
        atomic_write(self.path, encode(areas, records))
        self._fingerprint = self._current_fingerprint()

    def _begin(self) -> None:
        stack = contextlib.ExitStack()
        stack.enter_context(exclusive_lock(self.lock_path))
        try:
            remove_stale_temp_files(self.path)
            self.refresh()
        except BaseException:
            stack.close()
            raise
        self._lock = stack

    def _end(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    # -- loading ------------------------------------------------------------------------------

    def _current_fingerprint(self) -> _Fingerprint | None:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StorageError(f"{self.path}: cannot read ({exc.strerror or exc})") from exc
        return (stat.st_ino, stat.st_mtime_ns, stat.st_size)

    def _load(self) -> None:
        fingerprint = self._current_fingerprint()
        data = _read(self.path, self._max_bytes)
        if data is None:
            if self._fingerprint is not None:
                raise StorageError(f"{self.path}: the file was removed while it was open")
            return
        decoded = decode(data, path=str(self.path))
        if decoded.problems:
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
        self._areas, self._records = decoded.areas, decoded.records
        self._fingerprint = fingerprint
