"""The journal when writes fail (and what is acknowledged then), files change under a reader,
or a line is not ours."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import attrs
import pytest
from journal_helpers import journal_of, journaled, renamed, seeded

import mou_tracker.storage.jsonfile as jsonfile
from mou_tracker import Agreement, FormatError, StorageError
from mou_tracker.storage.journal import Journal


def eio(*_args: object, **_kwargs: object) -> Any:
    raise OSError(errno.EIO, "Input/output error")


def notes_of(path: Path, agreement: Agreement, n: int) -> str | None:
    return journaled(path).get(renamed(agreement, n).id).notes


def test_an_append_whose_sync_fails_is_cut_off_and_not_saved(
    path: Path, agreement: Agreement, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = seeded(path, agreement)
    first = renamed(agreement, 0)
    repo.update(attrs.evolve(first, notes="kept"), expected_version=1)
    before = journal_of(path).read_bytes()
    monkeypatch.setattr(os, "fdatasync", eio)
    with pytest.raises(StorageError, match="nothing was changed") as info:
        repo.update(attrs.evolve(first, notes="lost"), expected_version=2)
    assert not info.value.committed
    assert journal_of(path).read_bytes() == before
    assert repo.get(first.id).notes == "kept"


def test_a_batch_whose_append_fails_leaves_the_journal_and_the_handle_as_they_were(
    path: Path, agreement: Agreement, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = seeded(path, agreement, count=20)
    repo.update(attrs.evolve(renamed(agreement, 0), notes="saved"), expected_version=1)
    before = journal_of(path).read_bytes()
    monkeypatch.setattr(os, "fdatasync", eio)

    def failing_batch() -> None:
        with repo.batch():
            repo.update(attrs.evolve(renamed(agreement, 0), notes="lost"), expected_version=2)
            repo.remove(renamed(agreement, 1).id)
            repo.add(renamed(agreement, 99))

    with pytest.raises(StorageError, match="nothing was changed"):
        failing_batch()
    assert journal_of(path).read_bytes() == before
    assert (repo.get(renamed(agreement, 0).id).notes, len(repo)) == ("saved", 20)
    monkeypatch.undo()
    repo.update(attrs.evolve(renamed(agreement, 0), notes="next"), expected_version=2)
    reopened = journaled(path)
    assert (reopened.get(renamed(agreement, 0).id).notes, len(reopened)) == ("next", 20)


def test_a_line_a_reader_saw_before_its_append_was_rolled_back_does_not_corrupt_the_journal(
    path: Path, agreement: Agreement, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writer ``one``'s append is complete but its sync fails, so the line is cut off again:
    "nothing was changed". A reader ``two``, taking no lock, refreshed in between and saw the
    line. At its next write ``two`` reads the journal again (it shrank) instead of keeping the
    change or padding the journal to where it thought it ended."""
    one = seeded(path, agreement)
    one.update(attrs.evolve(renamed(agreement, 0), notes="saved"), expected_version=1)
    two = journaled(path)

    def failing_fdatasync(fd: int) -> None:
        two.refresh()  # a reader polling without the lock sees the complete, unsynced line
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fdatasync", failing_fdatasync)
    with pytest.raises(StorageError, match="nothing was changed"):
        one.update(attrs.evolve(renamed(agreement, 1), notes="rolled back"), expected_version=1)
    monkeypatch.undo()
    two.update(attrs.evolve(renamed(agreement, 2), notes="two"), expected_version=1)
    reopened = journaled(path)
    assert reopened.get(renamed(agreement, 1).id).notes is None
    assert reopened.get(renamed(agreement, 2).id).notes == "two"
    assert b"\0" not in journal_of(path).read_bytes()


def test_an_append_that_can_be_neither_synced_nor_cut_off_is_a_committed_error(
    path: Path, agreement: Agreement, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = seeded(path, agreement)
    first = renamed(agreement, 0)
    repo.update(attrs.evolve(first, notes="kept"), expected_version=1)
    monkeypatch.setattr(os, "fdatasync", eio)
    monkeypatch.setattr(os, "ftruncate", eio)
    with pytest.raises(StorageError, match="saved, but not confirmed durable") as info:
        repo.update(attrs.evolve(first, notes="there"), expected_version=2)
    assert info.value.committed
    monkeypatch.undo()
    assert repo.get(first.id).notes == "there"  # memory holds what the journal holds
    assert notes_of(path, agreement, 0) == "there"
    repo.update(attrs.evolve(first, notes="after"), expected_version=3)  # appended after it
    assert notes_of(path, agreement, 0) == "after"


def test_a_new_journal_whose_directory_cannot_be_synced_is_a_committed_error(
    path: Path, agreement: Agreement, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = seeded(path, agreement)
    first = renamed(agreement, 0)
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if os.path.isdir(f"/proc/self/fd/{fd}"):
            raise OSError(errno.EIO, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(StorageError, match="saved, but the directory could not be synced") as info:
        repo.update(attrs.evolve(first, notes="new journal"), expected_version=1)
    assert info.value.committed
    monkeypatch.undo()
    assert notes_of(path, agreement, 0) == "new journal"
    repo.update(attrs.evolve(first, notes="appended"), expected_version=2)
    assert notes_of(path, agreement, 0) == "appended"


def test_a_journal_that_cannot_be_removed_after_a_compaction_is_left_stale_and_replaced(
    path: Path, agreement: Agreement, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = seeded(path, agreement)
    first = renamed(agreement, 0)
    repo.update(attrs.evolve(first, notes="in the journal"), expected_version=1)
    real_unlink = os.unlink
    journal = journal_of(path)
    monkeypatch.setattr(
        jsonfile.os,
        "unlink",
        lambda target, **kw: eio() if Path(target) == journal else real_unlink(target, **kw),
    )
    with pytest.raises(StorageError, match="the old journal could not be removed") as info:
        repo.compact()
    assert info.value.committed
    monkeypatch.undo()
    assert journal.exists()  # stale: it no longer matches the snapshot, and is ignored
    assert notes_of(path, agreement, 0) == "in the journal"
    repo.update(attrs.evolve(first, notes="next"), expected_version=2)  # a new journal
    assert notes_of(path, agreement, 0) == "next"


def test_an_update_is_acknowledged_when_the_compaction_after_its_append_cannot_remove_the_journal(
    path: Path, agreement: Agreement, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The append made the update durable: the failed clean-up after it is not the caller's
    error, and the handle holds the update."""
    repo = seeded(path, agreement, count=2)
    first = renamed(agreement, 0)
    real_unlink = os.unlink
    journal = journal_of(path)
    before = path.read_bytes()
    for version in range(1, 40):
        monkeypatch.setattr(
            jsonfile.os,
            "unlink",
            lambda target, **kw: eio() if Path(target) == journal else real_unlink(target, **kw),
        )
        repo.update(attrs.evolve(first, notes=f"n{version}"), expected_version=version)
        monkeypatch.undo()
        if path.read_bytes() != before:  # the compaction after the append ran
            break
    else:
        pytest.fail("no compaction happened")
    assert journal.exists()  # left behind, stale
    assert repo.get(first.id).notes == f"n{version}"
    assert notes_of(path, agreement, 0) == f"n{version}"
    repo.update(attrs.evolve(first, notes="next"), expected_version=version + 1)
    assert notes_of(path, agreement, 0) == "next"


def test_an_append_to_a_journal_that_shrank_under_the_lock_is_refused(
    path: Path, agreement: Agreement, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a writer ignoring the lock could do this; the journal is never padded to fit."""
    repo = seeded(path, agreement)
    first = renamed(agreement, 0)
    repo.update(attrs.evolve(first, notes="kept"), expected_version=1)
    real_append = Journal.append

    def shrink_then_append(file: Path, end: int, line: bytes) -> Any:
        os.truncate(file, end - 1)
        return real_append(file, end, line)

    monkeypatch.setattr(Journal, "append", staticmethod(shrink_then_append))
    with pytest.raises(StorageError, match="the journal shrank while open"):
        repo.update(attrs.evolve(first, notes="refused"), expected_version=2)
    assert repo.get(first.id).notes == "kept"


def test_a_journal_header_of_another_program_is_a_format_error(
    path: Path, agreement: Agreement
) -> None:
    seeded(path, agreement)
    journal_of(path).write_bytes(b'{"journal": 99, "snapshot": {}}\n{"ops": []}\n')
    with pytest.raises(FormatError, match=r"store.json.journal line 1: not a mou-tracker journal"):
        journaled(path)


def test_a_journal_line_that_is_not_a_list_of_operations_is_a_format_error(
    path: Path, agreement: Agreement
) -> None:
    repo = seeded(path, agreement)
    repo.update(attrs.evolve(renamed(agreement, 0), notes="x"), expected_version=1)
    with journal_of(path).open("ab") as journal:
        journal.write(b'{"ops": {"put": "agreements"}}\n')
    with pytest.raises(FormatError, match=r'line 3: expected \{"ops": \[\.\.\.\]\}'):
        journaled(path)
    with pytest.raises(FormatError, match=r"line 3"):
        repo.refresh()  # caught up to, the same line is refused the same way


def test_a_journal_removed_while_its_snapshot_stayed_is_read_again(
    path: Path, agreement: Agreement
) -> None:
    repo = seeded(path, agreement)
    repo.update(attrs.evolve(renamed(agreement, 0), notes="journal only"), expected_version=1)
    journal_of(path).unlink()  # what a compaction does, seen before its new snapshot
    repo.refresh()
    assert repo.get(renamed(agreement, 0).id).notes is None
    assert repo.version(renamed(agreement, 0).id) == 1


def test_a_store_removed_while_open_is_an_error_not_an_empty_repository(
    path: Path, agreement: Agreement
) -> None:
    repo = seeded(path, agreement)
    path.unlink()
    with pytest.raises(StorageError, match="the file was removed while it was open"):
        repo.refresh()
    assert len(repo) == 6  # as it was


def test_a_reader_whose_snapshot_is_replaced_while_it_reads_reads_again_under_the_lock(
    path: Path, agreement: Agreement, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the reader's snapshot and its journal, a writer compacts and starts a new
    journal: the new journal does not extend the old snapshot, so it is ignored, and the old
    journal's changes are gone from the reader's view unless it reads again."""
    writer = seeded(path, agreement)
    first, second = renamed(agreement, 0), renamed(agreement, 1)
    writer.update(attrs.evolve(first, notes="in the journal"), expected_version=1)
    real_read = Journal.read.__func__  # type: ignore[attr-defined]

    def racing_read(cls: type[Journal], file: Path, snapshot: Any, **kwargs: Any) -> Any:
        monkeypatch.setattr(Journal, "read", classmethod(real_read))
        writer.compact()
        writer.update(attrs.evolve(second, notes="new journal"), expected_version=1)
        return real_read(cls, file, snapshot, **kwargs)

    monkeypatch.setattr(Journal, "read", classmethod(racing_read))
    reader = journaled(path)
    assert reader.get(first.id).notes == "in the journal"  # not the old snapshot alone
    assert reader.get(second.id).notes == "new journal"


def test_a_reader_catching_up_while_the_journal_is_replaced_sees_one_state_or_the_other(
    path: Path, agreement: Agreement, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the reader finding the journal grown and reading what was added, a writer
    compacts and starts a new journal (of another snapshot): the reader never reads it from
    the old offset, nor mixes the two."""
    one = seeded(path, agreement, count=20)
    one.update(attrs.evolve(renamed(agreement, 0), notes="j1"), expected_version=1)
    two = journaled(path)
    one.update(attrs.evolve(renamed(agreement, 1), notes="j1"), expected_version=1)
    real_read = Journal.read.__func__  # type: ignore[attr-defined]

    def racing_read(cls: type[Journal], file: Path, snapshot: Any, **kwargs: Any) -> Any:
        if kwargs.get("start"):  # catching up: one compacts then starts a new journal
            monkeypatch.setattr(Journal, "read", classmethod(real_read))
            one.compact()
            one.update(attrs.evolve(renamed(agreement, 2), notes="j2"), expected_version=1)
            one.update(attrs.evolve(renamed(agreement, 0), notes="j2"), expected_version=2)
        return real_read(cls, file, snapshot, **kwargs)

    before = {r.id: two.version(r.id) for r in two.records()}
    before[renamed(agreement, 1).id] = 2  # what catching up with the old journal adds
    monkeypatch.setattr(Journal, "read", classmethod(racing_read))
    two.refresh()
    seen = {r.id: two.version(r.id) for r in two.records()}
    on_disk = journaled(path)
    assert seen in (before, {r.id: on_disk.version(r.id) for r in on_disk.records()})


def test_an_append_that_cannot_check_the_journal_size_leaves_the_file_alone(
    path: Path, agreement: Agreement, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cutting back to the end read earlier would pad a journal that shrank meanwhile: without
    its size, the append touches nothing."""
    repo = seeded(path, agreement)
    first = renamed(agreement, 0)
    repo.update(attrs.evolve(first, notes="kept"), expected_version=1)
    before = journal_of(path).read_bytes()
    truncations: list[int] = []
    monkeypatch.setattr(os, "fstat", eio)
    monkeypatch.setattr(os, "ftruncate", lambda _fd, size: truncations.append(size))
    with pytest.raises(StorageError, match="nothing was changed"):
        repo.update(attrs.evolve(first, notes="lost"), expected_version=2)
    assert truncations == []
    monkeypatch.undo()
    assert journal_of(path).read_bytes() == before


def test_a_reader_that_may_not_write_the_lock_file_still_reads_again(
    path: Path, agreement: Agreement, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading again under the lock opens the lock file read-only: a reader without write
    permission there (a shared, read-only archive) is not refused."""
    writer = seeded(path, agreement)
    first = renamed(agreement, 0)
    writer.update(attrs.evolve(first, notes="in the journal"), expected_version=1)
    real_read = Journal.read.__func__  # type: ignore[attr-defined]
    real_open = os.open
    lock = path.with_name(path.name + ".lock")

    def racing_read(cls: type[Journal], file: Path, snapshot: Any, **kwargs: Any) -> Any:
        monkeypatch.setattr(Journal, "read", classmethod(real_read))
        writer.compact()
        monkeypatch.setattr(os, "open", read_only_lock)
        return real_read(cls, file, snapshot, **kwargs)

    def read_only_lock(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(file) == lock and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(Journal, "read", classmethod(racing_read))
    reader = journaled(path)
    assert reader.get(first.id).notes == "in the journal"
