"""The journal under review: crash shapes, interleaved handles and failure paths that
test_journal.py does not cover (the tests named "bug" pinned defects found in review, now fixed).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import attrs
import pytest
from journal_helpers import journal_of, renamed
from journal_helpers import seeded as seeded_with

import mou_tracker.storage.journal as journal_module
import mou_tracker.storage.jsonfile as jsonfile
from mou_tracker import Agreement, ConflictError, JsonRepository, StorageError
from mou_tracker.storage.journal import Journal


def seeded(path: Path, agreement: Agreement, count: int = 20) -> JsonRepository:
    return seeded_with(path, agreement, count)


def header_for(path: Path) -> bytes:
    snapshot = jsonfile.snapshot_id(path.read_bytes())
    return json.dumps({"journal": 1, "snapshot": snapshot}).encode()


# -- BUG 1: a journal without a complete header is taken as a valid, empty journal -----------


@pytest.mark.parametrize("content", ["empty", "torn header"])
def test_bug_a_journal_without_a_complete_header_is_not_appended_to_headerless(
    path: Path, agreement: Agreement, content: str
) -> None:
    """An empty journal (or one whose header line has no newline) reads as a valid journal with
    ``end == 0``; the next append truncates to 0 and writes an ops line *as line 1*, so after an
    acknowledged update the store can no longer be opened ("not a mou-tracker journal header")."""
    seeded(path, agreement)
    journal_of(path).write_bytes(b"" if content == "empty" else header_for(path))
    repo = JsonRepository(path)  # opens fine: the journal is ignored
    first = renamed(agreement, 0)
    repo.update(attrs.evolve(first, notes="acknowledged"), expected_version=1)
    reopened = JsonRepository(path)  # BUG: FormatError: not a mou-tracker journal header
    assert reopened.get(first.id).notes == "acknowledged"


# -- BUG 2: a journal that shrank under a handle is extended with NUL bytes -------------------


def test_bug_a_handle_that_read_a_rolled_back_line_does_not_corrupt_the_journal(
    path: Path, agreement: Agreement, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writer ``one``'s append is complete but its fdatasync fails, so it cuts the line off and
    reports "nothing was changed". A lock-free reader ``two`` refreshed in between and applied
    the line (end past the real end). refresh() only handles a journal that *grew*, so ``two``
    keeps the phantom change, and its next append calls ftruncate(fd, end) with ``end`` beyond
    the file size: the file is extended with NUL bytes, and the store no longer opens."""
    one = seeded(path, agreement)
    one.update(attrs.evolve(renamed(agreement, 0), notes="saved"), expected_version=1)
    two = JsonRepository(path)

    def failing_fdatasync(fd: int) -> None:
        two.refresh()  # a reader polling without the lock sees the complete, unsynced line
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(journal_module.os, "fdatasync", failing_fdatasync)
    with pytest.raises(StorageError, match="nothing was changed"):
        one.update(attrs.evolve(renamed(agreement, 1), notes="rolled back"), expected_version=1)
    monkeypatch.undo()
    monkeypatch.setattr(jsonfile, "SMALL_SNAPSHOT_BYTES", 0)

    two.update(attrs.evolve(renamed(agreement, 2), notes="two"), expected_version=1)
    reopened = JsonRepository(path)  # BUG: FormatError (NUL bytes were written into the journal)
    assert reopened.get(renamed(agreement, 1).id).notes != "rolled back"
    assert reopened.get(renamed(agreement, 2).id).notes == "two"


# -- BUG 3: (inode, mtime, size) does not identify a snapshot: inode numbers are reused --------


def test_bug_a_rewritten_snapshot_with_a_reused_inode_is_noticed(
    path: Path, agreement: Agreement, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two saves replace store.json; the second temporary file gets the inode number the first
    replaced file freed (ext4 does this every time), the size is equal, and on a file system
    with coarse timestamps (ext4 before Linux 6.13: one tick is several milliseconds) so is the
    mtime: here the mtime is set to emulate that. ``two`` then believes nothing changed, and its
    stale write succeeds: an acknowledged update is silently lost."""
    monkeypatch.setattr(jsonfile, "SMALL_SNAPSHOT_BYTES", 1 << 20)  # the default: no journal
    one = JsonRepository(path)
    one.add(attrs.evolve(agreement, notes="0"))
    reused = 0
    for attempt in range(60):
        two = JsonRepository(path)
        old_inode, old_mtime, old_size = two._pin.fingerprint  # type: ignore[misc]
        version = one.version(agreement.id)
        one.update(attrs.evolve(agreement, notes="a"), expected_version=version)
        one.update(attrs.evolve(agreement, notes="b"), expected_version=version + 1)
        stat = os.stat(path)
        if (stat.st_ino, stat.st_size) == (old_inode, old_size):  # the inode number was reused
            reused += 1
            os.utime(path, ns=(stat.st_atime_ns, old_mtime))  # and the clock had not ticked
        with pytest.raises(ConflictError):  # BUG: not raised once the inode is reused
            two.update(attrs.evolve(agreement, notes="stale"), expected_version=version)
        assert JsonRepository(path).get(agreement.id).notes == "b", attempt
        del two


# -- BUG 4: incremental catch-up does not check it reads the journal it stat'ed --------------


def test_bug_a_reader_catching_up_while_the_journal_is_replaced_is_not_misled(
    path: Path, agreement: Agreement, monkeypatch: pytest.MonkeyPatch
) -> None:
    """refresh() stats the journal (same inode, grown), then _catch_up opens it by name and reads
    from the old ``end``. If another process compacted and started a new journal in between,
    the new journal (of another snapshot: its header is never checked at start > 0) is read
    from a foreign offset: refresh() raises FormatError on a valid store, or, when the offset
    falls on a line boundary, silently applies the new journal's lines to the old state.
    ``more.inode`` is never compared with ``journal.inode``."""
    one = seeded(path, agreement)
    one.update(attrs.evolve(renamed(agreement, 0), notes="j1"), expected_version=1)
    two = JsonRepository(path)
    one.update(attrs.evolve(renamed(agreement, 1), notes="j1"), expected_version=1)
    real_read = Journal.read.__func__  # type: ignore[attr-defined]

    def racing_read(cls, file, snapshot, *, start=0, **kwargs):
        if start:  # between two's stat and its open, one compacts then appends a new journal
            monkeypatch.setattr(Journal, "read", classmethod(real_read))
            one.compact()
            one.update(attrs.evolve(renamed(agreement, 2), notes="j2"), expected_version=1)
            one.update(attrs.evolve(renamed(agreement, 0), notes="j2"), expected_version=2)
        return real_read(cls, file, snapshot, start=start, **kwargs)

    before = {r.id: two.version(r.id) for r in two.records()}
    before[renamed(agreement, 1).id] = 2  # what the catch-up should at least add
    monkeypatch.setattr(Journal, "read", classmethod(racing_read))
    two.refresh()  # BUG: FormatError from the foreign journal read at a mid-line offset
    seen = {r.id: two.version(r.id) for r in two.records()}
    on_disk = JsonRepository(path)
    # either the catch-up of the old journal, or the new state: never a mixture of the two
    assert seen in (before, {r.id: on_disk.version(r.id) for r in on_disk.records()})


# -- BUG 5: a failure of the post-append compaction escapes as a raw OSError -----------------


def test_bug_a_durable_append_is_reported_as_saved_when_the_compaction_after_it_fails(
    path: Path, agreement: Agreement, monkeypatch: pytest.MonkeyPatch
) -> None:
    """_persist suppresses StorageError from the compaction it runs after an append ("the change
    is already durable"), but _compact's os.unlink of the journal raises a bare OSError (only
    FileNotFoundError is suppressed). The caller gets an exception for an update that is
    durable, and the handle's memory does not hold it."""
    one = seeded(path, agreement, count=2)
    first = renamed(agreement, 0)
    monkeypatch.setattr(jsonfile, "SMALL_SNAPSHOT_BYTES", 0)
    real_unlink = os.unlink

    def failing_unlink(target, *args, **kwargs):
        if Path(target) == journal_of(path):
            raise OSError(5, "Input/output error")
        return real_unlink(target, *args, **kwargs)

    before = path.read_bytes()
    for version in range(1, 40):
        monkeypatch.setattr(jsonfile.os, "unlink", failing_unlink)
        try:
            one.update(attrs.evolve(first, notes=f"n{version}"), expected_version=version)
        except OSError as exc:  # BUG: raised although the update is durable
            monkeypatch.setattr(jsonfile.os, "unlink", real_unlink)
            durable = JsonRepository(path).get(first.id).notes
            pytest.fail(
                f"update raised {type(exc).__name__} ({exc}), but it is durable "
                f"(reopened: {durable!r}); in memory: {one.get(first.id).notes!r}"
            )
        finally:
            monkeypatch.setattr(jsonfile.os, "unlink", real_unlink)
        if path.read_bytes() != before:  # the compaction after the append ran
            break
    else:
        pytest.fail("no compaction happened")
    assert one.get(first.id).notes == f"n{version}"
    assert JsonRepository(path).get(first.id).notes == f"n{version}"
    one.update(attrs.evolve(first, notes="next"), expected_version=version + 1)
    assert JsonRepository(path).get(first.id).notes == "next"


# -- pinned behaviour (passing) ----------------------------------------------------------------


def test_a_torn_last_line_that_happens_to_parse_as_json_is_still_ignored_and_cut_off(
    path: Path, agreement: Agreement
) -> None:
    repo = seeded(path, agreement)
    first = renamed(agreement, 0)
    repo.update(attrs.evolve(first, notes="kept"), expected_version=1)
    line = journal_of(path).read_bytes().splitlines()[1]
    doc = json.loads(line)
    doc["ops"][0]["record"]["notes"] = "never acknowledged"
    doc["ops"][0]["record"]["version"] = 3
    with journal_of(path).open("ab") as handle:
        handle.write(json.dumps(doc).encode())  # complete JSON, but no newline: torn
    reopened = JsonRepository(path)
    assert (reopened.get(first.id).notes, reopened.version(first.id)) == ("kept", 2)
    reopened.update(attrs.evolve(first, notes="after"), expected_version=2)
    lines = journal_of(path).read_bytes().split(b"\n")
    assert lines[-1] == b""
    assert len(lines) == 4
    assert JsonRepository(path).get(first.id).notes == "after"


def test_a_journal_holding_only_its_header_is_empty_and_appended_to(
    path: Path, agreement: Agreement
) -> None:
    seeded(path, agreement)
    journal_of(path).write_bytes(header_for(path) + b"\n")
    repo = JsonRepository(path)
    first = renamed(agreement, 0)
    repo.update(attrs.evolve(first, notes="x"), expected_version=1)
    assert len(journal_of(path).read_bytes().splitlines()) == 2
    assert JsonRepository(path).get(first.id).notes == "x"


def test_a_failed_batch_append_rolls_back_memory_and_file(
    path: Path, agreement: Agreement, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = seeded(path, agreement)
    repo.update(attrs.evolve(renamed(agreement, 0), notes="saved"), expected_version=1)
    before = journal_of(path).read_bytes()

    def broken(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(journal_module.os, "fdatasync", broken)

    def failing_batch() -> None:
        with repo.batch():
            repo.update(attrs.evolve(renamed(agreement, 0), notes="lost"), expected_version=2)
            repo.remove(renamed(agreement, 1).id)
            repo.add(renamed(agreement, 99))

    with pytest.raises(StorageError):
        failing_batch()
    assert journal_of(path).read_bytes() == before
    assert repo.get(renamed(agreement, 0).id).notes == "saved"
    assert len(repo) == 20
    monkeypatch.undo()
    monkeypatch.setattr(jsonfile, "SMALL_SNAPSHOT_BYTES", 0)
    repo.update(attrs.evolve(renamed(agreement, 0), notes="next"), expected_version=2)
    reopened = JsonRepository(path)
    assert reopened.get(renamed(agreement, 0).id).notes == "next"
    assert len(reopened) == 20


def test_handles_interleaving_appends_and_compactions_never_apply_a_line_twice(
    path: Path, agreement: Agreement
) -> None:
    one = seeded(path, agreement)
    two = JsonRepository(path)
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
    assert {i: JsonRepository(path).version(i) for i in ids} == expected


def test_a_stale_journal_left_by_a_crash_is_replaced_while_another_handle_has_it_open(
    path: Path, agreement: Agreement
) -> None:
    one = seeded(path, agreement)
    one.update(attrs.evolve(renamed(agreement, 0), notes="a"), expected_version=1)
    stale = journal_of(path).read_bytes()
    one.compact()
    journal_of(path).write_bytes(stale)  # crash between snapshot rename and journal unlink
    two = JsonRepository(path)  # sees the stale journal
    one.update(attrs.evolve(renamed(agreement, 1), notes="b"), expected_version=1)  # replaces it
    two.update(attrs.evolve(renamed(agreement, 2), notes="c"), expected_version=1)
    final = JsonRepository(path)
    assert [final.version(renamed(agreement, n).id) for n in range(3)] == [2, 2, 2]
    assert two.get(renamed(agreement, 1).id).notes == "b"
