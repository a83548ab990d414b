"""A record's public JSON form: the object the repository file holds for it, without its
version. One function each way; both go through the store's one strict converter.

>>> from mou_tracker import Engagement, EngagementKind, Party
>>> talks = Engagement(id="talks", kind=EngagementKind.TALKS, title="Talks", date="2025-09-09",
...                    parties=[Party(country="PK"), Party(country="KZ")])
>>> text = record_to_json(talks)
>>> record_from_json(text) == talks
True
>>> record_from_json('{"id": "talks", "kind": "talks", "parties": []}')
Traceback (most recent call last):
...
mou_tracker.errors.FormatError: record 'talks': required field missing @ $.title
"""

from __future__ import annotations

import json
from typing import Any

from mou_tracker.domain import Agreement, Engagement, Record
from mou_tracker.errors import FormatError
from mou_tracker.storage.converter import describe_errors, make_converter
from mou_tracker.storage.jsonparse import escape_json_text, parse_json

__all__ = ["record_from_json", "record_to_json"]


def record_to_json(record: Record) -> str:
    """The record as a JSON object (2-space indents), as the repository file stores it but
    without ``version``. Control characters that JSON allows raw (DEL, C1, line and paragraph
    separators) are written as ``\\uXXXX`` escapes, so the text is safe to print."""
    data = make_converter().unstructure(record)
    return escape_json_text(json.dumps(data, ensure_ascii=False, indent=2))


def record_from_json(text: str | bytes, *, source: str | None = None) -> Record:
    """The record a JSON object describes, read as strictly as the repository file: unknown
    keys, wrong types and invalid values are a :class:`~mou_tracker.errors.FormatError` naming
    the JSON path (and ``source``, a file name for the message, when given). An object with a
    ``history`` (its status history) is an agreement, any other an engagement. A ``version``
    key, as in the file, is ignored."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    fields: dict[str, Any] = dict(parse_json(data, path=source))
    fields.pop("version", None)
    cls: type[Agreement] | type[Engagement] = Agreement if "history" in fields else Engagement
    try:
        record: Record = make_converter().structure(fields, cls)
    except Exception as exc:  # every failure becomes a FormatError naming its path
        record_id = fields.get("id") if isinstance(fields.get("id"), str) else None
        problems = describe_errors(exc, "$")
        reason, json_path = problems[0]
        others = "; ".join(f"{where}: {why}" for why, where in problems[1:])
        others = f" (also {others})" if others else ""
        raise FormatError(
            reason + others, path=source, record_id=record_id, json_path=json_path
        ) from None
    return record
