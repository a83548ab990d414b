"""Countries (ISO 3166-1), parties, and unordered country pairs."""

from __future__ import annotations

import importlib.machinery
import importlib.util
from pathlib import Path

import pytest
from hypothesis import assume, given
from strategies import countries

from mou_tracker import Country, CountryPair, Party, UnknownCountryError, ValidationError
from mou_tracker.domain import pairs_of


@pytest.mark.parametrize("text", ["Pakistan", "PAK", "PK", "pk", "pakistan", "  Pakistan  "])
def test_a_country_parses_from_its_name_or_either_code_in_any_case(text: str) -> None:
    assert Country.parse(text) == Country(code="PK")


def test_a_country_parses_from_its_official_name() -> None:
    assert Country.parse("Islamic Republic of Pakistan") == Country(code="PK")


def test_a_country_is_named_by_its_common_name() -> None:
    assert Country(code="IR").name == "Iran"
    assert str(Country(code="KZ")) == "Kazakhstan"


@pytest.mark.parametrize("text", ["Atlantis", "", "XX"])
def test_an_unknown_country_is_rejected_with_a_message_naming_the_input(text: str) -> None:
    with pytest.raises(UnknownCountryError) as info:
        Country.parse(text)
    assert str(info.value) == (
        f"unknown country {text!r}: give an ISO 3166-1 alpha-2 or alpha-3 code or an English name"
    )


def test_parsing_something_that_is_not_text_is_an_unknown_country() -> None:
    with pytest.raises(UnknownCountryError, match="unknown country 586"):
        Country.parse(586)  # type: ignore[arg-type]


@pytest.mark.parametrize("code", ["XX", "pk", "PAK", "Pakistan", ""])
def test_a_country_is_built_only_from_an_assigned_upper_case_alpha_2_code(code: str) -> None:
    with pytest.raises(UnknownCountryError) as info:
        Country(code=code)
    assert str(info.value) == f"{code!r} is not an ISO 3166-1 alpha-2 country code"
    assert info.value.field == "code"


def test_unknown_country_errors_are_validation_errors() -> None:
    with pytest.raises(ValidationError):
        Country(code="XX")


def test_countries_sort_by_code() -> None:
    assert sorted([Country(code="PK"), Country(code="KZ"), Country(code="UZ")]) == [
        Country(code="KZ"),
        Country(code="PK"),
        Country(code="UZ"),
    ]


# -- pairs --------------------------------------------------------------------------------------


def test_a_pair_is_unordered() -> None:
    assert CountryPair("PK", "KZ") == CountryPair("KZ", "PK")
    assert hash(CountryPair("PK", "KZ")) == hash(CountryPair("KZ", "PK"))
    assert len({CountryPair("PK", "KZ"), CountryPair("Kazakhstan", "Pakistan")}) == 1


def test_a_pair_is_named_in_canonical_order() -> None:
    pair = CountryPair("Pakistan", "Kazakhstan")
    assert str(pair) == "Kazakhstan–Pakistan"
    assert pair.code == "KZ-PK"
    assert (pair.first, pair.second) == (Country(code="KZ"), Country(code="PK"))


def test_a_pair_is_labelled_by_name_order_while_its_identity_stays_in_code_order() -> None:
    pair = CountryPair("United Arab Emirates", "Austria")

    assert str(pair) == "Austria–United Arab Emirates"
    assert pair.by_name == (Country(code="AT"), Country(code="AE"))
    assert pair.sort_key == ("austria", "united arab emirates")
    assert (pair.first, pair.second, pair.code) == (Country(code="AE"), Country(code="AT"), "AE-AT")
    assert repr(pair) == "CountryPair('AE', 'AT')"
    bahrain = CountryPair("AT", "BH")
    assert pair < bahrain  # comparisons stay by code...
    assert bahrain.sort_key < pair.sort_key  # ...the names sort Austria–Bahrain first


def test_names_sort_without_case_or_accents() -> None:
    assert Country(code="AX").sort_key == "aland islands"
    assert str(CountryPair("AX", "AT")) == "Åland Islands–Austria"
    assert str(CountryPair("CI", "CH")) == "Côte d'Ivoire–Switzerland"


@given(countries, countries)
def test_a_pair_reads_the_same_both_ways_with_its_names_in_sort_key_order(
    a: Country, b: Country
) -> None:
    assume(a != b)
    pair = CountryPair(a, b)
    one, two = pair.by_name
    assert str(pair) == str(CountryPair(b, a)) == f"{one.name}–{two.name}"
    assert pair.sort_key == (one.sort_key, two.sort_key) == tuple(sorted(pair.sort_key))
    assert pair.code == "-".join(sorted((a.code, b.code)))


def test_a_pair_contains_its_two_countries_and_no_other() -> None:
    pair = CountryPair("PK", "KZ")
    assert Country(code="PK") in pair
    assert Country(code="KZ") in pair
    assert Country(code="UZ") not in pair
    assert list(pair) == [Country(code="KZ"), Country(code="PK")]


@pytest.mark.parametrize(("a", "b"), [("PK", "PK"), ("PK", "Pakistan"), ("pak", "pk")])
def test_a_pair_of_the_same_country_twice_is_rejected(a: str, b: str) -> None:
    with pytest.raises(ValidationError) as info:
        CountryPair(a, b)
    assert str(info.value) == "a country pair needs two distinct countries, got PK twice"


@pytest.mark.parametrize("text", ["PK-KZ", "KZ-PK", "PK,KZ", "Pakistan/Kazakhstan", "PK–KZ"])
def test_a_pair_parses_from_two_countries_and_a_separator(text: str) -> None:
    assert CountryPair.parse(text) == CountryPair("KZ", "PK")


def test_a_pair_text_without_a_separator_is_rejected() -> None:
    with pytest.raises(ValidationError) as info:
        CountryPair.parse("PK")
    assert str(info.value) == "invalid country pair 'PK': expected two countries like PK-KZ"


def test_a_pair_text_naming_an_unknown_country_is_rejected_with_a_message_naming_it() -> None:
    with pytest.raises(ValidationError, match="Atlantis"):
        CountryPair.parse("PK-Atlantis")


@pytest.mark.parametrize(
    ("text", "other"), [("Timor-Leste-PK", "TL"), ("PK-Guinea-Bissau", "GW"), ("PK-TL", "TL")]
)
def test_a_pair_naming_a_country_with_a_hyphen_parses(text: str, other: str) -> None:
    assert CountryPair.parse(text) == CountryPair("PK", other)


def test_three_countries_make_three_pairs() -> None:
    pairs = pairs_of([Country(code="PK"), Country(code="KZ"), Country(code="UZ")])
    assert pairs == [CountryPair("KZ", "PK"), CountryPair("KZ", "UZ"), CountryPair("PK", "UZ")]


def test_pairs_of_ignores_a_repeated_country() -> None:
    assert pairs_of([Country(code="PK"), Country(code="KZ"), Country(code="PK")]) == [
        CountryPair("PK", "KZ")
    ]


def test_pairs_of_a_single_country_is_empty() -> None:
    assert pairs_of([Country(code="PK")]) == []


# -- parties ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["Pakistan", "PAK", "pk", Country(code="PK")])
def test_a_party_converts_a_name_or_code_to_its_country(value: str | Country) -> None:
    assert Party(country=value).country == Country(code="PK")


def test_a_party_with_an_unknown_country_is_rejected() -> None:
    with pytest.raises(UnknownCountryError, match="'Atlantis'"):
        Party(country="Atlantis")


@pytest.mark.parametrize("field", ["institution", "signatory"])
@pytest.mark.parametrize("blank", ["", "   "])
def test_a_party_rejects_blank_institution_or_signatory(field: str, blank: str) -> None:
    with pytest.raises(ValidationError) as info:
        Party(country="PK", **{field: blank})
    assert str(info.value) == f"{field} must be non-empty text or None"
    assert info.value.field == field


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Russia", "RU"),
        ("Turkey", "TR"),
        ("Türkiye", "TR"),
        ("Côte d'Ivoire", "CI"),
        ("cote d'ivoire", "CI"),
        ("Ivory Coast", "CI"),
        ("UK", "GB"),
        ("Swaziland", "SZ"),
        ("Kosovo", "XK"),
        ("XKX", "XK"),
    ],
)
def test_common_historic_and_accentless_names_resolve_to_their_country(
    name: str, code: str
) -> None:
    assert Country.parse(name) == Country(code=code)


def test_kosovo_has_the_user_assigned_code_xk_and_its_name() -> None:
    assert Country(code="XK").name == "Kosovo"


def _pycountry_table() -> list[dict[str, str]]:
    import pycountry

    keys = ("alpha_2", "alpha_3", "name", "common_name", "official_name")
    return [
        {key: getattr(c, key) for key in keys if getattr(c, key, None) is not None}
        for c in pycountry.countries
    ]


def test_the_country_table_read_from_pycountrys_file_is_the_one_pycountry_gives() -> None:
    from mou_tracker.domain import country_names

    assert country_names._from_file() == _pycountry_table()


@pytest.mark.parametrize("where", ["empty folder", "unreadable file", "not installed"])
def test_without_pycountrys_file_the_country_table_comes_from_pycountry_itself(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, where: str
) -> None:
    from mou_tracker.domain import country_names

    moved = importlib.machinery.ModuleSpec("pycountry", None, is_package=True)
    moved.submodule_search_locations = [str(tmp_path)]  # no databases/iso3166-1.json there
    if where == "unreadable file":
        (tmp_path / "databases").mkdir()
        (tmp_path / "databases" / "iso3166-1.json").write_text('{"3166-1": [{}]}')
    found = None if where == "not installed" else moved
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: found)
    assert country_names._from_file() is None
    assert country_names.iso3166.__wrapped__() == _pycountry_table()  # uncached: read again


def test_every_two_letter_text_parses_as_the_name_table_says() -> None:
    # Country.parse reads a two-letter code without building the name table: same answers.
    from mou_tracker.domain.country_names import fold, lookup_table

    letters = "abcdefghijklmnopqrstuvwxyz"
    for first in letters + letters.upper():
        for second in letters + letters.upper():
            text = first + second
            expected = lookup_table().get(fold(text))
            if expected is None:
                with pytest.raises(UnknownCountryError):
                    Country.parse(text)
            else:
                assert Country.parse(text) == Country(code=expected), text
