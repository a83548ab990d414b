"""The PostgreSQL schema: its tables, its version, and a record's row.

Each record is one row of ``mou_records``: the JSON document the file store writes for it
(:func:`~mou_tracker.storage.document.unstructure_record`, read back with
:func:`~mou_tracker.storage.document.decode_record`: one serialisation) in a ``json`` column
(not ``jsonb``, which cannot hold the character U+0000 that any text of a record may contain;
the queries use the derived columns, so nothing needs ``jsonb``'s operators),
the ``schema_version`` of that document, its ``version``, and columns derived from it for
queries (kind, current status, countries, areas, signature date range as day ordinals), indexed.
``mou_anchors`` lists, for each record, the engagements its deadlines are tied to, with a
foreign key on the engagement checked at commit: two concurrent writers cannot leave a deadline
tied to a removed engagement. ``mou_areas`` holds the declared areas and ``mou_meta`` the
schema's version (:data:`LAYOUT_VERSION`).
"""

from __future__ import annotations

from typing import Any

from psycopg import Connection

from mou_tracker.domain import Agreement, AreaVocabulary, Engagement, Record
from mou_tracker.errors import SchemaVersionError, StorageError
from mou_tracker.storage.document import Stored, decode_record, unstructure_record
from mou_tracker.storage.jsonparse import dumps_compact
from mou_tracker.storage.migrations import SCHEMA_VERSION, migrate

__all__ = [
    "COPY_ROWS",
    "COPY_TYPES",
    "INSERT_ROW",
    "LAYOUT_VERSION",
    "UPDATE_ROW",
    "check_layout",
    "create_layout",
    "decode_row",
    "row",
    "row_values",
    "scalar",
]

LAYOUT_VERSION = 1
"""The version of the tables below; a database with a newer one is refused untouched."""

TABLES = ("mou_meta", "mou_areas", "mou_records", "mou_anchors")

_DDL = (
    "CREATE TABLE mou_meta (key text PRIMARY KEY, value integer NOT NULL)",
    "CREATE TABLE mou_areas (code text PRIMARY KEY, document json NOT NULL)",
    """CREATE TABLE mou_records (
        id text PRIMARY KEY,
        type text NOT NULL CHECK (type IN ('agreement', 'engagement')),
        version bigint NOT NULL CHECK (version >= 1),
        schema_version integer NOT NULL,
        document json NOT NULL,
        kind text NOT NULL,
        status text,
        countries text[] NOT NULL,
        areas text[] NOT NULL,
        signed_earliest integer,
        signed_latest integer,
        UNIQUE (id, type)
    )""",
    "CREATE INDEX mou_records_countries ON mou_records USING gin (countries)",
    "CREATE INDEX mou_records_areas ON mou_records USING gin (areas)",
    "CREATE INDEX mou_records_kind ON mou_records (kind)",
    "CREATE INDEX mou_records_status ON mou_records (status)",
    "CREATE INDEX mou_records_signed ON mou_records (signed_earliest, signed_latest)",
    """CREATE TABLE mou_anchors (
        record_id text NOT NULL REFERENCES mou_records (id) ON DELETE CASCADE,
        engagement_id text NOT NULL,
        engagement_type text NOT NULL DEFAULT 'engagement' CHECK (engagement_type = 'engagement'),
        PRIMARY KEY (record_id, engagement_id),
        FOREIGN KEY (engagement_id, engagement_type) REFERENCES mou_records (id, type)
            DEFERRABLE INITIALLY DEFERRED
    )""",
    "CREATE INDEX mou_anchors_engagement ON mou_anchors (engagement_id)",
)


_COLUMNS = (
    "id, type, version, schema_version, document, kind, status, countries, areas, "
    "signed_earliest, signed_latest"
)
_NAMES = tuple(_COLUMNS.split(", "))
INSERT_ROW = (
    f"INSERT INTO mou_records ({_COLUMNS}) "  # noqa: S608 - constant text, values are bound
    f"VALUES ({', '.join(f'%({name})s' for name in _COLUMNS.split(', '))}) ON CONFLICT DO NOTHING"
)
UPDATE_ROW = (
    "UPDATE mou_records SET "  # noqa: S608 - constant text, values are bound
    f"{', '.join(f'{name} = %({name})s' for name in _COLUMNS.split(', '))} "
    "WHERE id = %(id)s AND version = %(old)s AND type = %(type)s"
)
COPY_ROWS = f"COPY mou_records ({_COLUMNS}) FROM STDIN"
"""Rows in bulk, each a :func:`row` (its values in the order of the columns)."""
COPY_TYPES = (
    "text",
    "text",
    "int8",
    "int4",
    "text",
    "text",
    "text",
    "text[]",
    "text[]",
    "int4",
    "int4",
)
"""How :data:`COPY_ROWS` sends each value (the document as its JSON text, which the server
reads as ``json``)."""


def create_layout(conn: Connection[Any], shown: str) -> None:
    """Create the tables in the current schema (inside the caller's transaction); refuse when
    this database (schema) already has any of them."""
    found = scalar(
        conn,
        "SELECT count(*) FROM unnest(%s::text[]) AS t WHERE to_regclass(t) IS NOT NULL",
        [list(TABLES)],
    )
    if found:
        raise StorageError(f"{shown}: already holds a mou-tracker repository; not overwritten")
    for statement in _DDL:
        conn.execute(statement)
    conn.execute(
        "INSERT INTO mou_meta (key, value) VALUES ('schema_version', %s)", [LAYOUT_VERSION]
    )


def check_layout(conn: Connection[Any], shown: str) -> None:
    """Raise unless the database holds a repository of a layout this library reads."""
    if not scalar(conn, "SELECT to_regclass('mou_meta') IS NOT NULL"):
        raise StorageError(
            f"{shown}: no mou-tracker repository here; create one with 'mou-tracker init'"
        )
    rows = conn.execute("SELECT value FROM mou_meta WHERE key = 'schema_version'").fetchall()
    if not rows:
        raise StorageError(f"{shown}: mou_meta has no schema_version; not a mou-tracker database")
    if rows[0][0] > LAYOUT_VERSION:
        raise SchemaVersionError(
            f"database schema_version {rows[0][0]} is newer than this library understands "
            f"({LAYOUT_VERSION}); upgrade mou-tracker. The database was left untouched",
            path=shown,
        )


def scalar(conn: Connection[Any], query: str, params: list[Any] | None = None) -> Any:
    """The one value ``query`` returns."""
    return conn.execute(query, params).fetchall()[0][0]


def row(record: Record, version: int) -> tuple[Any, ...]:
    """The values of ``record``'s row at ``version``, in the order of the columns. The document
    is sent as JSON text: the file store's object for the record
    (:func:`~mou_tracker.storage.document.unstructure_record`), dumped compact."""
    if isinstance(record, Agreement):
        kind, status, signed = "agreement", record.status.value, record.signed_on
    else:
        kind, status, signed = "engagement", None, record.date
    return (
        record.id,
        kind,
        version,
        SCHEMA_VERSION,
        dumps_compact(unstructure_record(record, version)).decode("utf-8"),
        str(record.kind),
        status,
        sorted(c.code for c in record.countries),
        sorted(record.areas),
        None if signed is None else signed.earliest_ordinal,
        None if signed is None else signed.latest_ordinal,
    )


def row_values(record: Record, version: int) -> dict[str, Any]:
    """The columns of ``record``'s row at ``version``, by name."""
    return dict(zip(_NAMES, row(record, version), strict=True))


def decode_row(
    kind: str, schema_version: int, document: Any, areas: AreaVocabulary, shown: str
) -> Stored:
    """The record in a row, its document migrated from an older ``schema_version`` first."""
    section, cls = ("agreements", Agreement) if kind == "agreement" else ("engagements", Engagement)
    where = f"$.{section}[{document.get('id')!r}]"
    if schema_version > SCHEMA_VERSION:
        raise SchemaVersionError(
            f"schema_version {schema_version} is newer than this library understands "
            f"({SCHEMA_VERSION}); upgrade mou-tracker. The database was left untouched",
            path=shown,
            json_path=where,
        )
    if schema_version < SCHEMA_VERSION:
        document = migrate({"schema_version": schema_version, section: [document]}, schema_version)
        document = document[section][0]
    stored = decode_record(document, cls, areas, where, shown)
    if isinstance(stored, list):
        raise stored[0]
    return stored
