"""The floor measurement rebuilds exactly the opened object graph (no timing checked here)."""

from __future__ import annotations

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
