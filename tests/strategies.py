"""Hypothesis strategies that build valid domain objects (and only valid ones).

Every strategy respects the model's rules, so a test can assume that anything drawn here is
accepted by the model, the converter and both repositories:

- ids are slugs that ``validate_slug`` accepts;
- countries come from a list of real ISO 3166-1 alpha-2 codes;
- dates are drawn at all four precisions; where the model wants an order (status histories,
  progress notes, a deadline after the promise was made) the dates are sorted by
  ``PartialDate.sort_key``, which never puts a later date *definitely* before an earlier one;
- status histories walk ``ALLOWED_TRANSITIONS``;
- cooperation areas are standard codes, which every repository knows;
- a deadline tied to an engagement (an ``Anchor``, first or after a reschedule) points at an
  engagement of the same generated content: a lone engagement only anchors to itself, a lone
  agreement never anchors, and ``repository_contents`` anchors only to engagements listed
  *before* the record, so adding the records one by one, in order, never leaves an anchor
  dangling;
- reschedules move to a different target each time, are decided in order, and (like the due
  dates) never before the commitment was made; a recurring commitment has no one-off deadline;
- engagement date histories (``date_changes``) never repeat a date twice in a row and may pass
  through "date not set" (``None``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from collections.abc import Sequence
from typing import TypeVar

import pendulum
from hypothesis import strategies as st

from mou_tracker import (
    ALLOWED_TRANSITIONS,
    STANDARD_AREAS,
    Agreement,
    AgreementKind,
    AgreementStatus,
    Anchor,
    AnchorRelation,
    Commitment,
    CommitmentStatus,
    Country,
    DateChange,
    Deadline,
    Engagement,
    EngagementKind,
    Interval,
    IntervalUnit,
    PartialDate,
    Party,
    Precision,
    ProgressNote,
    RecordFilter,
    Recurrence,
    Relation,
    RelationKind,
    Reschedule,
    Source,
    StatusChange,
)

__all__ = [
    "ALPHA2_CODES",
    "STANDARD_AREA_CODES",
    "agreements",
    "anchors",
    "area_sets",
    "commitments",
    "countries",
    "date_histories",
    "deadlines",
    "deadlines_for",
    "engagement_records",
    "engagements",
    "intervals",
    "partial_dates",
    "parties",
    "pendulum_dates",
    "progress_notes",
    "record_filters",
    "records",
    "recurrences",
    "repository_contents",
    "repository_contents_among",
    "slugs",
    "sources",
    "status_histories",
    "texts",
]

ALPHA2_CODES = (
    "AE", "AF", "AZ", "BR", "CN", "DE", "EG", "FR", "GB", "IN", "IR",
    "JP", "KG", "KZ", "PK", "RU", "SA", "TJ", "TM", "TR", "US", "UZ",
)  # fmt: skip
"""Real ISO 3166-1 alpha-2 codes (Central and South Asia, and a few others)."""

STANDARD_AREA_CODES = tuple(area.code for area in STANDARD_AREAS)

T = TypeVar("T")

_RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)
_SLUG_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_FIRST_YEAR, _LAST_YEAR = 1990, 2035

texts = st.text(min_size=1, max_size=20).filter(lambda s: s.strip() != "")
"""Non-blank text, any Unicode (the model only asks for something besides whitespace)."""

countries = st.sampled_from(ALPHA2_CODES).map(lambda code: Country(code=code))

area_sets = st.frozensets(st.sampled_from(STANDARD_AREA_CODES), max_size=3)


@st.composite
def slugs(draw: st.DrawFn) -> str:
    """Ids like ``pk-kz.plan_2025``: alphanumeric runs joined by single '-', '_' or '.'."""
    parts = draw(st.lists(st.text(_SLUG_ALPHABET, min_size=1, max_size=8), min_size=1, max_size=4))
    separators = draw(
        st.lists(st.sampled_from("-_."), min_size=len(parts) - 1, max_size=len(parts) - 1)
    )
    slug = parts[0] + "".join(sep + part for sep, part in zip(separators, parts[1:], strict=True))
    if slug.split(".")[0] in _RESERVED_NAMES:
        slug = "x" + slug
    return slug


@st.composite
def partial_dates(
    draw: st.DrawFn,
    *,
    min_year: int = _FIRST_YEAR,
    max_year: int = _LAST_YEAR,
    precisions: tuple[Precision, ...] = tuple(Precision),
) -> PartialDate:
    """A valid date at day, month, quarter or year precision."""
    year = draw(st.integers(min_year, max_year))
    precision = draw(st.sampled_from(precisions))
    if precision is Precision.YEAR:
        return PartialDate(year=year)
    if precision is Precision.QUARTER:
        return PartialDate(year=year, quarter=draw(st.integers(1, 4)))
    month = draw(st.integers(1, 12))
    if precision is Precision.MONTH:
        return PartialDate(year=year, month=month)
    day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    return PartialDate(year=year, month=month, day=day)


def _sorted_dates(size: int) -> st.SearchStrategy[list[PartialDate]]:
    """``size`` dates in an order the model accepts as chronological."""
    return st.lists(partial_dates(), min_size=size, max_size=size).map(
        lambda dates: sorted(dates, key=PartialDate.sort_key)
    )


@st.composite
def _decision_days(
    draw: st.DrawFn, size: int, *, not_before: PartialDate | None = None
) -> list[PartialDate]:
    """``size`` days of decisions (reschedules, date changes), none before ``not_before``, in an
    order the model accepts: no date definitely before the one listed before it. They cluster in
    a few years, and are not always sorted: neighbours whose periods overlap may come either way
    ("2025-06-01" then "2025" is a valid order)."""
    first = draw(st.integers(_FIRST_YEAR, _LAST_YEAR)) if not_before is None else not_before.year
    days = draw(
        st.lists(partial_dates(min_year=first, max_year=first + 2), min_size=size, max_size=size)
    )
    if not_before is not None:
        days = [not_before if d.definitely_before(not_before) else d for d in days]
    order = sorted(days, key=PartialDate.sort_key)
    for index in range(len(order) - 1):
        swapped = [*order[:index], order[index + 1], order[index], *order[index + 2 :]]
        valid = all(
            not later.definitely_before(earlier) for earlier, later in itertools.pairwise(swapped)
        )
        if valid and draw(st.booleans()):
            order = swapped
    return order


pendulum_dates = st.dates(dt.date(_FIRST_YEAR, 1, 1), dt.date(_LAST_YEAR, 12, 31)).map(
    lambda d: pendulum.Date(d.year, d.month, d.day)
)
"""Exact days as ``pendulum.Date`` (what ``Source.accessed`` holds)."""

urls = slugs().map(lambda slug: f"https://example.org/news/{slug}")

sources = st.builds(
    Source,
    title=texts,
    publisher=st.none() | texts,
    url=st.none() | urls,
    published=st.none() | partial_dates(),
    accessed=st.none() | pendulum_dates,
)

optional_sources = st.none() | sources


side_names = st.sampled_from(["BLEU", "EU and its member states", "Côte Ω"]) | st.text(
    min_size=1, max_size=64
).filter(lambda s: s == s.strip() and s.isprintable())
"""Side names: a few real-looking ones, and any short printable text."""


def _party(country: Country, side: str | None = None) -> st.SearchStrategy[Party]:
    return st.builds(
        Party,
        country=st.just(country),
        side=st.just(side),
        institution=st.none() | texts,
        signatory=st.none() | texts,
    )


@st.composite
def _sides(draw: st.DrawFn, count: int) -> list[str | None]:
    """No sides (most often), or a side (or none) for each of ``count`` parties, making at
    least two sides."""
    if draw(st.integers(0, 2)) > 0:
        return [None] * count
    named = draw(st.lists(side_names, min_size=1, max_size=2, unique=True))
    sides = draw(st.lists(st.sampled_from([None, *named]), min_size=count, max_size=count))
    if len(set(sides)) == 1 and sides[0] is not None:  # all on one side: the last leaves it
        sides[-1] = None
    return sides


def parties(
    *, min_size: int = 2, max_size: int = 4, codes: Sequence[str] = ALPHA2_CODES
) -> st.SearchStrategy[tuple[Party, ...]]:
    """Parties for at least two distinct countries (among ``codes``), on at least two sides
    (sometimes named)."""
    chosen_countries = st.sampled_from(codes).map(lambda code: Country(code=code))
    size = min(max_size, len(codes))
    return st.lists(chosen_countries, min_size=min_size, max_size=size, unique=True).flatmap(
        lambda chosen: _sides(len(chosen)).flatmap(
            lambda sides: st.tuples(
                *(_party(country, side) for country, side in zip(chosen, sides, strict=True))
            )
        )
    )


intervals = st.builds(Interval, count=st.integers(1, 36), unit=st.sampled_from(IntervalUnit))
"""Positive intervals in days, weeks, months or years."""


@st.composite
def anchors(draw: st.DrawFn, engagement_ids: Sequence[str]) -> Anchor:
    """An anchor to one of ``engagement_ids``: "during" it, or an interval before or after it."""
    relation = draw(st.sampled_from(AnchorRelation))
    return Anchor(
        engagement_id=draw(st.sampled_from(engagement_ids)),
        relation=relation,
        offset=None if relation is AnchorRelation.DURING else draw(intervals),
    )


def _targets(
    dates: Sequence[PartialDate], engagement_ids: Sequence[str]
) -> st.SearchStrategy[PartialDate | Anchor]:
    """A due date taken from ``dates``, or an anchor to one of ``engagement_ids``."""
    due = st.sampled_from(dates)
    return st.one_of(due, anchors(engagement_ids)) if engagement_ids else due


@st.composite
def deadlines_for(
    draw: st.DrawFn,
    engagement_ids: Sequence[str] = (),
    *,
    made_on: PartialDate | None = None,
    max_reschedules: int = 3,
) -> Deadline:
    """A deadline, first set to a date or (given ``engagement_ids``) an anchor, then moved up to
    ``max_reschedules`` times. With ``made_on``, no due date and no decision falls before it."""
    first_year = _FIRST_YEAR if made_on is None else made_on.year
    years = {"min_year": first_year, "max_year": max(first_year, _LAST_YEAR)}
    drawn = st.lists(partial_dates(**years), min_size=1, max_size=6)
    later = [d for d in draw(drawn) if made_on is None or not d.definitely_before(made_on)]
    if made_on is not None and not later:
        later = [made_on]
    targets = draw(
        st.lists(_targets(later, engagement_ids), min_size=1, max_size=1 + max_reschedules)
    )
    distinct = [targets[0]]
    for target in targets[1:]:
        if target != distinct[-1]:  # a reschedule must change the target
            distinct.append(target)
    size = len(distinct) - 1
    decided = draw(_decision_days(size, not_before=made_on))
    moves = [
        Reschedule(
            decided_on=day,
            reason=draw(texts),
            due=target if isinstance(target, PartialDate) else None,
            anchor=target if isinstance(target, Anchor) else None,
            source=draw(optional_sources),
        )
        for day, target in zip(decided, distinct[1:], strict=True)
    ]
    first = distinct[0]
    return Deadline(
        due=first if isinstance(first, PartialDate) else None,
        anchor=first if isinstance(first, Anchor) else None,
        note=draw(st.none() | texts),
        reschedules=moves,
    )


deadlines = deadlines_for()
"""Deadlines due by a date (any precision), sometimes rescheduled to other dates."""

recurrences = st.builds(
    Recurrence,
    every=intervals,
    starts=partial_dates(),
    fulfilled_by=st.frozensets(st.sampled_from(EngagementKind), min_size=1, max_size=3),
)

progress_notes = st.builds(ProgressNote, date=partial_dates(), text=texts, source=optional_sources)

_MET = (CommitmentStatus.MET, CommitmentStatus.PARTIALLY_MET)


@st.composite
def commitments(draw: st.DrawFn, engagement_ids: Sequence[str] = ()) -> Commitment:
    """A commitment whose deadline (as first set and as rescheduled) and met date are never
    before it was made; it has a one-off deadline, a recurrence, or neither. Its deadline may be
    tied to one of ``engagement_ids``."""
    status = draw(st.sampled_from(CommitmentStatus))
    made, met = draw(_sorted_dates(2))
    notes = draw(st.lists(progress_notes, max_size=2))
    plan = draw(st.sampled_from(("deadline", "recurrence", "neither")))
    return Commitment(
        id=draw(slugs()),
        text=draw(texts),
        areas=draw(area_sets),
        responsible=draw(st.lists(countries, max_size=2, unique=True)),
        deadline=draw(deadlines_for(engagement_ids, made_on=made)) if plan == "deadline" else None,
        recurrence=draw(recurrences) if plan == "recurrence" else None,
        status=status,
        made_on=made if draw(st.booleans()) else None,
        met_on=met if status in _MET and draw(st.booleans()) else None,
        progress=sorted(notes, key=lambda note: note.date.sort_key()),
        sources=draw(st.lists(sources, max_size=1)),
    )


def _commitment_lists(engagement_ids: Sequence[str] = ()) -> st.SearchStrategy[list[Commitment]]:
    return st.lists(commitments(engagement_ids), max_size=2, unique_by=lambda c: c.id)


@st.composite
def status_histories(draw: st.DrawFn, *, max_size: int = 4) -> tuple[StatusChange, ...]:
    """A history that starts anywhere, follows ``ALLOWED_TRANSITIONS`` and keeps date order."""
    size = draw(st.integers(1, max_size))
    statuses = [draw(st.sampled_from(AgreementStatus))]
    while len(statuses) < size and ALLOWED_TRANSITIONS[statuses[-1]]:
        statuses.append(draw(st.sampled_from(sorted(ALLOWED_TRANSITIONS[statuses[-1]]))))
    dates = draw(_sorted_dates(len(statuses)))
    return tuple(
        StatusChange(
            status=status, date=date, source=draw(optional_sources), note=draw(st.none() | texts)
        )
        for status, date in zip(statuses, dates, strict=True)
    )


def _new_id(taken: frozenset[str]) -> st.SearchStrategy[str]:
    return slugs().filter(lambda slug: slug not in taken)


@st.composite
def agreements(
    draw: st.DrawFn,
    engagement_ids: Sequence[str] = (),
    *,
    taken: frozenset[str] = frozenset(),
    codes: Sequence[str] = ALPHA2_CODES,
) -> Agreement:
    """An agreement; a scheduled expiry, when drawn, lies after every dated status change.

    Its commitments' deadlines may be tied to ``engagement_ids`` (none by default, so a lone
    agreement can be stored anywhere); its id is not in ``taken``.
    """
    agreement_id = draw(_new_id(taken))
    history = draw(status_histories())
    last_year = max(change.date.year for change in history)
    relations = draw(
        st.lists(
            st.builds(
                Relation,
                kind=st.sampled_from(RelationKind),
                agreement_id=slugs().filter(lambda other: other != agreement_id),
            ),
            max_size=2,
        )
    )
    return Agreement(
        id=agreement_id,
        kind=draw(st.sampled_from(AgreementKind)),
        title=draw(texts),
        parties=draw(parties(codes=codes)),
        history=history,
        areas=draw(area_sets),
        legally_binding=draw(st.none() | st.booleans()),
        signature_place=draw(st.none() | texts),
        expires_on=draw(st.none() | partial_dates(min_year=last_year + 1, max_year=last_year + 10)),
        commitments=draw(_commitment_lists(engagement_ids)),
        sources=draw(st.lists(sources, max_size=2)),
        relations=relations,
        notes=draw(st.none() | texts),
    )


@st.composite
def date_histories(
    draw: st.DrawFn, *, max_changes: int = 3
) -> tuple[PartialDate | None, tuple[DateChange, ...]]:
    """An engagement's current date (or None) and the changes that led to it, oldest first."""
    dates = draw(st.lists(st.none() | partial_dates(), min_size=1, max_size=1 + max_changes))
    history = [dates[0]]
    for date in dates[1:]:
        if date != history[-1]:  # a change must change the date
            history.append(date)
    decided = draw(_decision_days(len(history) - 1))
    changes = tuple(
        DateChange(
            previous=previous, decided_on=day, reason=draw(texts), source=draw(optional_sources)
        )
        for previous, day in zip(history[:-1], decided, strict=True)
    )
    return history[-1], changes


@st.composite
def engagement_records(
    draw: st.DrawFn,
    engagement_ids: Sequence[str] = (),
    *,
    taken: frozenset[str] = frozenset(),
    codes: Sequence[str] = ALPHA2_CODES,
) -> Engagement:
    """An engagement, maybe with no date yet and a history of date changes. Its commitments'
    deadlines may be tied to ``engagement_ids`` or to the engagement itself; its id is not in
    ``taken``."""
    engagement_id = draw(_new_id(taken))
    date, changes = draw(date_histories())
    return Engagement(
        id=engagement_id,
        kind=draw(st.sampled_from(EngagementKind)),
        title=draw(texts),
        date=date,
        date_changes=changes,
        parties=draw(parties(codes=codes)),
        place=draw(st.none() | texts),
        areas=draw(area_sets),
        agreement_ids=draw(st.lists(slugs(), max_size=2, unique=True)),
        commitments=draw(_commitment_lists((*engagement_ids, engagement_id))),
        sources=draw(st.lists(sources, max_size=2)),
        notes=draw(st.none() | texts),
    )


engagements = engagement_records()
"""A lone engagement (its deadlines may be tied to itself)."""

records = st.one_of(agreements(), engagements)
"""Any record a repository stores."""


@st.composite
def repository_contents_among(
    draw: st.DrawFn, *, max_size: int = 4, codes: Sequence[str] = ALPHA2_CODES
) -> list[Agreement | Engagement]:
    """As :data:`repository_contents`, up to ``max_size`` records whose parties are among
    ``codes`` (a few codes: records that share countries, as a tracker's do)."""
    contents: list[Agreement | Engagement] = []
    engagement_ids: list[str] = []
    for _ in range(draw(st.integers(0, max_size))):
        taken = frozenset(record.id for record in contents)
        if draw(st.booleans()):
            engagement = draw(engagement_records(tuple(engagement_ids), taken=taken, codes=codes))
            engagement_ids.append(engagement.id)
            contents.append(engagement)
        else:
            contents.append(draw(agreements(tuple(engagement_ids), taken=taken, codes=codes)))
    return contents


repository_contents = repository_contents_among()
"""Records with distinct ids (ids are unique across record kinds), whose deadlines may be tied
to engagements listed before them: adding them in order never leaves an anchor dangling."""


@st.composite
def record_filters(draw: st.DrawFn, records: Sequence[Agreement | Engagement] = ()) -> RecordFilter:
    """A :class:`RecordFilter` with up to three of its criteria set. Given ``records``, the
    values are mostly those of one of them (its id, countries, area, kind, status and
    date), so that the filter keeps it and perhaps others; otherwise any value (ids unknown to
    the records too; an empty id set, which keeps nothing)."""
    model = draw(st.sampled_from(records)) if records else None

    def pick(own: Sequence[T], anything: st.SearchStrategy[T]) -> st.SearchStrategy[T]:
        if not own:
            return anything
        return st.integers(0, 3).flatmap(lambda n: anything if n == 3 else st.sampled_from(own))

    codes = [] if model is None else sorted(c.code for c in model.countries)
    country = pick(codes, st.sampled_from(ALPHA2_CODES))
    date = _record_date(model) if model is not None else None
    dates = pick([] if date is None else [date], partial_dates())
    status = [model.status] if isinstance(model, Agreement) else []
    criteria: dict[str, st.SearchStrategy[object]] = {
        "ids": st.frozensets(pick([r.id for r in records], slugs()), max_size=3),
        "country": country,
        "pair": st.lists(country, min_size=2, max_size=2, unique=True).map("-".join),
        "area": pick(
            [] if model is None else sorted(model.areas), st.sampled_from(STANDARD_AREA_CODES)
        ),
        "kinds": st.frozensets(
            pick([] if model is None else [model.kind], st.sampled_from(_ALL_KINDS)), max_size=3
        ),
        "statuses": st.frozensets(
            pick(status, st.sampled_from(AgreementStatus)), min_size=1, max_size=3
        ),
        "signed_from": dates,
        "signed_to": dates,
    }
    chosen = draw(st.sets(st.sampled_from(sorted(criteria)), max_size=3))
    return RecordFilter(**{name: draw(criteria[name]) for name in sorted(chosen)})  # type: ignore[arg-type]


_ALL_KINDS = sorted({*AgreementKind, *EngagementKind})


def _record_date(record: Agreement | Engagement) -> PartialDate | None:
    return record.signed_on if isinstance(record, Agreement) else record.date


def report_filters(codes: Sequence[str]) -> st.SearchStrategy[dict[str, str]]:
    """The filters a report takes, any of them or none: a country and a pair among ``codes``,
    an area among four (the test declares it when no record uses it)."""
    return st.fixed_dictionaries(
        {},
        optional={
            "country": st.sampled_from(codes),
            "pair": st.lists(st.sampled_from(codes), min_size=2, max_size=2, unique=True).map(
                "-".join
            ),
            "area": st.sampled_from(("trade", "energy", "education", "security")),
        },
    )


report_days = st.dates(dt.date(1995, 1, 1), dt.date(2035, 12, 31)).map(
    lambda d: pendulum.Date(d.year, d.month, d.day)
)
"""An as-of day for a report, on either side of the generated records' dates."""
