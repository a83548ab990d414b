"""Strict JSON parsing: UTF-8 without a byte-order mark, no NaN or Infinity, no duplicate keys,
bounded nesting, and an object at the top."""

from __future__ import annotations

import importlib
import json
from types import ModuleType
from typing import Any

from mou_tracker.errors import FormatError

__all__ = ["MAX_NESTING", "dumps_compact", "dumps_indented", "parse_canonical", "parse_json"]


def _optional_orjson() -> ModuleType | None:
    """orjson, an optional accelerator: the library gives the same bytes without it."""
    try:
        return importlib.import_module("orjson")
    except ImportError:  # pragma: no cover - exercised where orjson is not installed
        return None


orjson = _optional_orjson()

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


def dumps_indented(value: Any) -> bytes:
    """The canonical document form: 2-space indents, UTF-8, keys in insertion order, a final
    newline. orjson and the standard library give the same bytes."""
    if orjson is not None:
        return bytes(orjson.dumps(value, option=orjson.OPT_INDENT_2)) + b"\n"
    text = json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)
    return text.encode("utf-8") + b"\n"


def dumps_compact(value: Any) -> bytes:
    """One line of JSON (journal entries)."""
    if orjson is not None:
        return bytes(orjson.dumps(value))
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def parse_canonical(data: bytes) -> dict[str, Any] | None:
    """The fast path: the parsed document when ``data`` is exactly in the canonical form this
    library writes (so it cannot hide duplicate keys, a BOM, NaN or deep nesting), else None
    (the caller then parses strictly, which also explains what is wrong)."""
    if orjson is None:
        return None
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(value, dict) or dumps_indented(value) != data:
        return None
    return value
