"""Calendar events from records, independent of any calendar format: which commitments and
engagements become events, on which days, with which ids, texts and sequence numbers (see
:mod:`mou_tracker.export.ics` for the rules)."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Iterable, Iterator

import attrs

from mou_tracker.domain import (
    CountryPair,
    Deadline,
    Due,
    Engagement,
    PartialDate,
    Precision,
    Record,
    Schedule,
    Source,
)
from mou_tracker.reports.cells import responsible_text
from mou_tracker.reports.scope import Scope

__all__ = ["UID_DOMAIN", "Event", "commitment_events", "count", "engagement_event"]

UID_DOMAIN = "mou-tracker"
SUMMARY_WIDTH = 60
"""Commitment texts and engagement titles are cut to this many characters in SUMMARY (the
DESCRIPTION keeps them whole)."""
_ONE_DAY = dt.timedelta(days=1)


@attrs.frozen(kw_only=True)
class Event:
    """One all-day event."""

    uid: str
    start: dt.date
    end: dt.date
    """Exclusive: the day after the last day."""
    sequence: int
    summary: str
    description: str
    categories: tuple[str, ...]
    location: str | None = None


# -- deadlines -----------------------------------------------------------------------------------


def commitment_events(scope: Scope, record: Record) -> Iterator[Event | None]:
    """One event per open commitment of ``record`` with a deadline or a recurrence (in the
    scope's area when one is given), due as it stood on the scope's day; None for a deadline
    whose date is not set."""
    resolver, as_of = scope.resolver, scope.as_of
    schedule = resolver.schedule
    for commitment in record.commitments:
        status = resolver.status(commitment, record)
        if status is None or not scope.in_area(commitment, record):
            continue
        due, deadline, cadence = status.due, commitment.deadline, status.cadence
        if deadline is not None:
            lines = [f"Deadline as stated: {deadline.note}"] if deadline.note else []
            lines.extend(_moves(schedule, deadline, as_of))
            sequence = len(deadline.reschedules) + sum(
                len(schedule.engagement(eid).date_changes) for eid in deadline.anchors
            )
            label = "Due"
        elif cadence is not None and commitment.recurrence is not None:
            recurrence = commitment.recurrence
            sequence, label = len(cadence.held), "Next due"
            last = "" if cadence.last_held is None else f"; last held {cadence.last_held}"
            lines = [
                f"Recurring every {recurrence.every} from {recurrence.starts}: held "
                f"{count(len(cadence.held), 'time')}{last}; {cadence.state} as of "
                f"{as_of.isoformat()}."
            ]
        else:  # DueResolver.status answers only for a deadline or a recurrence
            continue
        if due.date is None:
            yield None
            continue
        areas = tuple(sorted(commitment.effective_areas(record.areas)))
        lines = [
            commitment.text,
            _placement(due, due.date),
            *lines,
            f"Record: {record.id} ({record.title})",
            f"Commitment: {commitment.id}",
            f"Status: {commitment.status.value.replace('_', ' ')}",
            f"Responsible: {responsible_text(commitment)}",
            *_sources((*commitment.sources, *record.sources)),
        ]
        last_day = _day(due.date.latest)
        yield Event(
            uid=f"deadline.{record.id}/{commitment.id}@{UID_DOMAIN}",
            start=last_day,
            end=last_day + _ONE_DAY,
            sequence=sequence,
            summary=_summary(record, label, commitment.text, areas),
            description="\n".join(lines),
            categories=areas,
        )


def _placement(due: Due, date: PartialDate) -> str:
    if due.approximate:
        return (
            f"Due by {date} at the latest (approximate: counted from a date not known to the "
            "day); placed on that last possible day."
        )
    if date.precision is Precision.DAY:
        return f"Due on {date}."
    return f"Due by {date} (known to the {date.precision}); placed on its last day."


def _moves(schedule: Schedule, deadline: Deadline, as_of: dt.date) -> Iterator[str]:
    moves = schedule.moves(deadline, as_of)
    if not moves:
        return
    slips = sum(move.is_slip for move in moves)
    yield (
        f"First due: {schedule.original_due(deadline)}; moved {count(len(moves), 'time')}, "
        f"{count(slips, 'slip')}:"
    )
    for move in moves:
        via = f" (follows {move.engagement_id})" if move.engagement_id else ""
        yield f"- {move.decided_on}: {move.old} -> {move.new}{via}: {move.reason}"


# -- engagements ---------------------------------------------------------------------------------


def engagement_event(engagement: Engagement, date: PartialDate) -> Event:
    kind = engagement.kind.value.replace("_", " ").capitalize()
    if date.precision is Precision.DAY:
        when = f"{kind} on {date}."
    else:
        when = f"{kind} in {date} (known to the {date.precision}); shown across the whole period."
    parties = ", ".join(
        f"{p.country}" + (f" ({p.institution})" if p.institution else "")
        for p in sorted(engagement.parties, key=lambda p: p.country)
    )
    lines = [engagement.title, when]
    if engagement.place:
        lines.append(f"Place: {engagement.place}")
    lines += [f"Parties: {parties}", f"Record: {engagement.id}"]
    if engagement.date_changes:
        first = engagement.dates[0]
        lines.append(
            f"Date changed {count(len(engagement.date_changes), 'time')}; first planned for "
            f"{'no date' if first is None else first}."
        )
    if engagement.agreement_ids:
        lines.append(f"Agreements: {', '.join(engagement.agreement_ids)}")
    if engagement.notes:
        lines.append(f"Notes: {engagement.notes}")
    lines.extend(_sources(engagement.sources))
    areas = tuple(sorted(engagement.areas))
    return Event(
        uid=f"engagement.{engagement.id}@{UID_DOMAIN}",
        start=_day(date.earliest),
        end=_day(date.latest) + _ONE_DAY,
        sequence=len(engagement.date_changes),
        summary=_summary(engagement, kind, engagement.title, areas),
        description="\n".join(lines),
        categories=areas,
        location=engagement.place,
    )


# -- text ----------------------------------------------------------------------------------------


def _summary(record: Record, label: str, text: str, areas: tuple[str, ...]) -> str:
    """``[Kazakhstan–Pakistan] Due: Fast-track the agreements… (investment, trade)``."""
    countries = sorted(record.countries)
    if record.sides.named:
        who = record.sides.label
    elif len(countries) == 2:
        who = str(CountryPair(*countries))
    else:
        who = ", ".join(c.code for c in countries)
    what = textwrap.shorten(text, SUMMARY_WIDTH, placeholder="…")
    return f"[{who}] {label}: {what}" + (f" ({', '.join(areas)})" if areas else "")


def _sources(sources: Iterable[Source]) -> list[str]:
    unique = list(dict.fromkeys(sources))
    lines = ["Sources:"] if unique else []
    for source in unique:
        lines.append(f"- {source.title}" + (f" <{source.url}>" if source.url else ""))
    return lines


def count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _day(date: dt.date) -> dt.date:
    """A plain ``datetime.date`` (pendulum's subclass serialises the same, but plain is sure)."""
    return dt.date(date.year, date.month, date.day)
