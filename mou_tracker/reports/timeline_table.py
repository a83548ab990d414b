"""The dated story of one country pair."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import attrs

from mou_tracker.domain import (
    Agreement,
    Commitment,
    CountryPair,
    Engagement,
    PartialDate,
    Record,
)
from mou_tracker.domain.due_status import DueResolver
from mou_tracker.domain.filters import RecordFilter
from mou_tracker.reports.report import Report, to_date
from mou_tracker.reports.scope import read
from mou_tracker.storage.repository import Repository

__all__ = ["timeline"]

_ENGAGEMENT, _STATUS, _PROGRESS, _MOVE, _DUE = range(5)
"""Tiebreak between facts dated alike: engagements, status changes, progress, moves of dates,
deadlines."""
NOT_SET = "date not set"


@attrs.frozen
class _Fact:
    date: PartialDate | None
    """None while not set: such facts come last."""
    rank: int
    event: str
    details: str
    shown: str | None = None
    """The date as shown, when not ``str(date)`` ("10 Dec 2025 at the latest")."""

    def sort_key(self) -> tuple[int, int, int]:
        return (1, 0, 0) if self.date is None else (0, *self.date.sort_key())


def timeline(repo: Repository, *, pair: CountryPair | str, as_of: dt.date) -> Report:
    """Every dated fact about one pair, oldest first: from the records whose parties include
    both countries of the pair (multilateral ones too).

    The facts:

    - engagements (event = the kind, details = title and place), and each change of an
      engagement's date ("date changed", dated the day it was decided: title, old -> new date
      and the reason);
    - agreement status changes ("signed", "in force"..., details = title and the change's note)
      and a scheduled expiry, unless the agreement already ended ("expires");
    - commitment progress notes ("progress") and the day a commitment was met ("met" or
      "partially met");
    - each move of a deadline's due date ("deadline moved", dated the day it was decided:
      old -> new due date and the reason), whether the deadline was rescheduled or the
      engagement it is tied to moved (then "<engagement id> moved: <reason>");
    - the due date of each open commitment ("due"): a deadline resolved against the
      engagement it is tied to ("10 Dec 2025 at the latest" when only its last day is known),
      or a recurring commitment's next due date.

    Sorted by :meth:`PartialDate.sort_key`, then in the order just given, then by record id
    and the order within the record. Engagements and deadlines whose date is not set yet come
    last, with ``Date`` "date not set" and a blank ``When``. Columns: ``Date`` (at its real
    precision), ``Event``, ``Record``, ``Details`` and ``When``: "upcoming" when the earliest
    day the date may be is after ``as_of``, else "past". Facts after ``as_of`` are listed too.
    """
    wanted = pair if isinstance(pair, CountryPair) else CountryPair.parse(pair)
    day = to_date(as_of)
    ordinal = day.toordinal()
    matching, needed = read(repo, RecordFilter(pair=wanted))
    resolver = DueResolver(needed, day)
    facts: list[tuple[tuple[int, int, int], int, str, int, _Fact]] = []
    for record in matching:
        for seq, fact in enumerate(_facts(record, resolver)):
            facts.append((fact.sort_key(), fact.rank, record.id, seq, fact))
    facts.sort(key=lambda item: item[:4])
    rows = [
        (
            fact.shown or (NOT_SET if fact.date is None else str(fact.date)),
            fact.event,
            record_id,
            fact.details,
            _when(fact.date, ordinal),
        )
        for _, _, record_id, _, fact in facts
    ]
    return Report(
        title=f"Timeline: {wanted}",
        as_of=day,
        headers=("Date", "Event", "Record", "Details", "When"),
        rows=rows,
        free_text=("Details",),
        notes=(
            "Includes multilateral records to which both countries are parties.",
            'Engagements and deadlines whose date is not set yet come last, as "date not set".',
        ),
    )


def _when(date: PartialDate | None, ordinal: int) -> str | None:
    if date is None:
        return None
    return "upcoming" if date.earliest_ordinal > ordinal else "past"


def _facts(record: Record, resolver: DueResolver) -> Iterator[_Fact]:
    if isinstance(record, Engagement):
        yield from _engagement_facts(record)
    else:
        yield from _agreement_facts(record)
    for commitment in record.commitments:
        yield from _commitment_facts(commitment, record, resolver)


def _engagement_facts(engagement: Engagement) -> Iterator[_Fact]:
    place = f", {engagement.place}" if engagement.place else ""
    yield _Fact(engagement.date, _ENGAGEMENT, _words(engagement.kind), engagement.title + place)
    dates = engagement.dates
    for index, change in enumerate(engagement.date_changes):
        old, new = (_show(d) for d in dates[index : index + 2])
        details = f"{engagement.title}: {old} -> {new} ({change.reason})"
        yield _Fact(change.decided_on, _MOVE, "date changed", details)


def _agreement_facts(agreement: Agreement) -> Iterator[_Fact]:
    for change in agreement.history:
        details = agreement.title + (f" ({change.note})" if change.note else "")
        yield _Fact(change.date, _STATUS, _words(change.status), details)
    expiry = agreement.expires_on
    ended = any(c.status.is_ended for c in agreement.history)
    if expiry is not None and not ended:
        yield _Fact(expiry, _STATUS, "expires", agreement.title)


def _commitment_facts(
    commitment: Commitment, record: Record, resolver: DueResolver
) -> Iterator[_Fact]:
    about = f"{commitment.id}: "
    for note in commitment.progress:
        yield _Fact(note.date, _PROGRESS, "progress", about + note.text)
    if commitment.met_on is not None:
        event = _words(commitment.status)
        yield _Fact(commitment.met_on, _PROGRESS, event, about + commitment.text)
    deadline = commitment.deadline
    if deadline is not None:
        for move in resolver.schedule.moves(deadline):
            via = move.engagement_id
            why = move.reason if via is None else f"{via} moved: {move.reason}"
            details = f"{about}{move.old} -> {move.new} ({why})"
            yield _Fact(move.decided_on, _MOVE, "deadline moved", details)
    resolved = resolver.status(commitment, record)
    if resolved is None:
        return
    recurrence = commitment.recurrence
    stated = ""
    if deadline is not None and deadline.note:
        stated = f" ({deadline.note})"
    elif recurrence is not None:
        stated = f" (every {recurrence.every})"
    due = resolved.due
    shown = str(due) if due.approximate else None
    yield _Fact(due.date, _DUE, "due", about + commitment.text + stated, shown)


def _show(date: PartialDate | None) -> str:
    return NOT_SET if date is None else str(date)


def _words(value: str) -> str:
    return value.replace("_", " ")
