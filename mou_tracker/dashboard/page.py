"""The page: its sections, in order, inside one HTML document with its stylesheet, its
sorting script and the Content-Security-Policy that allows exactly those two (by hash)."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Unpack

from mou_tracker import __version__
from mou_tracker.dashboard.csp import element_text, policy
from mou_tracker.dashboard.figures import ChartSection, chart_sections
from mou_tracker.dashboard.markup import Markup, element, join
from mou_tracker.dashboard.sources import source_list
from mou_tracker.dashboard.svg import style_texts
from mou_tracker.dashboard.tables import report_table, shown, table
from mou_tracker.domain.due_status import DueState
from mou_tracker.domain.filters import Filters
from mou_tracker.reports import Report, deadlines, status_by_area, status_by_pair
from mou_tracker.reports.report import to_date
from mou_tracker.reports.scope import select
from mou_tracker.storage.atomic import atomic_write
from mou_tracker.storage.repository import Repository

__all__ = ["render_dashboard", "write_dashboard"]

_LATE = frozenset({DueState.OVERDUE, DueState.LATE, DueState.LAPSED})


def _asset(name: str) -> str:
    return resources.files("mou_tracker.dashboard").joinpath(name).read_text("utf-8")


def _section(id: str, title: str, *body: Markup, first: bool = False) -> Markup:
    return element(
        "section",
        element("h2", title, id=f"{id}-title"),
        join(body),
        id=id,
        class_="first" if first else None,
        aria_labelledby=f"{id}-title",
    )


def _figures(pairs: Report, due: Report, within: int) -> Markup:
    state, slipped = due.headers.index("State"), due.headers.index("Slipped")
    count = {
        "pairs": len(pairs.rows),
        "overdue": sum(1 for row in due.rows if row[state] in _LATE),
        "soon": sum(1 for row in due.rows if row[state] == DueState.DUE),
        "not-set": sum(1 for row in due.rows if row[state] == DueState.NOT_SET),
        "slipped": sum(1 for row in due.rows if isinstance(row[slipped], int) and row[slipped]),
    }
    words = {
        "pairs": "Country pairs",
        "overdue": "Overdue, late or lapsed",
        "soon": f"Due within {within} days",
        "not-set": "Date not set",
        "slipped": "Listed deadlines that slipped",
    }
    return element(
        "dl",
        join(
            element(
                "div",
                element("dt", words[key]),
                element("dd", value, data_count=key),
                class_="late" if key == "overdue" and value else None,
            )
            for key, value in count.items()
        ),
        class_="figures",
    )


def _deadline_tables(due: Report, within: int) -> Markup:
    state = due.headers.index("State")
    groups = (
        ("Overdue, late or lapsed", lambda s: s in _LATE),
        (f"Due within {within} days", lambda s: s == DueState.DUE),
        ("Waiting for a date", lambda s: s == DueState.NOT_SET),
    )
    parts = []
    for caption, keep in groups:
        rows = [row for row in due.rows if keep(row[state])]
        parts.append(table(caption, *shown(due, rows)))
    parts.append(element("ul", join(element("li", note) for note in due.notes), class_="notes"))
    return join(parts)


def _chart(section: ChartSection) -> Markup:
    parts = []
    if section.svg is not None:
        parts.append(element("figure", section.svg, element("figcaption", section.description)))
    else:
        parts.append(element("p", section.description))
    if section.note:
        parts.append(element("p", section.note, class_="note", role="note"))
    parts.append(section.tables)
    return _section(section.id, section.title, *parts)


def _body(repo: Repository, as_of: dt.date, within: int, filters: Filters) -> Markup:
    scope = select(repo, as_of=as_of, **filters)
    pairs = status_by_pair(repo, as_of=as_of, **filters)
    areas = status_by_area(repo, as_of=as_of, **filters)
    due = deadlines(repo, as_of=as_of, within=within, **filters)
    charts = chart_sections(repo, as_of, filters)
    title = "Relations brief" + scope.describe(repo)
    contents = [
        ("glance", "At a glance"),
        ("status", "Where relations stand"),
        ("deadlines", "Deadlines"),
        *((c.id, c.title) for c in charts),
        ("sources", "Sources"),
    ]
    header = element(
        "header",
        element("h1", title),
        element(
            "p",
            f"As of {scope.as_of.isoformat()}. Written by mou-tracker {__version__}; "
            "this page loads nothing from any network.",
            class_="meta",
        ),
        element(
            "nav",
            element(
                "ul",
                join(element("li", element("a", name, href=f"#{id}")) for id, name in contents),
            ),
            aria_label="Contents",
        ),
    )
    sections = [
        _section("glance", "At a glance", _figures(pairs, due, within), first=True),
        _section("status", "Where relations stand", report_table(pairs), report_table(areas)),
        _section("deadlines", "Deadlines", _deadline_tables(due, within)),
        *(_chart(section) for section in charts),
        _section("sources", "Sources", source_list(scope.matching)),
    ]
    footer = element(
        "footer",
        element("p", f"mou-tracker {__version__}, as of {scope.as_of.isoformat()}."),
    )
    return join([header, element("main", join(sections)), footer])


def render_dashboard(
    repo: Repository,
    *,
    as_of: dt.date,
    within: int = 90,
    script: bool = True,
    **filters: Unpack[Filters],
) -> str:
    """The dashboard of ``repo`` as of ``as_of``: one HTML document (see
    :mod:`mou_tracker.dashboard`). ``within`` is the window of upcoming deadlines in days;
    ``script=False`` leaves out the sorting script (the tables are the same). Filters as in
    the reports (``country``, ``pair``, ``area``)."""
    day = to_date(as_of)
    body = _body(repo, day, within, filters)
    css = _asset("dashboard.css")
    scripts = [_asset("sort.js")] if script else []
    styles = [css, *(element_text(text) for text in style_texts(body))]
    head = join(
        [
            Markup('<meta charset="utf-8">'),
            element_void(
                "meta",
                http_equiv="Content-Security-Policy",
                content=policy(scripts=scripts, styles=styles),
            ),
            element_void("meta", name="viewport", content="width=device-width, initial-scale=1"),
            element_void("meta", name="referrer", content="no-referrer"),
            element_void("meta", name="generator", content=f"mou-tracker {__version__}"),
            element("title", f"Relations brief, as of {day.isoformat()}"),
            Markup(f"<style>{css}</style>"),
        ],
        "\n",
    )
    tail = "".join(f"<script>{text}</script>" for text in scripts)
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n{head}\n</head>\n'
        f"<body>\n{body}\n{tail}\n</body>\n</html>\n"
    )


def write_dashboard(
    repo: Repository,
    path: Path | str,
    *,
    as_of: dt.date,
    within: int = 90,
    **filters: Unpack[Filters],
) -> Path:
    """Write :func:`render_dashboard` to ``path`` (atomically); returns the path."""
    target = Path(path)
    atomic_write(target, render_dashboard(repo, as_of=as_of, within=within, **filters).encode())
    return target


def element_void(tag: str, **attributes: str) -> Markup:
    """A void element (``<meta ...>``): no children, no end tag."""
    markup = element(tag, **attributes)
    return Markup(markup[: -len(f"</{tag}>")])
