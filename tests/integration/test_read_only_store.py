"""A store the user may only read (files 0444 in a 0555 directory), in both storage modes:
opened read-only or not, it reads in full, changes nothing, and a write is a library error
naming the file. Run as ``nobody`` when the tests run as root (see ``tests/readers.py``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from readers import LEFTOVER, as_reader, build_store, fingerprint, protect, shared_directory

from mou_tracker import (
    Agreement,
    CooperationArea,
    JsonRepository,
    MouTrackerError,
    StorageError,
)
from mou_tracker.storage import inspect_file

MODES = ("snapshot", "journal")


@pytest.fixture(params=MODES)
def store(request: pytest.FixtureRequest, agreement: Agreement) -> Iterator[Path]:
    """A protected store (see ``readers.build_store``) in a directory ``nobody`` can reach."""
    with shared_directory() as base:
        path = build_store(base / "store", agreement, request.param)
        protect(path.parent)
        yield path


def changes(repo: JsonRepository) -> dict[str, Callable[[], object]]:
    """Every way to ask a handle to write."""
    first = next(iter(repo.records()))
    extra = attrs.evolve(first, id="added-by-a-reader")

    def batch() -> None:
        with repo.batch():
            pass

    return {
        "add": lambda: repo.add(extra),
        "update": lambda: repo.update(attrs.evolve(first, notes="x"), expected_version=1),
        "remove": lambda: repo.remove(first.id),
        "declare_area": lambda: repo.declare_area(CooperationArea(code="mining", label="Mining")),
        "compact": repo.compact,
        "batch": batch,
    }


def read_then_try_every_change(path: Path, **options: Any) -> dict[str, Any]:
    """What a reader sees, and how each change fails (as text: the result crosses a pipe)."""
    repo = JsonRepository(path, **options)
    seen = {r.id: [r.notes, repo.version(r.id)] for r in repo.records()}
    refused: dict[str, str] = {}
    for name, change in changes(repo).items():
        try:
            change()
        except MouTrackerError as exc:
            refused[name] = f"{type(exc).__name__}: {exc}"
        except Exception as exc:  # a raw OSError is what must never escape
            refused[name] = f"RAW {type(exc).__name__}: {exc}"
        else:
            refused[name] = "accepted"
    repo.refresh()
    return {"seen": seen, "refused": refused, "after": len(repo)}


def expected_records(path: Path) -> dict[str, list[object]]:
    repo = JsonRepository(path, read_only=True)
    return {r.id: [r.notes, repo.version(r.id)] for r in repo.records()}


def test_a_read_only_handle_reads_everything_and_refuses_every_change_naming_the_file(
    store: Path,
) -> None:
    """Independent of permissions: the refusal comes before any file is touched."""
    before = fingerprint(store.parent)
    outcome = read_then_try_every_change(store, read_only=True)
    assert outcome["seen"] == expected_records(store)
    assert outcome["refused"] == dict.fromkeys(
        outcome["refused"], f"StorageError: {store}: opened read-only; nothing was changed"
    )
    assert outcome["after"] == 3
    assert fingerprint(store.parent) == before


def test_opening_read_only_leaves_a_crashed_saves_temporary_file_in_place(store: Path) -> None:
    """Even where it could (as root), opening for reading removes nothing; opening for
    writing does clean up (``test_stale_temp_files.py``)."""
    before = fingerprint(store.parent)
    JsonRepository(store, read_only=True)
    assert LEFTOVER in fingerprint(store.parent)
    assert fingerprint(store.parent) == before


@pytest.mark.parametrize("read_only", [True, False], ids=["read-only", "for writing"])
def test_a_user_without_write_permission_reads_the_store_and_every_change_is_a_storage_error(
    store: Path, read_only: bool
) -> None:
    before = fingerprint(store.parent)
    outcome = as_reader(lambda: read_then_try_every_change(store, read_only=read_only))
    assert outcome["seen"] == expected_records(store)
    for name, refusal in outcome["refused"].items():
        assert refusal.startswith(f"StorageError: {store}"), name  # names the file (or its lock)
    assert outcome["after"] == 3
    assert fingerprint(store.parent) == before


def test_a_user_without_write_permission_can_inspect_the_store(store: Path) -> None:
    before = fingerprint(store.parent)

    def inspect() -> list[list[str]]:
        check = inspect_file(store)
        return [[str(p) for p in check.problems], [r.id for r in check.records]]

    found = as_reader(inspect)
    assert found == [[], sorted(expected_records(store))]
    assert fingerprint(store.parent) == before


def test_a_refused_change_leaves_the_handle_as_it_was(store: Path) -> None:
    repo = JsonRepository(store, read_only=True)
    first = next(iter(repo.records()))
    with pytest.raises(StorageError, match="opened read-only"):
        repo.update(attrs.evolve(first, notes="refused"), expected_version=repo.version(first.id))
    assert repo.get(first.id) == first
    assert isinstance(inspect_file(store).records[0], Agreement)
