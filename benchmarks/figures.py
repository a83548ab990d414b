"""The figures: which two series each compares, its target, and how the ratio reads.

A *series* is a list of measurements kept under ``(key, side)``: ``results[n]["open"]["ours"]``
for the figures measured at each size, ``once["cli"]["report"]`` for those measured once. A key
may carry ``"error"`` (its measurement failed) or ``"not run"`` (it could not run here, with
the reason) instead of, or beside, its values; ``"label"`` names the data of a one-off figure.
How each figure is measured: ``docs/performance.md``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from benchmarks.measure import EMPTY_PAIR, PAIR
from benchmarks.table import Row, Stat, megabytes, seconds, size_label, times

__all__ = ["FIGURES", "ONCE", "describe", "errors", "growth", "once_rows", "rows", "split_row"]

Series = dict[str, dict[str, Any]]


def _at_most(limit: float) -> Callable[[float], bool]:
    return lambda ratio: ratio <= limit


@attrs.frozen(kw_only=True)
class Figure:
    """``ratio`` = ours / baseline (``inverse``: baseline / ours, "N× faster"). ``applies``:
    the sizes its target is for (elsewhere the row is informational); ``growth``: whether a
    growth row compares its two series from one size to the next."""

    title: str
    ours: tuple[str, str]
    base: tuple[str, str]
    base_name: str
    target: str
    passes: Callable[[float], bool]
    unit: Callable[[float], str] = seconds
    inverse: bool = False
    applies: Callable[[int], bool] = lambda _n: True
    growth: bool = True
    at: str = ""
    """The data of a figure measured once (else its series' ``label``)."""


FIGURES = (
    Figure(
        title="open into typed objects",
        ours=("open", "ours"),
        base=("open", "base"),
        base_name="orjson.loads (GC paused)",
        target="≤ 8×",
        passes=_at_most(8.0),
    ),
    Figure(
        title="open into typed objects",
        ours=("open", "ours"),
        base=("floor", "base"),
        base_name="its floor (orjson.loads + bare construction)",
        target="≤ 2.0×",
        passes=_at_most(2.0),
    ),
    Figure(
        title="open into typed objects",
        ours=("open", "ours"),
        base=("strict_floor", "base"),
        base_name="its strict floor (+ read, canonical check, free the parse)",
        target="≤ 2.0×",
        passes=_at_most(2.0),
        applies=lambda _n: False,  # informational: what the floor leaves out, measured
        growth=False,
    ),
    Figure(
        title="status_by_pair + status_by_area",
        ours=("reports", "ours"),
        base=("reports", "base"),
        base_name="open (same process)",
        target="≤ 0.25×",
        passes=_at_most(0.25),
    ),
    Figure(
        title="durable update",
        ours=("update", "ours"),
        base=("update", "sqlite"),
        base_name="SQLite WAL+FULL",
        target="≤ 3×",
        passes=_at_most(3.0),
    ),
    Figure(
        title="durable update",
        ours=("update", "ours"),
        base=("update", "tinydb"),
        base_name="TinyDB",
        target="≥ 1000× faster (at 100k)",
        passes=lambda r: r >= 1000,
        inverse=True,
        applies=lambda n: n >= 100_000,
        growth=False,  # TinyDB rewrites its whole file: its growth is no yardstick for ours
    ),
    Figure(
        title="bulk import (one batch)",
        ours=("import", "ours"),
        base=("import", "base"),
        base_name="SQLite (one transaction)",
        target="≤ 2×",
        passes=_at_most(2.0),
    ),
    Figure(
        title="peak memory (RSS) of open",
        ours=("memory", "ours"),
        base=("memory", "base"),
        base_name="orjson dicts",
        target="≤ 1.5×",
        passes=_at_most(1.5),
        unit=megabytes,
    ),
    Figure(
        title="PG: open everything",
        ours=("pg_open", "ours"),
        base=("open", "ours"),
        base_name="the JSON store's open",
        target="≤ 1.5×",
        passes=_at_most(1.5),
    ),
    Figure(
        title="PG: durable update",
        ours=("pg_update", "ours"),
        base=("update", "sqlite"),
        base_name="SQLite WAL+FULL",
        target="≤ 3×",
        passes=_at_most(3.0),
    ),
    Figure(
        title="PG: bulk import (one transaction)",
        ours=("pg_import", "ours"),
        base=("import", "base"),
        base_name="SQLite (one transaction)",
        target="≤ 2×",
        passes=_at_most(2.0),
    ),
    Figure(
        title=f"PG: status_by_pair(pair={PAIR!r}), pushed down (library call)",
        ours=("pg_pair", "ours"),
        base=("pg_open", "ours"),
        base_name="PG open everything",
        target="≤ 0.05×",
        passes=_at_most(0.05),
    ),
    Figure(
        title=f"PG: the same report for a pair with no records ({EMPTY_PAIR}): its fixed cost",
        ours=("pg_pair_fixed", "ours"),
        base=("pg_pair", "ours"),
        base_name="the one-pair report",
        target="what does not grow",
        passes=_at_most(1.0),
        applies=lambda _n: False,  # informational: why the report grows less than the store
        growth=False,
    ),
    Figure(
        title="PG: peak client memory (RSS) of that report",
        ours=("pg_pair", "peak"),
        base=("pg_open", "peak"),
        base_name="PG open everything",
        target="≤ 0.1×",
        passes=_at_most(0.1),
        unit=megabytes,
        growth=False,  # mostly a fixed cost (connection, first imports): it is not linear
    ),
)

ONCE = (
    Figure(
        title="CLI start: `mou-tracker report pairs`",
        ours=("cli", "report"),
        base=("cli", "imports"),
        base_name="bare imports (python -c)",
        target="≤ 1.5×",
        passes=_at_most(1.5),
    ),
    Figure(
        title="CLI start: `mou-tracker --help`",
        ours=("cli", "help"),
        base=("cli", "imports"),
        base_name="bare imports (python -c)",
        target="≤ 1.5×",
        passes=_at_most(1.5),
        at="—",
    ),
    Figure(
        title="`mou-tracker dashboard`",
        ours=("dashboard", "page"),
        base=("dashboard", "reports"),
        base_name="its text reports (processes, summed)",
        target="≤ 2×",
        passes=_at_most(2.0),
    ),
)


def rows(results: dict[int, Series]) -> list[Row]:
    """One row per figure and size, in figure order."""
    return [_row(f, size_label(n), results[n], f.applies(n)) for f in FIGURES for n in results]


def once_rows(once: Series) -> list[Row]:
    """The rows of the figures measured once (not at each size)."""
    found = []
    for figure in ONCE:
        label = figure.at or once.get(figure.ours[0], {}).get("label", "")
        found.append(_row(figure, label, once, True))
    return found


def split_row(once: Series) -> Row | None:
    """The in-process split of one dashboard (informational: no target)."""
    found = once.get("dashboard_split", {})
    if "split" not in found:
        return None
    split = found["split"]
    parts = (
        f"open {seconds(split['open'])} · text reports {seconds(split['reports'])} · "
        f"import charts {seconds(split['charts import'])} · charts as SVG "
        f"{seconds(split['charts'])} · whole page {seconds(split['page'])}"
    )
    if split.get("declined"):
        parts += f" ({split['declined']} chart(s) declined to draw)"
    return Row(
        figure="dashboard split, in one process (n=1; see docs)",
        size=found.get("label", ""),
        ours=parts,
        outcome="info",
    )


def _problem(series: Series, *wanted: tuple[str, str]) -> str | None:
    """Why the series ``wanted`` are not there (``"not run: ..."``, ``"error: ..."``)."""
    for key, _ in wanted:
        if "not run" in series.get(key, {}):
            return f"not run: {series[key]['not run']}"
    for key, side in wanted:
        found = series.get(key, {})
        if "error" in found:
            return f"error: {found['error']}"
        if not found.get(side):
            return "error: not measured"
    return None


def _row(figure: Figure, size: str, series: Series, applies: bool) -> Row:
    title = f"{figure.title} vs {figure.base_name}"
    problem = _problem(series, figure.ours, figure.base)
    target = figure.target if applies else f"({figure.target})"
    if problem is not None:
        return Row(figure=title, size=size, target=target, outcome=problem)
    ours = Stat.of(series[figure.ours[0]][figure.ours[1]])
    base = Stat.of(series[figure.base[0]][figure.base[1]])
    ratio = base.median / ours.median if figure.inverse else ours.median / base.median
    return Row(
        figure=title,
        size=size,
        ours=ours.show(figure.unit),
        baseline=base.show(figure.unit, spread=False),
        ratio=f"{times(ratio)} faster" if figure.inverse else times(ratio),
        target=target,
        ok=figure.passes(ratio) if applies else None,
        outcome="measured" if applies else "info",
    )


GROWTH_BAND = (0.8, 1.2)


def growth(results: dict[int, Series]) -> list[Row]:
    """How each figure's two series grow from each size to the next: our growth over the
    baseline's own growth in the same run, within ±20% (the machine moves both)."""
    found = []
    low, high = GROWTH_BAND
    target = f"{low:.1f}–{high:.1f}× its baseline's growth"
    for figure in (f for f in FIGURES if f.growth):
        for small, large in itertools.pairwise(sorted(results)):
            label = f"{size_label(small)}→{size_label(large)}"
            name = f"growth: {figure.title} vs {figure.base_name}"
            a, b = results[small], results[large]
            problem = _problem(a, figure.ours, figure.base) or _problem(b, figure.ours, figure.base)
            if problem is not None:
                found.append(Row(figure=name, size=label, target=target, outcome=problem))
                continue

            def median(series: Series, where: tuple[str, str]) -> float:
                return Stat.of(series[where[0]][where[1]]).median

            ours = median(b, figure.ours) / median(a, figure.ours)
            base = median(b, figure.base) / median(a, figure.base)
            found.append(
                Row(
                    figure=name,
                    size=label,
                    ours=f"{figure.unit(median(a, figure.ours))} → "
                    f"{figure.unit(median(b, figure.ours))} ({times(ours)})",
                    baseline=f"{times(base)} (its growth)",
                    ratio=times(ours / base),
                    target=target,
                    ok=low <= ours / base <= high,
                    outcome="measured",
                )
            )
    return found


def describe(n: int, meta: dict[str, Any]) -> str:
    """What the data at one size is."""
    records = meta["agreements"] + meta["engagements"]
    return (
        f"{size_label(n)}: {meta['agreements']:,} agreements + {meta['engagements']:,} "
        f"engagements; repository files {megabytes(meta['repo_bytes'])} "
        f"({meta['repo_bytes'] / records:,.0f} bytes/record), records as compact JSON "
        f"{meta['records_bytes'] / records:,.0f} bytes/record; the orjson baseline parses "
        f"`{meta['baseline_file']}`"
    )


def errors(results: dict[int, Series], once: Series) -> Sequence[str]:
    """Why a figure could not be measured, or was not run."""
    found = []
    labelled = [(size_label(n), series) for n, series in results.items()] + [("", once)]
    for label, series in labelled:
        for key, values in series.items():
            for kind in ("error", "not run"):
                if kind in values:
                    found.append(f"{kind}: {label} {key}: {values[kind]}".replace("  ", " "))
    return found
