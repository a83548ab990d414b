"""What a deadline resolves to, and how its due date moved."""

from __future__ import annotations

import datetime as dt

import attrs

from mou_tracker.domain.dates import PartialDate
from mou_tracker.domain.sources import Source

__all__ = ["NOT_SET", "Due", "DueMove"]


@attrs.frozen
class Due:
    """What a deadline resolves to: a date, or None while its engagement has no date.

    ``approximate`` marks a date that is only the last day it may be (an offset in days from an
    engagement known to the month); a deadline is never due before that day.
    """

    date: PartialDate | None
    approximate: bool = False

    @property
    def is_set(self) -> bool:
        return self.date is not None

    def days_left(self, as_of: dt.date) -> int | None:
        """Days to the last day it may be due (negative once overdue); None when not set."""
        return None if self.date is None else self.date.latest_ordinal - as_of.toordinal()

    def __str__(self) -> str:
        if self.date is None:
            return "date not set"
        return f"{self.date} at the latest" if self.approximate else str(self.date)


NOT_SET = Due(None)


@attrs.frozen(kw_only=True)
class DueMove:
    """The due date of a deadline changed on ``decided_on``, from ``old`` to ``new``: because
    the deadline was rescheduled, or because the engagement it is tied to moved."""

    decided_on: PartialDate
    old: Due
    new: Due
    reason: str
    source: Source | None = None
    engagement_id: str | None = None
    """Set when the move came from the engagement's date changing."""
    last_set: PartialDate | None = attrs.field(default=None, eq=False)
    """The last due date that was set before this move (``old`` itself unless it was unset)."""

    @property
    def is_slip(self) -> bool:
        """The new due date may fall later than the last one set: a date being set for the
        first time is no slip, and a postponement through "date not set" is one."""
        base = self.old.date if self.old.date is not None else self.last_set
        new = self.new.date
        return base is not None and new is not None and new.latest_ordinal > base.latest_ordinal
