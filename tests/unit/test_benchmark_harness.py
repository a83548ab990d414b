"""How the bench repeats a figure: its runs within the budget, another figure's runs aside."""

from __future__ import annotations

import argparse
import os
import time

import pytest

from benchmarks.harness import Bench


def _bench(budget: float) -> Bench:
    return Bench(argparse.Namespace(budget=budget))


def test_a_figure_runs_every_time_within_its_budget_and_the_aside_after_each_run() -> None:
    calls: list[str] = []
    _bench(60.0).repeat(4, lambda: calls.append("step"), aside=lambda i: calls.append(f"aside {i}"))
    assert calls == ["step", "aside 0", "step", "aside 1", "step", "aside 2", "step", "aside 3"]


def test_the_aside_does_not_spend_the_figures_budget() -> None:
    steps: list[int] = []
    _bench(0.05).repeat(3, lambda: steps.append(1), aside=lambda _i: time.sleep(0.06))
    assert len(steps) == 3  # the aside took longer than the budget: the figure ran every time


def test_a_figure_over_its_budget_stops_after_two_runs() -> None:
    steps: list[int] = []

    def slow() -> None:
        steps.append(1)
        time.sleep(0.02)

    _bench(0.01).repeat(5, slow)
    assert len(steps) == 2


def test_flush_writes_dirty_pages_out(monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[bool] = []
    monkeypatch.setattr(os, "sync", lambda: synced.append(True))
    Bench.flush()
    assert synced == [True]
