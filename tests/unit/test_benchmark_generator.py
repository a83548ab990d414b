"""The benchmarks' synthetic data: deterministic, valid, the right size. No timing here."""

from __future__ import annotations

import itertools
import json
from collections import Counter

import pendulum
import pytest

from benchmarks.generate import agreements, engagements, records
from mou_tracker import (
    ALLOWED_TRANSITIONS,
    STANDARD_AREAS,
    Agreement,
    Anchor,
    InMemoryRepository,
    Precision,
    Record,
)
from mou_tracker.storage.converter import make_converter

N = 200


@pytest.fixture(scope="module")
def generated() -> list[Record]:
    return records(N, seed=7)


def agreements_in(found: list[Record]) -> list[Agreement]:
    return [r for r in found if isinstance(r, Agreement)]


def test_the_same_seed_gives_the_same_records() -> None:
    assert records(60, seed=11) == records(60, seed=11)


def test_another_seed_gives_other_records() -> None:
    assert agreements(60, seed=11) != agreements(60, seed=12)


@pytest.mark.parametrize("n", [1, 19, 40, N])
def test_the_generator_makes_n_agreements_and_one_engagement_per_twenty(n: int) -> None:
    made = records(n, seed=3)
    assert len(agreements_in(made)) == n
    assert len(engagements(n, seed=3)) == max(2, n // 20)
    assert len(made) == n + max(2, n // 20)
    assert len({r.id for r in made}) == len(made)


def test_every_record_survives_the_converter_with_pendulum_days(generated: list[Record]) -> None:
    converter = make_converter()
    for record in generated:
        again = converter.structure(converter.unstructure(record), type(record))
        assert again == record
        for source in again.sources:
            assert source.accessed is None or type(source.accessed) is pendulum.Date


def test_the_records_fill_a_repository_in_the_order_given(generated: list[Record]) -> None:
    repo = InMemoryRepository()
    with repo.batch():  # anchors are checked when the batch ends: none may dangle
        for record in generated:
            repo.add(record)
    assert len(repo) == len(generated)


def test_agreements_look_like_a_treaty_series(generated: list[Record]) -> None:
    found = agreements_in(generated)
    standard = {area.code for area in STANDARD_AREAS}
    assert all(2 <= len(a.parties) <= 5 for a in found)
    assert all(len(a.commitments) >= 3 for a in found)
    assert all(a.areas and a.areas <= standard for a in found)
    assert all(a.sources for a in found)
    assert any(p.institution for a in found for p in a.parties)
    assert any(p.signatory for a in found for p in a.parties)
    assert any(a.notes for a in found)
    assert len({len(a.parties) for a in found}) >= 3


def test_histories_walk_the_allowed_transitions_at_mixed_precision(
    generated: list[Record],
) -> None:
    found = agreements_in(generated)
    for agreement in found:
        for before, after in itertools.pairwise(agreement.history):
            assert after.status in ALLOWED_TRANSITIONS[before.status]
    precisions = {c.date.precision for a in found for c in a.history}
    assert precisions == set(Precision)
    assert max(len(a.history) for a in found) >= 3
    assert len({a.status for a in found}) >= 5


def test_deadlines_come_at_every_precision_some_moved_or_tied_to_engagements(
    generated: list[Record],
) -> None:
    commitments = [c for a in agreements_in(generated) for c in a.commitments]
    dated = Counter(c.deadline.due.precision for c in commitments if c.deadline and c.deadline.due)
    assert set(dated) == set(Precision)
    assert any(c.deadline and c.deadline.reschedules for c in commitments)
    assert any(c.deadline and isinstance(c.deadline.original, Anchor) for c in commitments)
    assert any(c.recurrence for c in commitments)
    assert any(c.met_on for c in commitments)


def test_an_agreement_is_about_800_bytes_of_compact_json(generated: list[Record]) -> None:
    unstructure = make_converter().unstructure
    sizes = [
        len(json.dumps(unstructure(a), ensure_ascii=False, separators=(",", ":")))
        for a in agreements_in(generated)
    ]
    assert 700 <= sum(sizes) / len(sizes) <= 1100
