"""The adds of a long PostgreSQL transaction, held client-side and written in bulk.

Outside a batch, and for the first adds of one, each add is one statement (``INSERT ... ON
CONFLICT DO NOTHING``) whose row count says at once whether the id was taken. A batch of
thousands of adds (an import, a copy) would then wait for thousands of round trips, so once a
transaction has made :data:`DIRECT_ADDS` adds and the table is not large next to them (at most
:data:`ROWS_PER_ADD` rows per add so far), the ids already stored are read once
(``SELECT id``) and later adds are checked against them and buffered; the buffer is written
with ``COPY`` (rows, then their anchors) before any other operation of the transaction
reads or writes the database, every :data:`FLUSH_ROWS` rows, and before the commit.

Every error stays exact and at its call: an id taken by the batch's own adds is found in the
buffer; an id in the set read (taken before the batch, by this transaction or another) goes
the one-statement way, which asks the database. The one case found later: another writer
commits an id after the set was read and this batch adds it too; then the ``COPY`` fails and
:meth:`PendingAdds.flush` raises :class:`~mou_tracker.errors.DuplicateIdError` naming it, and
the transaction is rolled back whole (``docs/postgres.md``, "what is guaranteed").
"""

from __future__ import annotations

import re
from typing import Any

from psycopg import Connection
from psycopg import errors as pg_errors
from psycopg.pq import TransactionStatus

from mou_tracker.domain import Record
from mou_tracker.errors import DuplicateIdError, StorageError
from mou_tracker.storage.pg_references import anchor_ids
from mou_tracker.storage.pg_schema import COPY_ROWS, COPY_TYPES, row, scalar

__all__ = ["DIRECT_ADDS", "FLUSH_ROWS", "ROWS_PER_ADD", "PendingAdds"]

DIRECT_ADDS = 64
"""Adds a transaction makes one statement each before it may buffer the next ones."""

ROWS_PER_ADD = 200
"""Buffer only when the table holds at most this many rows per add made so far: reading
every id costs about as much per row as this fraction of a round trip per add."""

FLUSH_ROWS = 2000
"""Buffered rows written at once, however long the batch: the memory held stays bounded."""

COPY_ANCHORS = "COPY mou_anchors (record_id, engagement_id) FROM STDIN"
_KEY = re.compile(r"Key \(id(?:, type)?\)=\(([^,)]+)")


class PendingAdds:
    """The adds of one transaction: counted, and buffered once :attr:`taken` is known."""

    def __init__(self, shown: str) -> None:
        self._shown = shown
        self.adds = 0
        self._next_check = DIRECT_ADDS
        self.buffering = False
        """Whether :attr:`taken` was read (until then, every add is one statement)."""
        self.taken: set[str] = set()
        """Once buffering: every id that may be stored, other than the buffered ones."""
        self._rows: list[tuple[Any, ...]] = []
        self._anchors: list[tuple[str, str]] = []
        self._pending: set[str] = set()
        self.failure: StorageError | None = None
        """The first storage error of the transaction (its statement may have failed it)."""

    def is_buffered(self, record_id: str) -> bool:
        """Whether an add of ``record_id`` waits in the buffer (a second one is a duplicate)."""
        return record_id in self._pending

    def may_be_taken(self, record_id: str) -> bool:
        """Whether an add of ``record_id`` must ask the database (one statement)."""
        return not self.buffering or record_id in self.taken

    def added(self, conn: Connection[Any], record_id: str) -> None:
        """After an add made by one statement: count it and, at the checks, read the ids
        when the table is small next to the adds made."""
        self.adds += 1
        if self.buffering:
            self.taken.add(record_id)
            return
        if self.adds < self._next_check:
            return
        self._next_check *= 2
        limit = self.adds * ROWS_PER_ADD
        query = "SELECT count(*) FROM (SELECT FROM mou_records LIMIT %s) AS rows"
        if scalar(conn, query, [limit + 1]) <= limit:
            self.taken = {found for (found,) in conn.execute("SELECT id FROM mou_records")}
            self.buffering = True

    def forget(self, record_id: str) -> None:
        """``record_id`` was removed: a later add of it may be buffered."""
        self.taken.discard(record_id)

    def put(self, conn: Connection[Any], record: Record, version: int) -> None:
        """Buffer the add of ``record`` (whose id is known not to be taken)."""
        self.adds += 1
        self._rows.append(row(record, version))
        self._pending.add(record.id)
        self._anchors += [(record.id, engagement) for engagement in anchor_ids(record)]
        if len(self._rows) >= FLUSH_ROWS:
            self.flush(conn)

    def flush(self, conn: Connection[Any]) -> None:
        """Write the buffered rows, then their anchors (whose ``record_id`` has a foreign key
        checked at once). An id committed meanwhile by another writer fails the ``COPY``
        (and so the transaction): :class:`DuplicateIdError` naming it. Inside a transaction
        that failed already (an error caught by the caller), a :class:`StorageError`: the
        server rolls it back whole, so neither this nor a commit may look successful."""
        if conn.info.transaction_status == TransactionStatus.INERROR:
            if self.failure is not None:
                raise self.failure
            raise StorageError(
                f"{self._shown}: an earlier statement of this batch failed, so the server "
                "rolls the whole batch back; nothing of it is stored"
            )
        if not self._rows:
            return
        rows, anchors, pending = self._rows, self._anchors, self._pending
        self._rows, self._anchors, self._pending = [], [], set()
        try:
            with conn.cursor() as cursor:
                with cursor.copy(COPY_ROWS) as copy:
                    copy.set_types(COPY_TYPES)
                    for values in rows:
                        copy.write_row(values)
                if anchors:
                    with cursor.copy(COPY_ANCHORS) as copy:
                        for pair in anchors:
                            copy.write_row(pair)
        except pg_errors.UniqueViolation as exc:
            found = _KEY.match(exc.diag.message_detail or "")
            if found is None:  # pragma: no cover - the server names the key of mou_records
                raise  # a StorageError, by the caller's storage_errors
            raise DuplicateIdError(found.group(1)) from None
        self.taken |= pending
