"""The journal beside a JSON snapshot: appends, torn tails, stale journals, compaction, and
several handles taking turns on it."""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path

import attrs
import pytest
from journal_helpers import journal_of, journaled, renamed, seeded

from mou_tracker import (
    Agreement,
    Anchor,
    ConflictError,
    Deadline,
    Engagement,
    FormatError,
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
    reopened = journaled(path)
    assert reopened.get(first.id) == attrs.evolve(first, notes="moved")
    assert reopened.version(first.id) == 2


def _whole_json_without_newline(journal: Path) -> bytes:
    """The last line again, changed, as complete JSON: only its missing newline says torn."""
    doc = json.loads(journal.read_bytes().splitlines()[-1])
    doc["ops"][0]["record"]["notes"] = "never acknowledged"
    doc["ops"][0]["record"]["version"] = 3
    return json.dumps(doc).encode()


@pytest.mark.parametrize("tail", ["cut mid-line", "whole JSON without its newline"])
def test_a_torn_last_line_was_never_acknowledged_and_is_ignored_then_cut_off(
    path: Path, agreement: Agreement, tail: str
) -> None:
    repo = seeded(path, agreement)
    first = renamed(agreement, 0)
    repo.update(attrs.evolve(first, notes="kept"), expected_version=1)
    torn = (
        b'{"ops": [{"put": "agreements", "rec'  # a crash mid-append
        if tail == "cut mid-line"
        else _whole_json_without_newline(journal_of(path))
    )
    with journal_of(path).open("ab") as handle:
        handle.write(torn)
    reopened = journaled(path)
    assert (reopened.get(first.id).notes, reopened.version(first.id)) == ("kept", 2)
    reopened.update(attrs.evolve(first, notes="after"), expected_version=2)
    assert journaled(path).get(first.id).notes == "after"
    lines = journal_of(path).read_bytes().split(b"\n")
    assert len(lines) == 4  # header, "kept", "after", and nothing after the last newline
    assert lines[-1] == b""
    assert all(line.endswith(b"}") for line in lines[:-1])


def _header_of(snapshot: Path) -> bytes:
    """The first line of a journal extending ``snapshot`` (docs/storage-format.md)."""
    data = snapshot.read_bytes()
    return json.dumps(
        {"journal": 1, "snapshot": {"size": len(data), "crc32": zlib.crc32(data)}}
    ).encode()


@pytest.mark.parametrize("content", ["empty", "torn header", "header only"])
def test_a_journal_holding_no_transaction_yet_takes_the_next_update(
    path: Path, agreement: Agreement, content: str
) -> None:
    """An empty journal, or one whose header has no newline (a crash while it was created), is
    ignored and replaced; one holding only its header is appended to. Either way the update
    follows a complete header, and the store opens with it."""
    seeded(path, agreement)
    header = _header_of(path)
    journal_of(path).write_bytes(
        {"empty": b"", "torn header": header, "header only": header + b"\n"}[content]
    )
    repo = journaled(path)  # opens fine
    first = renamed(agreement, 0)
    repo.update(attrs.evolve(first, notes="acknowledged"), expected_version=1)
    lines = journal_of(path).read_bytes().splitlines()
    assert [lines[0], len(lines)] == [header, 2]
    assert journaled(path).get(first.id).notes == "acknowledged"


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
        journaled(path)
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
    reopened = journaled(path)
    assert reopened.get(renamed(agreement, 0).id).notes == "in the journal"
    assert reopened.version(renamed(agreement, 0).id) == 2  # not applied twice
    reopened.update(attrs.evolve(renamed(agreement, 1), notes="new"), expected_version=1)
    assert journaled(path).version(renamed(agreement, 0).id) == 2


def test_a_stale_journal_left_by_a_crash_is_replaced_while_another_handle_has_it_open(
    path: Path, agreement: Agreement
) -> None:
    one = seeded(path, agreement)
    one.update(attrs.evolve(renamed(agreement, 0), notes="a"), expected_version=1)
    stale = journal_of(path).read_bytes()
    one.compact()
    journal_of(path).write_bytes(stale)  # crash between snapshot rename and journal unlink
    two = journaled(path)  # sees the stale journal
    one.update(attrs.evolve(renamed(agreement, 1), notes="b"), expected_version=1)  # replaces it
    two.update(attrs.evolve(renamed(agreement, 2), notes="c"), expected_version=1)
    final = journaled(path)
    assert [final.version(renamed(agreement, n).id) for n in range(3)] == [2, 2, 2]
    assert two.get(renamed(agreement, 1).id).notes == "b"


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
    two = journaled(path)
    first = renamed(agreement, 0)
    one.update(attrs.evolve(first, notes="one"), expected_version=1)
    two.refresh()
    assert two.get(first.id).notes == "one"
    one.update(attrs.evolve(first, notes="one again"), expected_version=2)
    with pytest.raises(ConflictError):
        two.update(attrs.evolve(first, notes="two"), expected_version=2)
    assert journaled(path).get(first.id).notes == "one again"


def test_an_open_handle_sees_a_compaction_made_by_another(path: Path, agreement: Agreement) -> None:
    one = seeded(path, agreement, count=20)
    two = journaled(path)
    one.update(attrs.evolve(renamed(agreement, 3), notes="x"), expected_version=1)
    one.compact()
    assert not journal_of(path).exists()
    two.update(attrs.evolve(renamed(agreement, 4), notes="y"), expected_version=1)
    final = journaled(path)
    assert (
        final.get(renamed(agreement, 3).id).notes,
        final.get(renamed(agreement, 4).id).notes,
    ) == (
        "x",
        "y",
    )
    assert os.path.exists(journal_of(path))


def test_handles_interleaving_appends_and_compactions_never_apply_a_line_twice(
    path: Path, agreement: Agreement
) -> None:
    one = seeded(path, agreement, count=20)
    two = journaled(path)
    ids = [renamed(agreement, n).id for n in range(4)]
    expected = dict.fromkeys(ids, 1)
    handles = [one, two]
    for step in range(24):
        repo = handles[step % 2]
        record_id = ids[step % 4]
        repo.refresh()
        record = repo.get(record_id)
        repo.update(attrs.evolve(record, notes=f"s{step}"), expected_version=expected[record_id])
        expected[record_id] += 1
        if step % 5 == 4:
            handles[(step + 1) % 2].compact()
        for other in handles:
            other.refresh()
            assert {i: other.version(i) for i in ids} == expected
    assert {i: journaled(path).version(i) for i in ids} == expected


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
        journaled(path)


def test_a_journal_over_the_size_limit_is_refused_before_it_is_read(
    path: Path, agreement: Agreement
) -> None:
    repo = seeded(path, agreement)
    repo.update(attrs.evolve(renamed(agreement, 0), notes="x"), expected_version=1)
    limit = path.stat().st_size  # the snapshot fits, the journal will not
    assert journal_of(path).stat().st_size <= limit
    os.truncate(journal_of(path), 4 << 30)  # sparse: reading it would take gigabytes
    with pytest.raises(FormatError) as info:
        journaled(path, max_bytes=limit)
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
    repo = journaled(path)
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
        journaled(path)
    assert str(info.value) == (
        f"{journal_of(path)} line 3: removes engagement {engagement.id!r}, to which deadlines "
        f"of {agreement.id!r} are tied @ $.ops[0].remove"
    )
    assert [str(p) for p in check_file(path)] == [str(info.value)]
