"""A repository stored as a JSON snapshot plus an append-only journal of later changes.

``store.json`` is the canonical, diff-friendly document (``docs/storage-format.md``). Each
change (or each batch) is appended to ``store.json.journal`` as one line and fsynced, so a
durable update costs a small append whatever the repository's size. When the journal grows past
half the snapshot, or a batch changes many records, the whole state is written
as a new snapshot (atomically: temporary file, fsync, rename, directory fsync) and the journal
is removed. See ``docs/performance.md``.
"""

from __future__ import annotations

import contextlib
import os
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path

from mou_tracker.domain import AreaVocabulary
from mou_tracker.errors import FormatError, StorageError
from mou_tracker.storage.atomic import (
    atomic_write,
    exclusive_lock,
    fsync_directory,
    reason,
    remove_stale_temp_files,
)
from mou_tracker.storage.document import Decoded, Stored, encode
from mou_tracker.storage.journal import Journal, journal_path, snapshot_id
from mou_tracker.storage.loading import (
    DEFAULT_MAX_BYTES,
    check_file,
    gc_paused,
    load_state,
    raise_first,
)
from mou_tracker.storage.oplog import apply_transactions, encode_ops
from mou_tracker.storage.state import StateRepository

__all__ = ["DEFAULT_MAX_BYTES", "SMALL_SNAPSHOT_BYTES", "JsonRepository", "check_file"]

SMALL_SNAPSHOT_BYTES = 1 << 20
"""Below this size (about 700 records) every save rewrites the snapshot, which stays the whole
repository: cheap at that size, and one self-contained file to read, diff and commit."""

_Fingerprint = tuple[int, int, int]


class JsonRepository(StateRepository):
    """Agreements and engagements in a JSON file (format: ``docs/storage-format.md``).

    Opening reads and checks the whole file and its journal; a missing file is an empty
    repository, created at the first change. Each change (or each :meth:`batch`) is durable when
    the call returns. Writers on the same file, in this process or others, take turns on a lock
    file beside it (``<name>.lock``, never replaced) and catch up with each other's saves before
    writing, so a write based on a stale version raises :class:`ConflictError` instead of
    losing an update.
    """

    def __init__(self, path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        super().__init__()
        self.path = Path(path)
        self.journal_path = journal_path(self.path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self._max_bytes = max_bytes
        self._snapshot: _Fingerprint | None = None
        self._snapshot_id = snapshot_id(None)
        self._snapshot_size = 0
        self._journal: Journal | None = None
        self._saved_areas = AreaVocabulary()
        self._lock: contextlib.ExitStack | None = None
        self._pinned: list[int] = []
        weakref.finalize(self, _close_all, self._pinned)
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
            repo._compact(repo.areas, [])
        finally:
            repo._end()
        return repo

    def refresh(self) -> None:
        """Catch up with saves made through other handles or processes."""
        if _fingerprint(self.path) != self._snapshot:
            self._load()
            return
        journal = self._journal
        try:
            stat = os.stat(self.journal_path)
        except FileNotFoundError:
            if journal is not None and not journal.stale:
                self._load()  # removed by a compaction we have not seen the snapshot of
            return
        if (
            journal is None
            or journal.stale
            or stat.st_ino != journal.inode
            or stat.st_size < journal.end
        ):
            self._load()
        elif stat.st_size > journal.end:
            self._catch_up(journal)

    def compact(self) -> None:
        """Fold the journal into a new snapshot now (it also happens by itself)."""
        with self._change():
            self._compact(self._areas, self._records.values())

    # -- persistence hooks --------------------------------------------------------------------

    def _persist(
        self,
        areas: AreaVocabulary,
        changes: dict[str, Stored | None],
        records: Callable[[], Iterable[Stored]],
    ) -> None:
        if (
            self._snapshot is None
            or self._snapshot_size < SMALL_SNAPSHOT_BYTES
            or len(changes) > max(1000, len(self._records) // 4)
        ):
            self._compact(areas, records())
            return
        line = encode_ops(changes, None if areas == self._saved_areas else areas)
        journal = self._journal
        if journal is None or journal.stale:
            end = Journal.create(self.journal_path, self._snapshot_id, line)
            inode = os.stat(self.journal_path).st_ino
        else:
            end = Journal.append(self.journal_path, journal.end, line)
            inode = journal.inode
        lines = 2 if journal is None or journal.stale else journal.lines + 1
        self._journal = Journal([], end, end, inode, lines=lines)
        self._saved_areas = areas
        if end > self._snapshot_size // 2:
            with contextlib.suppress(StorageError):  # the change is already durable
                self._compact(areas, records())

    def _compact(self, areas: AreaVocabulary, records: Iterable[Stored]) -> None:
        data = encode(areas, records)
        atomic_write(self.path, data)
        # From here the new snapshot holds everything: the old journal no longer matches it.
        try:
            os.unlink(self.journal_path)
        except FileNotFoundError:
            pass
        except OSError as exc:  # the new snapshot holds everything; the journal is now stale
            raise StorageError(f"{self.journal_path}: could not remove ({reason(exc)})") from exc
        fsync_directory(self.path.parent)
        self._snapshot = self._pin()
        self._snapshot_id, self._snapshot_size = snapshot_id(data), len(data)
        self._journal, self._saved_areas = None, areas

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

    def _load(self) -> None:
        had_snapshot = self._snapshot is not None
        fingerprint = self._pin()
        decoded, data, journal = load_state(self.path, self._max_bytes)
        if data is None and had_snapshot:
            raise StorageError(f"{self.path}: the file was removed while it was open")
        raise_first(decoded)
        self._areas, self._records = decoded.areas, decoded.records
        self._snapshot, self._snapshot_id = fingerprint, snapshot_id(data)
        self._snapshot_size = 0 if data is None else len(data)
        self._journal = journal
        self._saved_areas = decoded.areas

    def _pin(self) -> _Fingerprint | None:
        """Keep the snapshot we read open, so its inode number cannot be reused by a later
        file (which could then match our fingerprint), and return its fingerprint."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            fd = None
        except OSError as exc:
            raise StorageError(f"{self.path}: cannot read ({exc.strerror or exc})") from exc
        _close_all(self._pinned)
        if fd is None:
            return None
        self._pinned.append(fd)
        stat = os.fstat(fd)
        return (stat.st_ino, stat.st_mtime_ns, stat.st_size)

    def _pin_matches(self) -> bool:
        return _fingerprint(self.path) == self._snapshot

    def _catch_up(self, journal: Journal) -> None:
        """Apply what another writer appended to the journal since we read it."""
        try:
            more = Journal.read(
                self.journal_path, self._snapshot_id, start=journal.end, lines_before=journal.lines
            )
        except FormatError:
            if self._pin_matches():
                raise
            more = None  # a compaction replaced the journal meanwhile
        if more is None or not self._pin_matches():
            self._load()
            return
        current = Decoded(self._areas, self._records, ())
        with gc_paused():
            decoded = apply_transactions(current, more.transactions, self.journal_path)
        raise_first(decoded)
        self._areas, self._records = decoded.areas, decoded.records
        self._journal, self._saved_areas = more, decoded.areas


def _fingerprint(path: Path) -> _Fingerprint | None:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StorageError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def _close_all(fds: list[int]) -> None:
    while fds:
        os.close(fds.pop())
