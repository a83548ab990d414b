"""A repository in a PostgreSQL database: a team's shared store (see ``docs/postgres.md``).

Every operation is one transaction (a :meth:`~PostgresRepository.batch` is one transaction for
all of its operations), so what another writer sees is always a whole change. Nothing is kept
in memory between calls: every read asks the database, so handles in several processes and on
several machines see each other's changes as soon as they commit.

Semantics are the JSON store's: optimistic versions (``UPDATE ... WHERE version = %s``, a stale
``expected_version`` raises :class:`ConflictError`), declared areas, and the references between
records (checked, with the JSON store's messages, before the commit, and enforced again by a
foreign key the server checks at commit, so two concurrent writers cannot break them).
Connection and server errors are :class:`StorageError`; no message ever shows a password.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from psycopg import Connection, sql

from mou_tracker.domain import (
    AreaVocabulary,
    CooperationArea,
    Record,
    validate_slug,
)
from mou_tracker.domain.filters import RecordFilter
from mou_tracker.errors import (
    ConflictError,
    DuplicateIdError,
    NotFoundError,
    StorageError,
    UnknownAreaError,
    ValidationError,
)
from mou_tracker.storage.converter import make_converter
from mou_tracker.storage.document import check_areas
from mou_tracker.storage.jsonparse import dumps_compact
from mou_tracker.storage.loading import gc_paused
from mou_tracker.storage.pg_batch import PendingAdds
from mou_tracker.storage.pg_connect import Location, connect, storage_errors
from mou_tracker.storage.pg_query import condition
from mou_tracker.storage.pg_references import check_references, tie
from mou_tracker.storage.pg_schema import (
    INSERT_ROW,
    UPDATE_ROW,
    check_layout,
    create_layout,
    decode_row,
    row_values,
    scalar,
)
from mou_tracker.storage.prechecked import sharing
from mou_tracker.storage.repository import Repository
from mou_tracker.storage.state import check_storable

__all__ = ["PostgresRepository"]


class PostgresRepository(Repository):
    """Agreements and engagements in a PostgreSQL database, given by a libpq URL
    (``postgresql://user@host/db``, ``postgresql:///db?host=/run/postgresql``, ...).

    The database must hold a repository (:meth:`create`, or ``mou-tracker init --repo URL``).
    ``read_only=True``: every transaction of the session is read-only (enforced by the server)
    and every change raises :class:`StorageError` before it is sent. Close the handle with
    :meth:`close` (or use it as a context manager).
    """

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        self._location = Location(url)
        self._shown = self._location.shown
        self.read_only = read_only
        self._conn: Connection[Any] | None = None
        self._depth = 0
        self._touched: dict[str, Record] = {}
        self._removed: set[str] = set()
        self._tx_areas: AreaVocabulary | None = None
        self._committed_areas: AreaVocabulary | None = None
        self._adds = PendingAdds(self._shown)
        try:
            with self._reading() as conn:
                check_layout(conn, self._shown)
        except BaseException:
            self.close()
            raise

    def __repr__(self) -> str:
        return f"PostgresRepository({self._location.shown!r})"

    @classmethod
    def create(cls, url: str) -> PostgresRepository:
        """Create the tables of an empty repository in the database (in the schema first on
        its ``search_path``); refuse when it already holds one. Returns a writable handle."""
        location = Location(url)
        conn = connect(location, read_only=False)
        try:
            with storage_errors(location, "cannot create the repository"), conn.transaction():
                create_layout(conn, location.shown)
        finally:
            conn.close()
        return cls(url)

    def close(self) -> None:
        """Close the connection (a later call opens a new one)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> PostgresRepository:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- connections and transactions ---------------------------------------------------------

    def _connection(self) -> Connection[Any]:
        """The open connection, or a new one when there is none or it was lost (outside a
        transaction only: a transaction never silently moves to another connection)."""
        if self._conn is None or self._conn.closed:
            self._conn = connect(self._location, read_only=self.read_only)
        return self._conn

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Connection[Any]]:
        """The connection to read with; inside a transaction, its buffered adds written first
        (a read sees them)."""
        conn = self._connection()
        with storage_errors(self._location, "cannot read"):
            self._adds.flush(conn)
            yield conn

    @contextlib.contextmanager
    def _writing(self) -> Iterator[Connection[Any]]:
        """One transaction (or a part of the enclosing one): the references are checked at
        its end, then it commits; any error rolls it back whole."""
        if self.read_only:
            raise StorageError(f"{self._location.shown}: opened read-only; nothing was changed")
        conn = self._connection()
        if self._depth:
            self._depth += 1
            try:
                with storage_errors(self._location, "cannot write"):
                    yield conn
            except StorageError as exc:  # raised again if the batch goes on to commit
                self._adds.failure = self._adds.failure or exc
                raise
            finally:
                self._depth -= 1
            return
        self._touched, self._removed, self._tx_areas, self._depth = {}, set(), None, 1
        self._adds = PendingAdds(self._shown)
        try:
            with storage_errors(self._location, "cannot write"), conn.transaction():
                yield conn
                self._adds.flush(conn)
                check_references(conn, self._touched, self._removed)
            self._committed()
        finally:
            self._depth, self._adds = 0, PendingAdds(self._shown)  # a rollback discards the buffer

    def _committed(self) -> None:
        """After a commit: the vocabulary the transaction read is committed now (areas are
        never taken back, so it stays a subset of the database's)."""
        if self._tx_areas is not None:
            self._committed_areas = self._tx_areas

    def batch(self) -> contextlib.AbstractContextManager[None]:
        return self._batch()

    @contextlib.contextmanager
    def _batch(self) -> Iterator[None]:
        with self._writing():
            yield

    # -- reads --------------------------------------------------------------------------------

    @property
    def areas(self) -> AreaVocabulary:
        with self._reading() as conn:
            return self._areas(conn)

    def _areas(self, conn: Connection[Any]) -> AreaVocabulary:
        """The vocabulary; read once per transaction inside one (a batch of many adds asks
        for it at each), else at each call (another writer may have declared an area)."""
        if self._depth and self._tx_areas is not None:
            return self._tx_areas
        rows = conn.execute("SELECT document FROM mou_areas").fetchall()
        areas = AreaVocabulary(make_converter().structure(row[0], CooperationArea) for row in rows)
        if self._depth:
            self._tx_areas = areas
        else:
            self._committed_areas = areas
        return areas

    def _check_areas(self, conn: Connection[Any], record: Record) -> None:
        """Raise :class:`UnknownAreaError` unless every area ``record`` uses is declared.
        Areas are only ever added, so a vocabulary seen committed before is enough when it has
        them all (no query); only when it does not is the database asked."""
        if self._committed_areas is not None:
            try:
                check_areas(record, self._committed_areas)
            except UnknownAreaError:
                pass
            else:
                return
        check_areas(record, self._areas(conn))

    def get(self, record_id: str) -> Record:
        validate_slug(record_id)
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT type, schema_version, document FROM mou_records WHERE id = %s",
                [record_id],
            ).fetchall()
            if not rows:
                raise NotFoundError(record_id)
            kind, schema_version, document = rows[0]
            return decode_row(kind, schema_version, document, self._areas(conn), self._shown).record

    def version(self, record_id: str) -> int:
        validate_slug(record_id)
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT version FROM mou_records WHERE id = %s", [record_id]
            ).fetchall()
        if not rows:
            raise NotFoundError(record_id)
        return int(rows[0][0])

    def records(self, where: RecordFilter | None = None) -> Iterator[Record]:
        """The records ``where`` keeps (every record when it is None), agreements then
        engagements, each sorted by id: the filter is a SQL condition, so only the matching
        rows are read."""
        test, params = condition(where)
        query = sql.SQL(
            "SELECT type, schema_version, document FROM mou_records WHERE {} "
            'ORDER BY type, id COLLATE "C"'
        ).format(test)
        with self._reading() as conn:
            areas = self._areas(conn)
            with gc_paused(), sharing():  # a bulk load, decoded as from a file
                rows = conn.execute(query, params).fetchall()
                found = [decode_row(k, v, doc, areas, self._shown).record for k, v, doc in rows]
        return iter([r for r in found if where is None or where.matches(r)])

    def _versioned(self) -> Iterator[tuple[Record, int]]:
        with self._reading() as conn:
            areas = self._areas(conn)
            with gc_paused(), sharing():
                rows = conn.execute(
                    "SELECT type, schema_version, document FROM mou_records "
                    'ORDER BY type, id COLLATE "C"'
                ).fetchall()
                found = [decode_row(k, v, doc, areas, self._shown) for k, v, doc in rows]
        return iter([(stored.record, stored.version) for stored in found])

    def __len__(self) -> int:
        with self._reading() as conn:
            return int(scalar(conn, "SELECT count(*) FROM mou_records"))

    # -- writes -------------------------------------------------------------------------------

    def declare_area(self, area: CooperationArea) -> None:
        with self._writing() as conn:
            self._adds.flush(conn)
            self._tx_areas = self._areas(conn).declare(area)  # raises if the code is taken
            document = dumps_compact(make_converter().unstructure(area)).decode("utf-8")
            conn.execute(
                "INSERT INTO mou_areas (code, document) VALUES (%s, %s)", [area.code, document]
            )

    def add(self, record: Record) -> int:
        self._restore(record, 1)
        return 1

    def _restore(self, record: Record, version: int) -> None:
        """One statement, or buffered in a long transaction (:mod:`.pg_batch`); an id taken
        is a :class:`DuplicateIdError` at this call either way."""
        check_storable(record)
        with self._writing() as conn:
            if self._adds.is_buffered(record.id):
                raise DuplicateIdError(record.id)
            if self._adds.may_be_taken(record.id):
                self._insert(conn, record, version)
                self._adds.added(conn, record.id)
            else:
                self._check_areas(conn, record)
                self._adds.put(conn, record, version)
            self._touched[record.id] = record

    def _insert(self, conn: Connection[Any], record: Record, version: int) -> None:
        try:
            self._check_areas(conn, record)
        except UnknownAreaError:  # a duplicate id is the first error, as in memory
            if scalar(conn, "SELECT count(*) FROM mou_records WHERE id = %s", [record.id]):
                raise DuplicateIdError(record.id) from None
            raise
        # ON CONFLICT: a record added meanwhile by another writer is a duplicate as well
        if not conn.execute(INSERT_ROW, row_values(record, version)).rowcount:
            raise DuplicateIdError(record.id)
        tie(conn, record, new=True)  # one round trip for a record without anchors

    def update(self, record: Record, *, expected_version: int) -> int:
        check_storable(record)
        values = row_values(record, expected_version + 1)
        with self._writing() as conn:
            self._adds.flush(conn)
            # one statement when the version and the kind match; else find out which did not
            if not conn.execute(UPDATE_ROW, {**values, "old": expected_version}).rowcount:
                current = conn.execute(
                    "SELECT type, version FROM mou_records WHERE id = %s", [record.id]
                ).fetchall()
                if not current or current[0][1] != expected_version:
                    actual = current[0][1] if current else None
                    raise ConflictError(record.id, expected=expected_version, actual=actual)
                raise ValidationError(
                    f"record {record.id!r} is an {current[0][0]}; "
                    "it cannot become another kind of record",
                    field="id",
                )
            self._check_areas(conn, record)
            tie(conn, record)
            self._touched[record.id] = record
            return expected_version + 1

    def remove(self, record_id: str, *, expected_version: int | None = None) -> None:
        validate_slug(record_id)
        with self._writing() as conn:
            self._adds.flush(conn)
            # one statement when the record is there (at the expected version); else say why
            removed = conn.execute(
                "DELETE FROM mou_records WHERE id = %s AND (%s::bigint IS NULL OR version = %s) "
                "RETURNING type",
                [record_id, expected_version, expected_version],
            ).fetchall()
            if not removed:
                current = conn.execute(
                    "SELECT version FROM mou_records WHERE id = %s", [record_id]
                ).fetchall()
                if expected_version is not None:
                    actual = current[0][0] if current else None
                    raise ConflictError(record_id, expected=expected_version, actual=actual)
                raise NotFoundError(record_id)
            self._adds.forget(record_id)
            self._touched.pop(record_id, None)
            if removed[0][0] == "engagement":
                self._removed.add(record_id)
