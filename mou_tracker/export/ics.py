"""Calendar export (RFC 5545): deadlines of open commitments and dated engagements as all-day
events, for any calendar program to import or subscribe to.

What is exported, as of a day (``as_of``):

- the current due date of every open (``open`` or ``in_progress``) commitment's deadline,
  resolved by one :class:`~mou_tracker.Schedule` built from every record of the repository. A
  deadline whose date is not set (tied to an engagement that has no date yet) cannot be placed:
  it is left out, and counted in :attr:`IcsExport.undated` and the calendar's ``X-WR-CALDESC``;
- the next due date of every open recurring commitment (:meth:`Schedule.cadence` as of
  ``as_of``);
- every engagement with a date, past or future.

Placement: a deadline known to the month, quarter or year, or one that is only approximate,
falls on the last day it may be (:attr:`PartialDate.latest`), and its description says so. An
engagement spans every day it may be (``DTEND`` is the day after, exclusive per RFC 5545).

UIDs come from ids only (``deadline.<record>/<commitment>@mou-tracker``,
``engagement.<engagement>@mou-tracker``), so a re-import updates events instead of duplicating
them. ``SEQUENCE`` counts the stored changes that can move an event (see :func:`export_ics`).
Nothing reads the clock: ``DTSTAMP`` is ``as_of`` at 00:00 UTC, and the same data and day give
the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Unpack

import attrs
import icalendar

from mou_tracker.domain import Engagement
from mou_tracker.domain.filters import Filters
from mou_tracker.export._events import Event, commitment_events, count, engagement_event
from mou_tracker.reports.scope import select
from mou_tracker.storage.atomic import atomic_write
from mou_tracker.storage.repository import Repository

__all__ = ["IcsExport", "export_ics"]


@attrs.frozen(kw_only=True)
class IcsExport:
    """A calendar ready to write: its bytes, how many events it holds, and how many deadlines
    were left out because their date is not set."""

    data: bytes
    events: int
    undated: int

    def write(self, path: str | Path) -> None:
        """Write the calendar to ``path`` atomically: a failure leaves any previous file whole."""
        atomic_write(Path(path), self.data)


def export_ics(
    repo: Repository,
    *,
    as_of: dt.date,
    **filters: Unpack[Filters],
) -> IcsExport:
    """The repository's deadlines and dated engagements as an iCalendar (RFC 5545) calendar.

    ``country`` and ``pair`` keep the records with those countries among their parties;
    ``area`` keeps the commitments in that area (their own areas, or their record's when they
    name none) and the engagements covering it.

    ``SEQUENCE``, so that a re-imported event supersedes the old one: for a deadline, the number
    of its reschedules plus the date changes of every engagement it is or was tied to; for a
    recurring commitment, the number of occurrences held as of ``as_of``; for an engagement, the
    number of its date changes. Each only grows as facts are added.
    """
    scope = select(repo, as_of=as_of, **filters)
    events: list[Event] = []
    undated = 0
    for record in scope.matching:
        if (
            isinstance(record, Engagement)
            and record.date is not None
            and (scope.area is None or scope.area in record.areas)
        ):
            events.append(engagement_event(record, record.date))
        for event in commitment_events(scope, record):
            if event is None:
                undated += 1
            else:
                events.append(event)
    events.sort(key=lambda e: (e.start, e.uid))
    calendar = _calendar(events, as_of=scope.as_of, undated=undated, name=scope.describe(repo))
    return IcsExport(data=bytes(calendar.to_ical()), events=len(events), undated=undated)


# -- the calendar --------------------------------------------------------------------------------


def _calendar(
    events: Iterable[Event], *, as_of: dt.date, undated: int, name: str
) -> icalendar.Calendar:
    from mou_tracker import __version__  # the package root imports nothing from export

    stamp = dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//mou-tracker//mou-tracker {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"mou-tracker{name}")
    description = (
        f"Deadlines of open commitments and dated engagements, exported as of {as_of.isoformat()}."
    )
    if undated:
        description += (
            f" {count(undated, 'deadline')} not shown: tied to an engagement whose date is not set."
        )
    calendar.add("x-wr-caldesc", description)
    for item in events:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("sequence", item.sequence)
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        event.add("summary", item.summary)
        event.add("description", item.description)
        if item.location is not None:
            event.add("location", item.location)
        if item.categories:
            event.add("categories", list(item.categories))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar
