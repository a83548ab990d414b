"""The JSON repository when the operating system fails: library errors only, and the store
intact or the change announced as saved.

(``tests/reliability/test_faults.py`` fails every call of every operation in turn; these tests
pin the behaviours one by one.)
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import mou_tracker.storage.atomic as atomic
import mou_tracker.storage.jsonfile as jsonfile
from mou_tracker import (
    Agreement,
    CooperationArea,
    Engagement,
    JsonRepository,
    Record,
    Repository,
    StorageError,
    ValidationError,
    check_file,
)
from mou_tracker.domain import AreaVocabulary

TEMP = atomic.TEMP_MARKER


def io_error(*_args: object, **_kwargs: object) -> Any:
    raise OSError(errno.EIO, "Input/output error")


def failing_for(real: Callable[..., Any], wanted: Callable[[Any], bool]) -> Callable[..., Any]:
    """``real``, but raising EIO when its first argument is ``wanted``."""

    def call(first: Any, *args: Any, **kwargs: Any) -> Any:
        if wanted(first):
            raise OSError(errno.EIO, "Input/output error")
        return real(first, *args, **kwargs)

    return call


def files_in(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


# -- errors of the operating system become StorageError ----------------------------------------


def test_a_directory_in_place_of_the_store_is_a_storage_error(path: Path) -> None:
    path.mkdir()
    with pytest.raises(StorageError, match=r"cannot read \(Is a directory \[EISDIR\]\)"):
        JsonRepository(path)


def test_a_failing_stat_is_a_storage_error_not_an_os_error(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic.os, "stat", io_error)
    with pytest.raises(StorageError, match=r"store.json: cannot read \(Input/output error \[EIO\]"):
        JsonRepository.create(path)
    with pytest.raises(StorageError, match=r"\[EIO\]"):
        check_file(path)


def test_a_lock_that_cannot_be_taken_is_a_storage_error_and_nothing_is_held(
    saved: Path, agreement: Agreement, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = JsonRepository(saved)
    monkeypatch.setattr(atomic.fcntl, "flock", failing_for(fcntl.flock, lambda fd: True))
    with pytest.raises(StorageError, match=r"store.json.lock: cannot take the lock"):
        repo.update(attrs.evolve(agreement, notes="x"), expected_version=1)
    monkeypatch.undo()
    assert repo.update(attrs.evolve(agreement, notes="x"), expected_version=1) == 2


def test_an_error_closing_the_lock_file_is_ignored_and_the_lock_released(
    saved: Path, agreement: Agreement, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_close = os.close
    lock = saved.with_name("store.json.lock")

    def close(fd: int) -> None:
        is_lock = os.path.samestat(os.fstat(fd), os.stat(lock))
        real_close(fd)  # the kernel frees the descriptor even when close reports an error
        if is_lock:
            raise OSError(errno.EIO, "Input/output error")

    repo = JsonRepository(saved)
    monkeypatch.setattr(atomic.os, "close", close)
    assert repo.update(attrs.evolve(agreement, notes="x"), expected_version=1) == 2
    fd = os.open(lock, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free
    finally:
        real_close(fd)


# -- a failure after the commit point is announced as such --------------------------------------


def is_directory(fd: int) -> bool:
    return stat.S_ISDIR(os.fstat(fd).st_mode)


def fail_directory_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic.os, "fsync", failing_for(os.fsync, is_directory))


def test_a_directory_that_cannot_be_synced_after_the_rename_is_a_committed_error(
    saved: Path, engagement: Engagement, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = JsonRepository(saved)
    fail_directory_fsync(monkeypatch)
    with pytest.raises(StorageError) as info:
        repo.add(engagement)
    assert info.value.committed
    assert str(info.value) == (
        f"{saved.parent}: saved, but the directory could not be synced (Input/output error "
        "[EIO]); the change may not survive a power loss"
    )
    monkeypatch.undo()
    assert repo.get(engagement.id) == engagement  # memory holds what the store holds
    assert JsonRepository(saved).get(engagement.id) == engagement
    assert repo.update(attrs.evolve(engagement, notes="next"), expected_version=1) == 2


def test_an_ordinary_failure_is_not_committed(
    saved: Path, engagement: Engagement, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = JsonRepository(saved)
    monkeypatch.setattr(atomic.os, "replace", io_error)
    with pytest.raises(StorageError) as info:
        repo.add(engagement)
    assert not info.value.committed
    assert engagement.id not in repo
    assert engagement.id not in JsonRepository(saved)


def test_a_batch_whose_save_is_committed_keeps_its_changes(
    saved: Path, agreement: Agreement, engagement: Engagement, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = JsonRepository(saved)
    fail_directory_fsync(monkeypatch)

    def replace_agreement_by_engagement() -> None:
        with repo.batch():
            repo.add(engagement)
            repo.remove(agreement.id)

    with pytest.raises(StorageError) as info:
        replace_agreement_by_engagement()
    assert info.value.committed
    assert [r.id for r in repo.records()] == [engagement.id]
    monkeypatch.undo()
    assert [r.id for r in JsonRepository(saved).records()] == [engagement.id]


def test_a_batch_rolls_back_on_a_committed_error_that_is_not_its_own_save(
    saved: Path, agreement: Agreement, engagement: Engagement, tmp_path: Path
) -> None:
    """Only the batch's own save can make it keep its changes: a committed error raised by
    something else inside the block (another store's save) still rolls the batch back."""
    repo = JsonRepository(saved)
    other = JsonRepository(tmp_path / "other.json")

    def batch_failing_with_another_stores_committed_error() -> None:
        with repo.batch():
            repo.update(attrs.evolve(agreement, notes="never saved"), expected_version=1)
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(atomic.os, "fsync", failing_for(os.fsync, is_directory))
                other.add(engagement)

    with pytest.raises(StorageError) as info:
        batch_failing_with_another_stores_committed_error()
    assert info.value.committed
    assert repo.get(agreement.id) == agreement
    assert repo.version(agreement.id) == 1
    repo.add(engagement)  # the next save must not carry the rolled-back change
    assert JsonRepository(saved).get(agreement.id) == agreement


def test_a_snapshot_saved_but_not_pinned_is_a_committed_error_and_read_again(
    saved: Path, agreement: Agreement, engagement: Engagement, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = JsonRepository(saved)
    other = JsonRepository(saved)
    monkeypatch.setattr(os, "open", failing_for(os.open, lambda target: Path(target) == saved))
    with pytest.raises(StorageError, match=r"cannot read .*; the change was saved") as info:
        repo.add(engagement)
    assert info.value.committed
    monkeypatch.undo()
    other.update(attrs.evolve(agreement, notes="by the other"), expected_version=1)
    repo.refresh()  # the handle could not pin what it wrote, so it reads the file again
    assert repo.get(agreement.id).notes == "by the other"
    assert repo.get(engagement.id) == engagement


# -- corners of the JSON repository -------------------------------------------------------------


def test_a_repository_shows_its_path(path: Path) -> None:
    assert repr(JsonRepository(path)) == f"JsonRepository({str(path)!r})"


def test_create_refuses_a_file_another_process_created_after_the_first_check(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = saved.read_bytes()
    monkeypatch.setattr(jsonfile, "stat_or_none", lambda _path: None)  # checked before it existed
    with pytest.raises(StorageError, match="already exists; not overwritten"):
        JsonRepository.create(saved)
    assert saved.read_bytes() == before


def test_only_agreements_and_engagements_can_be_stored(path: Path) -> None:
    area = CooperationArea(code="space", label="Space")
    with pytest.raises(ValidationError, match="cannot store a CooperationArea"):
        JsonRepository(path).add(area)  # type: ignore[arg-type]


def test_a_backend_without_its_own_len_counts_its_records(
    agreement: Agreement, engagement: Engagement
) -> None:
    @attrs.define
    class Listed(Repository):
        """The smallest backend: a fixed list of records."""

        items: list[Record]

        @property
        def areas(self) -> AreaVocabulary:
            return AreaVocabulary()

        def declare_area(self, area: CooperationArea) -> None:
            raise NotImplementedError

        def add(self, record: Record) -> int:
            raise NotImplementedError

        def get(self, record_id: str) -> Record:
            raise NotImplementedError

        def version(self, record_id: str) -> int:
            raise NotImplementedError

        def update(self, record: Record, *, expected_version: int) -> int:
            raise NotImplementedError

        def remove(self, record_id: str, *, expected_version: int | None = None) -> None:
            raise NotImplementedError

        def records(self) -> Iterator[Record]:
            return iter(self.items)

        def batch(self) -> contextlib.AbstractContextManager[None]:
            raise NotImplementedError

    assert len(Listed([agreement, engagement])) == 2
