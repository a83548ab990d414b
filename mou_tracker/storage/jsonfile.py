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
    remove_stale_temp_files_if_idle,
    stat_or_none,
)
from mou_tracker.storage.document import Decoded, Stored, encode
from mou_tracker.storage.journal import Journal, Written, journal_path, snapshot_id
from mou_tracker.storage.loading import (
    DEFAULT_MAX_BYTES,
    check_bytes,
    gc_paused,
    load_state,
    raise_first,
)
from mou_tracker.storage.oplog import apply_transactions, encode_ops
from mou_tracker.storage.pinning import SnapshotPin, fingerprint
from mou_tracker.storage.state import StateRepository

__all__ = ["SMALL_SNAPSHOT_BYTES", "JsonRepository"]

SMALL_SNAPSHOT_BYTES = 1 << 20
"""The default ``small_snapshot_bytes``: below this size (about 700 records) every save rewrites
the snapshot, which stays the whole repository: cheap at that size, and one self-contained file
to read, diff and commit."""


class JsonRepository(StateRepository):
    """Agreements and engagements in a JSON file (format: ``docs/storage-format.md``).

    Opening reads and checks the whole file and its journal; a missing file is an empty
    repository, created at the first change. Each change (or each :meth:`batch`) is durable when
    the call returns. Writers on the same file, in this process or others, take turns on a lock
    file beside it (``<name>.lock``, never replaced) and catch up with each other's saves before
    writing, so a write based on a stale version raises :class:`ConflictError` instead of
    losing an update.

    ``max_bytes``: a larger snapshot or journal is refused unread. While the snapshot is under
    ``small_snapshot_bytes``, every save rewrites it (0: every save after the first goes to the
    journal). Sizes are ints, 0 or more (else ``TypeError`` or ``ValueError``).
    ``read_only=True``: opening changes nothing in the directory (no clean-up of a crashed save's
    temporary files; no lock file is ever created), needs no write permission, and every change
    (:meth:`batch`, :meth:`compact`) raises :class:`StorageError` before touching anything. A
    handle opened for writing on a store it may not write reads it the same way; a change
    raises :class:`StorageError` naming the file it could not write.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        small_snapshot_bytes: int = SMALL_SNAPSHOT_BYTES,
        read_only: bool = False,
    ) -> None:
        super().__init__()
        check_bytes("max_bytes", max_bytes)
        check_bytes("small_snapshot_bytes", small_snapshot_bytes)
        self.path = Path(path)
        self.journal_path = journal_path(self.path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.read_only = read_only
        """Opened only to read: nothing is ever written (see the class docstring)."""
        self._max_bytes = max_bytes
        self._small_snapshot_bytes = small_snapshot_bytes
        self._pin = SnapshotPin(self.path)
        self._snapshot_id = snapshot_id(None)
        self._snapshot_size = 0
        self._journal: Journal | None = None
        self._saved_areas = AreaVocabulary()
        self._lock = contextlib.ExitStack()
        """Holds the lock from :meth:`_begin` to :meth:`_end`."""
        if not read_only:
            remove_stale_temp_files_if_idle(self.path, self.lock_path)
        self._load()

    def __repr__(self) -> str:
        return f"JsonRepository({str(self.path)!r})"

    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        small_snapshot_bytes: int = SMALL_SNAPSHOT_BYTES,
    ) -> JsonRepository:
        """Write a new, empty repository file; refuse to overwrite an existing one. Returns a
        handle on it, opened with the options given (as for the constructor)."""
        file = Path(path)
        exists = StorageError(f"{file}: already exists; not overwritten")
        if stat_or_none(file) is not None:
            raise exists
        repo = cls(file, max_bytes=max_bytes, small_snapshot_bytes=small_snapshot_bytes)
        repo._begin()
        try:
            if repo._pin.fingerprint is not None:  # created meanwhile by another process
                raise exists
            repo._compact(repo.areas, [])
        finally:
            repo._end()
        return repo

    def refresh(self) -> None:
        """Catch up with saves made through other handles or processes."""
        if not self._pin.matches():
            self._load()
            return
        journal = self._journal
        stat = stat_or_none(self.journal_path)
        if stat is None:
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
            self._pin.fingerprint is None
            or self._snapshot_size < self._small_snapshot_bytes
            or len(changes) > max(1000, len(self._records) // 4)
        ):
            self._compact(areas, records())
            return
        line = encode_ops(changes, None if areas == self._saved_areas else areas)
        journal = self._journal
        written: Written
        if journal is None or journal.stale:
            written, lines = Journal.create(self.journal_path, self._snapshot_id, line), 2
        else:
            written = Journal.append(self.journal_path, journal.end, line)
            lines = journal.lines + 1
        self._journal = Journal([], written.end, written.end, written.inode, lines=lines)
        self._saved_areas = areas
        if written.problem is not None:
            raise written.problem
        if written.end > self._snapshot_size // 2:
            with contextlib.suppress(StorageError):  # the change is already durable
                self._compact(areas, records())

    def _compact(self, areas: AreaVocabulary, records: Iterable[Stored]) -> None:
        """Write the whole state as a new snapshot and remove the journal.

        Raises a ``committed`` error for a failure after the snapshot was renamed into place;
        the handle then knows the new snapshot all the same."""
        with gc_paused():  # many short-lived objects and no cycles, as when loading
            data = encode(areas, records)
        problem: StorageError | None = None
        try:
            atomic_write(self.path, data)
        except StorageError as exc:
            if not exc.committed:
                raise
            problem = exc  # in place, not known durable: keep the journal (crash safety)
        else:
            problem = self._remove_journal()
        self._snapshot_id, self._snapshot_size = snapshot_id(data), len(data)
        self._journal, self._saved_areas = None, areas
        try:
            self._pin.pin()
        except StorageError as exc:
            problem = problem or StorageError(f"{exc}; the change was saved", committed=True)
        if problem is not None:
            raise problem

    def _remove_journal(self) -> StorageError | None:
        """Remove the journal the new (durable) snapshot replaces; the committed error if it
        cannot be (left behind, the journal no longer matches the snapshot: it is ignored)."""
        try:
            os.unlink(self.journal_path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            return StorageError(
                f"{self.journal_path}: saved, but the old journal could not be removed "
                f"({reason(exc)}); it no longer matches the snapshot and is ignored",
                committed=True,
            )
        try:
            fsync_directory(self.path.parent)
        except StorageError as exc:
            return exc
        return None

    def _begin(self) -> None:
        if self.read_only:
            raise StorageError(f"{self.path}: opened read-only; nothing was changed")
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
        self._lock.close()

    # -- loading ------------------------------------------------------------------------------

    def _load(self) -> None:
        """Read the snapshot and journal again; on failure the handle is left as it was.

        Readers take no lock, so a writer may replace the snapshot (and start a new journal)
        while they read it; then they read again, holding the lock this time."""
        if not self._read(stable_only=True):
            with exclusive_lock(self.lock_path, create=False):  # a writer has made it
                self._read(stable_only=False)

    def _read(self, *, stable_only: bool) -> bool:
        """Read the store; False, keeping nothing, if ``stable_only`` and it changed meanwhile."""
        opened = self._pin.open()
        try:
            decoded, data, journal, snapshot = load_state(self.path, self._max_bytes)
            if stable_only and fingerprint(self.path) != opened.fingerprint:
                opened.close()
                return False
            if data is None and self._pin.fingerprint is not None:
                raise StorageError(f"{self.path}: the file was removed while it was open")
            raise_first(decoded)
        except BaseException:
            opened.close()
            raise
        self._pin.keep(opened)
        self._areas, self._records = decoded.areas, decoded.records
        self._snapshot_id = snapshot
        self._snapshot_size = 0 if data is None else len(data)
        self._journal = journal
        self._saved_areas = decoded.areas
        return True

    def _catch_up(self, journal: Journal) -> None:
        """Apply what another writer appended to the journal since we read it."""
        try:
            more = Journal.read(
                self.journal_path,
                self._snapshot_id,
                max_bytes=self._max_bytes,
                start=journal.end,
                lines_before=journal.lines,
            )
        except FormatError:
            if self._pin.matches():
                raise
            more = None  # a compaction replaced the journal meanwhile
        if more is None or not self._pin.matches():
            self._load()
            return
        current = Decoded(self._areas, self._records, ())
        with gc_paused():
            decoded = apply_transactions(current, more.transactions, self.journal_path)
        raise_first(decoded)
        self._areas, self._records = decoded.areas, decoded.records
        self._journal, self._saved_areas = more, decoded.areas
