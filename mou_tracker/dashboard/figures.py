"""The chart sections of the page: each chart of :mod:`mou_tracker.charts` inlined as SVG
with its data as a table (the chart's text alternative).

This is the one place that knows the charts: :mod:`mou_tracker.charts` is imported only here,
when the page is built. A drawn chart's table is its data (what it plotted, with what it left
out: :mod:`mou_tracker.dashboard.chart_tables`). Without the charts (or without matplotlib, the
``charts`` extra), or when a chart declines to draw (too many marks for a reader), each section
shows the table of its report alone with a note saying why, and the page is complete all the
same. Each report is built once: the matrix chart draws the matrix report the page has.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections import Counter
from collections.abc import Callable
from typing import Any

import attrs

from mou_tracker.dashboard.chart_tables import by_year_table, deadline_table, matrix_table
from mou_tracker.dashboard.markup import Markup
from mou_tracker.dashboard.svg import presentational
from mou_tracker.dashboard.tables import report_table, table
from mou_tracker.domain import CountryPair
from mou_tracker.domain.due_status import DueState
from mou_tracker.domain.filters import Filters
from mou_tracker.errors import MouTrackerError
from mou_tracker.reports import deadlines, pair_area_matrix, timeline
from mou_tracker.reports.scope import select
from mou_tracker.storage.repository import Repository

__all__ = ["ChartSection", "chart_sections", "draw"]

_EVERY_DEADLINE = 365 * 100
"""A window wide enough to list every open deadline."""
_LATE = frozenset({DueState.OVERDUE, DueState.LATE, DueState.LAPSED})


@attrs.frozen(kw_only=True)
class ChartSection:
    """One chart of the page: ``svg`` (None when it is not drawn, and ``note`` says why),
    ``description`` (its text alternative in words) and ``tables`` (its data)."""

    id: str
    title: str
    description: str
    svg: Markup | None
    tables: Markup
    note: str | None = None


def draw(
    name: str, repo: Repository, as_of: dt.date, filters: Filters, **options: Any
) -> tuple[Any, str | None]:
    """``mou_tracker.charts.<name>(repo, as_of=..., **options, **filters)``, or
    ``(None, why not)``."""
    try:
        charts = importlib.import_module("mou_tracker.charts")
    except ImportError:
        return None, "Charts are not installed: pip install 'mou-tracker[charts]'."
    function: Callable[..., Any] | None = getattr(charts, name, None)
    if function is None:
        return None, f"This version of mou_tracker.charts has no {name} chart."
    try:
        return function(repo, as_of=as_of, **options, **filters), None
    except ImportError:
        return None, "Charts need matplotlib: pip install 'mou-tracker[charts]'."
    except MouTrackerError as error:
        return None, f"The chart is not drawn: {error}"


def _section(
    name: str,
    title: str,
    description: str,
    tables: tuple[Callable[[Any], Markup] | None, Callable[[], Markup]],
    repo: Repository,
    as_of: dt.date,
    filters: Filters,
    **options: Any,
) -> ChartSection:
    """A chart's section. ``tables`` is (the table of a drawn chart, from the chart; the
    table when it is not drawn): only the one shown is built."""
    chart, why = draw(name, repo, as_of, filters, **options)
    svg = None
    if chart is not None:
        try:
            svg = Markup(presentational(chart.svg(id_prefix=f"chart-{name.replace('_', '-')}-")))
            description = str(chart.description)
        except (ImportError, MouTrackerError) as error:
            why = f"The chart is not drawn: {error}"
    drawn, undrawn = tables
    plotted = svg is not None and drawn is not None and hasattr(chart, "data")
    note = None if why is None else f"{why} Its data is shown as a table."
    return ChartSection(
        id=f"chart-{name.replace('_', '-')}",
        title=title,
        description=description,
        svg=svg,
        tables=drawn(chart) if plotted and drawn is not None else undrawn(),
        note=note,
    )


def the_pair(repo: Repository, as_of: dt.date, filters: Filters) -> CountryPair | None:
    """The pair the page is about: the pair filter, or the only pair of the records kept."""
    scope = select(repo, as_of=as_of, **filters)
    if scope.where.pair is not None:
        return scope.where.pair
    found: CountryPair | None = None
    for record in scope.matching:  # stops at a second pair: a record may have thousands
        for pair in scope.pairs(record):
            if found is None:
                found = pair
            elif pair != found:
                return None
    return found


def _by_due(repo: Repository, as_of: dt.date, filters: Filters) -> Markup:
    report = deadlines(repo, as_of=as_of, within=_EVERY_DEADLINE, **filters)
    state, due = report.headers.index("State"), report.headers.index("Due")
    late = sum(1 for row in report.rows if row[state] in _LATE)
    not_set = sum(1 for row in report.rows if row[state] == DueState.NOT_SET)
    coming = Counter(str(row[due]) for row in report.rows if row[state] == DueState.DUE)
    rows = [("overdue, late or lapsed", late), *coming.items(), ("date not set", not_set)]
    return table("Open commitments by due date", ("Due", "Open commitments"), rows)


def _by_year(repo: Repository, as_of: dt.date, filters: Filters) -> Markup:
    scope = select(repo, as_of=as_of, **filters)
    day = scope.as_of.toordinal()
    signed: Counter[int] = Counter()
    in_force: Counter[int] = Counter()
    for agreement, _ in scope.agreements:
        if scope.area is not None and scope.area not in agreement.areas:
            continue
        for counter, date in ((signed, agreement.signed_on), (in_force, agreement.in_force_on)):
            if date is not None and date.latest_ordinal <= day:
                counter[date.year] += 1
    years = sorted(signed.keys() | in_force.keys())
    rows = [(str(year), signed[year], in_force[year]) for year in years]
    return table("Agreements by year", ("Year", "Signed", "Entered into force"), rows)


def chart_sections(repo: Repository, as_of: dt.date, filters: Filters) -> list[ChartSection]:
    """The page's four chart sections (timeline, pair x area, deadlines, by year)."""
    sections = []
    pair = the_pair(repo, as_of, filters)
    if pair is None:
        sections.append(
            ChartSection(
                id="chart-timeline",
                title="Timeline",
                description="The timeline shows one country pair.",
                svg=None,
                tables=Markup(""),
                note="The records hold several country pairs: write the page with a pair "
                "filter (--pair) to see their timeline.",
            )
        )
    else:
        story = timeline(repo, pair=pair, as_of=as_of)
        sections.append(
            _section(
                "timeline",
                "Timeline",
                f"Agreements, engagements and open deadlines of {pair}, as of {as_of}.",
                (None, lambda: report_table(story)),
                repo,
                as_of,
                Filters(**{**filters, "pair": pair}),
            )
        )
    matrix = pair_area_matrix(repo, as_of=as_of, **filters)
    sections.append(
        _section(
            "matrix",
            "Country pairs by cooperation area",
            "Agreements and engagements covering each area, for each country pair.",
            (matrix_table, lambda: report_table(matrix)),
            repo,
            as_of,
            filters,
            report=matrix,
        )
    )
    sections.append(
        _section(
            "deadlines",
            "Open commitments by due date",
            "Open commitments by the date they fall due; overdue and date not set apart.",
            (deadline_table, lambda: _by_due(repo, as_of, filters)),
            repo,
            as_of,
            filters,
        )
    )
    sections.append(
        _section(
            "by_year",
            "Agreements by year",
            "Agreements signed and entered into force each year.",
            (by_year_table, lambda: _by_year(repo, as_of, filters)),
            repo,
            as_of,
            filters,
        )
    )
    return sections
