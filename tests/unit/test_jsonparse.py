"""The canonical JSON form: orjson and the standard library write the same bytes, and the fast
read path only accepts exactly that form (anything else is parsed strictly)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mou_tracker.storage.jsonparse as jsonparse
from mou_tracker import Agreement, FormatError, InMemoryRepository
from mou_tracker.storage.document import Stored, decode, encode

pytest.importorskip("orjson")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def stdlib_indented(value: Any) -> bytes:
    text = json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)
    return text.encode("utf-8", "surrogatepass") + b"\n"


@given(st.dictionaries(st.text(), json_values, max_size=5))
def test_orjson_and_the_standard_library_write_the_same_canonical_bytes(
    value: dict[str, Any],
) -> None:
    try:
        fast = jsonparse.dumps_indented(value)
    except TypeError:  # orjson refuses lone surrogates, which the model refuses too
        return
    assert fast == stdlib_indented(value)


def test_the_fast_path_refuses_anything_but_the_canonical_form() -> None:
    canonical = jsonparse.dumps_indented({"a": [1, {"b": "é"}]})
    assert jsonparse.parse_canonical(canonical) == {"a": [1, {"b": "é"}]}
    assert jsonparse.parse_canonical(b'{"a": 1, "a": 2}') is None  # duplicate keys
    assert jsonparse.parse_canonical(b'{"a":1}\n') is None  # not indented
    assert jsonparse.parse_canonical(b"\xef\xbb\xbf" + canonical) is None  # a BOM
    assert jsonparse.parse_canonical(b"[1]\n") is None  # not an object


def test_duplicate_keys_in_a_canonically_indented_file_are_still_rejected() -> None:
    data = b'{\n  "schema_version": 2,\n  "schema_version": 2,\n  "areas": []\n}\n'
    with pytest.raises(FormatError, match="duplicate key 'schema_version'"):
        decode(data, path="x.json")


def test_without_orjson_the_library_reads_and_writes_the_same_bytes(
    monkeypatch: pytest.MonkeyPatch, agreement: Agreement
) -> None:
    repo = InMemoryRepository()
    repo.add(agreement)
    stored = [Stored(record=agreement, version=1)]
    fast = encode(repo.areas, stored)
    monkeypatch.setattr(jsonparse, "orjson", None)
    slow = encode(repo.areas, stored)
    assert slow == fast
    assert decode(slow, path="x.json").records[agreement.id].record == agreement


# -- strict parsing: every refusal names a JSON path ---------------------------------------------


def refusal(data: bytes) -> FormatError:
    with pytest.raises(FormatError) as info:
        jsonparse.parse_json(data, path="x.json")
    return info.value


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ((), "$"),
        (("agreements", 0, "title"), "$.agreements[0].title"),
        (("a b", "_x1"), '$["a b"]._x1'),
        (("\ud800", "é", "1a"), '$["\\ud800"]["\\u00e9"]["1a"]'),
    ],
)
def test_a_json_path_names_odd_keys_in_escaped_brackets(
    parts: tuple[str | int, ...], expected: str
) -> None:
    assert jsonparse.format_json_path(parts) == expected


@pytest.mark.parametrize(
    ("data", "reason", "where"),
    [
        (b'{"a": {"b": 1, "b": 2}}', "malformed JSON: duplicate key 'b'", "$.a.b"),
        (b'{"a": [1, NaN]}', "malformed JSON: NaN is not valid JSON", "$.a[1]"),
        (b'{"a": [-Infinity]}', "malformed JSON: -Infinity is not valid JSON", "$.a[0]"),
        (b'{"a": 1e400}', "malformed JSON: 1e400 is too large for a number", "$.a"),
        (
            b'{"a": -' + b"9" * 4301 + b"}",
            "malformed JSON: an integer of 4,301 digits (at most 4,300)",
            "$.a",
        ),
        (
            b'{"a": ["\\udc00"]}',
            "text with a lone surrogate (\\ud800 to \\udfff) is not valid Unicode",
            "$.a[0]",
        ),
        (
            b'{"\\ud800x": 1}',
            "a key with a lone surrogate (\\ud800 to \\udfff) is not valid",
            '$["\\ud800x"]',
        ),
        (
            b'{"a": ' + b"[" * 64 + b"]" * 64 + b"}",
            "nested deeper than 64 levels",
            "$.a" + "[0]" * 63,
        ),
    ],
)
def test_a_refused_value_is_reported_at_its_json_path(data: bytes, reason: str, where: str) -> None:
    error = refusal(data)
    assert (error.reason, error.json_path) == (reason, where)


def test_the_first_problem_in_document_order_is_reported() -> None:
    error = refusal(b'{"a": [1, {"b": NaN}], "c": {"d": 1, "d": 2}}')
    assert error.json_path == "$.a[1].b"


def test_a_paired_surrogate_escape_and_an_escaped_backslash_u_are_valid_text() -> None:
    data = b'{"a": "\\ud83d\\ude00", "b": "\\\\ud800"}'
    assert jsonparse.parse_json(data, path=None) == {"a": "\U0001f600", "b": "\\ud800"}


def test_nesting_too_deep_for_the_parser_is_reported_at_its_line_and_column() -> None:
    error = refusal(b'{\n  "a": "[{",\n  "b": ' + b"[" * 5000 + b"]" * 5000 + b"}")
    assert error.reason == "nested deeper than 64 levels (line 3, column 71)"
    assert error.json_path == "$"


def test_text_that_is_not_utf_8_is_reported_at_its_line_and_column() -> None:
    error = refusal(b'{\n  "\xc3\xa9": "\xff"}')  # columns count characters: "é" is one
    assert error.reason == "not UTF-8 text (line 2, column 9, byte 11)"


def test_the_fast_path_leaves_nesting_deeper_than_orjson_writes_to_the_strict_parser() -> None:
    # orjson reads 1,024 levels but writes only 255: its dumps once let a TypeError out
    deep = b'{"a": ' + b"[" * 300 + b"]" * 300 + b"}"
    assert jsonparse.parse_canonical(deep) is None
    assert refusal(deep).reason == "nested deeper than 64 levels"


_ESCAPES = st.lists(
    st.sampled_from(["\\\\", "\\ud800", "\\udbff", "\\udc00", "\\uDFFF", "\\u0041", "x", "u"]),
    max_size=8,
).map("".join)


@given(st.lists(_ESCAPES, min_size=1, max_size=3))
def test_a_lone_surrogate_is_refused_whatever_escapes_surround_it(texts: list[str]) -> None:
    data = json.dumps({"schema_version": 2}).encode()[:-1]
    data += b"".join(f', "k{n}": "{text}"'.encode() for n, text in enumerate(texts)) + b"}"
    parsed = json.loads(data)  # the same text, read without any check
    lone = any(
        "\ud800" <= c <= "\udfff"
        for value in parsed.values()
        if isinstance(value, str)
        for c in value
    )
    if lone:
        assert "lone surrogate" in refusal(data).reason
    else:
        assert jsonparse.parse_json(data, path=None) == parsed


def test_without_orjson_a_journal_line_is_the_same_compact_bytes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    value = {"ops": [{"remove": "pk-kz-mou"}], "text": "Астана – ☃"}
    fast = jsonparse.dumps_compact(value)
    monkeypatch.setattr(jsonparse, "orjson", None)
    assert jsonparse.dumps_compact(value) == fast
    assert b"\n" not in fast
