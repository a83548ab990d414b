"""Resolving country names and codes found in real treaty data."""

from __future__ import annotations

import pytest

from mou_tracker.importers import ALIASES, CountryResolver, MappingError
from mou_tracker.importers.parties import PartyReader
from mou_tracker.importers.policies import MemberLists


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Tchad", "TD"),
        ("Lichtenstein", "LI"),
        ("Swaziland", "SZ"),
        ("The Former Yugoslav Republic of Macedonia", "MK"),
        ("Guinea Bissau", "GW"),
        ("Libyan Arab Jamahiriya", "LY"),
        ("Central African Republic ", "CF"),
        ("Cote d'Ivoire", "CI"),
        ("Côte d’Ivoire", "CI"),
        ("St. Lucia", "LC"),
        ("Bosnia & Herzegovina", "BA"),
        ("the Philippines", "PH"),
        ("Vanuatu.", "VU"),
        ("CAN", "CA"),
        ("us", "US"),
        ("Kosovo", "XK"),
    ],
)
def test_variant_names_codes_and_untidy_spellings_resolve_to_one_country(
    text: str, code: str
) -> None:
    assert CountryResolver().resolve(text).code == code


@pytest.mark.parametrize(
    ("text", "code"), [("Zaire", "CD"), ("ZAR", "CD"), ("Upper Volta", "BF"), ("DDR", "DE")]
)
def test_a_former_country_with_one_successor_becomes_it_with_a_note(text: str, code: str) -> None:
    found = CountryResolver().resolve(text)
    assert found.code == code
    assert found.note is not None
    assert "successor" in found.note


@pytest.mark.parametrize("text", ["SUN", "USSR", "YUG", "Yugoslavia", "CSK", "Czechoslovakia"])
def test_a_dissolved_state_with_several_successors_is_reported_not_guessed(text: str) -> None:
    found = CountryResolver().resolve(text)
    assert found.code is None
    assert found.category == "former-country"
    assert "no single successor" in (found.problem or "")


@pytest.mark.parametrize("text", ["EU", "EFTA", "IO-IAEA", "European Community", "Sahrawi"])
def test_groupings_and_organisations_are_reported_as_not_countries(text: str) -> None:
    found = CountryResolver().resolve(text)
    assert found.code is None
    assert found.category == "not-a-country"
    assert "country_map" in (found.problem or "")


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("EFTA (European Free Trade Association)", "the European Free Trade Association"),
        ("ASEAN (Association of Southeast Asian Nations)", "the Association of Southeast Asian"),
        ("Eurasian Economic Union", "a grouping of countries, not a country;"),
        ("Caribbean Community (CARICOM)", "a grouping of countries, not a country;"),
        ("the European Union (EU) ", "a grouping of countries, not a country;"),
    ],
)
def test_a_grouping_written_with_a_description_gets_the_grouping_reason(
    text: str, what: str
) -> None:
    found = CountryResolver().resolve(text)
    assert found.category == "not-a-country"
    assert found.problem is not None
    assert found.problem.startswith(f"the name {text.strip()!r} is a grouping of countries")
    assert what in found.problem


def test_ec_is_ecuador_by_iso_until_the_country_map_says_it_is_a_grouping() -> None:
    assert CountryResolver().resolve("EC").code == "EC"
    assert CountryResolver({"EC": "skip"}).resolve("EC").skipped


def test_an_unknown_name_is_reported_as_unknown() -> None:
    found = CountryResolver().resolve("Buglaria")
    assert (found.code, found.category) == (None, "unknown-country")


def test_the_country_map_skips_maps_and_matches_prefixes_before_any_other_rule() -> None:
    resolver = CountryResolver({"EC": "skip", "SUN": "RU", "IO-*": "skip", "Korea": "KR"})
    assert resolver.resolve("EC").skipped
    assert resolver.resolve("ec").skipped
    assert resolver.resolve("SUN").code == "RU"
    assert resolver.resolve("IO-World Health Organization").skipped
    assert resolver.resolve("Korea").code == "KR"


def test_a_country_map_target_that_is_no_country_is_refused() -> None:
    with pytest.raises(MappingError, match="'Atlantis' is not a country"):
        CountryResolver({"X": "Atlantis"})


def test_every_alias_names_a_country_that_iso_still_lists() -> None:
    resolver = CountryResolver()
    for name, code in ALIASES.items():
        assert resolver.resolve(name).code == code


def reader(**options: object) -> PartyReader:
    return PartyReader(CountryResolver(), **options)  # type: ignore[arg-type]


def test_a_list_is_split_on_its_separators_and_a_leading_and_is_dropped() -> None:
    found = reader().list_cell("Bolivia, Colombia; Ecuador, Peru, and Venezuela")
    assert found.codes == ("BO", "CO", "EC", "PE", "VE")


def test_names_joined_without_a_separator_are_split_only_when_asked_and_noted() -> None:
    assert reader().list_cell("Finland France").problems
    found = reader(split_words=True).list_cell("Finland France, Trinidad and Tobago")
    assert found.codes == ("FI", "FR", "TT")
    assert found.notes == ("read 'Finland France' as FI, FR",)


def test_a_grouping_with_its_members_is_rejected_unless_the_mapping_expands_it() -> None:
    text = "EFTA (Iceland; Liechtenstein; Norway; Switzerland), Republic of Korea"
    rejected = reader().list_cell(text)
    assert [p[3] for p in rejected.problems] == ["member-list"]
    expanded = reader(member_lists=MemberLists.EXPAND).list_cell(text)
    assert expanded.codes == ("IS", "LI", "NO", "CH", "KR")
    assert "read 'EFTA' as its listed members" in expanded.notes


def test_a_gloss_in_parentheses_is_dropped_unless_it_names_another_country() -> None:
    assert reader().list_cell("United Arab Emirates (UAE), Oman").codes == ("AE", "OM")
    found = reader().list_cell("China (Taiwan), Nicaragua")
    assert [p[3] for p in found.problems] == ["ambiguous-country"]


def test_unbalanced_parentheses_make_the_list_unreadable() -> None:
    found = reader().list_cell("European Community ((Austria, Belgium), Chile")
    assert [p[3] for p in found.problems] == ["unreadable-list"]


def test_a_country_named_twice_is_one_party() -> None:
    assert reader().names(["FRA", "France", "FR"]).codes == ("FR",)
