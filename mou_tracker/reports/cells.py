"""Small pieces of report cells and notes: labels, shortened texts, the window check."""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterable

from mou_tracker.domain import AreaVocabulary, Commitment, Country, CountryPair, Record
from mou_tracker.errors import ValidationError

__all__ = [
    "ALL_PARTIES",
    "CODES",
    "MULTILATERAL_NOTE",
    "area_label",
    "by_pair_name",
    "check_window",
    "parties_codes",
    "parties_key",
    "parties_label",
    "record_parties",
    "responsible_text",
    "shorten",
]

MULTILATERAL_NOTE = "A multilateral record counts under each pair of its parties."
ALL_PARTIES = "all parties"
"""What a commitment with no responsible country names: every party of its record must act."""
CODES = "Codes"
"""The header of the data-only column holding the country codes of a row's pair or record
(``AE-AT``): CSV, TSV and JSON carry it so scripts can join on codes; text tables leave it out."""


def check_window(within: int) -> int:
    if type(within) is not int or within < 0:
        raise ValidationError(
            f"the deadline window must be zero or more days, got {within!r}", field="within"
        )
    return within


def area_label(areas: AreaVocabulary, code: str) -> str:
    return areas[code].label if code in areas else code


def shorten(text: str, width: int = 60) -> str:
    """``text`` on one line, cut to at most ``width`` characters with "…" (at a word boundary
    when one is near).

    >>> shorten("Fast-track agreements and MoUs to be concluded during the President's visit")
    'Fast-track agreements and MoUs to be concluded during the…'
    """
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    cut = flat[: width - 1]
    space = cut.rfind(" ")
    if space >= width * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–") + "…"


@functools.lru_cache(maxsize=1024)
def parties_key(countries: frozenset[Country]) -> tuple[tuple[str, ...], str]:
    """The folded names of a record's countries in name order (to sort rows by, as a reader
    expects) and its label (see :func:`parties_label`)."""
    return tuple(sorted(c.sort_key for c in countries)), parties_label(countries)


def record_parties(record: Record) -> tuple[tuple[str, ...], str]:
    """:func:`parties_key` of a record; a record whose parties name sides is labelled by its
    sides (``BLEU–France``)."""
    codes, label = parties_key(record.countries)
    return codes, record.sides.label if record.sides.named else label


def parties_label(countries: Iterable[Country]) -> str:
    """``Austria–United Arab Emirates`` for two countries; names joined by ", " for more;
    always in name order (without case or accents: "Åland Islands" among the A's)."""
    ordered = sorted(countries, key=_name_order)
    if len(ordered) == 2:
        return str(CountryPair(*ordered))
    return ", ".join(c.name for c in ordered)


def parties_codes(countries: Iterable[Country]) -> str:
    """The countries' alpha-2 codes in code order joined by "-": ``AE-AT`` (a pair's
    :attr:`CountryPair.code`, as ``--pair`` takes it), ``KZ-PK-UZ``."""
    return "-".join(sorted(c.code for c in countries))


def by_pair_name(item: tuple[CountryPair, object]) -> tuple[str, str]:
    """Sort key of a ``(pair, value)`` item: the pair's names in name order."""
    return item[0].sort_key


def _name_order(country: Country) -> str:
    return country.sort_key


def responsible_text(
    commitment: Commitment, name: Callable[[Country], str] = operator.attrgetter("code")
) -> str:
    """The countries that must act (``PK, KZ``; each written by ``name``), or "all parties"."""
    return ", ".join(name(c) for c in commitment.responsible) or ALL_PARTIES
