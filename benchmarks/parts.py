"""Building blocks of the synthetic records: parties, commitments, deadlines, sources, dates.

Each function draws from a seeded :class:`random.Random` and builds domain objects through their
attrs classes (so the model's validators check them); :mod:`benchmarks.generate` assembles them.
Dates are drawn as day ordinals and only then given a precision, so a later day is never
*definitely* before an earlier one, whatever the precisions: histories, deadlines after the
promise, and reschedules stay in the order the model requires.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import TypeVar

import pendulum

from benchmarks import vocabulary as v
from mou_tracker import (
    STANDARD_AREAS,
    Anchor,
    AnchorRelation,
    Commitment,
    CommitmentStatus,
    Country,
    Deadline,
    EngagementKind,
    Interval,
    IntervalUnit,
    PartialDate,
    Party,
    ProgressNote,
    Recurrence,
    Reschedule,
    Source,
)

__all__ = [
    "AREAS",
    "AS_OF",
    "LABELS",
    "commitment",
    "countries",
    "partial",
    "party",
    "source",
    "weighted",
]

T = TypeVar("T")
AS_OF = pendulum.Date(2026, 6, 30)
"""The day the benchmarks' reports describe; histories and deadlines lie on both sides of it."""
AREAS = tuple(area.code for area in STANDARD_AREAS)
LABELS = {area.code: area.label.lower() for area in STANDARD_AREAS}
DEADLINE_PRECISION = (30, 35, 20, 15)  # day, month, quarter, year
LAST_ACCESS = dt.date(2026, 11, 27).toordinal()


def party(rng: random.Random, code: str, areas: Sequence[str]) -> Party:
    institution = signatory = None
    if rng.random() < 0.3:
        institution = v.MINISTRIES.get(areas[0], "Ministry of Foreign Affairs")
    if rng.random() < 0.15:
        signatory = f"{rng.choice('ABDEFKMNRS')}. {rng.choice(v.SURNAMES)}, {rng.choice(v.OFFICES)}"
    return Party(country=Country(code=code), institution=institution, signatory=signatory)


def commitment(
    rng: random.Random,
    commitment_id: str,
    areas: Sequence[str],
    codes: Sequence[str],
    made_on: PartialDate,
    made_day: int,
    anchors: Sequence[str],
) -> Commitment:
    area = rng.choice(areas)
    text = rng.choice(v.COMMITMENTS).format(area=LABELS[area])
    responsible = (Country(code=rng.choice(codes)),) if rng.random() < 0.15 else ()
    deadline, recurrence, due_day = None, None, made_day + rng.randint(60, 1100)
    if commitment_id == "c4" and rng.random() < 0.5:
        kinds = {EngagementKind.CONSULTATIONS, EngagementKind.WORKING_GROUP}
        every = Interval(count=rng.choice((6, 12, 24)), unit=IntervalUnit.MONTHS)
        recurrence = Recurrence(every=every, starts=made_on, fulfilled_by=kinds)
    elif anchors and rng.random() < 0.15:
        relation = rng.choice((AnchorRelation.DURING, AnchorRelation.AFTER))
        offset = None
        if relation is AnchorRelation.AFTER:
            offset = Interval(count=3, unit=IntervalUnit.MONTHS)
        anchor = Anchor(engagement_id=rng.choice(anchors), relation=relation, offset=offset)
        deadline = Deadline(anchor=anchor)
    else:
        deadline = _deadline(rng, made_day, due_day)
    status, met_on = _commitment_status(rng, made_day, due_day)
    progress: tuple[ProgressNote, ...] = ()
    if rng.random() < 0.05:
        day = rng.randint(made_day, made_day + 400)
        progress = (
            ProgressNote(date=partial(rng, day, (1, 1, 0, 0)), text=rng.choice(v.PROGRESS)),
        )
    return Commitment(
        id=commitment_id,
        text=text,
        areas=(area,) if rng.random() < 0.15 else (),
        responsible=responsible,
        deadline=deadline,
        recurrence=recurrence,
        status=status,
        made_on=made_on if recurrence is not None or rng.random() < 0.15 else None,
        met_on=met_on,
        progress=progress,
    )


def _deadline(rng: random.Random, made_day: int, due_day: int) -> Deadline:
    due = partial(rng, due_day, DEADLINE_PRECISION)
    note = rng.choice(v.DEADLINE_NOTES) if rng.random() < 0.06 else None
    moves: list[Reschedule] = []
    target, decided = due, made_day
    for _ in range(2 if rng.random() < 0.25 else 1):
        if rng.random() > 0.08:
            break
        decided = rng.randint(decided, max(decided, due_day))
        due_day += rng.randint(90, 540)
        new = partial(rng, due_day, DEADLINE_PRECISION)
        if new == target:
            new = partial(rng, due_day, (1, 0, 0, 0))
        reason = rng.choice(v.RESCHEDULE_REASONS)
        decided_on = partial(rng, decided, (1, 0, 0, 0))
        moves.append(Reschedule(decided_on=decided_on, reason=reason, due=new))
        target = new
    return Deadline(due=due, note=note, reschedules=tuple(moves))


def _commitment_status(
    rng: random.Random, made_day: int, due_day: int
) -> tuple[CommitmentStatus, PartialDate | None]:
    c = CommitmentStatus
    weights: tuple[tuple[CommitmentStatus, int], ...]
    if due_day < AS_OF.toordinal():  # most promises whose day has passed were kept, or not
        weights = ((c.MET, 30), (c.PARTIALLY_MET, 8), (c.NOT_MET, 12), (c.OPEN, 30))
        weights += ((c.IN_PROGRESS, 12), (c.CANCELLED, 8))
    else:
        weights = ((c.OPEN, 55), (c.IN_PROGRESS, 35), (c.MET, 7), (c.CANCELLED, 3))
    status = weighted(rng, [s for s, _ in weights], [w for _, w in weights])
    if status not in (c.MET, c.PARTIALLY_MET):
        return status, None
    last = min(due_day + 90, AS_OF.toordinal())
    if last <= made_day:
        return c.IN_PROGRESS, None
    return status, partial(rng, rng.randint(made_day + 1, last), (6, 4, 0, 0))


def source(rng: random.Random, day: int, title: str) -> Source:
    publisher, domain = rng.choice(v.PUBLISHERS)
    published = day + rng.randint(0, 10)
    accessed = None
    if rng.random() < 0.5:
        accessed = pendulum.Date.fromordinal(min(published + rng.randint(0, 900), LAST_ACCESS))
    when = dt.date.fromordinal(published)
    url = f"https://{domain}/{when.year}/{when.month:02d}/{rng.randrange(16**6):06x}"
    return Source(
        title=rng.choice(v.SOURCE_TITLES) if rng.random() < 0.7 else title,
        publisher=publisher if rng.random() < 0.85 else None,
        url=url if rng.random() < 0.85 else None,
        published=partial(rng, published, (9, 1, 0, 0)),
        accessed=accessed,
    )


def countries(rng: random.Random, count: int) -> list[str]:
    chosen: list[str] = []
    while len(chosen) < count:
        code = rng.choices(v.COUNTRIES, v.COUNTRY_WEIGHTS)[0]
        if code not in chosen:
            chosen.append(code)
    return chosen


def partial(rng: random.Random, ordinal: int, weights: Sequence[int]) -> PartialDate:
    """The day ``ordinal``, known to the day, month, quarter or year (drawn by ``weights``)."""
    day = dt.date.fromordinal(ordinal)
    precision = rng.choices(range(4), weights)[0]
    if precision == 0:
        return PartialDate(year=day.year, month=day.month, day=day.day)
    if precision == 1:
        return PartialDate(year=day.year, month=day.month)
    if precision == 2:
        return PartialDate(year=day.year, quarter=(day.month + 2) // 3)
    return PartialDate(year=day.year)


def weighted(rng: random.Random, items: Sequence[T], weights: Sequence[float]) -> T:
    return rng.choices(items, weights)[0]
