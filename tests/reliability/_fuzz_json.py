"""Random JSON for the fuzzer, written by a small serialiser of our own.

It writes what Python's ``json`` cannot: repeated keys (:class:`Pairs`), verbatim tokens
(:class:`Raw`: ``NaN``, a 4,301-digit integer, ``"\\ud800"``) and nesting of any depth
(:class:`Nested`, without recursion). The values lean towards what a repository file holds:
its field names, dates, country codes, enum values, and integers at the edges of what JSON
readers keep.
"""

from __future__ import annotations

import json
import re
from typing import Any

import attrs
from hypothesis import strategies as st

__all__ = [
    "DEEP",
    "FIELD_NAMES",
    "INTEGERS",
    "NESTING",
    "TEXTS",
    "WIDE",
    "Nested",
    "Pairs",
    "Raw",
    "json_values",
    "keys",
    "to_json",
]


@attrs.frozen
class Raw:
    """A token written verbatim (``NaN``, ``1e999``, ``[[[...]]]``, ``"\\ud800"``)."""

    text: str


@attrs.frozen
class Nested:
    """``value`` inside ``depth`` lists (written without recursion, however deep)."""

    value: Any
    depth: int


@attrs.frozen
class Pairs:
    """An object that may repeat a key."""

    items: tuple[tuple[str, Any], ...]


# -- writing JSON ---------------------------------------------------------------------------------


def to_json(value: Any, *, indent: bool, ascii_only: bool, raw_surrogates: bool = False) -> bytes:
    """``value`` as JSON text; with ``indent``, exactly the library's canonical layout for plain
    values. A lone surrogate is written as an escape (``\\ud800``), or with ``raw_surrogates``
    as its raw bytes, which are not UTF-8."""
    text = _dump(value, 0, indent, ascii_only) + ("\n" if indent else "")
    if not raw_surrogates:
        text = _LONE_SURROGATE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
    return text.encode("utf-8", "surrogatepass")


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _dump(value: Any, level: int, indent: bool, ascii_only: bool) -> str:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, Nested):
        return "[" * value.depth + _dump(value.value, level, indent, ascii_only) + "]" * value.depth
    if value is None or isinstance(value, bool | int | float | str):
        return json.dumps(value, ensure_ascii=ascii_only)
    if isinstance(value, dict | Pairs):
        pairs = value.items if isinstance(value, Pairs) else tuple(value.items())
        items = [
            json.dumps(k, ensure_ascii=ascii_only)
            + (": " if indent else ":")
            + _dump(v, level + 1, indent, ascii_only)
            for k, v in pairs
        ]
        return _join("{", items, "}", level, indent)
    items = [_dump(v, level + 1, indent, ascii_only) for v in value]
    return _join("[", items, "]", level, indent)


def _join(opening: str, items: list[str], closing: str, level: int, indent: bool) -> str:
    if not items:
        return opening + closing
    if not indent:
        return opening + ",".join(items) + closing
    pad = "\n" + "  " * (level + 1)
    return opening + ",".join(pad + item for item in items) + "\n" + "  " * level + closing


# -- random JSON ----------------------------------------------------------------------------------

FIELD_NAMES = (
    "id", "kind", "title", "parties", "history", "areas", "legally_binding", "signature_place",
    "expires_on", "commitments", "sources", "relations", "notes", "date", "place",
    "agreement_ids", "date_changes", "text", "responsible", "deadline", "recurrence", "status",
    "made_on", "met_on", "progress", "due", "anchor", "note", "reschedules", "engagement_id",
    "relation", "offset", "count", "unit", "every", "starts", "fulfilled_by", "country",
    "institution", "signatory", "publisher", "url", "published", "accessed", "previous",
    "decided_on", "reason", "source", "version", "schema_version", "code", "label",
    "agreements", "engagements", "ops", "put", "record", "remove", "journal", "snapshot",
    "size", "crc32", "agreement_id",
)  # fmt: skip

TEXTS = (
    "", " ", "x", "2025-09-09", "2025-02-30", "2024-02-29", "2025-Q4", "2025-Q5", "2025-13",
    "2025-00", "2025", "0000", "0000-01-01", "9999-12-31", "10000", "2025-9-9", "2025-09-09T10:00",
    "PK", "KZ", "pk", "XX", "Pakistan", "XK", "signed", "in_force", "terminated", "mou",
    "treaty", "action_plan", "talks", "met", "partially_met", "months", "days", "during",
    "before", "after", "supersedes", "trade", "space", "Space", "con", "nul.txt", "../x",
    "/etc/passwd", "a" * 129, "a" * 128, "pk-kz-plan", "a--b", "-a", "ａ", "\x00", "\n",
    "\u2028", "\ud800", "\udfff", "x\udc00y", "\U0001f600", "é", "=1+1", "https://example.org",
)  # fmt: skip

WIDE = (2**31, 2**53 - 1, 2**53, 2**63, 2**64, 10**30, -(2**63) - 1)
"""Integers at the edges of what JSON readers and writers keep (32, 53 and 64 bits)."""
INTEGERS = (0, 1, 2, 3, -1, 36, 37, *WIDE)

RAW_TOKENS = (
    "NaN", "Infinity", "-Infinity", "1e999", "-1e999", "1e-999", "-0", "1E2", "2.0", "1.5",
    "1" * 4301, "-" + "9" * 4301, "1" * 4300, '"\\ud800"', '"\\udfff"', '"a\\udc00"',
    '"\\ud83d\\ude00"', '"\\u0000"', "{" + '"a":1,' * 3 + '"a":2}',
)  # fmt: skip

NESTING = (65, 300, 1100)
"""Past the limit (64); past orjson's writer (255), though not its reader (1024); past the
parser's recursion (about 1000)."""

DEEP = tuple(
    Raw(opening * depth + inner + closing * depth)
    for depth in NESTING
    for opening, inner, closing in (("[", "", "]"), ('{"a":', "1", "}"))
)

ODD_KEYS = ("", " ", "ID", "id ", "$", "a.b", "__proto__", "ａ", "\ud800", "a\udc00")
keys = st.sampled_from(FIELD_NAMES) | st.text(max_size=8) | st.sampled_from(ODD_KEYS)
scalars = (
    st.none()
    | st.booleans()
    | st.sampled_from(INTEGERS)
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(TEXTS)
    | st.text(max_size=12)
    | st.sampled_from(RAW_TOKENS).map(Raw)
    | st.sampled_from(DEEP)
)


def _pairs(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Pairs]:
    items = st.lists(st.tuples(keys, inner), min_size=1, max_size=3)
    return items.map(lambda found: Pairs((*found, found[0])))  # the first key, again


json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4) | _pairs(inner)
    ),
    max_leaves=12,
)
