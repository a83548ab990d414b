"""Country names: the English names of ISO 3166-1 codes, the names and aliases a country is
parsed from, and the folded form (no case, no accents) names are compared and sorted by."""

from __future__ import annotations

import functools
import importlib.util
import json
import unicodedata
from pathlib import Path

__all__ = ["ALIASES", "KOSOVO", "alpha2_names", "fold", "iso3166", "lookup_table", "name_key"]


KOSOVO = ("XK", "XKX", "Kosovo")
"""Kosovo has no ISO 3166-1 code; ``XK`` is the user-assigned code the EU, the IMF and the
World Bank use. It is accepted like an assigned code."""

ALIASES: dict[str, str] = {
    "America": "US",
    "Britain": "GB",
    "Brunei": "BN",
    "Burma": "MM",
    "Cape Verde": "CV",
    "Democratic Republic of the Congo": "CD",
    "DR Congo": "CD",
    "East Timor": "TL",
    "Great Britain": "GB",
    "Holland": "NL",
    "Holy See": "VA",
    "Ivory Coast": "CI",
    "Macedonia": "MK",
    "Micronesia": "FM",
    "Palestine": "PS",
    "Republic of the Congo": "CG",
    "Russia": "RU",
    "Swaziland": "SZ",
    "The Bahamas": "BS",
    "The Gambia": "GM",
    "Turkey": "TR",
    "UAE": "AE",
    "UK": "GB",
    "Vatican": "VA",
}
"""English names in common use that pycountry does not know (former or informal names)."""


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a name: "Côte d'Ivoire" -> "cote d'ivoire"."""
    decomposed = unicodedata.normalize("NFKD", text.strip())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


_KEYS = ("alpha_2", "alpha_3", "name", "common_name", "official_name")
_REQUIRED = frozenset(("alpha_2", "alpha_3", "name"))


def _from_file() -> list[dict[str, str]] | None:
    """pycountry's own ISO 3166-1 table, read from its package without importing pycountry
    (whose import costs more than the table: it reads its distribution's metadata). None when
    the file is not where pycountry keeps it."""
    spec = importlib.util.find_spec("pycountry")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        try:
            data = json.loads((Path(folder) / "databases" / "iso3166-1.json").read_bytes())
            return [
                {key: entry[key] for key in _KEYS if key in _REQUIRED or key in entry}
                for entry in data["3166-1"]
            ]
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return None


@functools.cache
def iso3166() -> list[dict[str, str]]:
    """Every ISO 3166-1 country as pycountry lists it (``alpha_2``, ``alpha_3``, ``name`` and,
    when it has them, ``common_name`` and ``official_name``), read once on first use."""
    entries = _from_file()
    if entries is None:  # a pycountry that keeps its table elsewhere: ask pycountry itself
        import pycountry

        entries = [
            {key: getattr(c, key) for key in _KEYS if getattr(c, key, None) is not None}
            for c in pycountry.countries
        ]
    return entries


@functools.cache
def alpha2_names() -> dict[str, str]:
    """alpha-2 code -> common English name, built once on first use (never at import time)."""
    names = {
        c["alpha_2"]: c.get("common_name") or c["name"]  # "Iran", not "Iran, Islamic Rep."
        for c in iso3166()
    }
    names[KOSOVO[0]] = KOSOVO[2]
    return names


@functools.cache
def name_key(code: str) -> str:
    """The folded name a reader sorts by ("Åland Islands" with the A's), per code."""
    return fold(alpha2_names()[code])


@functools.cache
def lookup_table() -> dict[str, str]:
    """Folded alpha-2, alpha-3, names, common names and aliases -> alpha-2."""
    table: dict[str, str] = {}
    for c in iso3166():
        for key in _KEYS:
            value = c.get(key)
            if value:
                table.setdefault(fold(value), c["alpha_2"])
    for value in KOSOVO:
        table[fold(value)] = KOSOVO[0]
    for alias, code in ALIASES.items():
        table.setdefault(fold(alias), code)
    return table
