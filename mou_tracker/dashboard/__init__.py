"""The dashboard: one self-contained HTML file briefing a reader on the records as of a day.

It holds the status by pair and by area, the overdue, upcoming and undated deadlines with
their slips, the charts (inline SVG, each with its data as a table) and the sources as links.
It loads nothing from any network (no CDN, font or remote script), reads well printed and on a
phone, escapes every text from the store and carries a Content-Security-Policy that allows
only its own script and styles, by hash. See ``docs/dashboard.md``.

>>> import pendulum
>>> from mou_tracker.storage import InMemoryRepository
>>> page = render_dashboard(InMemoryRepository(), as_of=pendulum.Date(2025, 10, 15))
>>> page.startswith("<!DOCTYPE html>"), "Content-Security-Policy" in page
(True, True)
"""

from mou_tracker.dashboard.page import render_dashboard, write_dashboard

__all__ = ["render_dashboard", "write_dashboard"]
