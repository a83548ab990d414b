"""The dashboard's tasks (one per process, as in :mod:`benchmarks.tasks`): importing the GGO
data once into a JSON store, and the in-process split of writing the dashboard."""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from pathlib import Path

import pendulum

from benchmarks.tasks import Result, task

REPORTS = (
    ("pairs", "status_by_pair", {}),
    ("areas", "status_by_area", {}),
    ("deadlines", "deadlines", {"within": 90}),
    ("matrix", "pair_area_matrix", {}),
    ("by-year", "agreements_by_year", {}),
)
"""The text reports the dashboard holds: ``mou-tracker report NAME`` and its library call."""
CHARTS = ("matrix", "deadlines", "by_year")
"""The charts the dashboard draws of a store with many pairs (the timeline needs one pair)."""


@task
def ggo_import(agreements: str, parties: str, target: str, as_of: str) -> Result:
    """The GGO files through the ``ggo`` preset into a new JSON store (one transaction)."""
    from mou_tracker import JsonRepository
    from mou_tracker.importers import GGO, import_file

    repo = JsonRepository(target)
    start = time.perf_counter()
    report = import_file(
        agreements, GGO, repo, as_of=pendulum.Date.fromisoformat(as_of), parties=parties
    )
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "records": len(repo), "rows": report.rows}


@task
def dashboard_split(repo: str, as_of: str, out: str) -> Result:
    """Where the time of one dashboard goes, in one process: opening the store, the text
    reports it holds (built and rendered as text), importing the charts (matplotlib), drawing
    its charts as SVG, and the whole page (which builds its reports and charts again)."""
    from mou_tracker import JsonRepository, reports
    from mou_tracker.dashboard import write_dashboard
    from mou_tracker.errors import MouTrackerError

    day = pendulum.Date.fromisoformat(as_of)
    split: dict[str, float] = {}

    def timed(name: str, body: Callable[[], object]) -> object:
        start = time.perf_counter()
        value = body()
        split[name] = split.get(name, 0.0) + time.perf_counter() - start
        return value

    opened = timed("open", lambda: JsonRepository(repo))
    assert isinstance(opened, JsonRepository)
    for _, function, options in REPORTS:
        build = getattr(reports, function)
        timed("reports", lambda b=build, o=options: b(opened, as_of=day, **o).render("simple"))
    charts = timed("charts import", lambda: importlib.import_module("mou_tracker.charts"))
    declined = 0
    for name in CHARTS:
        draw = getattr(charts, name)
        try:
            timed("charts", lambda d=draw: d(opened, as_of=day).svg())
        except MouTrackerError:  # a chart may decline (too many marks): the page says so too
            declined += 1
    timed("page", lambda: write_dashboard(opened, Path(out), as_of=day))
    return {**split, "declined": declined}
