"""Charts: pictures of a repository as of a day, drawn with matplotlib (the optional extra
``charts``: ``pip install 'mou-tracker[charts]'``).

Each function takes a repository, the filters of the reports and ``as_of``, and returns a
:class:`Chart`: its matplotlib ``figure``, the ``data`` it plotted (typed rows), a ``title``
and a ``description`` (the picture's alternative text), :meth:`Chart.save` to SVG, PNG or PDF
and :meth:`Chart.svg` to inline it in HTML. matplotlib is imported only when a chart is drawn;
without it, drawing raises a :class:`~mou_tracker.errors.MouTrackerError` saying what to
install. A chart never draws more than a reader can see: beyond its limits it keeps the
largest rows and says so, or asks for a narrower filter.
"""

from mou_tracker.charts.by_year import YearCount, by_year
from mou_tracker.charts.chart import Chart
from mou_tracker.charts.deadlines import DeadlineColumn, deadlines
from mou_tracker.charts.matrix import MatrixData, MatrixRow, matrix
from mou_tracker.charts.timeline import (
    AgreementBar,
    DueWindow,
    EngagementMark,
    TimelineData,
    timeline,
)

__all__ = [
    "AgreementBar",
    "Chart",
    "DeadlineColumn",
    "DueWindow",
    "EngagementMark",
    "MatrixData",
    "MatrixRow",
    "TimelineData",
    "YearCount",
    "by_year",
    "deadlines",
    "matrix",
    "timeline",
]
