"""Every chart and the dashboard draw any small store, on any day, without a warning (pytest
turns warnings into errors): one record, one date, no dates at all, a day before everything."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import repository_contents_among

from mou_tracker import Agreement, Engagement, MouTrackerError
from mou_tracker.storage import InMemoryRepository

pytest.importorskip("matplotlib")

from mou_tracker import charts
from mou_tracker.dashboard import render_dashboard

CODES = ("PK", "KZ", "TR")
days = st.dates(dt.date(1990, 1, 1), dt.date(2035, 12, 31)).map(
    lambda day: pendulum.Date(day.year, day.month, day.day)
)


def _store(records: list[Agreement | Engagement]) -> InMemoryRepository:
    repo = InMemoryRepository()
    with repo.batch():
        for record in records:
            repo.add(record)
    return repo


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=repository_contents_among(max_size=3, codes=CODES), as_of=days)
def test_every_chart_draws_any_small_store_without_a_warning(
    records: list[Agreement | Engagement], as_of: pendulum.Date
) -> None:
    repo = _store(records)
    for draw in (charts.timeline, charts.matrix, charts.deadlines, charts.by_year):
        try:
            chart = draw(repo, as_of=as_of)
        except MouTrackerError:
            continue  # a chart may ask for a filter; it must not warn or crash
        assert chart.svg().startswith("<svg")
        with tempfile.TemporaryDirectory() as tmp:
            assert chart.save(Path(tmp) / "chart.png").stat().st_size > 0


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=repository_contents_among(max_size=3, codes=CODES), as_of=days)
def test_the_dashboard_renders_any_small_store_without_a_warning(
    records: list[Agreement | Engagement], as_of: pendulum.Date
) -> None:
    page = render_dashboard(_store(records), as_of=as_of)
    assert page.startswith("<!DOCTYPE html>")
