"""Journal transactions: encoding changes as operations, and applying them to a decoded state.

An operation is ``{"put": "agreements" | "engagements", "record": {...}}`` (the record with its
version, as in the snapshot), ``{"remove": id}`` or ``{"areas": [...]}`` (the declared areas).
Records in the journal are read as strictly as in the snapshot; errors name the journal's file,
the line and the JSON path within it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mou_tracker.domain import (
    Agreement,
    AreaVocabulary,
    CooperationArea,
    Engagement,
    validate_slug,
)
from mou_tracker.errors import FormatError, MouTrackerError
from mou_tracker.storage.converter import describe_errors, make_converter, show_key
from mou_tracker.storage.document import (
    Decoded,
    Stored,
    decode_record,
    unstructure_record,
)
from mou_tracker.storage.jsonparse import dumps_compact
from mou_tracker.storage.references import reference_problems, uses_engagement

__all__ = ["apply_transactions", "encode_ops"]

_SECTION = {Agreement: "agreements", Engagement: "engagements"}
_CLASS: dict[str, type[Agreement] | type[Engagement]] = {
    "agreements": Agreement,
    "engagements": Engagement,
}


def encode_ops(changes: dict[str, Stored | None], areas: AreaVocabulary | None) -> bytes:
    """One journal line for a transaction (``areas`` when the declared areas changed)."""
    ops: list[dict[str, Any]] = []
    if areas is not None:
        ops.append({"areas": [make_converter().unstructure(a) for a in areas.extra]})
    for record_id in sorted(changes):
        stored = changes[record_id]
        if stored is None:
            ops.append({"remove": record_id})
        else:
            record = unstructure_record(stored.record, stored.version)
            ops.append({"put": _SECTION[type(stored.record)], "record": record})
    return dumps_compact({"ops": ops})


def _remove_problem(record_id: object) -> str | None:
    """Why ``record_id`` cannot be the id of a record to remove (None when it can)."""
    if type(record_id) is not str:
        return "expected the id of the record to remove"
    try:
        validate_slug(record_id)
    except MouTrackerError as exc:  # the same check as an id in a record
        return str(exc)
    return None


def apply_transactions(
    state: Decoded, transactions: Iterable[tuple[int, list[dict[str, Any]]]], journal: Path
) -> Decoded:
    """``state`` with the transactions applied (a new dict: ``state`` is left as it was)."""
    areas, records = state.areas, dict(state.records)
    problems: list[FormatError] = []
    touched: dict[str, tuple[str | None, str]] = {}
    gone: dict[str, tuple[str, str]] = {}  # ids removed or replaced -> the last such operation
    for number, ops in transactions:
        where_file = f"{journal} line {number}"
        for index, op in enumerate(ops):
            where = f"$.ops[{index}]"
            keys = set(op)
            if keys == {"remove"}:
                problem = _remove_problem(op["remove"])
                if problem is None:
                    records.pop(op["remove"], None)
                    touched.pop(op["remove"], None)
                    gone[op["remove"]] = (where_file, f"{where}.remove")
                else:
                    problems.append(
                        FormatError(problem, path=where_file, json_path=f"{where}.remove")
                    )
            elif keys == {"areas"}:
                try:
                    extra = make_converter().structure(op["areas"], tuple[CooperationArea, ...])
                    areas = AreaVocabulary(extra)
                except Exception as exc:  # every failure becomes a FormatError naming its path
                    problems.extend(
                        FormatError(reason, path=where_file, json_path=json_path)
                        for reason, json_path in describe_errors(exc, f"{where}.areas")
                    )
            elif keys == {"put", "record"} and type(op["put"]) is str and op["put"] in _CLASS:
                section = _CLASS[op["put"]]
                result = decode_record(op["record"], section, areas, f"{where}.record", where_file)
                if isinstance(result, list):
                    problems.extend(result)
                else:
                    records[result.record.id] = result
                    touched[result.record.id] = (where_file, f"{where}.record")
                    gone[result.record.id] = (where_file, f"{where}.record")
            elif keys == {"put", "record"}:
                message = 'expected "agreements" or "engagements"'
                problems.append(FormatError(message, path=where_file, json_path=f"{where}.put"))
            else:
                names = ", ".join(show_key(key) for key in sorted(keys)) or "no key"
                message = f"unknown journal operation ({names}): expected put, remove or areas"
                problems.append(FormatError(message, path=where_file, json_path=where))
    subset = {record_id: records[record_id] for record_id in touched}
    problems.extend(reference_problems(subset, touched, records))
    problems.extend(_lost_engagements(gone, touched, records))
    return Decoded(areas=areas, records=records, problems=tuple(problems))


def _lost_engagements(
    gone: dict[str, tuple[str, str]],
    touched: dict[str, tuple[str | None, str]],
    records: dict[str, Stored],
) -> list[FormatError]:
    """An operation that removes (or replaces by an agreement) an engagement that deadlines of
    records the journal did not touch are tied to (the touched ones are checked on their own)."""
    lost = {
        record_id: place
        for record_id, place in gone.items()
        if not isinstance(getattr(records.get(record_id), "record", None), Engagement)
    }
    problems = []
    for engagement_id, (file, where) in sorted(lost.items()):
        users = sorted(
            record_id
            for record_id, stored in records.items()
            if record_id not in touched and uses_engagement(stored.record, engagement_id)
        )
        if users:
            message = (
                f"removes engagement {engagement_id!r}, to which deadlines of "
                f"{', '.join(map(repr, users))} are tied"
            )
            problems.append(FormatError(message, path=file, json_path=where))
    return problems
