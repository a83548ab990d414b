"""Reports: pure functions from a repository and a day (``as_of``) to a :class:`Report`.

Reports never read the clock: ``as_of`` (a ``pendulum.Date`` or ``datetime.date``; a
``datetime`` is refused) says which day they describe. Rendering is separate
(:meth:`Report.render`, :meth:`Report.to_csv`, :meth:`Report.to_json`).

What counts as of a day (every report but :func:`timeline`):

- an agreement counts at :meth:`Agreement.status_on` ``as_of`` (history entries surely on or
  before the day, plus a scheduled expiry once passed); one with no status yet is left out;
- an engagement counts once it has surely taken place (the last day of its date is on or
  before ``as_of``);
- a commitment counts with its record, at its recorded status; only ``open`` and
  ``in_progress`` commitments are open, and an open commitment is overdue once the last day
  its deadline may be has passed ("Nov 2025" on 1 December 2025);
- a multilateral record counts under each pair of its parties.

Filters are those of :class:`~mou_tracker.domain.filters.RecordFilter`: ``country`` and
``pair`` keep the records with those countries; what ``area`` keeps is told by each report.
"""

from mou_tracker.reports.deadlines import deadlines, timeline
from mou_tracker.reports.report import FORMATS, Cell, Report
from mou_tracker.reports.status import pair_area_matrix, status_by_area, status_by_pair

__all__ = [
    "FORMATS",
    "Cell",
    "Report",
    "deadlines",
    "pair_area_matrix",
    "status_by_area",
    "status_by_pair",
    "timeline",
]
