"""Countries (ISO 3166-1), the parties that sign for them, and unordered country pairs."""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable, Iterator, Sequence
from typing import Self

import attrs

from mou_tracker.domain.country_names import alpha2_names, fold, lookup_table, name_key
from mou_tracker.domain.vocabulary import check_encodable, validate_side
from mou_tracker.errors import UnknownCountryError, ValidationError

__all__ = ["Country", "CountryPair", "Party", "pairs_in_order", "pairs_of"]


def _alpha2(_instance: object, _attribute: object, value: str) -> None:
    if not isinstance(value, str) or value not in alpha2_names():
        raise UnknownCountryError(
            f"{value!r} is not an ISO 3166-1 alpha-2 country code", field="code"
        )


@attrs.frozen(kw_only=True, eq=False)
class Country:
    """A country, identified by its ISO 3166-1 alpha-2 code.

    >>> Country.parse("Pakistan"), Country.parse("KAZ"), Country.parse("pk")
    (Country('PK'), Country('KZ'), Country('PK'))
    >>> Country.parse("Atlantis")
    Traceback (most recent call last):
    ...
    mou_tracker.errors.UnknownCountryError: unknown country 'Atlantis': give an ISO 3166-1 ...
    """

    code: str = attrs.field(validator=_alpha2)

    @classmethod
    def of(cls, code: str) -> Country:
        """The country with this alpha-2 code; equal codes give the same instance."""
        return _country(code)

    @classmethod
    def parse(cls, text: str) -> Self:
        """A country from its alpha-2 code, alpha-3 code or English name.

        Case and accents do not matter; a few names in common use that ISO does not list
        ("Russia", "Turkey", "Ivory Coast", "UK") are known too
        (:data:`~mou_tracker.domain.country_names.ALIASES`).
        """
        if isinstance(text, str) and len(text) == 2 and text.isascii():
            code: str | None = text.upper()  # an alpha-2 code (most): no name table to build
            if code in alpha2_names():
                return cls(code=code)
        code = lookup_table().get(fold(text)) if isinstance(text, str) else None
        if code is None:
            raise UnknownCountryError(
                f"unknown country {text!r}: give an ISO 3166-1 alpha-2 or alpha-3 code "
                "or an English name"
            )
        return cls(code=code)

    @property
    def name(self) -> str:
        """The common English name (``Iran``, ``Kazakhstan``)."""
        return alpha2_names()[self.code]

    @property
    def sort_key(self) -> str:
        """The name without case or accents: sort by this to list countries as a reader
        expects ("Åland Islands", "Austria", "Côte d'Ivoire"). Comparisons (``<``) stay by
        code."""
        return name_key(self.code)

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"Country({self.code!r})"

    # Equality, hashing and order by code, written out: reports compare and hash countries
    # millions of times, and attrs' generic versions build a tuple at each call.
    def __eq__(self, other: object) -> bool:
        return self is other or (type(other) is Country and other.code == self.code)

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self.code)

    def __lt__(self, other: Country) -> bool:
        return self.code < other.code

    def __le__(self, other: Country) -> bool:
        return self.code <= other.code

    def __gt__(self, other: Country) -> bool:
        return self.code > other.code

    def __ge__(self, other: Country) -> bool:
        return self.code >= other.code


def _to_country(value: Country | str) -> Country:
    return value if isinstance(value, Country) else _country(Country.parse(value).code)


def _optional_text(
    _instance: object, attribute: attrs.Attribute[str | None], value: object
) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise ValidationError(
            f"{attribute.name} must be non-empty text or None", field=attribute.name
        )
    if value is not None:
        check_encodable(value, attribute.name)


@attrs.frozen(kw_only=True)
class Party:
    """A country that takes part in an agreement or engagement, optionally through an institution.

    >>> Party(country="Pakistan", institution="Ministry of Foreign Affairs").country
    Country('PK')
    """

    country: Country = attrs.field(converter=_to_country)
    side: str | None = attrs.field(default=None, validator=lambda _i, _a, v: validate_side(v))
    """The side the country takes with others ("BLEU"); None: the country is a side of its own.
    Countries on the same side are never a pair (see :mod:`mou_tracker.domain.sides`)."""
    institution: str | None = attrs.field(default=None, validator=_optional_text)
    """The body acting for the country ("Ministry of Foreign Affairs")."""
    signatory: str | None = attrs.field(default=None, validator=_optional_text)
    """Who signed, with their office ("Ishaq Dar, Deputy Prime Minister")."""


def _check_pair(instance: CountryPair, _attribute: object, value: Country) -> None:
    if instance.first == value:
        raise ValidationError(
            f"a country pair needs two distinct countries, got {value.code} twice"
        )


@attrs.frozen(init=False, eq=False)
class CountryPair:
    """An unordered pair of countries: ``CountryPair("PK", "KZ") == CountryPair("KZ", "PK")``.

    Its identity is by alpha-2 code: ``first`` and ``second``, :attr:`code`, equality, hashing
    and comparisons (``<``) follow code order. What a reader sees follows the names: ``str()``
    names the countries in name order, and :attr:`sort_key` lists pairs in that order.

    >>> pair = CountryPair("AT", "United Arab Emirates")
    >>> str(pair), pair.code, pair.first
    ('Austria–United Arab Emirates', 'AE-AT', Country('AE'))
    """

    first: Country
    second: Country = attrs.field(validator=_check_pair)
    _hash: int = attrs.field(init=False, repr=False)

    def __init__(self, a: Country | str, b: Country | str) -> None:
        one, two = _to_country(a), _to_country(b)
        if two.code < one.code:
            one, two = two, one
        self.__attrs_init__(first=one, second=two)
        object.__setattr__(self, "_hash", hash((one.code, two.code)))

    @classmethod
    def parse(cls, text: str) -> Self:
        """A pair from ``"PK-KZ"``, ``"PK,KZ"``, ``"Pakistan/Kazakhstan"`` or ``"Timor-Leste-PK"``.

        Every separator position is tried, so names that contain a hyphen still parse.
        """
        if isinstance(text, str):
            for index, char in enumerate(text):
                if char in ",/–-":
                    try:
                        return cls(text[:index], text[index + 1 :])
                    except UnknownCountryError:
                        continue
        raise ValidationError(f"invalid country pair {text!r}: expected two countries like PK-KZ")

    @property
    def code(self) -> str:
        """The codes in code order, as ``--pair`` takes them and data formats show them."""
        return f"{self.first.code}-{self.second.code}"

    @property
    def by_name(self) -> tuple[Country, Country]:
        """The two countries in name order (as :meth:`__str__` shows them)."""
        first, second = self.first, self.second
        return (second, first) if second.sort_key < first.sort_key else (first, second)

    @property
    def sort_key(self) -> tuple[str, str]:
        """The folded names in name order: sort pairs by this to list them as a reader
        expects (Austria–United Arab Emirates before Bahrain–Egypt)."""
        one, two = self.first.sort_key, self.second.sort_key
        return (two, one) if two < one else (one, two)

    def _key(self) -> tuple[str, str]:
        return self.first.code, self.second.code

    def __eq__(self, other: object) -> bool:
        return self is other or (type(other) is CountryPair and other._key() == self._key())

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return self._hash

    def __lt__(self, other: CountryPair) -> bool:
        return self._key() < other._key()

    def __le__(self, other: CountryPair) -> bool:
        return self._key() <= other._key()

    def __gt__(self, other: CountryPair) -> bool:
        return self._key() > other._key()

    def __ge__(self, other: CountryPair) -> bool:
        return self._key() >= other._key()

    def __contains__(self, country: object) -> bool:
        return country == self.first or country == self.second

    def __iter__(self) -> Iterator[Country]:
        return iter((self.first, self.second))

    def __str__(self) -> str:
        one, two = self.by_name
        return f"{one.name}–{two.name}"

    def __repr__(self) -> str:
        return f"CountryPair({self.first.code!r}, {self.second.code!r})"


def pairs_of(countries: Iterable[Country]) -> list[CountryPair]:
    """Every pair among ``countries`` (a multilateral record counts under each of its pairs)."""
    return list(_pairs(frozenset(countries)))


def pairs_in_order(unique: Sequence[Country]) -> tuple[CountryPair, ...]:
    """:func:`pairs_of` distinct countries already sorted by code (no cache look-up)."""
    if len(unique) == 2:  # a bilateral record: most of them
        return (_pair(unique[0], unique[1]),)
    return tuple([_pair(a, b) for i, a in enumerate(unique) for b in unique[i + 1 :]])


@functools.lru_cache(maxsize=1 << 17)
def _pairs(countries: frozenset[Country]) -> tuple[CountryPair, ...]:
    return pairs_in_order(sorted(countries, key=_code))


_code = operator.attrgetter("code")
_PAIRS: dict[tuple[str, str], CountryPair] = {}
"""One shared instance per pair (at most one per two ISO 3166-1 codes), keyed by their codes:
dictionaries keyed by pairs then match by identity."""


def _pair(a: Country, b: Country) -> CountryPair:
    """The pair of ``a`` and ``b``, given in code order."""
    key = (a.code, b.code)
    pair = _PAIRS.get(key)
    if pair is None:
        pair = _PAIRS[key] = CountryPair(a, b)
    return pair


@functools.lru_cache(maxsize=512)
def _country(code: str) -> Country:
    return Country(code=code)
