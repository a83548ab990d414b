"""Hypothesis strategies that build valid domain objects (and only valid ones).

Every strategy respects the model's rules, so a test can assume that anything drawn here is
accepted by the model, the converter and both repositories:

- ids are slugs that ``validate_slug`` accepts;
- countries come from a list of real ISO 3166-1 alpha-2 codes;
- dates are drawn at all four precisions; where the model wants an order (status histories,
  progress notes, a deadline after the promise was made) the dates are sorted by
  ``PartialDate.sort_key``, which never puts a later date *definitely* before an earlier one;
- status histories walk ``ALLOWED_TRANSITIONS``;
- cooperation areas are standard codes, which every repository knows.
"""

from __future__ import annotations

import calendar
import datetime as dt

import pendulum
from hypothesis import strategies as st

from mou_tracker import (
    ALLOWED_TRANSITIONS,
    STANDARD_AREAS,
    Agreement,
    AgreementKind,
    AgreementStatus,
    Commitment,
    CommitmentStatus,
    Country,
    Deadline,
    Engagement,
    EngagementKind,
    PartialDate,
    Party,
    Precision,
    ProgressNote,
    Relation,
    RelationKind,
    Source,
    StatusChange,
)

__all__ = [
    "ALPHA2_CODES",
    "STANDARD_AREA_CODES",
    "agreements",
    "area_sets",
    "commitments",
    "countries",
    "deadlines",
    "engagements",
    "partial_dates",
    "parties",
    "pendulum_dates",
    "progress_notes",
    "records",
    "repository_contents",
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


def _party(country: Country) -> st.SearchStrategy[Party]:
    return st.builds(
        Party, country=st.just(country), institution=st.none() | texts, signatory=st.none() | texts
    )


def parties(*, min_size: int = 2, max_size: int = 4) -> st.SearchStrategy[tuple[Party, ...]]:
    """Parties for at least two distinct countries."""
    return st.lists(countries, min_size=min_size, max_size=max_size, unique=True).flatmap(
        lambda chosen: st.tuples(*(_party(country) for country in chosen))
    )


deadlines = st.builds(Deadline, due=partial_dates(), note=st.none() | texts)

progress_notes = st.builds(ProgressNote, date=partial_dates(), text=texts, source=optional_sources)

_MET = (CommitmentStatus.MET, CommitmentStatus.PARTIALLY_MET)


@st.composite
def commitments(draw: st.DrawFn) -> Commitment:
    """A commitment whose deadline and met date are never before it was made."""
    status = draw(st.sampled_from(CommitmentStatus))
    made, due, met = draw(_sorted_dates(3))
    notes = draw(st.lists(progress_notes, max_size=2))
    return Commitment(
        id=draw(slugs()),
        text=draw(texts),
        areas=draw(area_sets),
        responsible=draw(st.lists(countries, max_size=2, unique=True)),
        deadline=Deadline(due=due, note=draw(st.none() | texts)) if draw(st.booleans()) else None,
        status=status,
        made_on=made if draw(st.booleans()) else None,
        met_on=met if status in _MET and draw(st.booleans()) else None,
        progress=sorted(notes, key=lambda note: note.date.sort_key()),
        sources=draw(st.lists(sources, max_size=1)),
    )


def _commitment_lists() -> st.SearchStrategy[list[Commitment]]:
    return st.lists(commitments(), max_size=2, unique_by=lambda c: c.id)


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


@st.composite
def agreements(draw: st.DrawFn) -> Agreement:
    """An agreement; a scheduled expiry, when drawn, lies after every dated status change."""
    agreement_id = draw(slugs())
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
        parties=draw(parties()),
        history=history,
        areas=draw(area_sets),
        legally_binding=draw(st.none() | st.booleans()),
        signature_place=draw(st.none() | texts),
        expires_on=draw(st.none() | partial_dates(min_year=last_year + 1, max_year=last_year + 10)),
        commitments=draw(_commitment_lists()),
        sources=draw(st.lists(sources, max_size=2)),
        relations=relations,
        notes=draw(st.none() | texts),
    )


engagements = st.builds(
    Engagement,
    id=slugs(),
    kind=st.sampled_from(EngagementKind),
    title=texts,
    date=partial_dates(),
    parties=parties(),
    place=st.none() | texts,
    areas=area_sets,
    agreement_ids=st.lists(slugs(), max_size=2, unique=True),
    commitments=_commitment_lists(),
    sources=st.lists(sources, max_size=2),
    notes=st.none() | texts,
)

records = st.one_of(agreements(), engagements)
"""Any record a repository stores."""

repository_contents = st.lists(records, max_size=4, unique_by=lambda record: record.id)
"""Records with distinct ids (ids are unique across record kinds)."""
