"""Temporary files a crashed save left: removed at the next opening (if no writer holds the
lock) and at the next write, never another repository's, and never with an error."""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path

import attrs
import pytest

import mou_tracker.storage.atomic as atomic
from mou_tracker import Agreement, JsonRepository

TEMP = atomic.TEMP_MARKER


def io_error(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.EIO, "Input/output error")


def plant_leftovers(directory: Path) -> dict[str, Path]:
    names = {
        "snapshot": f".store.json{TEMP}0123456789ab",
        "journal": f".store.json.journal{TEMP}new",
        "other store": f".other.json{TEMP}0123456789ab",
        "longer name": f".store.json2{TEMP}0123456789ab",
    }
    planted = {what: directory / name for what, name in names.items()}
    for leftover in planted.values():
        leftover.write_bytes(b"half a save")
    return planted


def test_opening_removes_the_temporary_files_a_crashed_save_left(saved: Path) -> None:
    planted = plant_leftovers(saved.parent)
    JsonRepository(saved)
    assert {what: p.exists() for what, p in planted.items()} == {
        "snapshot": False,
        "journal": False,
        "other store": True,  # another repository's
        "longer name": True,  # store.json2's, not store.json's
    }


def test_opening_leaves_temporary_files_alone_while_a_writer_holds_the_lock(saved: Path) -> None:
    planted = plant_leftovers(saved.parent)
    fd = os.open(saved.with_name("store.json.lock"), os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # a writer (maybe using those files) holds it
        JsonRepository(saved)
        assert planted["snapshot"].exists()
    finally:
        os.close(fd)
    JsonRepository(saved)
    assert not planted["snapshot"].exists()


def test_opening_a_store_never_written_creates_no_lock_file(path: Path) -> None:
    planted = plant_leftovers(path.parent)
    JsonRepository(path)
    assert not path.with_name("store.json.lock").exists()
    assert planted["snapshot"].exists()  # no writer ever ran here: not ours to judge


def test_removing_stale_temporary_files_never_raises(
    saved: Path, agreement: Agreement, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = JsonRepository(saved)
    planted = plant_leftovers(saved.parent)
    monkeypatch.setattr(atomic.os, "unlink", io_error)
    atomic.remove_stale_temp_files(saved)
    assert planted["snapshot"].exists()
    monkeypatch.setattr(atomic.os, "scandir", io_error)
    atomic.remove_stale_temp_files(saved)
    monkeypatch.undo()
    repo.update(attrs.evolve(agreement, notes="x"), expected_version=1)
    assert not planted["snapshot"].exists()  # the next write removes it
