"""Strict JSON parsing: UTF-8 without a byte-order mark, no NaN or Infinity, no duplicate keys,
bounded nesting, and an object at the top."""

from __future__ import annotations

import json
from typing import Any

from mou_tracker.errors import FormatError

__all__ = ["MAX_NESTING", "parse_json"]

MAX_NESTING = 64


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _depth(value: Any, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return False
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return True


def parse_json(data: bytes, *, path: str | None) -> dict[str, Any]:
    """Parse strict JSON (UTF-8, no BOM, no NaN, no duplicate keys) into the top-level object."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormatError(f"not UTF-8 text (byte {exc.start})", path=path) from None
    if text.startswith("\ufeff"):
        raise FormatError(
            "the file starts with a byte-order mark; save it as plain UTF-8", path=path
        )
    try:
        value = json.loads(
            text, object_pairs_hook=_no_duplicate_keys, parse_constant=_reject_constant
        )
    except json.JSONDecodeError as exc:
        raise FormatError(
            f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", path=path
        ) from None
    except (ValueError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise FormatError(f"malformed JSON: {reason}", path=path) from None
    if not isinstance(value, dict):
        raise FormatError("the top level must be a JSON object", path=path)
    if not _depth(value, MAX_NESTING):
        raise FormatError(f"nested deeper than {MAX_NESTING} levels", path=path)
    return value
