"""Country names: the English names of ISO 3166-1 codes, the names and aliases a country is
parsed from, and the folded form (no case, no accents) names are compared and sorted by."""

from __future__ import annotations

import functools
import unicodedata

import pycountry

__all__ = ["ALIASES", "KOSOVO", "alpha2_names", "fold", "lookup_table", "name_key"]


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


@functools.cache
def alpha2_names() -> dict[str, str]:
    """alpha-2 code -> common English name, built once on first use (never at import time)."""
    names = {
        c.alpha_2: getattr(c, "common_name", None) or c.name  # "Iran", not "Iran, Islamic Rep."
        for c in pycountry.countries
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
    for c in pycountry.countries:
        for key in ("alpha_2", "alpha_3", "name", "common_name", "official_name"):
            value = getattr(c, key, None)
            if value:
                table.setdefault(fold(value), c.alpha_2)
    for value in KOSOVO:
        table[fold(value)] = KOSOVO[0]
    for alias, code in ALIASES.items():
        table.setdefault(fold(alias), code)
    return table
