"""The JSON-file repository: one text form, atomic saves, several handles, strict loading.

Bad files are written by hand: a valid saved file is loaded with ``json``, changed, and dumped.
"""

from __future__ import annotations

import errno
import io
import json
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from strategies import repository_contents

import mou_tracker.storage.atomic as atomic
from mou_tracker import (
    Agreement,
    AgreementStatus,
    ConflictError,
    CooperationArea,
    Engagement,
    FormatError,
    JsonRepository,
    SchemaVersionError,
    StorageError,
    check_file,
)
from mou_tracker.storage import SCHEMA_VERSION, inspect_file

AGREEMENT_ID = "pk-kz-action-plan-2025"  # the ``agreement`` fixture
ENGAGEMENT_ID = "pk-kz-talks-2025-08"  # the ``engagement`` fixture


@pytest.fixture
def saved(path: Path, agreement: Agreement, engagement: Engagement) -> Path:
    """A valid file holding the fixture agreement and engagement, at version 1 each (this
    module's own, over the one-agreement ``saved`` of ``tests/integration/conftest.py``)."""
    repo = JsonRepository(path)
    repo.add(agreement)
    repo.add(engagement)
    return path


def rewrite(path: Path, change: Callable[[dict[str, Any]], object]) -> None:
    """Load ``path`` with json, apply ``change`` to the document, and dump it back."""
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")


def load_error(path: Path) -> FormatError:
    """Opening ``path`` must fail with a FormatError; return it."""
    with pytest.raises(FormatError) as info:
        JsonRepository(path)
    return info.value


def fail_with_disk_full(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def files_in(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


# -- one text form ------------------------------------------------------------------------------


def test_two_saves_of_the_same_data_give_identical_bytes(
    tmp_path: Path, agreement: Agreement, engagement: Engagement
) -> None:
    space = CooperationArea(code="space", label="Space")
    mining = CooperationArea(code="mining", label="Mining")
    one = JsonRepository(tmp_path / "one.json")
    one.declare_area(space)
    one.declare_area(mining)
    one.add(agreement)
    one.add(engagement)
    two = JsonRepository(tmp_path / "two.json")
    two.add(engagement)
    two.declare_area(mining)
    two.add(agreement)
    two.declare_area(space)
    assert (tmp_path / "one.json").read_bytes() == (tmp_path / "two.json").read_bytes()


def test_adding_and_removing_a_record_gives_back_identical_bytes(
    saved: Path, agreement: Agreement
) -> None:
    before = saved.read_bytes()
    repo = JsonRepository(saved)
    repo.add(attrs.evolve(agreement, id="temporary"))
    assert saved.read_bytes() != before
    repo.remove("temporary")
    assert saved.read_bytes() == before


def test_the_file_is_indented_utf_8_json_with_its_schema_version(saved: Path) -> None:
    text = saved.read_bytes().decode("utf-8")
    document = json.loads(text)
    assert document["schema_version"] == SCHEMA_VERSION == 3
    assert list(document) == ["schema_version", "areas", "agreements", "engagements"]
    assert [r["id"] for r in document["agreements"]] == [AGREEMENT_ID]
    assert document["agreements"][0]["version"] == 1
    assert text.startswith('{\n  "schema_version": 3,\n')
    assert text.endswith("}\n")


def test_non_ascii_text_is_written_as_is(path: Path, agreement: Agreement) -> None:
    JsonRepository(path).add(attrs.evolve(agreement, title="План действий – 2025"))
    assert "План действий – 2025" in path.read_text(encoding="utf-8")


# -- reading back -------------------------------------------------------------------------------


def test_a_reopened_file_holds_what_was_saved(
    saved: Path, agreement: Agreement, engagement: Engagement
) -> None:
    reopened = JsonRepository(saved)
    assert list(reopened.records()) == [agreement, engagement]
    assert reopened.version(AGREEMENT_ID) == 1
    back = reopened.get_agreement(AGREEMENT_ID)
    assert type(back.sources[0].accessed) is pendulum.Date
    assert type(back.commitments[0].sources[0].accessed) is pendulum.Date
    assert back.sources[0].accessed == pendulum.Date(2025, 9, 1)


def test_versions_and_declared_areas_survive_reopening(saved: Path, agreement: Agreement) -> None:
    repo = JsonRepository(saved)
    repo.declare_area(CooperationArea(code="mining", label="Mining"))
    changed = attrs.evolve(agreement, areas={"mining"})
    repo.update(changed, expected_version=1)
    reopened = JsonRepository(saved)
    assert reopened.version(AGREEMENT_ID) == 2
    assert reopened.get(AGREEMENT_ID) == changed
    assert reopened.areas.label("mining") == "Mining"


@settings(max_examples=50)
@given(contents=repository_contents)
def test_any_records_saved_are_loaded_back_equal_and_saved_again_identically(
    tmp_path_factory: pytest.TempPathFactory, contents: list[Agreement | Engagement]
) -> None:
    directory = tmp_path_factory.mktemp("roundtrip")
    original = JsonRepository.create(directory / "original.json")
    for record in contents:
        original.add(record)
    reopened = JsonRepository(directory / "original.json")
    assert {r.id: r for r in reopened.records()} == {r.id: r for r in contents}
    copy = JsonRepository.create(directory / "copy.json")
    with copy.batch():
        for record in reopened.records():
            copy.add(record)
    assert (directory / "copy.json").read_bytes() == (directory / "original.json").read_bytes()


def test_a_missing_file_opens_as_an_empty_repository_and_is_created_at_the_first_change(
    path: Path, agreement: Agreement
) -> None:
    repo = JsonRepository(path)
    assert len(repo) == 0
    assert not path.exists()
    repo.add(agreement)
    assert path.exists()


# -- create -------------------------------------------------------------------------------------


def test_create_writes_an_empty_repository_file(path: Path) -> None:
    repo = JsonRepository.create(path)
    assert len(repo) == 0
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "schema_version": SCHEMA_VERSION,
        "areas": [],
        "agreements": [],
        "engagements": [],
    }


def test_create_refuses_an_existing_file_and_leaves_it_alone(saved: Path) -> None:
    before = saved.read_bytes()
    with pytest.raises(StorageError) as info:
        JsonRepository.create(saved)
    assert str(info.value) == f"{saved}: already exists; not overwritten"
    assert saved.read_bytes() == before


def test_create_returns_a_handle_opened_with_the_options_given(
    path: Path, agreement: Agreement
) -> None:
    repo = JsonRepository.create(path, small_snapshot_bytes=0, max_bytes=1 << 20)
    with repo.batch():  # journaled, then folded into the snapshot: it outgrew half of it
        for n in range(4):
            repo.add(attrs.evolve(agreement, id=f"agreement-{n}"))
    repo.update(attrs.evolve(agreement, id="agreement-0", notes="x"), expected_version=1)
    assert path.with_name("store.json.journal").exists()


# -- atomic saves -------------------------------------------------------------------------------


def test_a_save_goes_through_a_hidden_temporary_file_that_does_not_end_in_json(
    path: Path, agreement: Agreement, monkeypatch: pytest.MonkeyPatch
) -> None:
    replaced: list[tuple[Path, Path]] = []
    real_replace = os.replace

    def spy(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        replaced.append((Path(src), Path(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", spy)
    JsonRepository(path).add(agreement)
    [(temporary, target)] = replaced
    assert target == path
    assert temporary.parent == path.parent
    assert temporary.name.startswith(".store.json")
    assert not temporary.name.endswith(".json")


def test_no_temporary_file_remains_after_a_save(saved: Path) -> None:
    JsonRepository(saved).remove(ENGAGEMENT_ID)
    assert files_in(saved.parent) == ["store.json", "store.json.lock"]


def test_a_failed_save_raises_storage_error_and_changes_nothing(
    saved: Path, engagement: Engagement, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = JsonRepository(saved)
    before = saved.read_bytes()
    monkeypatch.setattr(atomic.os, "replace", fail_with_disk_full)
    with pytest.raises(StorageError) as info:
        repo.add(attrs.evolve(engagement, id="new-talks"))
    assert str(info.value) == (
        f"{saved}: could not save (No space left on device [ENOSPC]); the previous file is intact"
    )
    with pytest.raises(StorageError):
        repo.remove(AGREEMENT_ID)
    assert saved.read_bytes() == before
    assert "new-talks" not in repo
    assert [r.id for r in repo.records()] == [AGREEMENT_ID, ENGAGEMENT_ID]
    assert repo.version(AGREEMENT_ID) == 1
    assert files_in(saved.parent) == ["store.json", "store.json.lock"]


def test_a_failed_update_keeps_the_previous_version(
    saved: Path, agreement: Agreement, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = JsonRepository(saved)
    monkeypatch.setattr(atomic.os, "replace", fail_with_disk_full)
    with pytest.raises(StorageError):
        repo.update(
            agreement.with_status(AgreementStatus.IN_FORCE, on="2025-10"), expected_version=1
        )
    assert repo.version(AGREEMENT_ID) == 1
    assert repo.get(AGREEMENT_ID) == agreement
    monkeypatch.undo()
    assert repo.update(agreement, expected_version=1) == 2  # the handle still works


def test_a_failed_save_at_the_end_of_a_batch_undoes_the_whole_batch(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = JsonRepository(saved)
    before = saved.read_bytes()
    monkeypatch.setattr(atomic.os, "replace", fail_with_disk_full)

    def remove_everything() -> None:
        with repo.batch():
            repo.remove(AGREEMENT_ID)
            repo.remove(ENGAGEMENT_ID)

    with pytest.raises(StorageError):
        remove_everything()
    assert saved.read_bytes() == before
    assert len(repo) == 2


def test_a_batch_saves_nothing_until_it_ends(saved: Path) -> None:
    repo = JsonRepository(saved)
    before = saved.read_bytes()
    with repo.batch():
        repo.remove(AGREEMENT_ID)
        assert saved.read_bytes() == before
    assert AGREEMENT_ID not in JsonRepository(saved)


def test_an_exception_inside_a_batch_leaves_the_file_byte_identical(saved: Path) -> None:
    repo = JsonRepository(saved)
    before = saved.read_bytes()

    def remove_then_fail() -> None:
        with repo.batch():
            repo.remove(AGREEMENT_ID)
            raise RuntimeError("abort")

    with pytest.raises(RuntimeError):
        remove_then_fail()
    assert saved.read_bytes() == before


def test_stale_temporary_files_are_removed_at_the_next_write(saved: Path) -> None:
    repo = JsonRepository(saved)
    stale = saved.parent / f".store.json{atomic.TEMP_MARKER}0123456789ab"
    stale.write_bytes(b"half a save")
    other = saved.parent / f".other.json{atomic.TEMP_MARKER}0123456789ab"
    other.write_bytes(b"belongs to another repository")
    repo.remove(ENGAGEMENT_ID)
    assert not stale.exists()
    assert other.exists()


# -- several handles ----------------------------------------------------------------------------


def test_a_stale_update_through_a_second_handle_raises_conflict_error(
    saved: Path, agreement: Agreement
) -> None:
    first, second = JsonRepository(saved), JsonRepository(saved)
    first.update(agreement.with_status(AgreementStatus.IN_FORCE, on="2025-10"), expected_version=1)
    with pytest.raises(ConflictError) as info:
        second.update(agreement, expected_version=1)
    assert str(info.value) == (
        f"record {AGREEMENT_ID!r} changed since it was read: expected version 1, "
        "it is now at version 2"
    )
    assert JsonRepository(saved).get_agreement(AGREEMENT_ID).status is AgreementStatus.IN_FORCE


def test_a_handle_sees_another_handles_add_after_refresh(saved: Path, agreement: Agreement) -> None:
    first, second = JsonRepository(saved), JsonRepository(saved)
    first.add(attrs.evolve(agreement, id="added-elsewhere"))
    second.refresh()
    assert "added-elsewhere" in second
    assert second.get("added-elsewhere") == first.get("added-elsewhere")


def test_a_handle_catches_up_with_another_handles_add_at_its_next_write(
    saved: Path, agreement: Agreement
) -> None:
    first, second = JsonRepository(saved), JsonRepository(saved)
    first.add(attrs.evolve(agreement, id="added-first"))
    second.add(attrs.evolve(agreement, id="added-second"))
    assert {"added-first", "added-second"} <= {r.id for r in second.records()}
    on_disk = JsonRepository(saved)
    assert {"added-first", "added-second"} <= {r.id for r in on_disk.records()}


def test_a_snapshot_rewritten_twice_into_the_same_inode_number_is_still_seen_as_changed(
    path: Path, agreement: Agreement
) -> None:
    """Two saves replace the file; the second often gets the inode number the first one freed
    (ext4 reuses it), with the same size, and on a file system with coarse timestamps (ext4
    before Linux 6.13) the same mtime, set here by hand when the inode was reused. The stale
    handle's write must still be refused, not silently overwrite both saves."""
    one = JsonRepository(path)
    one.add(attrs.evolve(agreement, notes="0"))
    for attempt in range(60):
        two = JsonRepository(path)
        opened = os.stat(path)  # what ``two`` read
        version = one.version(agreement.id)
        one.update(attrs.evolve(agreement, notes="a"), expected_version=version)
        one.update(attrs.evolve(agreement, notes="b"), expected_version=version + 1)
        stat = os.stat(path)
        if (stat.st_ino, stat.st_size) == (opened.st_ino, opened.st_size):  # reused
            os.utime(path, ns=(stat.st_atime_ns, opened.st_mtime_ns))  # and the clock stood
        with pytest.raises(ConflictError):
            two.update(attrs.evolve(agreement, notes="stale"), expected_version=version)
        assert JsonRepository(path).get(agreement.id).notes == "b", attempt
        del two


# -- strict loading -----------------------------------------------------------------------------


def test_malformed_json_is_rejected(path: Path) -> None:
    path.write_bytes(b'{"schema_version": 1, "areas": [}')
    assert str(load_error(path)) == (
        f"{path}: malformed JSON: Expecting value (line 1, column 33) @ $"
    )


def test_a_top_level_that_is_not_an_object_is_rejected(path: Path) -> None:
    path.write_text("[]", encoding="utf-8")
    assert str(load_error(path)) == f"{path}: the top level must be a JSON object @ $"


def test_text_that_is_not_utf_8_is_rejected(path: Path) -> None:
    path.write_bytes(b'{"schema_version": 1, "areas": ["\xff"]}')
    assert str(load_error(path)) == f"{path}: not UTF-8 text (line 1, column 34, byte 33) @ $"


def test_a_number_where_text_is_expected_names_file_record_and_path(saved: Path) -> None:
    rewrite(saved, lambda d: d["agreements"][0].update(title=5))
    error = load_error(saved)
    assert str(error) == (
        f"{saved}: record {AGREEMENT_ID!r}: expected text, got an integer @ $.agreements[0].title"
    )


def test_text_where_a_list_is_expected_names_file_record_and_path(saved: Path) -> None:
    rewrite(saved, lambda d: d["agreements"][0].update(parties="PK, KZ"))
    error = load_error(saved)
    assert str(error) == (
        f"{saved}: record {AGREEMENT_ID!r}: expected a list, got text @ $.agreements[0].parties"
    )
    assert error.record_id == AGREEMENT_ID
    assert error.json_path == "$.agreements[0].parties"
    assert error.path == str(saved)


def test_an_unknown_key_is_rejected(saved: Path) -> None:
    rewrite(saved, lambda d: d["agreements"][0].update(colour="green"))
    assert str(load_error(saved)) == (
        f"{saved}: record {AGREEMENT_ID!r}: extra fields found (colour) @ $.agreements[0]"
    )


def test_an_unknown_top_level_key_is_rejected(saved: Path) -> None:
    rewrite(saved, lambda d: d.update(treaties=[]))
    assert str(load_error(saved)) == f"{saved}: extra fields found (treaties) @ $"


def test_a_missing_field_is_rejected(saved: Path) -> None:
    rewrite(saved, lambda d: d["engagements"][0].pop("title"))
    assert str(load_error(saved)) == (
        f"{saved}: record {ENGAGEMENT_ID!r}: required field missing @ $.engagements[0].title"
    )


def test_an_invalid_date_is_rejected_with_its_path(saved: Path) -> None:
    rewrite(
        saved, lambda d: d["agreements"][0]["commitments"][0]["deadline"].update(due="2025-02-30")
    )
    assert str(load_error(saved)) == (
        f"{saved}: record {AGREEMENT_ID!r}: invalid date '2025-02-30': day 30 is out of range "
        "for 2025-02 (1 to 28) @ $.agreements[0].commitments[0].deadline.due"
    )


def test_an_unknown_country_is_rejected(saved: Path) -> None:
    rewrite(saved, lambda d: d["agreements"][0]["parties"][1].update(country="XX"))
    assert str(load_error(saved)) == (
        f"{saved}: record {AGREEMENT_ID!r}: 'XX' is not an ISO 3166-1 alpha-2 country code "
        "@ $.agreements[0].parties[1].country"
    )


def test_a_rule_of_the_model_is_reported_at_the_field_it_is_about(saved: Path) -> None:
    rewrite(
        saved, lambda d: d["agreements"][0]["history"].append({"status": "planned", "date": "2026"})
    )
    assert str(load_error(saved)) == (
        f"{saved}: record {AGREEMENT_ID!r}: impossible status change signed -> planned "
        "(on 2026) @ $.agreements[0].history"
    )


@pytest.mark.parametrize("version", ["1", 0, None, 2**53, 2**64])
def test_a_record_version_must_be_a_positive_integer(saved: Path, version: object) -> None:
    rewrite(saved, lambda d: d["agreements"][0].update(version=version))
    assert str(load_error(saved)) == (
        f"{saved}: record {AGREEMENT_ID!r}: version must be a positive integer "
        "(at most 9,007,199,254,740,991) @ $.agreements[0].version"
    )


def test_a_duplicate_id_is_rejected(saved: Path) -> None:
    rewrite(saved, lambda d: d["engagements"][0].update(id=AGREEMENT_ID))
    assert str(load_error(saved)) == (
        f"{saved}: record {AGREEMENT_ID!r}: a record with id {AGREEMENT_ID!r} already exists "
        "@ $.engagements[0].id"
    )


def test_an_invalid_record_id_is_rejected(saved: Path) -> None:
    rewrite(saved, lambda d: d["agreements"][0].update(id="../escape"))
    assert str(load_error(saved)).startswith(
        f"{saved}: invalid id '../escape': use 1 to 128 lowercase letters"
    )
    assert load_error(saved).json_path == "$.agreements[0].id"


def test_duplicate_json_keys_are_rejected(saved: Path) -> None:
    text = saved.read_text(encoding="utf-8")
    assert text.count('"kind": "action_plan",') == 1
    saved.write_text(
        text.replace('"kind": "action_plan",', '"kind": "action_plan", "kind": "treaty",'),
        encoding="utf-8",
    )
    assert str(load_error(saved)) == (
        f"{saved}: malformed JSON: duplicate key 'kind' @ $.agreements[0].kind"
    )


@pytest.mark.parametrize("constant", [float("nan"), float("inf"), float("-inf")])
def test_nan_and_infinity_are_rejected(saved: Path, constant: float) -> None:
    rewrite(saved, lambda d: d["agreements"][0].update(version=constant))
    name = json.dumps(constant)  # NaN, Infinity, -Infinity
    assert str(load_error(saved)) == (
        f"{saved}: malformed JSON: {name} is not valid JSON @ $.agreements[0].version"
    )


def test_a_byte_order_mark_is_rejected(saved: Path) -> None:
    saved.write_bytes(b"\xef\xbb\xbf" + saved.read_bytes())
    assert str(load_error(saved)) == (
        f"{saved}: the file starts with a byte-order mark; save it as plain UTF-8 @ $"
    )


@pytest.mark.parametrize("version", [None, "1", 1.0])
def test_a_missing_or_non_integer_schema_version_is_rejected(saved: Path, version: object) -> None:
    def change(document: dict[str, Any]) -> None:
        if version is None:
            del document["schema_version"]
        else:
            document["schema_version"] = version

    rewrite(saved, change)
    assert str(load_error(saved)) == (
        f"{saved}: schema_version is missing or not an integer @ $.schema_version"
    )


def test_a_newer_schema_version_is_refused_and_the_file_left_untouched(saved: Path) -> None:
    rewrite(saved, lambda d: d.update(schema_version=SCHEMA_VERSION + 1))
    before = saved.read_bytes()
    modified = saved.stat().st_mtime_ns
    with pytest.raises(SchemaVersionError) as info:
        JsonRepository(saved)
    assert str(info.value) == (
        f"{saved}: schema_version 4 is newer than this library understands (3); "
        "upgrade mou-tracker. The file was left untouched @ $.schema_version"
    )
    assert [type(p) for p in check_file(saved)] == [SchemaVersionError]
    assert saved.read_bytes() == before
    assert saved.stat().st_mtime_ns == modified


def test_an_undeclared_area_is_rejected_with_its_path(saved: Path) -> None:
    rewrite(saved, lambda d: d["agreements"][0].update(areas=["mining", "trade"]))
    assert str(load_error(saved)) == (
        f"{saved}: record {AGREEMENT_ID!r}: undeclared cooperation area 'mining': use a standard "
        "code or declare it first @ $.agreements[0].areas"
    )


def test_an_undeclared_area_in_a_commitment_is_rejected_with_its_path(saved: Path) -> None:
    rewrite(saved, lambda d: d["agreements"][0]["commitments"][0].update(areas=["mining"]))
    assert load_error(saved).json_path == "$.agreements[0].commitments[0].areas"


def test_an_area_declared_in_the_file_may_be_used(saved: Path) -> None:
    def declare_and_use(document: dict[str, Any]) -> None:
        document["areas"] = [{"code": "mining", "label": "Mining"}]
        document["agreements"][0]["areas"] = ["mining", "trade"]

    rewrite(saved, declare_and_use)
    assert JsonRepository(saved).get(AGREEMENT_ID).areas == {"mining", "trade"}


def test_an_invalid_area_declaration_is_rejected_with_its_path(saved: Path) -> None:
    rewrite(saved, lambda d: d.update(areas=[{"code": "Mining", "label": "Mining"}]))
    error = load_error(saved)
    assert error.json_path == "$.areas[0].code"
    assert "invalid area code 'Mining'" in str(error)


def test_opening_a_file_with_several_problems_reports_the_first_and_counts_the_rest(
    saved: Path,
) -> None:
    def break_three_things(document: dict[str, Any]) -> None:
        document["agreements"][0]["parties"][1]["country"] = "XX"
        document["agreements"][0]["history"][0]["date"] = "2025-13"
        document["engagements"][0]["kind"] = "picnic"

    rewrite(saved, break_three_things)
    assert str(load_error(saved)) == (
        f"{saved}: record {AGREEMENT_ID!r}: 'XX' is not an ISO 3166-1 alpha-2 country code "
        "(and 2 more problems; run 'mou-tracker validate' to list them) "
        "@ $.agreements[0].parties[1].country"
    )


# -- check_file ---------------------------------------------------------------------------------


def test_check_file_finds_no_problem_in_a_valid_file(saved: Path) -> None:
    assert check_file(saved) == []


def test_check_file_lists_every_problem_at_once(saved: Path) -> None:
    def break_three_things(document: dict[str, Any]) -> None:
        document["agreements"][0]["parties"][1]["country"] = "XX"
        document["agreements"][0]["history"][0]["date"] = "2025-13"
        document["engagements"][0]["areas"] = ["mining"]

    rewrite(saved, break_three_things)
    problems = check_file(saved)
    assert [(p.record_id, p.json_path) for p in problems] == [
        (AGREEMENT_ID, "$.agreements[0].parties[1].country"),
        (AGREEMENT_ID, "$.agreements[0].history[0].date"),
        (ENGAGEMENT_ID, "$.engagements[0].areas"),
    ]
    assert str(problems[1]) == (
        f"{saved}: record {AGREEMENT_ID!r}: invalid date '2025-13': month must be 1 to 12, "
        "got 13 @ $.agreements[0].history[0].date"
    )


def test_check_file_reports_malformed_json_as_one_problem(path: Path) -> None:
    path.write_text("{", encoding="utf-8")
    [problem] = check_file(path)
    assert problem.reason.startswith("malformed JSON")


def test_check_file_reports_a_missing_file_as_a_storage_error(path: Path) -> None:
    with pytest.raises(StorageError, match="no such repository file"):
        check_file(path)


def test_inspect_file_gives_the_records_of_a_valid_file_with_no_problem(saved: Path) -> None:
    check = inspect_file(saved)
    assert check.problems == ()
    assert [r.id for r in check.records] == [AGREEMENT_ID, ENGAGEMENT_ID]
    assert list(check.records) == list(JsonRepository(saved).records())


def test_inspect_file_gives_the_records_it_could_read_beside_the_problems(saved: Path) -> None:
    rewrite(saved, lambda document: document["engagements"][0].update(areas=["mining"]))
    check = inspect_file(saved)
    assert [p.record_id for p in check.problems] == [ENGAGEMENT_ID]
    assert [r.id for r in check.records] == [AGREEMENT_ID]


# -- size limit ---------------------------------------------------------------------------------


def test_a_file_over_max_bytes_is_refused_before_it_is_read(path: Path) -> None:
    path.write_bytes(b"this is not JSON, " * 10)  # 180 bytes; reading it would fail differently
    with pytest.raises(FormatError) as info:
        JsonRepository(path, max_bytes=100)
    assert str(info.value) == (
        f"{path}: the file is 180 bytes, over the limit of 100; it was not read @ $"
    )


def test_a_file_at_max_bytes_is_read(saved: Path) -> None:
    size = saved.stat().st_size
    assert len(JsonRepository(saved, max_bytes=size)) == 2


def test_check_file_lists_a_file_over_max_bytes_as_a_problem(path: Path) -> None:
    path.write_bytes(b"{}" * 100)
    [problem] = check_file(path, max_bytes=100)
    assert problem.reason == "the file is 200 bytes, over the limit of 100; it was not read"


def test_a_second_handle_writing_during_an_open_batch_in_the_same_thread_fails_instead_of_hanging(
    tmp_path: Path, agreement: Agreement
) -> None:
    path = tmp_path / "store.json"
    first, second = JsonRepository(path), JsonRepository(path)
    with first.batch():
        first.add(agreement)
        with pytest.raises(StorageError, match="already holds the lock"):
            second.add(attrs.evolve(agreement, id="another-id"))
    assert JsonRepository(path).get(agreement.id) == agreement
    second.add(attrs.evolve(agreement, id="another-id"))  # the lock is free again
    assert len(JsonRepository(path)) == 2


def test_writers_in_two_threads_take_turns_on_the_lock(
    tmp_path: Path, agreement: Agreement
) -> None:
    path = tmp_path / "store.json"
    JsonRepository(path).add(agreement)
    errors: list[BaseException] = []

    def bump(times: int) -> None:
        repo = JsonRepository(path)
        try:
            for _ in range(times):
                while True:
                    repo.refresh()
                    record = repo.get_agreement(agreement.id)
                    try:
                        repo.update(
                            attrs.evolve(record, notes=f"{record.notes or ''}x"),
                            expected_version=repo.version(agreement.id),
                        )
                        break
                    except ConflictError:
                        continue
        except BaseException as exc:  # reported to the main thread
            errors.append(exc)

    threads = [threading.Thread(target=bump, args=(20,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    final = JsonRepository(path)
    assert final.version(agreement.id) == 41
    assert final.get_agreement(agreement.id).notes == "x" * 40


class _Grown(io.BytesIO):
    """A file that grew after it was opened: it holds ``content``, while its size at opening
    (``os.fstat`` of its ``fileno()``) is that of ``opened``, the small file."""

    def __init__(self, content: bytes, opened: BinaryIO) -> None:
        super().__init__(content)
        self._opened = opened

    def fileno(self) -> int:
        return self._opened.fileno()


@pytest.fixture
def small(tmp_path: Path) -> Iterator[tuple[Path, BinaryIO]]:
    """A two-byte store, opened: the size a read finds at opening."""
    path = tmp_path / "store.json"
    path.write_bytes(b"{}")
    with path.open("rb") as opened:
        yield path, opened


def test_a_file_that_grows_past_the_limit_while_it_is_read_is_refused(
    small: tuple[Path, BinaryIO],
) -> None:
    """The size is checked when the file is opened and again on what was read: a file that
    grew meanwhile is refused, and never read past the limit."""
    path, opened = small
    grown = _Grown(b"x" * 1000, opened)
    with pytest.raises(FormatError, match="over the limit of 10; it was not read"):
        atomic.read_within(grown, path, 10, what="file")
    assert grown.tell() == 11  # read up to one byte past the limit, no further


def test_a_file_that_grows_within_the_limit_while_it_is_read_is_read_whole(
    small: tuple[Path, BinaryIO],
) -> None:
    """The read asks for the size found at opening and a byte more; a file that grew
    meanwhile, still within the limit, is read to its end, not cut at that size."""
    path, opened = small
    for size in (3, 100, 1000):
        data, _ = atomic.read_within(_Grown(b"x" * size, opened), path, 1000, what="file")
        assert data == b"x" * size
    data, _ = atomic.read_within(_Grown(b"ab" * 30, opened), path, 1000, what="file", start=40)
    assert data == b"ab" * 10


# -- snapshot or journal ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("small_snapshot_bytes", "journal"), [(0, True), (1 << 20, False)], ids=["0", "1 MiB"]
)
def test_a_save_rewrites_the_snapshot_while_it_is_under_small_snapshot_bytes(
    saved: Path, agreement: Agreement, small_snapshot_bytes: int, journal: bool
) -> None:
    before = saved.read_bytes()
    repo = JsonRepository(saved, small_snapshot_bytes=small_snapshot_bytes)
    repo.update(attrs.evolve(agreement, notes="x"), expected_version=1)
    assert (saved.read_bytes() == before, saved.with_name("store.json.journal").exists()) == (
        journal,
        journal,
    )
    assert JsonRepository(saved).get(AGREEMENT_ID).notes == "x"


@pytest.mark.parametrize("option", ["max_bytes", "small_snapshot_bytes"])
@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (-1, ValueError, "must be 0 or more, not -1"),
        ("1", TypeError, "must be an int (a number of bytes), not str"),
        (True, TypeError, "must be an int (a number of bytes), not bool"),
        (1.0, TypeError, "must be an int (a number of bytes), not float"),
    ],
)
def test_a_size_option_that_is_not_a_whole_number_of_bytes_is_refused_before_opening(
    path: Path, option: str, value: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as info:
        JsonRepository(path, **{option: value})
    assert str(info.value) == f"{option} {message}"
    assert list(path.parent.iterdir()) == []
