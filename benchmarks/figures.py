"""The figures: which series each compares, its target, and how the ratio reads."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from benchmarks.table import Row, Stat, megabytes, seconds, size_label, times

__all__ = ["FIGURES", "METHOD", "describe", "growth", "rows"]


@attrs.frozen(kw_only=True)
class Figure:
    """``ratio`` = ours / baseline (``inverse``: baseline / ours, "N× faster")."""

    key: str
    title: str
    ours: str
    base: str
    base_name: str
    unit: Callable[[float], str]
    target: str
    passes: Callable[[float], bool]
    inverse: bool = False


FIGURES = (
    Figure(
        key="open",
        title="open into typed objects",
        ours="ours",
        base="base",
        base_name="orjson.loads, GC paused",
        unit=seconds,
        target="≤ 2.0×",
        passes=lambda r: r <= 2.0,
    ),
    Figure(
        key="update",
        title="durable single update",
        ours="ours",
        base="sqlite",
        base_name="SQLite WAL+FULL",
        unit=seconds,
        target="≤ 3×",
        passes=lambda r: r <= 3.0,
    ),
    Figure(
        key="update",
        title="durable single update",
        ours="ours",
        base="tinydb",
        base_name="TinyDB",
        unit=seconds,
        target="≥ 1000× faster",
        passes=lambda r: r >= 1000,
        inverse=True,
    ),
    Figure(
        key="import",
        title="bulk import, one batch",
        ours="ours",
        base="base",
        base_name="SQLite executemany",
        unit=seconds,
        target="≤ 2×",
        passes=lambda r: r <= 2.0,
    ),
    Figure(
        key="reports",
        title="status_by_pair + status_by_area",
        ours="ours",
        base="base",
        base_name="open, same process",
        unit=seconds,
        target="≤ 0.25×",
        passes=lambda r: r <= 0.25,
    ),
    Figure(
        key="memory",
        title="peak memory (RSS growth)",
        ours="ours",
        base="base",
        base_name="orjson dicts",
        unit=megabytes,
        target="≤ 1.5×",
        passes=lambda r: r <= 1.5,
    ),
)
GROWTH = (("open", "open"), ("import", "import"), ("reports", "reports"))


def rows(results: dict[int, dict[str, Any]]) -> list[Row]:
    """One row per figure and size, in figure order."""
    found = []
    for figure in FIGURES:
        for n, series in results.items():
            found.append(_row(figure, size_label(n), series.get(figure.key)))
    return found


def _row(figure: Figure, size: str, series: Any) -> Row:
    title = f"{figure.title} vs {figure.base_name}"
    if not isinstance(series, dict) or figure.ours not in series or figure.base not in series:
        error = (series or {}).get("error", "not measured")
        return Row(
            figure=title,
            size=size,
            ours="—",
            baseline="—",
            ratio="—",
            target=figure.target,
            ok=None,
            error=error,
        )
    ours, base = Stat.of(series[figure.ours]), Stat.of(series[figure.base])
    ratio = base.median / ours.median if figure.inverse else ours.median / base.median
    return Row(
        figure=title,
        size=size,
        ours=ours.show(figure.unit),
        baseline=base.show(figure.unit, spread=False),
        ratio=f"{times(ratio)} faster" if figure.inverse else times(ratio),
        target=figure.target,
        ok=figure.passes(ratio),
    )


def growth(results: dict[int, dict[str, Any]]) -> list[Row]:
    """How open, import and reports grow from each size to the next (linear: k× the records,
    k× the time, within 10%)."""
    found = []
    sizes = sorted(results)
    for key, name in GROWTH:
        for small, large in itertools.pairwise(sizes):
            k = large / small
            label = f"{size_label(small)}→{size_label(large)}"
            target = f"{0.9 * k:.3g}–{1.1 * k:.3g}×"
            a, b = results[small].get(key, {}), results[large].get(key, {})
            if not all(side in series for series in (a, b) for side in ("ours", "base")):
                found.append(
                    Row(
                        figure=f"growth: {name}",
                        size=label,
                        ours="—",
                        baseline="—",
                        ratio="—",
                        target=target,
                        ok=None,
                    )
                )
                continue
            ours = Stat.of(b["ours"]).median / Stat.of(a["ours"]).median
            base = Stat.of(b["base"]).median / Stat.of(a["base"]).median
            found.append(
                Row(
                    figure=f"growth: {name}",
                    size=label,
                    ours=f"{seconds(Stat.of(a['ours']).median)} → "
                    f"{seconds(Stat.of(b['ours']).median)}",
                    baseline=f"{times(base)} (baseline's growth)",
                    ratio=times(ours),
                    target=target,
                    ok=0.9 * k <= ours <= 1.1 * k,
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


def errors(results: dict[int, dict[str, Any]]) -> Sequence[str]:
    """Why a figure could not be measured, if one could not."""
    return [
        f"{size_label(n)} {key}: {values['error']}"
        for n, series in results.items()
        for key, values in series.items()
        if "error" in values
    ]


METHOD = """## How each figure is measured

Every run is a fresh `python -m benchmarks.tasks` process (`PYTHONHASHSEED=0`) working on a
fresh copy of cached data, on the project's own disk (fsync reaches the device); ours and the
baseline alternate run by run. Only the operation is timed (`time.perf_counter`): imports,
copies and preparing records happen before the clock starts. Medians decide; min–max and the
number of runs (n) show the spread. The machine is noisy (see PERFORMANCE-NOTES.md).

- **open**: `JsonRepository(path)` on a copy of the repository, against reading the same bytes
  (the repository's own file when it is one JSON document, else the records' JSON) and
  `orjson.loads` with the garbage collector paused (`gc.disable`/`gc.enable` in `finally`), as
  the library pauses it for a bulk load.
- **durable single update**: `repo.update(record, expected_version=...)` of one agreement (its
  `notes` changed), each update another agreement, median per update; the library is durable on
  return. SQLite: the same record unstructured with `make_converter()` and `json.dumps`, then
  `UPDATE records SET body=?, version=version+1 WHERE id=? AND version=?` and `commit()` with
  `journal_mode=WAL`, `synchronous=FULL`. TinyDB 4: `db.update(document, doc_ids=[...])` (its
  fastest path; it rewrites and fsyncs the whole file), a few updates only, as each takes
  seconds at 100k. Ours stops early after half the time budget (at least 5 updates).
- **bulk import**: `with repo.batch(): repo.add(...)` of every record into a new file, against
  SQLite doing the same conversion (`make_converter().unstructure` and `json.dumps` per record),
  one `executemany` INSERT in one transaction and a commit with `synchronous=FULL`, the garbage
  collector paused for it too. The records are built as objects before the clock starts.
- **reports**: in one process, open the repository, then time `status_by_pair` plus
  `status_by_area`; the ratio is against that open time.
- **peak memory**: resident-set growth in the open runs above: the peak (`VmHWM`, reset via
  `/proc/self/clear_refs` just before) minus the resident size just before; for us the open
  repository, for the baseline the bytes read plus the parsed dicts.
- **growth**: median time at the larger size over the median at the smaller one (a linear cost
  grows 10× from 10k to 100k).
"""
