"""Reports: pure functions from a repository and a day (``as_of``) to a :class:`Report`.

Reports never read the clock: ``as_of`` (a ``pendulum.Date`` or ``datetime.date``; a
``datetime`` is refused) says which day they describe. Rendering is separate
(:meth:`Report.render`, :meth:`Report.to_csv`, :meth:`Report.to_json`).

What counts as of a day (every report but :func:`timeline`):

- an agreement counts at :meth:`Agreement.status_on` ``as_of`` (history entries surely on or
  before the day, plus a scheduled expiry once passed); one with no status yet is left out;
- an engagement counts once it has surely taken place (the last day of its date is on or
  before ``as_of``); one whose date is not set yet never counts as held;
- a commitment counts with its record, at its recorded status; only ``open`` and
  ``in_progress`` commitments are open;
- an open commitment stands against its due date as the domain's one rule says
  (:class:`~mou_tracker.domain.due_status.DueResolver`, built once per report call from the
  records it needs, :func:`~mou_tracker.reports.scope.read`, and shared with the next report
  on the very same records, day and filters): due by its deadline's target as
  it stood on ``as_of`` (reschedules and engagement moves count from the day they were
  decided, so a report as of a past day shows the plan as it was known then), or by the next
  due date of its cadence when it recurs; overdue once the last day it may be due has passed,
  or its cadence is late or lapsed; "date not set" while the engagement it is tied to has no
  date: never overdue, never on time, and always shown;
- a multilateral record counts under each pair of its parties (on different sides) in the pair
  reports, and once in :func:`status_summary` and :func:`agreements_by_year`.

Pairs are labelled and their rows ordered by the countries' names ("Austria–United Arab
Emirates"); CSV, TSV and JSON also carry a ``Codes`` column (``AE-AT``) to join on.

Filters are those of :class:`~mou_tracker.domain.filters.RecordFilter`: ``country`` and
``pair`` keep the records with those countries, and are sent to the repository
(``repo.records(where=...)``), so a database reads only those records and the engagements their
deadlines are tied to (``docs/reports.md``, "What a report reads"); what ``area`` keeps is told
by each report.
"""

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for type checkers and IDEs; at run time, __getattr__ imports on first use
    from mou_tracker.reports.cadence_table import cadence
    from mou_tracker.reports.deadline_table import deadlines
    from mou_tracker.reports.overview import agreements_by_year, status_summary
    from mou_tracker.reports.report import (
        FORMATS,
        Cell,
        Report,
        neutralise_formula,
        unneutralise_formula,
    )
    from mou_tracker.reports.status import pair_area_matrix, status_by_area, status_by_pair
    from mou_tracker.reports.summary import DEFAULT_WINDOWS, deadline_summary
    from mou_tracker.reports.timeline_table import timeline

_LAZY: dict[str, str] = {
    name: f"mou_tracker.reports.{module}"
    for module, names in (
        ("cadence_table", "cadence"),
        ("deadline_table", "deadlines"),
        ("overview", "agreements_by_year status_summary"),
        ("report", "FORMATS Cell Report neutralise_formula unneutralise_formula"),
        ("status", "pair_area_matrix status_by_area status_by_pair"),
        ("summary", "DEFAULT_WINDOWS deadline_summary"),
        ("timeline_table", "timeline"),
    )
    for name in names.split()
}
"""Each public name -> the module it comes from, imported on first use (PEP 562): a command
that prints one report imports that report's module only."""


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next lookup finds it without calling __getattr__
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "DEFAULT_WINDOWS",
    "FORMATS",
    "Cell",
    "Report",
    "agreements_by_year",
    "cadence",
    "deadline_summary",
    "deadlines",
    "neutralise_formula",
    "pair_area_matrix",
    "status_by_area",
    "status_by_pair",
    "status_summary",
    "timeline",
    "unneutralise_formula",
]
