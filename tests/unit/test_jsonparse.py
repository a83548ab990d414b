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
