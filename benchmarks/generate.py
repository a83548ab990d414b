"""Seeded synthetic repositories at treaty-series scale, built with the domain classes.

``agreements(n, seed)`` gives the same ``n`` agreements for the same seed, on any machine: 2 to
5 parties (real ISO codes, some with institutions and signatories), standard cooperation areas, a
status history walking ``ALLOWED_TRANSITIONS`` with dates known to the day, month, quarter or
year, 3 or more commitments with deadlines of mixed precision (some rescheduled, some tied to an
engagement, some recurring), sources with a pendulum ``accessed`` day, and notes. Every record is
built through the attrs classes, so their validators check it. An agreement averages about 950
bytes of compact JSON (about 1.7 kB in the repository's indented file): three commitments with
their deadlines, a source and two parties do not fit in much less.

``engagements(n, seed)`` are the ``n // 20`` engagements that go with them (agreements' deadlines
may be tied to them), and ``records(n, seed)`` both, engagements first: adding them in that order
never leaves an anchor dangling.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from benchmarks import vocabulary as v
from benchmarks.parts import (
    AREAS,
    AS_OF,
    LABELS,
    commitment,
    countries,
    partial,
    party,
    source,
    weighted,
)
from mou_tracker import (
    ALLOWED_TRANSITIONS,
    Agreement,
    AgreementStatus,
    Country,
    DateChange,
    Engagement,
    PartialDate,
    Record,
    Relation,
    RelationKind,
    StatusChange,
)

__all__ = ["AS_OF", "DEFAULT_SEED", "GENERATOR_VERSION", "agreements", "engagements", "records"]

GENERATOR_VERSION = 1
"""Bump when the output for a given seed changes (it keys the cached files)."""
DEFAULT_SEED = 20251127

_FIRST_DAY = dt.date(1992, 1, 1).toordinal()
_LAST_START = dt.date(2026, 6, 30).toordinal()
_LAST_DAY = dt.date(2031, 12, 31).toordinal()
_HISTORY_PRECISION = (70, 18, 6, 6)  # day, month, quarter, year


def agreements(n: int, seed: int = DEFAULT_SEED) -> list[Agreement]:
    """``n`` agreements, the same ones for the same ``n`` and ``seed``."""
    rng = random.Random(f"{seed}:agreements:{n}")
    by_pair: dict[frozenset[str], list[str]] = {}
    for engagement in engagements(n, seed):
        codes = sorted(p.country.code for p in engagement.parties)
        by_pair.setdefault(frozenset(codes[:2]), []).append(engagement.id)
    made: list[Agreement] = []
    ids: list[str] = []
    for index in range(n):
        agreement = _agreement(rng, index, ids, by_pair)
        made.append(agreement)
        ids.append(agreement.id)
    return made


def engagements(n: int, seed: int = DEFAULT_SEED) -> list[Engagement]:
    """The ``n // 20`` engagements (at least 2) that go with ``agreements(n, seed)``."""
    rng = random.Random(f"{seed}:engagements:{n}")
    return [_engagement(rng, index) for index in range(max(2, n // 20))]


def records(n: int, seed: int = DEFAULT_SEED) -> list[Record]:
    """``engagements(n, seed)`` then ``agreements(n, seed)``: safe to add in this order."""
    return [*engagements(n, seed), *agreements(n, seed)]


# -- agreements ---------------------------------------------------------------------------------


def _agreement(
    rng: random.Random, index: int, earlier: Sequence[str], by_pair: dict[frozenset[str], list[str]]
) -> Agreement:
    codes = countries(rng, weighted(rng, *v.PARTY_COUNTS))
    kind = weighted(rng, list(v.KINDS), [w for w, _, _ in v.KINDS.values()])
    _, word, binding = v.KINDS[kind]
    areas = rng.sample(AREAS, rng.choice((1, 2, 2, 3)))
    history, days = _history(rng)
    start = history[0].date
    year = start.year
    slug = f"{codes[0]}-{codes[1]}-{kind.value.replace('_', '-')}-{year}-{index:06d}".lower()
    title = f"{word} on {LABELS[areas[0]]}"
    sources = tuple(source(rng, days[0], title) for _ in range(1 + (rng.random() < 0.1)))
    made_day = days[0]
    anchors = by_pair.get(frozenset(codes[:2]), ())
    count = 3 + (rng.random() < 0.1)
    commitments = tuple(
        commitment(rng, f"c{i + 1}", areas, codes, start, made_day, anchors) for i in range(count)
    )
    return Agreement(
        id=slug,
        kind=kind,
        title=title,
        parties=tuple(party(rng, code, areas) for code in codes),
        history=history,
        areas=areas,
        legally_binding=binding if rng.random() < 0.85 else None,
        signature_place=rng.choice(v.CITIES) if rng.random() < 0.5 else None,
        expires_on=_expiry(rng, history, days),
        commitments=commitments,
        sources=sources,
        relations=_relations(rng, earlier),
        notes=rng.choice(v.NOTES) if rng.random() < 0.25 else None,
    )


def _history(rng: random.Random) -> tuple[tuple[StatusChange, ...], list[int]]:
    status = weighted(rng, *v.FIRST_STATUS)
    day = rng.randint(_FIRST_DAY, _LAST_START)
    changes, days = [], []
    while True:
        in_force = status is AgreementStatus.IN_FORCE
        note = rng.choice(v.STATUS_NOTES) if in_force and rng.random() < 0.3 else None
        date = partial(rng, day, _HISTORY_PRECISION)
        changes.append(StatusChange(status=status, date=date, note=note))
        days.append(day)
        allowed = {s: w for s, w in v.NEXT_STATUS.get(status, {}).items() if s in _next(status)}
        if not allowed or rng.random() > v.CONTINUE.get(status, 0.5):
            return tuple(changes), days
        day += rng.randint(20, 900)
        if day > _LAST_DAY:
            return tuple(changes), days
        status = weighted(rng, list(allowed), list(allowed.values()))


def _next(status: AgreementStatus) -> frozenset[AgreementStatus]:
    return ALLOWED_TRANSITIONS[status]


def _expiry(
    rng: random.Random, history: Sequence[StatusChange], days: Sequence[int]
) -> PartialDate | None:
    in_force = [
        day
        for change, day in zip(history, days, strict=True)
        if change.status is AgreementStatus.IN_FORCE
    ]
    if not in_force or rng.random() > 0.3:
        return None
    return partial(rng, in_force[0] + 365 * rng.choice((3, 5, 10)) + 1, (60, 10, 0, 30))


def _relations(rng: random.Random, earlier: Sequence[str]) -> tuple[Relation, ...]:
    if not earlier or rng.random() > 0.06:
        return ()
    kind = rng.choice((RelationKind.AMENDS, RelationKind.IMPLEMENTS, RelationKind.SUPERSEDES))
    return (Relation(kind=kind, agreement_id=rng.choice(earlier)),)


# -- engagements --------------------------------------------------------------------------------


def _engagement(rng: random.Random, index: int) -> Engagement:
    codes = countries(rng, 2 if rng.random() < 0.85 else 3)
    kind = weighted(rng, list(v.ENGAGEMENT_KINDS), [w for w, _ in v.ENGAGEMENT_KINDS.values()])
    label = v.ENGAGEMENT_KINDS[kind][1]
    day = rng.randint(_FIRST_DAY, _LAST_START + 365)
    date: PartialDate | None = partial(rng, day, (70, 25, 5, 0))
    changes: tuple[DateChange, ...] = ()
    if rng.random() < 0.08:
        decided = partial(rng, day - rng.randint(10, 60), (1, 0, 0, 0))
        earlier = partial(rng, day - rng.randint(30, 120), (1, 1, 0, 0))
        if earlier == date:  # the same month: a change must change the date
            earlier = partial(rng, earlier.earliest_ordinal, (1, 0, 0, 0))
        reason = rng.choice(v.RESCHEDULE_REASONS)
        changes = (DateChange(previous=earlier, decided_on=decided, reason=reason),)
    elif rng.random() < 0.03:
        date = None
    areas = rng.sample(AREAS, rng.choice((1, 2, 3)))
    names = " and ".join(Country(code=c).name for c in codes[:2])
    title = f"{label} between {names}"
    made_on = date if date is not None else partial(rng, day, (1, 0, 0, 0))
    commitments = tuple(
        commitment(rng, f"e{i + 1}", areas, codes, made_on, day, ())
        for i in range(rng.choice((0, 1, 1, 2)))
    )
    return Engagement(
        id=f"{codes[0]}-{codes[1]}-{kind.value.replace('_', '-')}-{index:05d}".lower(),
        kind=kind,
        title=title,
        date=date,
        parties=tuple(party(rng, code, areas) for code in codes),
        place=rng.choice(v.CITIES) if rng.random() < 0.6 else None,
        areas=areas,
        commitments=commitments,
        sources=(source(rng, day, title),),
        notes=rng.choice(v.NOTES) if rng.random() < 0.2 else None,
        date_changes=changes,
    )
