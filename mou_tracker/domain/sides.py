"""Sides: the parties of a record grouped by the side they take, and the country pairs it counts
under. This module holds the one rule every report, filter and cadence follows.

A party may name a side (:attr:`Party.side`, "BLEU"); a party with none is a side of its own.
Country pairs are formed only between countries on different sides: the Belgium-Luxembourg
Economic Union with France is bilateral, under Belgium–France and France–Luxembourg, never
Belgium–Luxembourg.

>>> from mou_tracker.domain.countries import Party
>>> bleu = sides_of([Party(country="BE", side="BLEU"), Party(country="LU", side="BLEU"),
...                  Party(country="FR")])
>>> [pair.code for pair in bleu.pairs], bleu.bilateral
(['BE-FR', 'FR-LU'], True)
>>> [(side.name, [c.code for c in side.countries]) for side in bleu.sides], bleu.label
([('BLEU', ['BE', 'LU']), (None, ['FR'])], 'BLEU–France')
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import attrs

from mou_tracker.domain.countries import (
    Country,
    CountryPair,
    Party,
    pairs_in_order,
    pairs_of,
)
from mou_tracker.errors import ValidationError

__all__ = ["Side", "Sides", "check_sides", "checked_sides", "sides_of"]


@attrs.frozen(kw_only=True)
class Side:
    """One side of a record: a named group of countries, or one country on its own."""

    name: str | None
    """The side's name; None for a country that is a side of its own."""
    countries: tuple[Country, ...]
    """Its countries, by code."""

    @property
    def label(self) -> str:
        """The side's name, or its country's name (``BLEU``, ``France``)."""
        return self.name if self.name is not None else self.countries[0].name


@attrs.frozen(kw_only=True, eq=False)
class Sides:
    """The sides of a record and the country pairs across them.

    One shared instance for each distinct set of (country, side) among the parties, so it is
    compared and hashed by identity and may key a cache.
    """

    sides: tuple[Side, ...]
    """Named sides first (by name), then the countries on their own (by code)."""
    pairs: tuple[CountryPair, ...]
    """Every pair of countries on different sides, in :func:`pairs_of` order."""
    named: bool
    """Some party names a side."""
    pair_set: frozenset[CountryPair] = attrs.field(init=False, repr=False)
    """The same pairs, as a set (made with them: the reports and filters ask for it for
    nearly every distinct set of sides, and a plain slot reads faster than a cached property)."""

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "pair_set", frozenset(self.pairs))

    @property
    def bilateral(self) -> bool:
        """Exactly two sides (a party with no side is a side of its own)."""
        return len(self.sides) == 2

    @property
    def label(self) -> str:
        """The sides' labels by name, joined by "–" for two sides and ", " for more
        (``BLEU–France``)."""
        labels = sorted(side.label for side in self.sides)
        return "–".join(labels) if len(labels) == 2 else ", ".join(labels)


def sides_of(parties: Iterable[Party]) -> Sides:
    """The sides of these parties and the pairs across them (computed once per structure)."""
    parties = tuple(parties)
    codes = _plain_codes(parties)
    if codes is None:
        return _sides(frozenset((p.country, p.side) for p in parties))
    return _plain(codes)


def _plain_codes(parties: tuple[Party, ...]) -> frozenset[str] | None:
    """The parties' country codes when none names a side (the common case: its sides are
    found by these codes, whose hashes are computed once per text, not once per country at
    each call); None when one does."""
    codes = []
    for party in parties:
        if party.side is not None:
            return None
        codes.append(party.country.code)
    return frozenset(codes)


@functools.lru_cache(maxsize=1 << 17)
def _plain(codes: frozenset[str]) -> Sides:
    """The sides of countries each on a side of its own, by their codes."""
    ordered = sorted(codes)
    return Sides(
        sides=tuple([_alone(code) for code in ordered]),
        pairs=pairs_in_order([Country.of(code) for code in ordered]),
        named=False,
    )


def checked_sides(parties: Iterable[Party]) -> Sides:
    """:func:`sides_of` the parties of a record, which must name two distinct countries or
    more (:class:`ValidationError` "needs at least two distinct countries as parties"), each
    on one side only, on two sides or more (:func:`check_sides`). A record keeps the answer:
    checking the parties and finding their sides are one look-up in the common case."""
    parties = tuple(parties)
    codes = _plain_codes(parties)
    if codes is not None and len(codes) >= 2:  # each country a side of its own
        return _plain(codes)
    if len({p.country for p in parties}) < 2:
        raise ValidationError("needs at least two distinct countries as parties", field="parties")
    check_sides(parties)
    return sides_of(parties)


def check_sides(parties: Iterable[Party]) -> None:
    """Each country takes one side only, and there are at least two sides."""
    parties = tuple(parties)
    codes = _plain_codes(parties)
    if codes is not None and len(codes) >= 2:
        return  # each country a side of its own, two or more: the common case
    problem = _side_problem(frozenset((p.country, p.side) for p in parties))
    if problem is not None:
        raise ValidationError(problem, field="parties")


@functools.lru_cache(maxsize=1 << 17)
def _side_problem(structure: frozenset[tuple[Country, str | None]]) -> str | None:
    """What :func:`check_sides` finds wrong with these (country, side) pairs (None: nothing):
    computed once per distinct structure, and without building its :class:`Sides`."""
    seen: dict[Country, str | None] = {}
    for country, side in sorted(structure, key=lambda item: (item[0].code, item[1] or "")):
        if country in seen:
            return f"{country.code} is on two sides ({_show(seen[country])} and {_show(side)})"
        seen[country] = side
    named = {side for _, side in structure if side is not None}
    if len(named) + sum(1 for _, side in structure if side is None) < 2:
        return "needs parties on at least two sides"
    return None


def _show(side: str | None) -> str:
    return "no side" if side is None else repr(side)


@functools.lru_cache(maxsize=1 << 17)
def _sides(structure: frozenset[tuple[Country, str | None]]) -> Sides:
    """The sides of a structure where some party names a side (:func:`_plain` when none):
    pairs only between countries on different sides."""
    named: dict[str, set[Country]] = {}
    alone: set[Country] = set()
    key: dict[Country, object] = {}
    for country, side in structure:
        if side is None:
            alone.add(country)
            key.setdefault(country, country)
        else:
            named.setdefault(side, set()).add(country)
            key.setdefault(country, side)
    sides = tuple(Side(name=name, countries=tuple(sorted(named[name]))) for name in sorted(named))
    sides += tuple(_alone(c.code) for c in sorted(alone))
    pairs = tuple(p for p in pairs_of(key) if key[p.first] != key[p.second])
    return Sides(sides=sides, pairs=pairs, named=True)


@functools.lru_cache(maxsize=1024)
def _alone(code: str) -> Side:
    """The side of a country on its own (one shared instance per country)."""
    return Side(name=None, countries=(Country.of(code),))
