"""The timeline chart: a pair's or a country's agreements, engagements and open deadlines."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Unpack

import attrs
import pendulum

from mou_tracker.charts._style import MAX_BARS, MAX_MARKERS, too_many
from mou_tracker.charts._timeline_draw import draw_timeline
from mou_tracker.charts.chart import Chart
from mou_tracker.domain import Agreement, AgreementStatus, Engagement, EngagementKind, Precision
from mou_tracker.domain.due_status import DueState
from mou_tracker.domain.filters import Filters
from mou_tracker.reports.scope import Scope, select
from mou_tracker.storage.repository import Repository

__all__ = ["AgreementBar", "DueWindow", "EngagementMark", "TimelineData", "timeline"]

_NARROW = "a pair, country or area filter (--pair, --country, --area)"


@attrs.frozen(kw_only=True)
class AgreementBar:
    """An agreement drawn from its signature (``start``) through its entry into force to its
    end, or to the as-of day while it has not ended; coloured by its status that day."""

    record_id: str
    title: str
    status: AgreementStatus
    start: pendulum.Date
    """The first day of the first status after negotiation (usually the signature)."""
    in_force: pendulum.Date | None
    """The first day of the entry into force, when it came by the as-of day."""
    end: pendulum.Date
    """The first day of its end (expiry, termination...), or the as-of day."""
    ended: bool


@attrs.frozen(kw_only=True)
class EngagementMark:
    """An engagement drawn as a marker over the days its date may be."""

    record_id: str
    title: str
    kind: EngagementKind
    earliest: pendulum.Date
    latest: pendulum.Date
    held: bool
    """Surely held by the as-of day (its last possible day is on or before it)."""


@attrs.frozen(kw_only=True)
class DueWindow:
    """An open commitment's due date as it stood on the as-of day, drawn at its precision:
    a band from ``earliest`` to ``latest`` (both included: "Nov 2025" is 1 to 30 November);
    ``first_earliest`` .. ``first_latest`` is the due date first set when it slipped since."""

    record_id: str
    commitment_id: str
    text: str
    state: DueState
    due: str
    """As the reports show it: "Nov 2025", "10 Dec 2025 at the latest", "date not set"."""
    precision: Precision | None
    earliest: pendulum.Date | None
    latest: pendulum.Date | None
    slips: int = 0
    first_earliest: pendulum.Date | None = None
    first_latest: pendulum.Date | None = None


@attrs.frozen(kw_only=True)
class TimelineData:
    """What a timeline plotted, in drawing order (top to bottom)."""

    as_of: pendulum.Date
    engagements: tuple[EngagementMark, ...]
    agreements: tuple[AgreementBar, ...]
    commitments: tuple[DueWindow, ...]
    undated: int = 0
    """Records left out for want of a date: agreements not signed by the day, engagements
    with no date yet."""


def timeline(
    repo: Repository, *, as_of: dt.date, **filters: Unpack[Filters]
) -> Chart[TimelineData]:
    """The story of a pair or a country on one time axis, as of ``as_of``.

    Each agreement signed by the day is a bar from its signature (hatched until its entry
    into force, solid after) to its end, or to ``as_of`` while it lasts, coloured by its status
    on the day. Engagements are diamonds over the days their date may be (hollow while not
    surely held). Each open commitment of the records counted on the day (as in the reports) is
    a band over its due date at its precision, coloured by where it stands
    (:class:`~mou_tracker.domain.due_status.DueResolver`); when its due date slipped, a dashed
    outline shows the date first set and an arrow leads to the current one. A dotted line marks
    ``as_of``.

    Filters as in the reports (``area`` keeps the records covering it and the commitments in
    it). More than 60 agreements and commitments, or 200 engagements, raise a
    :class:`~mou_tracker.errors.ValidationError` asking for a narrower filter.
    """
    scope = select(repo, as_of=as_of, **filters)
    ordinal = scope.as_of.toordinal()
    bars, marks, undated = [], [], 0
    for record in scope.matching:
        if scope.area is not None and scope.area not in record.areas:
            continue
        drawn = _bar(record, scope) if isinstance(record, Agreement) else _mark(record, ordinal)
        if drawn is None:
            undated += 1
        elif isinstance(drawn, AgreementBar):
            bars.append(drawn)
        else:
            marks.append(drawn)
    windows = _windows(scope)
    if len(bars) + len(windows) > MAX_BARS:
        raise too_many(
            len(bars) + len(windows), "agreements and open commitments", MAX_BARS, _NARROW
        )
    if len(marks) > MAX_MARKERS:
        raise too_many(len(marks), "engagements", MAX_MARKERS, _NARROW)
    bars.sort(key=lambda b: (b.start, b.record_id))
    marks.sort(key=lambda m: (m.earliest, m.latest, m.record_id))
    data = TimelineData(
        as_of=scope.as_of,
        engagements=tuple(marks),
        agreements=tuple(bars),
        commitments=tuple(windows),
        undated=undated,
    )
    title = f"Timeline{scope.describe(repo)}, as of {_day(scope.as_of)}"
    return Chart(
        kind="timeline",
        title=title,
        description=_describe(data),
        as_of=scope.as_of,
        data=data,
        figure=draw_timeline(data, title),
        notes=(
            "Dates known to the month or quarter are drawn over the whole month or quarter.",
            "Agreements not signed by the day and engagements with no date are not drawn.",
        ),
    )


def _bar(agreement: Agreement, scope: Scope) -> AgreementBar | None:
    status = agreement.status_on(scope.as_of)
    ordinal = scope.as_of.toordinal()
    known = [c for c in agreement.history if c.date.latest_ordinal <= ordinal]
    begun = [c for c in known if not c.status.is_pending]
    if status is None or status.is_pending or not begun:
        return None
    in_force = next((c.date for c in begun if c.status is AgreementStatus.IN_FORCE), None)
    end = scope.as_of
    if status.is_ended:
        ended = next((c.date for c in begun if c.status.is_ended), agreement.expires_on)
        end = scope.as_of if ended is None else ended.earliest
    return AgreementBar(
        record_id=agreement.id,
        title=agreement.title,
        status=status,
        start=begun[0].date.earliest,
        in_force=None if in_force is None else in_force.earliest,
        end=end,
        ended=status.is_ended,
    )


def _mark(engagement: Engagement, ordinal: int) -> EngagementMark | None:
    date = engagement.date
    if date is None:
        return None
    return EngagementMark(
        record_id=engagement.id,
        title=engagement.title,
        kind=engagement.kind,
        earliest=date.earliest,
        latest=date.latest,
        held=date.latest_ordinal <= ordinal,
    )


def _windows(scope: Scope) -> list[DueWindow]:
    schedule = scope.resolver.schedule
    found = []
    for record, commitment, resolved in scope.due():
        date = resolved.due.date
        window = DueWindow(
            record_id=record.id,
            commitment_id=commitment.id,
            text=commitment.text,
            state=resolved.state,
            due=str(resolved.due),
            precision=None if date is None else date.precision,
            earliest=None if date is None else date.earliest,
            latest=None if date is None else date.latest,
        )
        deadline = commitment.deadline
        slips = 0 if deadline is None else schedule.slips(deadline, scope.as_of)
        first = None if deadline is None else schedule.original_due(deadline).date
        if slips and first is not None and date is not None:
            window = attrs.evolve(
                window, slips=slips, first_earliest=first.earliest, first_latest=first.latest
            )
        found.append((resolved.sort_key(), record.id, commitment.id, window))
    found.sort(key=lambda item: item[:3])
    return [window for *_, window in found]


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _describe(data: TimelineData) -> str:
    statuses = Counter(str(b.status).replace("_", " ") for b in data.agreements)
    states = Counter(str(w.state) for w in data.commitments)
    slipped = sum(1 for w in data.commitments if w.slips)
    days = [b.start for b in data.agreements] + [m.earliest for m in data.engagements]
    days += [w.earliest for w in data.commitments if w.earliest is not None]
    span = f" from {min(days).year} to {max([*days, data.as_of]).year}" if days else ""
    parts = [
        f"{len(data.agreements)} agreements{_counts(statuses)}",
        f"{len(data.engagements)} engagements ({sum(m.held for m in data.engagements)} held)",
        f"{len(data.commitments)} open commitments{_counts(states)}, {slipped} of them slipped",
    ]
    return f"Timeline{span}, as of {_day(data.as_of)}: " + "; ".join(parts) + "."


def _counts(counter: Counter[str]) -> str:
    if not counter:
        return ""
    return " (" + ", ".join(f"{n} {name}" for name, n in sorted(counter.items())) + ")"
