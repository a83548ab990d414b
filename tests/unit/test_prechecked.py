"""The bulk-load path (``prechecked``) accepts exactly what the detailed converter accepts and
builds equal objects of the same types; equal values are shared within a bulk load only."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import agreements, engagements

from mou_tracker import Agreement, Engagement
from mou_tracker.domain import Party
from mou_tracker.storage import _prechecked_generated
from mou_tracker.storage.converter import make_converter
from mou_tracker.storage.prechecked import URL, Refused, _name, prechecked, sharing
from tools.prechecked_rules import NORMALISERS, QUICK

_ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([2**53, -(2**53), 1.0, 0.5]),
    st.sampled_from(["", " ", "\t", "x", "é", "\ud800", "2025-02-30", "2025-Q5", "2025-11"]),
    st.sampled_from(["PK", "XX", "pk", "mou", "signed", "https://a.org/x", "ftp://a", "con"]),
    st.sampled_from([[], ["x", "x"], ["trade"], [{}], {}, {"x": 1}]),
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict | list):
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            yield from _paths(item, (*prefix, key))


@st.composite
def spoiled(draw: st.DrawFn, raw: dict[str, Any]) -> dict[str, Any]:
    """``raw`` with one to three values replaced, keys removed or keys added, anywhere."""
    doc = copy.deepcopy(raw)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from([p for p in _paths(doc) if p]))
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        if action == "remove" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "id", "note", "side", "version"]))] = draw(_ODD)
        else:
            parent[path[-1]] = draw(_ODD)
    return doc


def _outcome(build: Any) -> tuple[bool, Any]:
    try:
        return True, build()
    except Exception:  # any failure counts as "refused"
        return False, None


def _shape(value: Any) -> Any:
    """The value's types, all the way down (pendulum dates stay pendulum dates)."""
    if attrs.has(type(value)):
        return type(value), tuple(_shape(getattr(value, f.name)) for f in attrs.fields(type(value)))
    if isinstance(value, tuple):
        return tuple, tuple(_shape(v) for v in value)
    if isinstance(value, frozenset):
        return frozenset, frozenset(_shape(v) for v in value)
    return type(value)


def _agree(raw: Any, cls: type, build: Any = None) -> bool:
    """Both paths (``build`` or the package's own function) refuse ``raw``, or both give
    equal objects of the same types."""
    build = build or prechecked(cls)
    detailed = _outcome(lambda: make_converter().structure(raw, cls))
    fast = _outcome(lambda: build(raw))
    with sharing():
        shared = _outcome(lambda: build(raw))
    assert fast[0] == detailed[0] == shared[0]
    if detailed[0]:
        assert fast[1] == detailed[1] == shared[1]
        assert _shape(fast[1]) == _shape(detailed[1]) == _shape(shared[1])
    return detailed[0]


def test_the_records_are_built_by_the_generated_functions_not_the_converter() -> None:
    assert prechecked(Agreement) is _prechecked_generated._agreement
    assert prechecked(Engagement) is _prechecked_generated._engagement


@settings(max_examples=150)
@given(st.data())
def test_the_fast_path_and_the_detailed_converter_agree_on_valid_and_spoiled_records(
    data: st.DataObject,
) -> None:
    record = data.draw(agreements() | engagements)
    raw = make_converter().unstructure(record)
    assert _agree(raw, type(record))
    _agree(data.draw(spoiled(raw)), type(record))


@settings(max_examples=30)
@given(agreements())
def test_a_record_built_on_the_fast_path_keeps_pendulum_dates(agreement: Agreement) -> None:
    raw = make_converter().unstructure(agreement)
    built = prechecked(Agreement)(raw)
    days = [s.accessed for s in built.sources if s.accessed is not None]
    assert all(type(day) is pendulum.Date for day in days)
    assert built == agreement


def _attrs_objects(value: Any) -> Iterator[Any]:
    if attrs.has(type(value)):
        yield value
        for field in attrs.fields(type(value)):
            yield from _attrs_objects(getattr(value, field.name))
    elif isinstance(value, tuple | frozenset):
        for item in value:
            yield from _attrs_objects(item)


@settings(max_examples=30)
@given(agreements() | engagements)
def test_every_converter_skipped_returns_an_equal_value_of_the_same_type(
    record: Agreement | Engagement,
) -> None:
    for value in _attrs_objects(record):
        for field in attrs.fields(type(value)):
            if field.converter is not None and _name(field.converter) in NORMALISERS:
                given_value = getattr(value, field.name)
                converted = field.converter(given_value)  # type: ignore[operator]
                assert converted == given_value
                assert type(converted) is type(given_value)


def test_every_converter_listed_as_normalising_is_a_converter_of_the_model() -> None:
    import mou_tracker.domain as domain

    classes = [c for c in vars(domain).values() if isinstance(c, type) and attrs.has(c)]
    converters = {
        _name(f.converter) for c in classes for f in attrs.fields(c) if f.converter is not None
    }
    assert converters >= NORMALISERS
    assert {
        _name(f.converter)
        for v in _attrs_objects(_sample_agreement())
        for f in attrs.fields(type(v))
        if f.converter is not None
    } <= NORMALISERS


def test_the_quick_text_checks_pass_only_texts_their_validators_accept() -> None:
    from mou_tracker.domain import _fields

    field = attrs.fields(Agreement).title
    quick = QUICK["mou_tracker.domain._fields.text"]
    for text in ["", " ", "\x1f", "\u3000", "a", " a ", "é", "\ud800"]:
        passes = eval(quick.format(x="x"), {"x": text})  # noqa: S307 - our own condition
        if passes:
            _fields.text(None, field, text)  # must not raise


def _sample_agreement() -> Agreement:
    raw = {
        "id": "plan",
        "kind": "mou",
        "title": "A plan",
        "parties": [{"country": "PK"}, {"country": "KZ"}],
        "history": [{"status": "signed", "date": "2025-09"}],
        "commitments": [
            {"id": "c1", "text": "Talk", "deadline": {"due": "2026-01"}, "made_on": "2025"}
        ],
        "sources": [{"title": "Note", "accessed": "2025-09-10"}],
    }
    agreement: Agreement = make_converter().structure(raw, Agreement)
    return agreement


def test_equal_area_lists_are_one_set_within_a_bulk_load_nested_or_not_and_forgotten_after() -> (
    None
):
    from mou_tracker.domain import Commitment

    build = prechecked(Commitment)
    raw = {"id": "c1", "text": "x", "areas": ["trade", "energy"]}
    with sharing():
        first = build(raw).areas
        assert build(dict(raw)).areas is first
        with sharing():  # nested: still the same load
            assert build(dict(raw)).areas is first
        assert build(dict(raw)).areas is first  # the inner block's end forgot nothing
    assert build(raw).areas is not build(raw).areas  # outside a load: nothing kept
    with sharing():
        assert build(raw).areas is not first  # a new load starts afresh


def test_parties_are_built_afresh_even_when_equal() -> None:
    """Whole objects are not shared (building one costs less than looking it up)."""
    raw = {"country": "PK"}
    with sharing():
        first, second = prechecked(Party)(raw), prechecked(Party)(dict(raw))
    assert first == second
    assert first is not second


def test_equal_area_lists_are_one_set_within_a_load_and_no_area_is_the_one_empty_set() -> None:
    from mou_tracker.domain import Commitment
    from mou_tracker.domain._fields import NO_AREAS

    build = prechecked(Commitment)
    with sharing():
        first = build({"id": "c1", "text": "x", "areas": ["trade", "energy"]})
        second = build({"id": "c2", "text": "y", "areas": ["trade", "energy"]})
        assert first.areas is second.areas
        assert first.areas == frozenset({"trade", "energy"})
        assert build({"id": "c3", "text": "z", "areas": []}).areas is NO_AREAS
        assert build({"id": "c4", "text": "z"}).areas is NO_AREAS
        with pytest.raises(Refused):  # an area listed twice: the converter explains
            build({"id": "c5", "text": "z", "areas": ["trade", "trade"]})
    outside = build({"id": "c1", "text": "x", "areas": ["trade", "energy"]})
    assert outside.areas == first.areas
    assert outside.areas is not first.areas
    assert Commitment(id="c6", text="z").areas is NO_AREAS
    assert Commitment(id="c7", text="z", areas=[]).areas is NO_AREAS


def test_a_party_that_is_not_an_object_is_refused_within_a_bulk_load() -> None:
    with sharing(), pytest.raises(Refused):
        prechecked(Party)(["PK"])


@settings(max_examples=300)
@given(
    st.from_regex(r"https?://[A-Za-z0-9.\-\[\]:@ ]{0,12}(/[ -~\x80-\xff]{0,12})?", fullmatch=True)
    | st.text(max_size=30)
)
def test_the_quick_address_check_passes_only_addresses_the_validator_accepts(url: str) -> None:
    from mou_tracker.domain import Source

    field = attrs.fields(Source).url
    validator = field.validator
    quick = QUICK["mou_tracker.domain.sources._url"]
    env = {"x": url, "URL": URL}
    if eval(quick.format(x="x"), env):  # noqa: S307 - our own condition
        validator(None, field, url)  # type: ignore[misc] # must not raise


def test_an_id_that_passed_once_in_a_load_is_not_checked_again_but_a_bad_one_still_fails() -> None:
    from mou_tracker.domain import Commitment

    with sharing():
        assert prechecked(Commitment)({"id": "c1", "text": "x"}).id == "c1"
        assert prechecked(Commitment)({"id": "c1", "text": "y"}).text == "y"
        with pytest.raises(Exception, match="invalid id"):
            prechecked(Commitment)({"id": "C1", "text": "x"})
