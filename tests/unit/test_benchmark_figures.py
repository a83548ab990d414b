"""The bench table's verdicts: ratios against targets, growth against the baseline's own
growth, and rows that could not run never passing. No timing here."""

from __future__ import annotations

from benchmarks.figures import FIGURES, growth, once_rows, rows
from benchmarks.table import summary


def series(open_ours: float, open_base: float) -> dict[str, dict[str, object]]:
    return {"open": {"ours": [open_ours], "base": [open_base]}}


def test_a_ratio_within_its_target_passes_and_one_beyond_fails() -> None:
    found = rows({10_000: series(0.7, 0.1), 100_000: series(9.0, 1.0)})
    first = [r for r in found if r.figure == "open into typed objects vs orjson.loads (GC paused)"]
    assert [r.result for r in first] == ["PASS", "FAIL"]
    assert [r.ratio for r in first] == ["7×", "9×"]


def test_a_figure_that_could_not_run_says_why_and_never_passes() -> None:
    results = {10_000: {**series(1.0, 1.0), "pg_open": {"not run": "no server here"}}}
    found = [r for r in rows(results) if r.figure.startswith("PG: open everything")]
    assert found[0].result == "NOT RUN: no server here"
    assert found[0].ok is None
    assert "NOT RUN" in summary(found)


def test_a_failed_measurement_is_a_failure_with_its_reason() -> None:
    found = once_rows({"cli": {"error": "report pairs: exit status 1"}})
    assert found[0].result == "FAIL (error: report pairs: exit status 1)"


def test_growth_passes_within_a_fifth_of_the_baselines_own_growth() -> None:
    results = {10_000: series(1.0, 0.1), 100_000: series(11.5, 1.0)}  # 11.5x against 10x
    first = growth(results)[0]
    assert first.result == "PASS"
    results[100_000] = series(13.0, 1.0)  # 13x against 10x: 1.3
    assert growth(results)[0].result == "FAIL"


def test_the_tinydb_target_is_only_informational_below_100k() -> None:
    update = {"update": {"ours": [0.001], "tinydb": [0.5], "sqlite": [0.001]}}
    found = rows({10_000: update, 100_000: update})
    tiny = [r for r in found if r.figure == "durable update vs TinyDB"]
    assert [r.result for r in tiny] == ["info", "FAIL"]
    assert all(f.title for f in FIGURES)
