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
        if spread:
            text += f" ({unit(min(self.values))}–{unit(max(self.values))}, n={len(self.values)})"
        return text


@attrs.frozen(kw_only=True)
class Row:
    """One line of the table; ``ok`` is None when the figure could not be measured."""

    figure: str
    size: str
    ours: str
    baseline: str
    ratio: str
    target: str
    ok: bool | None
    error: str | None = None

    @property
    def result(self) -> str:
        if self.ok is None:
            return "FAIL (error)"
        return "PASS" if self.ok else "FAIL"

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


def render(rows: Sequence[Row], fmt: str = "github") -> str:
    return tabulate([r.cells() for r in rows], headers=HEADERS, tablefmt=fmt, disable_numparse=True)
