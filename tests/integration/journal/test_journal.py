"""The journal beside a JSON snapshot: appends, torn tails, stale journals, compaction."""

from __future__ import annotations

import json
import os
from pathlib import Path

import attrs
import pytest
from journal_helpers import journal_of, renamed, seeded

import mou_tracker.storage.journal as journal_module
from mou_tracker import (
    Agreement,
    Anchor,
    ConflictError,
    Deadline,
    Engagement,
    FormatError,
    JsonRepository,
    StorageError,
    check_file,
)
from mou_tracker.storage.oplog import encode_ops


def test_an_update_is_appended_to_the_journal_and_leaves_the_snapshot_untouched(
    path: Path, agreement: Agreement
) -> None:
    repo = seeded(path, agreement)
    before = path.read_bytes()
    first = renamed(agreement, 0)
    repo.update(attrs.evolve(first, notes="moved"), expected_version=1)
    assert path.read_bytes() == before
    lines = journal_of(path).read_bytes().splitlines()
    assert json.loads(lines[0])["journal"] == 1
    assert json.loads(lines[1])["ops"][0]["put"] == "agreements"
    reopened = JsonRepository(path)
    assert reopened.get(first.id) == attrs.evolve(first, notes="moved")
    assert reopened.version(first.id) == 2


def test_a_torn_last_line_was_never_acknowledged_and_is_ignored_then_cut_off(
    path: Path, agreement: Agreement
) -> None:
    repo = seeded(path, agreement)
    first = renamed(agreement, 0)
    repo.update(attrs.evolve(first, notes="kept"), expected_version=1)
    with journal_of(path).open("ab") as handle:
        handle.write(b'{"ops": [{"put": "agreements", "rec')  # a crash mid-append
    reopened = JsonRepository(path)
    assert reopened.get(first.id).notes == "kept"
    reopened.update(attrs.evolve(first, notes="after"), expected_version=2)
    assert JsonRepository(path).get(first.id).notes == "after"
    assert all(line.endswith(b"}") for line in journal_of(path).read_bytes().splitlines())


def test_a_corrupt_complete_journal_line_is_an_error_naming_the_journal_and_line(
    path: Path, agreement: Agreement
) -> None:
    repo = seeded(path, agreement)
    repo.update(attrs.evolve(renamed(agreement, 0), notes="x"), expected_version=1)
    lines = journal_of(path).read_text(encoding="utf-8").splitlines()
    doc = json.loads(lines[1])
    doc["ops"][0]["record"]["title"] = 5
    journal_of(path).write_text(lines[0] + "\n" + json.dumps(doc) + "\n", encoding="utf-8")
    with pytest.raises(FormatError) as info:
        JsonRepository(path)
    assert str(info.value) == (
        f"{journal_of(path)} line 2: record 'pk-kz-action-plan-2025-0': expected text, "
        "got an integer @ $.ops[0].record.title"
    )
    assert [str(p) for p in check_file(path)] == [str(info.value)]


def test_a_journal_left_by_a_crash_after_compaction_no_longer_matches_and_is_ignored(
    path: Path, agreement: Agreement
) -> None:
    repo = seeded(path, agreement)
    repo.update(attrs.evolve(renamed(agreement, 0), notes="in the journal"), expected_version=1)
    stale = journal_of(path).read_bytes()
    repo.compact()  # the snapshot now holds the update
    journal_of(path).write_bytes(stale)  # as if the crash came before the journal's removal
    reopened = JsonRepository(path)
    assert reopened.get(renamed(agreement, 0).id).notes == "in the journal"
    assert reopened.version(renamed(agreement, 0).id) == 2  # not applied twice
    reopened.update(attrs.evolve(renamed(agreement, 1), notes="new"), expected_version=1)
    assert JsonRepository(path).version(renamed(agreement, 0).id) == 2


def test_the_journal_is_folded_into_the_snapshot_once_it_outgrows_half_of_it(
    path: Path, agreement: Agreement
) -> None:
    repo = seeded(path, agreement, count=2)
    first = renamed(agreement, 0)
    for version in range(1, 30):
        repo.update(attrs.evolve(first, notes=f"n{version}"), expected_version=version)
        if not journal_of(path).exists():
            break
    else:
        pytest.fail("the journal was never compacted")
    assert json.loads(path.read_bytes())["agreements"][0]["notes"] == f"n{version}"


def test_a_second_handle_catches_up_with_appends_and_rejects_a_stale_write(
    path: Path, agreement: Agreement
) -> None:
    one = seeded(path, agreement, count=20)
    two = JsonRepository(path)
    first = renamed(agreement, 0)
    one.update(attrs.evolve(first, notes="one"), expected_version=1)
    two.refresh()
    assert two.get(first.id).notes == "one"
    one.update(attrs.evolve(first, notes="one again"), expected_version=2)
    with pytest.raises(ConflictError):
        two.update(attrs.evolve(first, notes="two"), expected_version=2)
    assert JsonRepository(path).get(first.id).notes == "one again"


def test_a_failed_append_raises_and_changes_nothing(
    path: Path, agreement: Agreement, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = seeded(path, agreement, count=20)
    first = renamed(agreement, 0)
    repo.update(attrs.evolve(first, notes="saved"), expected_version=1)
    before = journal_of(path).read_bytes()

    def broken(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(journal_module.os, "fdatasync", broken)
    with pytest.raises(StorageError, match="nothing was changed"):
        repo.update(attrs.evolve(first, notes="lost"), expected_version=2)
    assert repo.get(first.id).notes == "saved"
    assert journal_of(path).read_bytes() == before
    monkeypatch.undo()
    assert JsonRepository(path).get(first.id).notes == "saved"


def test_an_open_handle_sees_a_compaction_made_by_another(path: Path, agreement: Agreement) -> None:
    one = seeded(path, agreement, count=20)
    two = JsonRepository(path)
    one.update(attrs.evolve(renamed(agreement, 3), notes="x"), expected_version=1)
    one.compact()
    assert not journal_of(path).exists()
    two.update(attrs.evolve(renamed(agreement, 4), notes="y"), expected_version=1)
    final = JsonRepository(path)
    assert (
        final.get(renamed(agreement, 3).id).notes,
        final.get(renamed(agreement, 4).id).notes,
    ) == (
        "x",
        "y",
    )
    assert os.path.exists(journal_of(path))


@pytest.mark.parametrize(
    "change",
    [{"journal": True}, {"journal": 1.0}, {"journal": "1"}, {"journal": 2}, {"extra": 1}],
    ids=["true", "1.0", "text", "2", "an extra key"],
)
def test_a_header_that_is_not_exactly_ours_is_refused(
    path: Path, agreement: Agreement, change: dict[str, object]
) -> None:
    repo = seeded(path, agreement)
    repo.update(attrs.evolve(renamed(agreement, 0), notes="x"), expected_version=1)
    lines = journal_of(path).read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    header.update(change)
    lines[0] = json.dumps(header)
    journal_of(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(FormatError, match="not a mou-tracker journal header"):
        JsonRepository(path)


def test_a_journal_over_the_size_limit_is_refused_before_it_is_read(
    path: Path, agreement: Agreement
) -> None:
    repo = seeded(path, agreement)
    repo.update(attrs.evolve(renamed(agreement, 0), notes="x"), expected_version=1)
    limit = path.stat().st_size  # the snapshot fits, the journal will not
    assert journal_of(path).stat().st_size <= limit
    os.truncate(journal_of(path), 4 << 30)  # sparse: reading it would take gigabytes
    with pytest.raises(FormatError) as info:
        JsonRepository(path, max_bytes=limit)
    assert str(info.value) == (
        f"{journal_of(path)}: the journal is {4 << 30:,} bytes, over the limit of {limit:,}; "
        "it was not read @ $"
    )
    assert [str(p) for p in check_file(path, max_bytes=limit)] == [str(info.value)]


def test_a_journal_removing_an_engagement_that_stored_deadlines_are_tied_to_is_refused(
    path: Path, agreement: Agreement, engagement: Engagement
) -> None:
    tied = attrs.evolve(
        agreement.commitments[0],
        deadline=Deadline(anchor=Anchor(engagement_id=engagement.id)),
    )
    anchored = attrs.evolve(agreement, commitments=[tied])
    repo = JsonRepository(path)
    with repo.batch():
        repo.add(engagement)
        repo.add(anchored)
        for n in range(6):
            repo.add(renamed(agreement, n))
    repo.compact()
    repo.update(attrs.evolve(renamed(agreement, 0), notes="x"), expected_version=1)
    with journal_of(path).open("ab") as handle:  # written by hand: the library refuses it
        handle.write(encode_ops({engagement.id: None}, None) + b"\n")
    with pytest.raises(FormatError) as info:
        JsonRepository(path)
    assert str(info.value) == (
        f"{journal_of(path)} line 3: removes engagement {engagement.id!r}, to which deadlines "
        f"of {agreement.id!r} are tied @ $.ops[0].remove"
    )
    assert [str(p) for p in check_file(path)] == [str(info.value)]
