"""Schema migrations: a file written by mou-tracker 0.1 (schema version 1) or 0.2 (version 2)
is read as it is, left byte-for-byte alone until the first write, and written at the current
version then.

``tests/data/schema-v1/pakistan-kazakhstan.json`` was written by mou-tracker 0.1 and
``tests/data/schema-v2/bleu-france.json`` by 0.2 (a treaty of Belgium, Luxembourg and France,
written before parties had sides); they are copied to ``tmp_path`` before any test opens them.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import attrs
import pytest

from mou_tracker import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Anchor,
    AnchorRelation,
    Commitment,
    Deadline,
    Engagement,
    EngagementKind,
    FormatError,
    Interval,
    JsonRepository,
    Party,
    Record,
    Recurrence,
    Source,
    StatusChange,
    ValidationError,
    check_file,
)
from mou_tracker.services import move_engagement, reschedule_deadline
from mou_tracker.storage import SCHEMA_VERSION
from mou_tracker.storage.document import decode, encode
from mou_tracker.storage.migrations import MIGRATIONS, migrate

V1_FILE = Path(__file__).parent.parent / "data" / "schema-v1" / "pakistan-kazakhstan.json"
V2_FILE = Path(__file__).parent.parent / "data" / "schema-v2" / "bleu-france.json"
V1_IDS = [
    "pk-kz-action-plan-2025",
    "pk-kz-visit-agreements-2025-11",
    "kz-president-visit-pk-2025-11",
    "pk-kz-jwg-agriculture-2025-09",
    "pk-kz-jwg-ict-2025-09",
    "pk-kz-talks-2025-09-09",
]


@pytest.fixture
def v1_path(tmp_path: Path) -> Path:
    """A copy of the version-1 file, so the original in tests/data is never touched."""
    path = tmp_path / "pakistan-kazakhstan.json"
    shutil.copyfile(V1_FILE, path)
    return path


def by_id(records: Any) -> dict[str, Record]:
    return {r.id: r for r in records}


def test_the_version_1_file_really_is_at_schema_version_1() -> None:
    assert json.loads(V1_FILE.read_bytes())["schema_version"] == 1


def test_a_version_1_file_loads_with_every_record_at_its_version(v1_path: Path) -> None:
    repo = JsonRepository(v1_path)
    assert [r.id for r in repo.records()] == V1_IDS
    assert all(repo.version(record_id) == 1 for record_id in V1_IDS)
    visit = repo.get_engagement("kz-president-visit-pk-2025-11")
    assert str(visit.date) == "Nov 2025"
    assert visit.date_changes == ()
    talks = repo.get_engagement("pk-kz-talks-2025-09-09")
    deadline = talks.commitments[0].deadline
    assert deadline == Deadline(
        due="2025-11", note="during the Kazakh President's visit, November 2025"
    )
    assert check_file(v1_path) == []


def test_a_version_1_file_stays_byte_identical_until_a_write(v1_path: Path) -> None:
    before = v1_path.read_bytes()
    modified = v1_path.stat().st_mtime_ns
    repo = JsonRepository(v1_path)
    list(repo.records())
    repo.refresh()
    JsonRepository(v1_path)
    check_file(v1_path)
    with repo.batch():  # a batch that changes nothing writes nothing
        repo.get("pk-kz-action-plan-2025")
    assert v1_path.read_bytes() == before
    assert v1_path.stat().st_mtime_ns == modified


def test_a_failed_change_leaves_a_version_1_file_byte_identical(v1_path: Path) -> None:
    before = v1_path.read_bytes()
    repo = JsonRepository(v1_path)
    with pytest.raises(ValidationError, match="keeps the same date"):
        move_engagement(
            repo, "kz-president-visit-pk-2025-11", "2025-11", decided_on="2025-10", reason="x"
        )
    assert v1_path.read_bytes() == before


def test_after_a_write_the_file_is_at_the_current_version_and_holds_the_same_records(
    v1_path: Path,
) -> None:
    loaded = by_id(JsonRepository(v1_path).records())
    repo = JsonRepository(v1_path)
    talks = repo.get_engagement("pk-kz-talks-2025-09-09")
    repo.add(attrs.evolve(talks, id="pk-kz-talks-copy"))
    document = json.loads(v1_path.read_bytes())
    assert document["schema_version"] == SCHEMA_VERSION == 3
    reloaded = JsonRepository(v1_path)
    records = by_id(reloaded.records())
    assert records.pop("pk-kz-talks-copy") == attrs.evolve(talks, id="pk-kz-talks-copy")
    assert records == loaded
    assert all(reloaded.version(record_id) == 1 for record_id in V1_IDS)


def test_a_version_1_document_is_rewritten_with_its_data_unchanged_but_its_version(
    v1_path: Path,
) -> None:
    original = json.loads(v1_path.read_bytes())
    repo = JsonRepository(v1_path)
    record = repo.get("pk-kz-jwg-ict-2025-09")
    repo.add(attrs.evolve(record, id="temporary"))
    repo.remove("temporary")
    assert json.loads(v1_path.read_bytes()) == {**original, "schema_version": 3}


def test_a_migrated_file_can_use_the_new_fields_at_once(v1_path: Path) -> None:
    repo = JsonRepository(v1_path)
    move_engagement(
        repo,
        "kz-president-visit-pk-2025-11",
        "2025-11-18",
        decided_on="2025-10-20",
        reason="date announced",
    )
    reschedule_deadline(
        repo,
        "pk-kz-talks-2025-09-09",
        "fast-track-visit-agreements",
        anchor=Anchor(engagement_id="kz-president-visit-pk-2025-11"),
        decided_on="2025-10-21",
        reason="tied to the visit",
    )
    reopened = JsonRepository(v1_path)
    assert str(reopened.get_engagement("kz-president-visit-pk-2025-11").date) == "18 Nov 2025"
    commitment = reopened.get_engagement("pk-kz-talks-2025-09-09").commitments[0]
    assert commitment.anchors == {"kz-president-visit-pk-2025-11"}
    assert json.loads(v1_path.read_bytes())["schema_version"] == 3


# -- the migrations themselves ------------------------------------------------------------------


def test_there_is_one_migration_for_every_version_below_the_current_one() -> None:
    assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION))


@pytest.mark.parametrize("version", sorted(MIGRATIONS))
def test_each_migration_moves_a_document_up_one_version_without_changing_its_input(
    version: int,
) -> None:
    document = {"schema_version": version, "areas": [], "agreements": [], "engagements": []}
    untouched = copy.deepcopy(document)
    migrated = MIGRATIONS[version](document)
    assert migrated["schema_version"] == version + 1
    assert document == untouched


def test_migrating_the_version_1_document_changes_only_its_version() -> None:
    document = json.loads(V1_FILE.read_bytes())
    untouched = copy.deepcopy(document)
    assert migrate(document, 1) == {**untouched, "schema_version": SCHEMA_VERSION}
    assert document == untouched


def test_migrating_a_current_document_returns_it_as_it_is() -> None:
    document = {"schema_version": SCHEMA_VERSION, "areas": [], "agreements": [], "engagements": []}
    assert migrate(document, SCHEMA_VERSION) is document


@pytest.mark.parametrize("version", [0, -1])
def test_a_schema_version_below_1_is_refused(v1_path: Path, version: int) -> None:
    document = json.loads(v1_path.read_bytes())
    document["schema_version"] = version
    v1_path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(FormatError) as info:
        JsonRepository(v1_path)
    assert str(info.value) == f"{v1_path}: unknown schema_version {version} @ $.schema_version"


# -- the current version ------------------------------------------------------------------------

PARTIES = (Party(country="KZ"), Party(country="PK"))
SOURCE = Source(title="Presidential press office", published="2025-10-20")


def version_2_records() -> list[Record]:
    """Records using every field version 2 added."""
    planned = Engagement(
        id="consultations-2026",
        kind=EngagementKind.CONSULTATIONS,
        title="Political consultations",
        parties=PARTIES,
    )
    visit = (
        Engagement(
            id="visit",
            kind=EngagementKind.VISIT,
            title="State visit",
            date="2025-11",
            parties=PARTIES,
        )
        .with_date("2025-11-18", decided_on="2025-10-20", reason="date set", source=SOURCE)
        .with_date(None, decided_on="2025-11-10", reason="postponed")
    )
    after_visit = Anchor(
        engagement_id="visit", relation=AnchorRelation.AFTER, offset=Interval.parse("3 months")
    )
    plan = Agreement(
        id="plan",
        kind=AgreementKind.ACTION_PLAN,
        title="Action plan",
        parties=PARTIES,
        history=[StatusChange(status=AgreementStatus.SIGNED, date="2025-09-09")],
        commitments=[
            Commitment(
                id="consult",
                text="Regular consultations",
                recurrence=Recurrence(
                    every=Interval.parse("1 year"),
                    starts="2025-09-09",
                    fulfilled_by=[EngagementKind.CONSULTATIONS, EngagementKind.TALKS],
                ),
            ),
            Commitment(
                id="mous",
                text="Conclude MoUs",
                made_on="2025-09-09",
                deadline=Deadline(anchor=Anchor(engagement_id="visit"))
                .reschedule(due="2026-Q1", decided_on="2025-11-10", reason="visit postponed")
                .reschedule(
                    anchor=after_visit, decided_on="2025-12", reason="tied again", source=SOURCE
                ),
            ),
        ],
    )
    return [planned, visit, plan]


def test_a_current_file_with_version_2_fields_round_trips_byte_identically(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v2.json"
    repo = JsonRepository(path)
    for record in version_2_records():
        repo.add(record)
    written = path.read_bytes()
    assert json.loads(written)["schema_version"] == 3
    reopened = JsonRepository(path)
    assert by_id(reopened.records()) == by_id(version_2_records())
    reopened.add(attrs.evolve(version_2_records()[0], id="temporary"))
    reopened.remove("temporary")
    assert path.read_bytes() == written
    decoded = decode(written)
    assert decoded.problems == ()
    assert encode(decoded.areas, decoded.records.values()) == written


# -- version 2 to 3: sides -----------------------------------------------------------------------


@pytest.fixture
def v2_path(tmp_path: Path) -> Path:
    """A copy of the version-2 file, so the original in tests/data is never touched."""
    path = tmp_path / "bleu-france.json"
    shutil.copyfile(V2_FILE, path)
    return path


def test_the_version_2_file_really_is_at_schema_version_2() -> None:
    assert json.loads(V2_FILE.read_bytes())["schema_version"] == 2


def test_a_version_2_file_is_read_with_no_sides_and_left_byte_identical(v2_path: Path) -> None:
    before = v2_path.read_bytes()
    treaty = JsonRepository(v2_path).get_agreement("be-lu-fr-investment-1980")
    assert all(party.side is None for party in treaty.parties)
    assert [pair.code for pair in treaty.pairs] == ["BE-FR", "BE-LU", "FR-LU"]
    assert v2_path.read_bytes() == before


def test_a_version_2_file_is_written_as_version_3_with_its_data_unchanged(v2_path: Path) -> None:
    original = json.loads(v2_path.read_bytes())
    repo = JsonRepository(v2_path)
    repo.add(attrs.evolve(repo.get("be-fr-talks-2025"), id="temporary"))
    repo.remove("temporary")
    assert json.loads(v2_path.read_bytes()) == {**original, "schema_version": 3}


def test_a_migrated_file_can_put_two_countries_on_one_side(v2_path: Path) -> None:
    repo = JsonRepository(v2_path)
    treaty = repo.get_agreement("be-lu-fr-investment-1980")
    bleu = tuple(
        attrs.evolve(p, side="BLEU") if p.country.code in {"BE", "LU"} else p
        for p in treaty.parties
    )
    repo.update(attrs.evolve(treaty, parties=bleu), expected_version=1)
    document = json.loads(v2_path.read_bytes())
    assert document["schema_version"] == 3
    assert document["agreements"][0]["parties"][:2] == [
        {"country": "BE", "side": "BLEU", "institution": "Ministry of Foreign Affairs"},
        {"country": "LU", "side": "BLEU"},
    ]
    reopened = JsonRepository(v2_path).get_agreement("be-lu-fr-investment-1980")
    assert [pair.code for pair in reopened.pairs] == ["BE-FR", "FR-LU"]
    assert reopened.sides.bilateral


def test_migrating_a_version_2_document_changes_only_its_version() -> None:
    document = json.loads(V2_FILE.read_bytes())
    untouched = copy.deepcopy(document)
    assert migrate(document, 2) == {**untouched, "schema_version": 3}
    assert document == untouched
