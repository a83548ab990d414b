"""The floor measurement rebuilds exactly the opened object graph (no timing checked here)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs

from benchmarks.floor import bare, object_plan
from benchmarks.generate import records


def test_the_plan_holds_every_attrs_object_children_first_and_bare_rebuilds_them() -> None:
    generated = records(20, seed=3)
    plan = object_plan(generated)
    rebuilt = bare(plan)
    # The last objects of the plan are the records themselves (each is planned after its parts).
    roots = [obj for obj in rebuilt if type(obj) in {type(record) for record in generated}]
    assert roots == generated
    assert all(attrs.has(type(obj)) for obj in rebuilt)
    assert len(plan) > 10 * len(generated)


def _places(value: Any) -> list[object]:
    """Every attrs object reachable from ``value``, once per place it occurs."""
    if attrs.has(type(value)):
        found = [value]
        for field in attrs.fields(type(value)):
            found += _places(getattr(value, field.name))
        return found
    if isinstance(value, tuple | list | frozenset | set):
        return [found for child in value for found in _places(child)]
    if isinstance(value, dict):
        return [found for child in value.values() for found in _places(child)]
    return []


def test_a_shared_object_counts_at_each_place_so_sharing_does_not_move_the_floor(
    tmp_path: Path,
) -> None:
    from mou_tracker import JsonRepository

    store = JsonRepository(tmp_path / "repo.json")
    for record in records(30, seed=5):
        store.add(record)
    loaded = list(JsonRepository(tmp_path / "repo.json").records())  # a load shares values
    places = [found for record in loaded for found in _places(record)]
    assert len({id(found) for found in places}) < len(places)
    plan = object_plan(loaded)
    assert len(plan) == len(places)
    assert [type(obj) for obj in bare(plan)] == [cls for cls, _ in plan]
