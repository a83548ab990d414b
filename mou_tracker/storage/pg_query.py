"""A :class:`~mou_tracker.domain.filters.RecordFilter` as a SQL condition on ``mou_records``.

Only constant SQL text is written here; every value is a bound parameter. The condition keeps
every row the filter keeps (it may keep more: the repository applies
:meth:`RecordFilter.matches` to what it reads, so a criterion with no exact SQL form, or one
added to the filter later, still gives the same result as a scan).
"""

from __future__ import annotations

from typing import Any

from psycopg import sql

from mou_tracker.domain import validate_slug
from mou_tracker.domain.filters import RecordFilter
from mou_tracker.errors import InvalidIdError

__all__ = ["condition"]


def condition(where: RecordFilter | None) -> tuple[sql.Composable, list[Any]]:
    """``(SQL condition, parameters)`` for the rows ``where`` may keep."""
    parts: list[sql.Composable] = [sql.SQL("TRUE")]
    params: list[Any] = []

    def add(text: str, *values: Any) -> None:
        parts.append(sql.SQL(text))  # constant text only
        params.extend(values)

    if where is None:
        return parts[0], params
    ids = getattr(where, "ids", None)  # a criterion the filter may have
    if ids is not None:
        # Only valid ids are sent: no other is ever stored, and some cannot even be sent (a
        # NUL, a lone surrogate), yet an id filter must match nothing rather than raise.
        add("id = ANY(%s)", sorted(i for i in ids if _storable_id(i)))
    if where.country is not None:
        add("countries @> %s", [where.country.code])
    if where.pair is not None:
        add("countries @> %s", [where.pair.first.code, where.pair.second.code])
    if where.area is not None:
        add("areas @> %s", [where.area])
    if where.kinds:
        add("kind = ANY(%s)", sorted(where.kinds))
    if where.statuses:
        add("type = 'agreement' AND status = ANY(%s)", sorted(where.statuses))
    if where.signed_from is not None:
        add("signed_earliest >= %s", where.signed_from.earliest_ordinal)
    if where.signed_to is not None:
        add("signed_latest <= %s", where.signed_to.latest_ordinal)
    return sql.SQL(" AND ").join(parts), params


def _storable_id(record_id: str) -> bool:
    try:
        validate_slug(record_id)
    except InvalidIdError:
        return False
    return True
