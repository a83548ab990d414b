"""Reading a repository's files: the checksum computed beside the decode, the paused collector."""

from __future__ import annotations

import gc
import zlib
from pathlib import Path

import pytest

from mou_tracker import Agreement, JsonRepository
from mou_tracker.storage import loading
from mou_tracker.storage.journal import snapshot_id


def _store(tmp_path: Path, agreement: Agreement) -> Path:
    path = tmp_path / "store.json"
    JsonRepository(path).add(agreement)
    return path


def test_a_large_snapshot_is_checksummed_on_a_thread_with_the_same_answer(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, agreement: Agreement
) -> None:
    path = _store(tmp_path, agreement)
    data = path.read_bytes()
    inline = loading.load_state(path, loading.DEFAULT_MAX_BYTES)[3]
    monkeypatch.setattr(loading, "_ASIDE_BYTES", 0)  # every file counts as large
    aside = loading.load_state(path, loading.DEFAULT_MAX_BYTES)[3]
    assert aside == inline == {"size": len(data), "crc32": zlib.crc32(data)}


def test_a_checksum_thread_that_fails_is_computed_again_by_the_caller(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, agreement: Agreement
) -> None:
    path = _store(tmp_path, agreement)
    calls: list[bool] = []

    def flaky(data: bytes | None) -> dict[str, int]:
        calls.append(True)
        if len(calls) == 1:
            raise MemoryError("the thread's attempt")
        return snapshot_id(data)

    monkeypatch.setattr(loading, "_ASIDE_BYTES", 0)
    monkeypatch.setattr(loading, "snapshot_id", flaky)
    monkeypatch.setattr("threading.excepthook", lambda _args: None)  # expected: no noise
    found = loading.load_state(path, loading.DEFAULT_MAX_BYTES)[3]
    assert found == snapshot_id(path.read_bytes())
    assert len(calls) == 2
    assert JsonRepository(path).get(agreement.id) == agreement


def test_a_missing_snapshot_has_the_empty_checksum(tmp_path: Path) -> None:
    decoded, data, journal, snapshot = loading.load_state(
        tmp_path / "none.json", loading.DEFAULT_MAX_BYTES
    )
    assert (data, journal, snapshot) == (None, None, {"size": 0, "crc32": 0})
    assert decoded.records == {}


def test_the_collector_is_paused_within_and_restored_after_and_young_objects_promoted() -> None:
    assert gc.isenabled()
    with loading.gc_paused():
        assert not gc.isenabled()
        built = [[index] for index in range(1000)]
    assert gc.isenabled()
    assert gc.get_count()[0] < 1000  # the built lists left the youngest generation unwalked
    assert gc.get_freeze_count() == 0  # promoted, not frozen
    del built


def test_a_paused_collector_stays_paused_and_frozen_objects_stay_frozen() -> None:
    gc.disable()
    try:
        with loading.gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with loading.gc_paused():
            pass
        assert gc.get_freeze_count() == frozen  # the process's own freeze is left alone
    finally:
        gc.unfreeze()


def test_a_snapshot_is_encoded_with_the_collector_paused_and_restored_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, agreement: Agreement
) -> None:
    from mou_tracker.storage import jsonfile

    seen = []
    real = jsonfile.encode

    def spy(*args: object, **kwargs: object) -> bytes:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jsonfile, "encode", spy)
    repo = JsonRepository(tmp_path / "store.json")
    with repo.batch():
        repo.add(agreement)
    assert seen == [False]
    assert gc.isenabled()
    assert JsonRepository(tmp_path / "store.json").get(agreement.id) == agreement
