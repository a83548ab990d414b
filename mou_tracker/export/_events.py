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


def commitment_events(
    schedule: Schedule, record: Record, area: str | None, as_of: dt.date
) -> Iterator[Event | None]:
    """One event per open commitment of ``record`` with a deadline or a recurrence (in
    ``area`` when one is given); None for a deadline whose date is not set."""
    for commitment in record.commitments:
        areas = commitment.areas or record.areas
        if not commitment.status.is_open or (area is not None and area not in areas):
            continue
        deadline, recurrence = commitment.deadline, commitment.recurrence
        if deadline is not None:
            due = schedule.due(deadline)
            lines = [f"Deadline as stated: {deadline.note}"] if deadline.note else []
            lines.extend(_moves(schedule, deadline))
            sequence = len(deadline.reschedules) + sum(
                len(schedule.engagement(eid).date_changes) for eid in deadline.anchors
            )
            label = "Due"
        elif recurrence is not None:
            cadence = schedule.cadence(commitment, record, as_of)
            due, sequence, label = cadence.next_due, len(cadence.held), "Next due"
            last = "" if cadence.last_held is None else f"; last held {cadence.last_held}"
            lines = [
                f"Recurring every {recurrence.every} from {recurrence.starts}: held "
                f"{count(len(cadence.held), 'time')}{last}; {cadence.state} as of "
                f"{as_of.isoformat()}."
            ]
        else:
            continue
        if due.date is None:
            yield None
            continue
        responsible = ", ".join(c.code for c in commitment.responsible) or "all parties"
        lines = [
            commitment.text,
            _placement(due, due.date),
            *lines,
            f"Record: {record.id} ({record.title})",
            f"Commitment: {commitment.id}",
            f"Status: {commitment.status.value.replace('_', ' ')}",
            f"Responsible: {responsible}",
            *_sources((*commitment.sources, *record.sources)),
        ]
        last_day = _day(due.date.latest)
        yield Event(
            uid=f"deadline.{record.id}/{commitment.id}@{UID_DOMAIN}",
            start=last_day,
            end=last_day + _ONE_DAY,
            sequence=sequence,
            summary=_summary(record, label, commitment.text, tuple(sorted(areas))),
            description="\n".join(lines),
            categories=tuple(sorted(areas)),
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


def _moves(schedule: Schedule, deadline: Deadline) -> Iterator[str]:
    moves = schedule.moves(deadline)
    if not moves:
        return
    yield (
        f"First due: {schedule.original_due(deadline)}; moved {count(len(moves), 'time')}, "
        f"{count(schedule.slips(deadline), 'slip')}:"
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
    who = (
        str(CountryPair(*countries))
        if len(countries) == 2
        else ", ".join(c.code for c in countries)
    )
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
