"""References between records in PostgreSQL: which engagements each record's deadlines are tied
to (``mou_anchors``), and the checks made before a transaction commits."""

from __future__ import annotations

from typing import Any

from psycopg import Connection

from mou_tracker.domain import Record
from mou_tracker.storage.references import (
    anchor_removal_error,
    dangling_anchor_error,
    dangling_anchors,
)

__all__ = ["anchor_ids", "check_references", "tie"]


def anchor_ids(record: Record) -> list[str]:
    """The engagements the deadlines of ``record`` are tied to, sorted, each once."""
    return sorted({e for c in record.commitments for e in c.anchors})


def tie(conn: Connection[Any], record: Record, *, new: bool = False) -> None:
    """Record which engagements the deadlines of ``record`` are tied to (``new``: its row was
    just inserted, so it has none yet: its old anchors went with its row, by the cascade).
    Ties it no longer has are deleted and new ones added; one round trip when it has none."""
    anchors = anchor_ids(record)
    if not new:
        conn.execute(
            "DELETE FROM mou_anchors WHERE record_id = %s AND engagement_id <> ALL(%s::text[])",
            [record.id, anchors],
        )
    if anchors:
        conn.execute(
            "INSERT INTO mou_anchors (record_id, engagement_id) "
            "SELECT %s, unnest(%s::text[]) ON CONFLICT DO NOTHING",
            [record.id, anchors],
        )


def check_references(conn: Connection[Any], touched: dict[str, Record], removed: set[str]) -> None:
    """Before the commit: each deadline of a record written (``touched``) is tied to an
    existing engagement, and no ``removed`` engagement still has deadlines tied to it (the JSON
    store's checks and messages; the foreign key on ``mou_anchors`` enforces them at commit,
    against what concurrent transactions do)."""
    wanted = {e for r in touched.values() for c in r.commitments for e in c.anchors}
    if not wanted and not removed:
        return
    engagements = {
        row[0]
        for row in conn.execute(
            "SELECT id FROM mou_records WHERE type = 'engagement' AND id = ANY(%s)",
            [sorted(wanted | removed)],
        )
    }
    for record_id in sorted(touched):
        record = touched[record_id]
        for index, engagement_id in dangling_anchors(record, engagements.__contains__):
            raise dangling_anchor_error(record, index, engagement_id)
    for engagement_id in sorted(removed - engagements):
        users = [
            row[0]
            for row in conn.execute(
                "SELECT record_id FROM mou_anchors WHERE engagement_id = %s "
                'AND record_id <> %s ORDER BY record_id COLLATE "C"',
                [engagement_id, engagement_id],
            )
        ]
        if users:
            raise anchor_removal_error(engagement_id, users)
