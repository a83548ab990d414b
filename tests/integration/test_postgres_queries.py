"""Filters pushed down to PostgreSQL give what a scan gives, on random repositories."""

from __future__ import annotations

from collections.abc import Callable

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import repository_contents

from mou_tracker import (
    Agreement,
    AgreementStatus,
    Engagement,
    InMemoryRepository,
    Party,
    PostgresRepository,
    RecordFilter,
)
from mou_tracker.domain import AgreementKind, EngagementKind

Records = list[Agreement | Engagement]


@st.composite
def filters_for(draw: st.DrawFn, records: Records) -> RecordFilter:
    """A filter whose criteria mostly come from ``records`` (so that some of them match)."""
    countries = sorted({c.code for r in records for c in r.countries}) or ["PK"]
    areas = sorted({a for r in records for a in r.areas}) or ["trade"]
    dates = [
        d for r in records if (d := r.signed_on if isinstance(r, Agreement) else r.date) is not None
    ]
    maybe = st.none() | st.just(True)
    fields: dict[str, object] = {}
    if draw(maybe):
        fields["country"] = draw(st.sampled_from(countries))
    if draw(maybe):
        first, second = draw(st.lists(st.sampled_from(countries), min_size=2, max_size=2))
        if first != second:
            fields["pair"] = f"{first}-{second}"
    if draw(maybe):
        fields["area"] = draw(st.sampled_from(areas))
    if draw(maybe):
        kinds = sorted({*AgreementKind, *EngagementKind})
        fields["kinds"] = draw(st.frozensets(st.sampled_from(kinds), max_size=3))
    if draw(maybe):
        fields["statuses"] = draw(st.frozensets(st.sampled_from(list(AgreementStatus)), max_size=3))
    if dates and draw(maybe):
        fields["signed_from"] = draw(st.sampled_from(dates))
    if dates and draw(maybe):
        fields["signed_to"] = draw(st.sampled_from(dates))
    return RecordFilter(**fields)  # type: ignore[arg-type]


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), contents=repository_contents)
def test_records_where_a_filter_holds_equal_the_scan_of_the_memory_store(
    make_url: Callable[[], str], data: st.DataObject, contents: Records
) -> None:
    memory = InMemoryRepository()
    with PostgresRepository.create(make_url()) as pg:
        with memory.batch(), pg.batch():
            for record in contents:
                memory.add(record)
                pg.add(record)
        for _ in range(5):
            where = data.draw(filters_for(contents))
            expected = [r for r in memory.records() if where.matches(r)]
            assert list(pg.records(where)) == expected
            assert pg.agreements(where) == memory.agreements(where)
            assert pg.engagements(where) == memory.engagements(where)


@pytest.fixture
def make_url(new_postgres_url: Callable[[], str]) -> Callable[[], str]:
    return new_postgres_url


@attrs.frozen(kw_only=True)
class _WithIds(RecordFilter):
    """A filter with an ``ids`` criterion (which the SQL condition pushes down when present)."""

    ids: frozenset[str] | None = None


def test_an_ids_criterion_is_pushed_down(postgres_url: str) -> None:
    with PostgresRepository.create(postgres_url) as pg:
        for record_id in ("a", "b"):
            parties = [Party(country="PK"), Party(country="KZ")]
            pg.add(
                Engagement(
                    id=record_id, kind=EngagementKind.TALKS, title="T", parties=parties, date="2025"
                )
            )
        assert [r.id for r in pg.records(_WithIds(ids=frozenset({"b"})))] == ["b"]


def test_ids_that_cannot_be_stored_match_nothing_and_never_raise(postgres_url: str) -> None:
    """A NUL or a lone surrogate cannot even be sent to the server; no invalid id is stored."""
    with PostgresRepository.create(postgres_url) as pg:
        parties = [Party(country="PK"), Party(country="KZ")]
        pg.add(Engagement(id="a", kind=EngagementKind.TALKS, title="T", parties=parties))
        for hostile in ("a\x00", "\udc80", "A", "../a", "' OR '1'='1"):
            assert list(pg.records(RecordFilter(ids={hostile}))) == []
            assert [r.id for r in pg.records(RecordFilter(ids={hostile, "a"}))] == ["a"]
