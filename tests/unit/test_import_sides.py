"""A ``country_map`` entry may stand for several countries on one side (BLEU: Belgium and
Luxembourg): they are imported on that side, and never counted as a pair with each other."""

from __future__ import annotations

from collections.abc import Sequence

import pendulum
import pytest

from mou_tracker import InMemoryRepository
from mou_tracker.importers import (
    CountryResolver,
    CountrySide,
    IdSpec,
    ImportMapping,
    ImportReport,
    MappingError,
    PartiesSpec,
    SourceTable,
    import_table,
)
from mou_tracker.importers.tomlfile import mapping_from_toml
from mou_tracker.reports import status_by_pair

AS_OF = pendulum.Date(2025, 10, 5)
BLEU_NAME = "BLEU (Belgium-Luxembourg Economic Union)"
BLEU = CountrySide(side="BLEU", countries=("BE", "Luxembourg"))
TOML = f"""
title = "Title"
[id]
columns = "Code"
[parties]
columns = ["Party 1", "Party 2"]
[dates]
signature = {{ column = "Signed" }}
[country_map]
"{BLEU_NAME}" = {{ side = "BLEU", countries = ["BE", "LU"] }}
"USSR" = "RU"
"""
HEADER = ("Code", "Title", "Party 1", "Party 2", "Signed")


def run(
    *rows: Sequence[str], mapping: ImportMapping | None = None
) -> tuple[InMemoryRepository, ImportReport]:
    repo = InMemoryRepository()
    table = SourceTable.from_rows("bits.csv", HEADER, rows)
    used = mapping or mapping_from_toml(TOML, doc="bits.toml")
    return repo, import_table(table, used, repo, as_of=AS_OF)


def test_a_side_in_the_country_map_reads_from_toml_into_a_country_side() -> None:
    mapping = mapping_from_toml(TOML, doc="bits.toml")
    assert mapping.country_map[BLEU_NAME] == CountrySide(side="BLEU", countries=("BE", "LU"))
    assert mapping.country_map["USSR"] == "RU"


def test_a_name_mapped_to_a_side_resolves_to_its_countries_on_that_side() -> None:
    found = CountryResolver({BLEU_NAME: BLEU}).resolve("bleu (belgium-luxembourg economic union)")
    assert found.code is None
    assert found.side == CountrySide(side="BLEU", countries=("BE", "LU"))


def test_a_bleu_treaty_with_france_is_bilateral_with_two_pairs_and_no_belgium_luxembourg() -> None:
    repo, report = run(("1", "BIT", BLEU_NAME, "France", "1980-01-31"))
    assert report.rejected == ()
    (treaty,) = repo.agreements()
    assert [(p.country.code, p.side) for p in treaty.parties] == [
        ("BE", "BLEU"),
        ("LU", "BLEU"),
        ("FR", None),
    ]
    assert [pair.code for pair in treaty.pairs] == ["BE-FR", "FR-LU"]
    assert treaty.sides.bilateral
    assert "read 'BLEU (Belgium-Luxembourg Economic Union)' as the side 'BLEU': BE, LU" in {
        note.reason for note in report.notes
    }
    pairs = status_by_pair(repo, as_of=AS_OF)
    assert [row[0] for row in pairs.rows] == ["Belgium–France", "France–Luxembourg"]


def test_a_row_whose_countries_are_all_on_one_side_is_rejected_with_its_reason() -> None:
    _, report = run(("1", "Internal", BLEU_NAME, "Belgium", "1990"))
    (problem,) = report.rejected
    assert problem.category == "too-few-sides"
    assert "every country is on one side (BE, LU on 'BLEU')" in problem.reason


def test_a_country_on_two_named_sides_is_rejected() -> None:
    toml = TOML + '"Benelux" = { side = "Benelux", countries = ["BE", "NL", "LU"] }\n'
    _, report = run(("1", "Odd", BLEU_NAME, "Benelux", "1990"), mapping=mapping_from_toml(toml))
    (problem,) = report.rejected
    assert problem.category == "conflicting-sides"
    assert problem.reason == "BE is on two sides ('BLEU' and 'Benelux')"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ('{ side = "BLEU", countries = ["BE", "Atlantis"] }', "'Atlantis' is not a country"),
        ('{ side = "BLEU", countries = ["BE", "skip"] }', "'skip' is not a country of side"),
        ('{ side = "BLEU", countries = ["BE", "BEL"] }', "BE is listed twice in side 'BLEU'"),
        ('{ side = "BLEU", countries = [] }', "side 'BLEU' lists no countries"),
        ('{ side = " BLEU", countries = ["BE"] }', "invalid side ' BLEU'"),
        ('{ side = "BLEU" }', "countries: is required"),
        ('{ side = "BLEU", countries = ["BE"], note = "x" }', "unknown key 'note'"),
        ("3", "expected a text or a side"),
    ],
)
def test_a_side_that_is_not_well_formed_is_a_mapping_error_naming_its_key(
    target: str, message: str
) -> None:
    toml = TOML.replace('"USSR" = "RU"', f'"X" = {target}')
    with pytest.raises(MappingError, match=r"^bits\.toml: ") as info:
        mapping_from_toml(toml, doc="bits.toml")
    assert message in str(info.value)


def test_a_mapping_built_in_python_checks_its_sides_too() -> None:
    with pytest.raises(MappingError, match=r"'Atlantis' is not a country"):
        ImportMapping(
            name="m",
            id=IdSpec(columns=("Code",)),
            title="Title",
            parties=PartiesSpec(columns=("Party 1", "Party 2")),
            country_map={"BLEU": CountrySide(side="BLEU", countries=("BE", "Atlantis"))},
        )
