"""Rows of the benchmark table: statistics, ratios against baselines, targets, rendering."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence

import attrs
from tabulate import tabulate

__all__ = ["HEADERS", "Row", "Stat", "render", "size_label"]

HEADERS = (
    "figure",
    "N",
    "ours (median, min–max)",
    "baseline (median)",
    "ratio",
    "target",
    "result",
)


@attrs.frozen
class Stat:
    """A series of measurements: median, extremes and how many there were."""

    values: tuple[float, ...]

    @classmethod
    def of(cls, values: Sequence[float]) -> Stat:
        if not values:
            raise ValueError("no measurements")
        return cls(tuple(values))

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def show(self, unit: Callable[[float], str], *, spread: bool = True) -> str:
        text = unit(self.median)
        if spread and len(self.values) > 1:
            text += f" ({unit(min(self.values))}–{unit(max(self.values))}, n={len(self.values)})"
        elif spread:
            text += " (n=1)"
        return text


@attrs.frozen(kw_only=True)
class Row:
    """One line of the table.

    ``ok``: True (PASS), False (FAIL), None (no verdict: see ``outcome``). ``outcome`` says
    why there is none: ``"error: ..."`` (the measurement failed), ``"not run: ..."`` (it could
    not run here: no PostgreSQL server, say) or ``"info"`` (a figure with no target).
    """

    figure: str
    size: str
    ours: str = "—"
    baseline: str = "—"
    ratio: str = "—"
    target: str = "—"
    ok: bool | None = None
    outcome: str = "error: not measured"

    @property
    def result(self) -> str:
        if self.ok is not None:
            return "PASS" if self.ok else "FAIL"
        if self.outcome == "info":
            return "info"
        if self.outcome.startswith("not run: "):
            return "NOT RUN: " + self.outcome.removeprefix("not run: ")
        return f"FAIL ({self.outcome})"

    @property
    def counted(self) -> bool:
        """A row with a target (it counts in "k of n targets met")."""
        return not (self.ok is None and self.outcome == "info")

    def cells(self) -> tuple[str, ...]:
        first = (self.figure, self.size, self.ours, self.baseline, self.ratio)
        return (*first, self.target, self.result)


def seconds(value: float) -> str:
    if value < 1e-3:
        return f"{value * 1e6:.0f} µs"
    if value < 1:
        return f"{value * 1e3:.3g} ms"
    return f"{value:.3g} s"


def megabytes(value: float) -> str:
    return f"{value / 1e6:.1f} MB"


def times(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}×"
    return f"{value:.3g}×"


def size_label(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else f"{n:,}"


def summary(rows: Sequence[Row]) -> str:
    """``"k of n targets met"``, and how many could not be measured or were not run."""
    counted = [r for r in rows if r.counted]
    met = sum(r.ok is True for r in counted)
    text = f"{met} of {len(counted)} targets met"
    not_run = sum(r.outcome.startswith("not run") for r in counted if r.ok is None)
    failed = sum(r.ok is None for r in counted) - not_run
    if failed:
        text += f", {failed} not measured (error)"
    if not_run:
        text += f", {not_run} NOT RUN"
    return text


def render(rows: Sequence[Row], fmt: str = "github") -> str:
    return tabulate([r.cells() for r in rows], headers=HEADERS, tablefmt=fmt, disable_numparse=True)
