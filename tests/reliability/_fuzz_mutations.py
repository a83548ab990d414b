"""The fuzzer's mutations: of a parsed document (values replaced by random JSON, keys deleted,
renamed, repeated or given a lone surrogate, types changed, values nested deep, records swapped
or moved between sections) and of bytes (truncations, bit flips, insertions and deletions)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from hypothesis import strategies as st

from reliability._fuzz_json import (
    INTEGERS,
    NESTING,
    TEXTS,
    WIDE,
    Nested,
    Pairs,
    json_values,
    keys,
)

__all__ = ["mutate", "spoil_bytes"]


Path = tuple[str | int, ...]


def _paths(value: Any, prefix: Path = ()) -> Iterator[Path]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def _get(doc: Any, path: Path) -> Any:
    for part in path:
        doc = doc[part]
    return doc


def _set(doc: Any, path: Path, value: Any) -> Any:
    """``doc`` with the value at ``path`` replaced (the root itself when ``path`` is empty)."""
    if not path:
        return value
    _get(doc, path[:-1])[path[-1]] = value
    return doc


def _pick(draw: st.DrawFn, doc: Any, want: type | tuple[type, ...] = object) -> Path | None:
    found = [p for p in _paths(doc) if isinstance(_get(doc, p), want)]
    depth = draw(st.sampled_from((1, 2, 3, 4, 6, 99)))  # near the top as often as deep inside
    found = [p for p in found if len(p) <= depth] or found
    return draw(st.sampled_from(found)) if found else None


def _tweak(draw: st.DrawFn, value: Any) -> Any:
    """Another value of much the same kind: the mutations that get furthest into validation."""
    if isinstance(value, bool) or value is None:
        return draw(st.sampled_from((True, False, None, 0, 1, "true")))
    if isinstance(value, int):
        near = (value + 1, -value, float(value), str(value))
        return draw(st.sampled_from(INTEGERS) | st.sampled_from(WIDE) | st.sampled_from(near))
    if isinstance(value, str):
        odd = st.sampled_from(("\ud800", "\udfff", "\x00", "\u2028", "ａ", " ", "x"))
        return draw(
            st.sampled_from(TEXTS)
            | odd.map(lambda char: value + char)
            | st.just(value.upper())
            | st.just([value])
        )
    return draw(json_values)


def _mutate_once(draw: st.DrawFn, doc: Any) -> Any:
    operation = draw(
        st.sampled_from(
            ("replace", "tweak", "tweak", "delete", "rename", "add", "repeat key", "wrap",
             "nest", "list", "copy", "move record", "lone surrogate")
        )
    )  # fmt: skip
    if operation in ("replace", "tweak", "wrap", "nest"):
        want: Any = object
        if operation == "tweak":  # a value, not a structure: text, a number, or the rest
            want = draw(st.sampled_from((str, int, (bool, float, type(None)))))
        path = _pick(draw, doc, want) or _pick(draw, doc)
        if path is None:
            return doc
        old = _get(doc, path)
        new: Any
        if operation == "replace":
            new = draw(json_values)
        elif operation == "tweak":
            new = _tweak(draw, old)
        elif operation == "wrap":
            new = draw(st.sampled_from(([old], {"value": old}, str(old))))
        else:
            new = Nested(old, draw(st.sampled_from(NESTING)))
        return _set(doc, path, new)
    if operation == "lone surrogate":  # in a key or in text: the issue asks for both
        path = _pick(draw, doc, (dict, str))
        if path is None:
            return doc
        found = _get(doc, path)
        char = draw(st.sampled_from(("\ud800", "\udfff")))
        if isinstance(found, str):
            return _set(doc, path, found + char)
        if found:
            key = draw(st.sampled_from(sorted(found)))
            found[key + char] = found.pop(key)
        return doc
    if operation == "copy":
        source, target = _pick(draw, doc), _pick(draw, doc)
        assert source is not None  # the root at least
        assert target is not None
        return _set(doc, target, copy.deepcopy(_get(doc, source)))
    if operation in ("delete", "rename", "add", "repeat key"):
        path = _pick(draw, doc, dict)
        if path is None:
            return doc
        obj: dict[str, Any] = _get(doc, path)
        if operation == "add" or not obj:
            obj[draw(keys)] = draw(json_values)
            return doc
        key = draw(st.sampled_from(sorted(obj)))
        if operation == "delete":
            del obj[key]
            return doc
        if operation == "rename":
            obj[draw(keys)] = obj.pop(key)
            return doc
        again = draw(st.just(obj[key]) | json_values)
        return _set(doc, path, Pairs((*obj.items(), (key, again))))
    if operation == "list":
        path = _pick(draw, doc, list)
        if path is None:
            return doc
        items: list[Any] = _get(doc, path)
        if items:
            index = draw(st.integers(0, len(items) - 1))
            change = draw(st.sampled_from(("repeat", "drop", "reverse", "swap")))
            if change == "repeat":
                items.insert(index, copy.deepcopy(items[index]))
            elif change == "drop":
                del items[index]
            elif change == "reverse":
                items.reverse()
            else:
                other = draw(st.integers(0, len(items) - 1))
                items[index], items[other] = items[other], items[index]
        return doc
    # move record: from one section to the other
    if isinstance(doc, dict):
        sections = [s for s in ("agreements", "engagements") if isinstance(doc.get(s), list)]
        full = [s for s in sections if doc[s]]
        if full and len(sections) == 2:
            source_name = draw(st.sampled_from(full))
            target_name = "engagements" if source_name == "agreements" else "agreements"
            record = doc[source_name].pop(draw(st.integers(0, len(doc[source_name]) - 1)))
            doc[target_name].insert(draw(st.integers(0, len(doc[target_name]))), record)
    return doc


def mutate(draw: st.DrawFn, doc: Any) -> Any:
    for _ in range(draw(st.integers(1, 3))):
        doc = _mutate_once(draw, doc)
    return doc


def _byte_edits(draw: st.DrawFn, data: bytes) -> bytes:
    pieces = (
        b'"', b"{", b"}", b"[", b"]", b",", b":", b"\\", b"\x00", b"\xff", b"\xef\xbb\xbf",
        b"\xed\xa0\x80", b"\n", b"0", b"-", b"e9", b" ", b"\\u", b"null", b"\xc3",
    )  # fmt: skip
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(out)))
        change = draw(st.sampled_from(("insert", "delete", "repeat")))
        if change == "insert":
            out[at:at] = draw(st.sampled_from(pieces) | st.binary(min_size=1, max_size=4))
        elif change == "delete":
            del out[at : at + draw(st.integers(1, 16))]
        else:
            out[at:at] = out[at : at + draw(st.integers(1, 64))]
    return bytes(out)


def _bit_flips(draw: st.DrawFn, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(out) - 1))
        out[at] ^= 1 << draw(st.integers(0, 7))
    return bytes(out)


def spoil_bytes(draw: st.DrawFn, data: bytes, kind: str) -> bytes:
    if kind == "truncated":
        return data[: draw(st.integers(0, max(0, len(data) - 1)))]
    if kind == "bit flips":
        return _bit_flips(draw, data)
    return _byte_edits(draw, data)
