"""Mappings: the typed object, its TOML form, and clear errors for every mistake."""

from __future__ import annotations

import collections.abc
import re
from pathlib import Path

import pytest

from mou_tracker import AgreementKind, AgreementStatus, importers
from mou_tracker.importers import (
    GGO,
    GPTAD,
    Conflicts,
    MappingError,
    MemberLists,
    OnRange,
    PartiesSpec,
    PartiesTable,
)
from mou_tracker.importers.tomlfile import load_mapping, mapping_from_toml

DOCS = Path(__file__).resolve().parents[2] / "docs" / "importing.md"
MINIMAL = """
title = "Name"
[id]
columns = "Code"
[parties]
columns = ["A", "B"]
"""


def docs_toml() -> str:
    """The complete example mapping of docs/importing.md."""
    blocks = re.findall(r"```toml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    return next(block for block in blocks if block.lstrip().startswith("# partnerships.toml"))


def test_the_complete_example_in_the_docs_reads_into_a_typed_mapping() -> None:
    mapping = mapping_from_toml(docs_toml(), doc="partnerships.toml")
    assert mapping.id.prefix == "pship"
    assert mapping.kind is not None
    assert mapping.kind.map["memorandum of understanding"] is AgreementKind.MOU
    assert mapping.status is not None
    assert mapping.status.map["unknown"] is None
    assert mapping.status.map["in force"] is AgreementStatus.IN_FORCE
    assert mapping.dates.signature is not None
    assert mapping.dates.signature.format == "%d/%m/%Y"
    assert mapping.date_rules.ranges is OnRange.ENCLOSING
    assert mapping.country_map["USSR"] == "RU"
    assert mapping.conflicts is Conflicts.KEEP_FIRST


def test_a_minimal_mapping_needs_only_a_key_a_title_and_the_parties() -> None:
    mapping = mapping_from_toml(MINIMAL)
    assert mapping.columns() == ("Code", "Name", "A", "B")
    assert mapping.kind is None
    assert mapping.status is None


def test_a_mapping_file_is_named_after_its_file(tmp_path: Path) -> None:
    path = tmp_path / "treaties.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    assert load_mapping(path).name == "treaties"


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('titel = "x"', "unknown key 'titel'; known keys: name, title"),
        (MINIMAL + "[id.extra]\n", "unknown key 'extra' in [id]"),
        (MINIMAL + '[dates]\nsignature = { column = "S", fromat = "iso" }', "[dates.signature]"),
        (MINIMAL + '[dates]\nsignature = { column = "S", format = "%d/%m/%y" }', "two-digit"),
        (MINIMAL + '[kind]\ncolumn = "K"\nmap = { MoU = "memo" }', "'memo' is not one of"),
        (MINIMAL + '[kind]\ncolumn = "K"\ndefault = "memo"', "kind.default: 'memo'"),
        (MINIMAL + '[date_rules]\nranges = "widest"', "date_rules.ranges: 'widest'"),
        (MINIMAL + "[date_rules]\nlatest_year = true", "expected int, got True"),
        (MINIMAL + "[areas]\nconstant = [1]", "areas.constant: expected a text"),
        (MINIMAL + '[country_map]\nEC = "Europe"', "'Europe' is not a country"),
        (MINIMAL + '[status]\nmap = { x = "in_force" }', "status.column: is required"),
        ('title = "Name"\n[id]\ncolumns = ["C"]', "parties: is required"),
        ("title = 1", "title: expected a text"),
        (MINIMAL.replace('"Code"', '"Code"\nprefix = "GGO_"'), "id: id prefix 'GGO_'"),
        ("title = ", "not valid TOML"),
    ],
)
def test_every_mistake_in_a_mapping_is_an_error_naming_its_key(toml: str, message: str) -> None:
    with pytest.raises(MappingError) as info:
        mapping_from_toml(toml, doc="m.toml")
    assert message in str(info.value)
    assert str(info.value).startswith("m.toml: ")


def test_parties_come_from_exactly_one_place() -> None:
    with pytest.raises(MappingError, match="exactly one of"):
        PartiesSpec(columns=("A", "B"), list_column="Members")
    with pytest.raises(MappingError, match="exactly one of"):
        PartiesSpec()
    assert PartiesSpec(table=PartiesTable(key="id", country="state")).table is not None


def test_the_presets_are_typed_mappings_with_their_documented_choices() -> None:
    assert GGO.columns()[:2] == ("treatyID", "Title")
    assert GGO.parties.from_key is not None
    assert GGO.date_rules.ranges is OnRange.ENCLOSING
    assert GGO.country_map["EC"] == "skip"
    assert GPTAD.dates.signature is not None
    assert GPTAD.dates.signature.format == "%m/%d/%Y"
    assert GPTAD.parties.member_lists is MemberLists.EXPAND
    assert GPTAD.conflicts is Conflicts.REJECT_ALL


def test_no_public_importers_name_shadows_an_abstract_collection_or_is_a_bare_table() -> None:
    public = set(importers.__all__)
    assert not public & set(dir(collections.abc))
    assert "Table" not in public
