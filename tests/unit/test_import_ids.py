"""Stable record ids built from a source's key columns."""

from __future__ import annotations

import pytest

from mou_tracker.domain import validate_slug
from mou_tracker.importers.ids import assign_ids, slugify


def test_a_key_becomes_a_lowercase_slug_under_the_prefix() -> None:
    assert assign_ids([("CAN-USA_1990A",)], "ggo") == {("CAN-USA_1990A",): "ggo-can-usa-1990a"}


def test_accents_are_dropped_and_other_characters_become_single_hyphens() -> None:
    assert slugify("Côte d'Ivoire – EU (interim)") == "cote-d-ivoire-eu-interim"


def test_several_key_columns_are_joined_in_order() -> None:
    assert assign_ids([("PK", "KZ", "2025")], None) == {("PK", "KZ", "2025"): "pk-kz-2025"}


def test_keys_that_slugify_alike_get_distinct_ids_whatever_the_row_order() -> None:
    keys = [("Albania - Croatia",), ("Albania-Croatia",), ("ALBANIA CROATIA",)]
    first = assign_ids(keys, "gptad")
    second = assign_ids(list(reversed(keys)), "gptad")
    assert first == second
    assert len(set(first.values())) == 3
    assert "gptad-albania-croatia" in first.values()


def test_a_very_long_key_is_cut_and_keeps_a_valid_distinct_id() -> None:
    long_a, long_b = ("x" * 150 + "a",), ("x" * 150 + "b",)
    ids = assign_ids([long_a, long_b], "prefix")
    assert ids[long_a] != ids[long_b]
    for record_id in ids.values():
        assert validate_slug(record_id) == record_id
        assert len(record_id) <= 128


def test_a_key_with_no_letters_or_digits_still_gets_a_valid_id() -> None:
    (record_id,) = assign_ids([("***",)], None).values()
    assert validate_slug(record_id) == record_id


@pytest.mark.parametrize("key", ["CON", "com1", "lpt9", "nul", "aux", "prn"])
def test_a_key_naming_a_device_gets_the_hash_instead_of_failing_the_import(key: str) -> None:
    ids = assign_ids([(key,), ("other",)], prefix=None)
    assert ids[(key,)].startswith(f"{key.lower()}-")
    assert validate_slug(ids[(key,)]) == ids[(key,)]
    assert ids[("other",)] == "other"
