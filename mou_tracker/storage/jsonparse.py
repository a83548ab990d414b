"""Strict JSON parsing: UTF-8 without a byte-order mark, no NaN or Infinity, no duplicate keys,
no lone surrogates, no integer of more than 4,300 digits, bounded nesting, and an object at the
top.

Every refusal is a :class:`FormatError` naming a JSON path: the value at fault (``$.agreements[2]
.title``) when there is one, else ``$`` with the line and column in the text (bytes that are not
UTF-8, malformed JSON, nesting too deep for the parser).
"""

from __future__ import annotations

import functools
import importlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterator
from types import ModuleType
from typing import Any

from mou_tracker.errors import FormatError

__all__ = [
    "MAX_INT_DIGITS",
    "MAX_NESTING",
    "dumps_compact",
    "dumps_indented",
    "escape_json_text",
    "format_json_path",
    "is_canonical",
    "parse_canonical",
    "parse_json",
]


def _optional_orjson() -> ModuleType | None:
    """orjson, an optional accelerator: the library gives the same bytes without it."""
    try:
        return importlib.import_module("orjson")
    except ImportError:  # pragma: no cover - exercised where orjson is not installed
        return None


orjson = _optional_orjson()

MAX_NESTING = 64
MAX_INT_DIGITS = 4300
"""Python's own default limit for turning text into an int (``sys.get_int_max_str_digits``):
a longer integer is refused here whatever that setting is."""

_HIGH, _LOW = r"u[dD][89abAB][0-9a-fA-F]{2}", r"u[dD][c-fC-F][0-9a-fA-F]{2}"
_SURROGATE_ESCAPES = re.compile(
    rf"\\(?<!\\\\)(?:\\\\)*(?:{_HIGH}\\{_LOW}|(?P<lone>{_HIGH}|{_LOW}))"
)
"""``\\uD800``-``\\uDFFF`` escapes (after an even number of backslashes: real escapes), a pair
at a time, so that a lone one stands out: the only way a lone surrogate gets into parsed text
(the bytes were strict UTF-8). The walk looking for it runs only when the text has one."""
_SURROGATE = re.compile("[\ud800-\udfff]")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


class _Refused:
    """Stands in for a value the strict parser refuses, so the walk after parsing can report
    it at its JSON path (the parser's hooks do not know where they are)."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


class _DuplicateKeys(dict[str, Any]):
    """An object in which ``key`` appears more than once."""

    def __init__(self, pairs: list[tuple[str, Any]], key: str) -> None:
        super().__init__(pairs)
        self.key = key


def format_json_path(parts: Iterator[str | int] | tuple[str | int, ...]) -> str:
    """``$`` then ``.key`` (or ``["odd key"]``, escaped to ASCII) and ``[index]`` per step."""
    out = ["$"]
    for part in parts:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif _IDENTIFIER.fullmatch(part):
            out.append(f".{part}")
        else:
            out.append(f"[{json.dumps(part)}]")
    return "".join(out)


def parse_json(data: bytes, *, path: str | None) -> dict[str, Any]:
    """Parse strict JSON (UTF-8, no BOM, no NaN, no duplicate keys) into the top-level object."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(data[: exc.start].decode("utf-8"))
        raise FormatError(
            f"not UTF-8 text (line {line}, column {column}, byte {exc.start})", path=path
        ) from None
    if text.startswith("\ufeff"):
        raise FormatError(
            "the file starts with a byte-order mark; save it as plain UTF-8", path=path
        )
    refused: list[bool] = []
    try:
        value = json.loads(
            text,
            object_pairs_hook=functools.partial(_object, refused),
            parse_constant=functools.partial(_constant, refused),
            parse_float=functools.partial(_float, refused),
            parse_int=functools.partial(_int, refused),
        )
    except json.JSONDecodeError as exc:
        raise FormatError(
            f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", path=path
        ) from None
    except RecursionError:
        line, column = _too_deep(text)
        raise FormatError(
            f"nested deeper than {MAX_NESTING} levels (line {line}, column {column})", path=path
        ) from None
    if not isinstance(value, dict):
        raise FormatError("the top level must be a JSON object", path=path)
    check_surrogates = any(found["lone"] for found in _SURROGATE_ESCAPES.finditer(text))
    if refused or check_surrogates or not _within_depth(value):
        reason, parts = _first_problem(value, check_surrogates)
        raise FormatError(reason, path=path, json_path=format_json_path(parts))
    return value


def _refuse(reason: str, refused: list[bool]) -> _Refused:
    refused.append(True)
    return _Refused(reason)


def _constant(refused: list[bool], name: str) -> _Refused:
    return _refuse(f"malformed JSON: {name} is not valid JSON", refused)


def _object(refused: list[bool], pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    refused.append(True)
    counts = Counter(key for key, _ in pairs)
    return _DuplicateKeys(pairs, next(key for key, _ in pairs if counts[key] > 1))


def _float(refused: list[bool], number: str) -> float | _Refused:
    value = float(number)
    if math.isfinite(value):
        return value
    return _refuse(f"malformed JSON: {number} is too large for a number", refused)


def _int(refused: list[bool], number: str) -> int | _Refused:
    digits = len(number) - number.startswith("-")
    if digits > MAX_INT_DIGITS:
        return _refuse(
            f"malformed JSON: an integer of {digits:,} digits (at most {MAX_INT_DIGITS:,})",
            refused,
        )
    try:
        return int(number)
    except ValueError:  # sys.set_int_max_str_digits set below our limit
        return _refuse(f"malformed JSON: an integer of {digits:,} digits is too long", refused)


def _within_depth(value: Any) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_NESTING:
            return False
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return True


def _has_surrogate(text: str) -> bool:
    return not text.isascii() and _SURROGATE.search(text) is not None


def _first_problem(value: Any, check_surrogates: bool) -> tuple[str, tuple[str | int, ...]]:
    """The first refused value in document order, and the path to it (there is one: a parser
    hook refused a value, the text has a lone surrogate escape, or the nesting is too deep)."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(value, ())]
    while stack:
        item, parts = stack.pop()
        if len(parts) >= MAX_NESTING:
            return f"nested deeper than {MAX_NESTING} levels", parts
        if isinstance(item, _Refused):
            return item.reason, parts
        if isinstance(item, _DuplicateKeys):
            return f"malformed JSON: duplicate key {item.key!r}", (*parts, item.key)
        if isinstance(item, str) and check_surrogates and _has_surrogate(item):
            return "text with a lone surrogate (\\ud800 to \\udfff) is not valid Unicode", parts
        if isinstance(item, dict):
            for key in item:
                if check_surrogates and _has_surrogate(key):
                    return "a key with a lone surrogate (\\ud800 to \\udfff) is not valid", (
                        *parts,
                        key,
                    )
            stack.extend((v, (*parts, k)) for k, v in reversed(item.items()))
        elif isinstance(item, list):
            stack.extend((v, (*parts, i)) for i, v in reversed(list(enumerate(item))))
    raise AssertionError("no refused value found")  # pragma: no cover - see the docstring


def _position(before: str) -> tuple[int, int]:
    """(line, column) of the character after ``before``, both counted from 1."""
    line = before.count("\n") + 1
    return line, len(before) - (before.rfind("\n") + 1) + 1


def _too_deep(text: str) -> tuple[int, int]:
    """Where the nesting first goes deeper than MAX_NESTING (the parser gave up further in)."""
    depth = 0
    for match in _TOKEN.finditer(text):
        found = match.group()
        if found in ("[", "{"):
            depth += 1
            if depth > MAX_NESTING:
                return _position(text[: match.start()])
        elif found in ("]", "}"):
            depth -= 1
    return 1, 1  # pragma: no cover - the parser only recurses that deep into brackets


def dumps_indented(value: Any) -> bytes:
    """The canonical document form: 2-space indents, UTF-8, keys in insertion order, a final
    newline. orjson and the standard library give the same bytes."""
    if orjson is not None:
        return bytes(orjson.dumps(value, option=orjson.OPT_INDENT_2)) + b"\n"
    text = json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)
    return text.encode("utf-8") + b"\n"


_RAW_IN_JSON = re.compile("[\u007f-\u009f\u2028\u2029]")


def escape_json_text(text: str) -> str:
    """JSON text with the control characters ``json.dumps(ensure_ascii=False)`` leaves raw
    (DEL, C1 controls such as the one-byte CSI, line and paragraph separators) escaped as
    ``\\uXXXX``: they can only occur inside JSON strings, so the JSON means the same, and it
    is safe to print on a terminal."""
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


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
    if not isinstance(value, dict):
        return None
    return value if is_canonical(data, value) else None


def is_canonical(data: bytes, value: Any) -> bool:
    """Whether ``data`` is exactly :func:`dumps_indented` of ``value`` (which orjson parsed
    from it), compared in place: no copy of a large document. Needs orjson."""
    if orjson is None:  # pragma: no cover - its callers parsed ``data`` with orjson
        return False
    try:
        canonical = orjson.dumps(value, option=orjson.OPT_INDENT_2)
    except orjson.JSONEncodeError:  # nested deeper than orjson writes (which reads deeper)
        return False
    return len(data) == len(canonical) + 1 and data.endswith(b"\n") and data.startswith(canonical)
