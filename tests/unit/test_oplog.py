"""Journal operations are read as strictly as the snapshot: a malformed one is a FormatError at
its path, never a TypeError."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mou_tracker import AreaVocabulary
from mou_tracker.storage.document import Decoded
from mou_tracker.storage.oplog import apply_transactions

JOURNAL = Path("store.json.journal")


def problems(*ops: dict[str, Any]) -> list[tuple[str, str | None, str]]:
    state = Decoded(AreaVocabulary(), {}, ())
    decoded = apply_transactions(state, [(2, list(ops))], JOURNAL)
    return [(p.reason, p.path, p.json_path) for p in decoded.problems]


@pytest.mark.parametrize("section", [["agreements"], {"agreements": 1}, 1, None, "treaties"])
def test_a_put_into_anything_but_a_section_name_is_refused_at_its_path(section: object) -> None:
    assert problems({"put": section, "record": {}}) == [
        ('expected "agreements" or "engagements"', f"{JOURNAL} line 2", "$.ops[0].put")
    ]


@pytest.mark.parametrize("record_id", [["x"], {"id": "x"}, 1, None])
def test_a_remove_of_anything_but_an_id_is_refused_at_its_path(record_id: object) -> None:
    assert problems({"remove": "kept"}, {"remove": record_id}) == [
        ("expected the id of the record to remove", f"{JOURNAL} line 2", "$.ops[1].remove")
    ]


@pytest.mark.parametrize(
    ("op", "names"), [({}, "no key"), ({"put": "agreements"}, "put"), ({"b": 1, "a": 2}, "a, b")]
)
def test_an_unknown_operation_names_its_keys(op: dict[str, Any], names: str) -> None:
    assert problems(op) == [
        (
            f"unknown journal operation ({names}): expected put, remove or areas",
            f"{JOURNAL} line 2",
            "$.ops[0]",
        )
    ]


@pytest.mark.parametrize("record_id", ["../x", "/etc/passwd", "con", "A", ""])
def test_a_remove_of_an_invalid_id_is_refused_like_an_id_in_a_record(record_id: str) -> None:
    [(reason, path, json_path)] = problems({"remove": record_id})
    assert reason.startswith(f"invalid id {record_id!r}: use 1 to 128 lowercase letters")
    assert (path, json_path) == (f"{JOURNAL} line 2", "$.ops[0].remove")


def test_an_areas_op_that_does_not_structure_is_refused_at_its_path() -> None:
    assert problems({"areas": [{"code": "x"}]}) == [
        ("required field missing", f"{JOURNAL} line 2", "$.ops[0].areas[0].label")
    ]
