"""Exports of a repository to formats other programs read: calendars (RFC 5545 iCalendar).

Like the reports, exports are computed from the repository and a day (``as_of``), never from
the clock.
"""

from mou_tracker.export.ics import IcsExport, export_ics

__all__ = ["IcsExport", "export_ics"]
