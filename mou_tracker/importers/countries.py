"""Country resolution for imports: names, codes, variants and former states found in real data.

A cell is resolved by the first rule that knows it:

1. the mapping's ``country_map`` (``{"EC" = "skip", "SUN" = "RU", "IO-*" = "skip"}``, or a
   side of several countries: ``{"BLEU" = { side = "BLEU", countries = ["BE", "LU"] }}``);
2. :meth:`Country.parse`: ISO 3166-1 alpha-2, alpha-3 and English names (and its aliases);
3. :data:`ALIASES` below: variant, misspelt and former names seen in real datasets;
4. ``pycountry.historic_countries`` (ISO 3166-3): a former country becomes its successor only
   when ISO names exactly one (Zaire -> CD, Upper Volta -> BF); one that was divided (USSR,
   Yugoslavia, Czechoslovakia, Serbia and Montenegro) is reported;
5. anything else is reported: groupings and organisations (:data:`NOT_COUNTRIES`, ``IO-...``)
   with that reason, other names as unknown.

Before any lookup a name is tidied: spaces collapsed, a leading "the" and a trailing full stop
dropped, "&" read as "and", "St." as "Saint", typographic apostrophes made plain.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping

import attrs
import pycountry

from mou_tracker.domain import Country
from mou_tracker.errors import UnknownCountryError
from mou_tracker.importers._fields import CountrySide, CountryTarget, country_target
from mou_tracker.importers.policies import SKIP

__all__ = ["ALIASES", "NOT_COUNTRIES", "CountryResolver", "Resolution"]

ALIASES: Mapping[str, str] = {
    "Fiji Islands": "FJ",
    "Former Yugoslav Republic of Macedonia": "MK",
    "FYROM": "MK",
    "Guinea Bissau": "GW",
    "Kampuchea": "KH",
    "Lao PDR": "LA",
    "Libyan Arab Jamahiriya": "LY",
    "Lichtenstein": "LI",
    "People's Republic of the Congo": "CG",
    "Republic of Georgia": "GE",
    "Republic of Korea": "KR",
    "Republic of Sao Tome and Principe": "ST",
    "Republic of Zaire": "CD",
    "Rhodesia": "ZW",
    "Tchad": "TD",
    "United Republic of Cameroon": "CM",
    "Western Samoa": "WS",
}
"""Variant and former names found in real treaty data that ISO and pycountry do not list, each
naming exactly one country today. Dataset-specific codes and plain typos belong in a mapping's
``country_map`` instead (the presets carry theirs)."""

_GROUPING = "a grouping of countries, not a country"
_ORGANISATION = "an international organisation, not a country"
NOT_COUNTRIES: Mapping[str, str] = {
    "ASEAN": _GROUPING + " (the Association of Southeast Asian Nations)",
    "Andean Community": _GROUPING,
    "Association of Southeast Asian Nations": _GROUPING,
    "CARICOM": _GROUPING + " (the Caribbean Community)",
    "Caribbean Community": _GROUPING,
    "CARIFORUM": _GROUPING,
    "CEFTA": _GROUPING,
    "EEA": _GROUPING + " (the European Economic Area)",
    "EEC": _GROUPING + " (the European Economic Community)",
    "EFTA": _GROUPING + " (the European Free Trade Association)",
    "EAEU": _GROUPING + " (the Eurasian Economic Union)",
    "EU": _GROUPING + " (the European Union)",
    "Eurasian Economic Union": _GROUPING,
    "EURATOM": _ORGANISATION,
    "European Atomic Energy Community": _ORGANISATION,
    "European Coal and Steel Community": _ORGANISATION,
    "European Community": _GROUPING,
    "European Economic Area": _GROUPING,
    "European Free Trade Association": _GROUPING,
    "European Union": _GROUPING,
    "GCC": _GROUPING + " (the Gulf Cooperation Council)",
    "Gulf Cooperation Council": _GROUPING,
    "MERCOSUR": _GROUPING + " (the Southern Common Market)",
    "SACU": _GROUPING + " (the Southern African Customs Union)",
    "Southern African Customs Union": _GROUPING,
    "Southern Common Market": _GROUPING,
    "Sahrawi": "the Sahrawi Arab Democratic Republic, which has no ISO 3166-1 code "
    "(the territory of Western Sahara is EH)",
}
"""Names that are not countries, for a precise reason in the report (they are still only
imported when the mapping's ``country_map`` says what to do with them). A name written with a
description, ``EFTA (European Free Trade Association)``, gets the reason of either part."""

_DESCRIBED = re.compile(r"(?P<name>[^()]+?)\s*\((?P<description>[^()]+)\)")

_SAINT = re.compile(r"^st\.?\s+", re.IGNORECASE)
_THE = re.compile(r"^the\s+", re.IGNORECASE)


@attrs.frozen
class Resolution:
    """How one name resolved: a country code, a deliberate skip, or a problem."""

    code: str | None = None
    skipped: bool = False
    problem: str | None = None
    """Why the name is not a country (set when ``code`` is None and not ``skipped``)."""
    category: str | None = None
    note: str | None = None
    """What the reader should know about an accepted name (a successor state was taken)."""
    side: CountrySide | None = None
    """The side of several countries the name stands for (``code`` is None then)."""

    @property
    def found(self) -> bool:
        """The name is a country, a side or a deliberate skip."""
        return self.code is not None or self.skipped or self.side is not None


def tidy(text: str) -> str:
    """The name with the harmless variations of real data removed (see the module doc)."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("&", " and ")
    text = " ".join(text.split()).rstrip(".").strip()
    return _THE.sub("", _SAINT.sub("Saint ", text))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", tidy(text))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@functools.cache
def _historic() -> dict[str, tuple[str, str | None]]:
    """Folded historic code or name -> (ISO name, single successor's alpha-2 or None)."""
    current = {c.alpha_2 for c in pycountry.countries}
    table: dict[str, tuple[str, str | None]] = {}
    for old in pycountry.historic_countries:
        suffix = old.alpha_4[2:]
        successor = old.alpha_2 if suffix == "AA" else suffix
        entry = (old.name, successor if successor in current else None)
        names = [old.alpha_3, old.name, old.name.split(",")[0]]
        if old.alpha_2 not in current:
            names.append(old.alpha_2)
        for name in names:
            table.setdefault(_fold(name), entry)
    return table


@functools.cache
def _aliases() -> dict[str, str]:
    return {_fold(name): code for name, code in ALIASES.items()}


@functools.cache
def _not_countries() -> dict[str, str]:
    return {_fold(name): what for name, what in NOT_COUNTRIES.items()}


class CountryResolver:
    """Resolves names and codes to ISO alpha-2 codes by the rules of the module doc; remembers
    every answer (a dataset repeats the same few hundred names)."""

    def __init__(self, country_map: Mapping[str, CountryTarget] | None = None) -> None:
        self._exact: dict[str, str | CountrySide | None] = {}
        self._prefixes: list[tuple[str, str | CountrySide | None]] = []
        for key, target in (country_map or {}).items():
            code = country_target(key, target)
            if key.endswith("*"):
                self._prefixes.append((_fold(key[:-1]), code))
            else:
                self._exact[_fold(key)] = code
        self._prefixes.sort(key=lambda item: -len(item[0]))  # the longest prefix wins
        self._cache: dict[str, Resolution] = {}

    def resolve(self, text: str) -> Resolution:
        found = self._cache.get(text)
        if found is None:
            found = self._cache[text] = self._resolve(text)
        return found

    def _resolve(self, text: str) -> Resolution:
        folded = _fold(text)
        if not folded:
            return Resolution(problem="empty country name", category="unknown-country")
        mapped = self._mapped(folded)
        if mapped is not None:
            target = mapped[0]
            if isinstance(target, CountrySide):
                return Resolution(side=target)
            return Resolution(skipped=True) if target is None else Resolution(code=target)
        for candidate in (text, tidy(text)):
            try:
                return Resolution(code=Country.parse(candidate).code)
            except UnknownCountryError:
                pass
        if folded in _aliases():
            return Resolution(code=_aliases()[folded])
        if folded in _historic():
            name, successor = _historic()[folded]
            if successor is None:
                return Resolution(
                    problem=f"the name {text.strip()!r} is {name}, a former country with no single "
                    "successor; say what it stands for in country_map",
                    category="former-country",
                )
            return Resolution(
                code=successor,
                note=f"read {text.strip()!r} ({name}) as its successor {successor}",
            )
        what = _not_a_country(text)
        if what is not None:
            return Resolution(
                problem=f"the name {text.strip()!r} is {what}; say what to do with it in "
                f"country_map ({SKIP!r} or a country)",
                category="not-a-country",
            )
        return Resolution(problem=f"unknown country {text.strip()!r}", category="unknown-country")

    def _mapped(self, folded: str) -> tuple[str | CountrySide | None] | None:
        if folded in self._exact:
            return (self._exact[folded],)
        for prefix, code in self._prefixes:
            if folded.startswith(prefix):
                return (code,)
        return None


def _not_a_country(text: str) -> str | None:
    """Why ``text`` is not a country, when it names a grouping or an organisation (alone or
    with a description in parentheses)."""
    described = _DESCRIBED.fullmatch(tidy(text))
    parts = [text] if described is None else [text, *described.groups()]
    for part in parts:
        folded = _fold(part)
        what = _not_countries().get(folded)
        if what is None and folded.startswith("io-"):
            what = _ORGANISATION
        if what is not None:
            return what
    return None
