"""The storage operations the fault harness runs, each from a fixed starting store.

A :class:`Scenario` builds its starting store once (``prepare``, into a template directory that
every trial copies), opens what the operation needs (``start``) and runs the operation (``run``),
which returns the handle to go on with (None when there is none). Scenarios in journal mode run
with ``small_snapshot_bytes=0``, so every save after the first goes to the journal, as it
does for repositories over 1 MiB.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import attrs

from mou_tracker import CooperationArea, JsonRepository, check_file
from reliability.fault_store import (
    BIG_NOTES,
    agreement,
    damaged,
    empty,
    open_store,
    put,
    seeded,
    torn,
)

Operation = Callable[[Path, JsonRepository | None], JsonRepository | None]


@attrs.frozen(kw_only=True)
class Scenario:
    name: str
    journal: bool
    """Run in journal mode."""
    prepare: Callable[[Path], None]
    """Build the starting store at this path (once, into the template)."""
    run: Operation
    """The operation under test; returns the handle to go on with."""
    opens: bool = True
    """``start`` opens a handle before the operation."""
    before: Callable[[Path, JsonRepository], None] | None = None
    """Run after opening the handle, just before the operation (another handle's save)."""
    makes: tuple[str, ...] = ()
    """Calls the operation must make (checked by the dry run: the scenario tests what it says)."""
    races: bool = False
    """A read: also run it with another writer saving just before each of its calls."""
    damaged: bool = False
    """The store is damaged on purpose (it cannot be opened, only checked)."""

    def start(self, path: Path) -> JsonRepository | None:
        if not self.opens:
            return None
        handle = open_store(path)
        if self.before is not None:
            self.before(path, handle)
        return handle


def _on(handle: JsonRepository | None) -> JsonRepository:
    assert handle is not None, "the scenario opens a handle"
    return handle


def _add(path: Path, handle: JsonRepository | None) -> JsonRepository:
    _on(handle).add(agreement(10))
    return _on(handle)


def _update(path: Path, handle: JsonRepository | None) -> JsonRepository:
    put(_on(handle), agreement(1, notes="changed"))
    return _on(handle)


def _big_update(path: Path, handle: JsonRepository | None) -> JsonRepository:
    """An update whose journal line outgrows half the snapshot: appended, then compacted."""
    put(_on(handle), agreement(1, notes="x" * BIG_NOTES))
    return _on(handle)


def _remove(path: Path, handle: JsonRepository | None) -> JsonRepository:
    _on(handle).remove("agreement-1", expected_version=1)
    return _on(handle)


def _batch(path: Path, handle: JsonRepository | None) -> JsonRepository:
    repo = _on(handle)
    with repo.batch():
        repo.add(agreement(10))
        put(repo, agreement(0, notes="in a batch"))
        repo.remove("agreement-1")
    return repo


def _declare(path: Path, handle: JsonRepository | None) -> JsonRepository:
    _on(handle).declare_area(CooperationArea(code="space", label="Space"))
    return _on(handle)


def _compact(path: Path, handle: JsonRepository | None) -> JsonRepository:
    _on(handle).compact()
    return _on(handle)


def _create(path: Path, handle: JsonRepository | None) -> JsonRepository:
    return JsonRepository.create(path)


def _open(path: Path, handle: JsonRepository | None) -> JsonRepository:
    return open_store(path)


def _refresh(path: Path, handle: JsonRepository | None) -> JsonRepository:
    _on(handle).refresh()
    return _on(handle)


def _check(path: Path, handle: JsonRepository | None) -> None:
    problems = check_file(path)
    assert not problems, f"check_file found problems in a valid store: {problems}"


def _check_damaged(path: Path, handle: JsonRepository | None) -> None:
    problems = check_file(path)
    assert problems, "check_file found no problem in a damaged store"


def _other_appends(path: Path, handle: JsonRepository) -> None:
    put(open_store(path), agreement(1, notes="by another handle"))


def _other_compacts(path: Path, handle: JsonRepository) -> None:
    other = open_store(path)
    put(other, agreement(1, notes="by another handle"))
    other.compact()


_REWRITE = ("os.replace", "os.fsync")
_APPEND = ("os.lseek", "os.fdatasync")
_READ = ("io.open", "file.read")

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        name="create()", journal=False, prepare=empty, run=_create, opens=False, makes=_REWRITE
    ),
    Scenario(
        name="add, snapshot rewrite", journal=False, prepare=seeded(0), run=_add, makes=_REWRITE
    ),
    Scenario(
        name="remove, snapshot rewrite",
        journal=False,
        prepare=seeded(0),
        run=_remove,
        makes=_REWRITE,
    ),
    Scenario(
        name="batch, snapshot rewrite",
        journal=False,
        prepare=seeded(0),
        run=_batch,
        makes=_REWRITE,
    ),
    Scenario(
        name="first journal write", journal=True, prepare=seeded(0), run=_update, makes=_REWRITE
    ),
    Scenario(
        name="update, journal append", journal=True, prepare=seeded(1), run=_update, makes=_APPEND
    ),
    Scenario(
        name="append after a torn line",
        journal=True,
        prepare=torn,
        run=_update,
        makes=(*_APPEND, "os.ftruncate"),
    ),
    Scenario(
        name="append then compaction",
        journal=True,
        prepare=seeded(1),
        run=_big_update,
        makes=(*_APPEND, *_REWRITE, "os.unlink"),
    ),
    Scenario(
        name="compact()",
        journal=True,
        prepare=seeded(2),
        run=_compact,
        makes=(*_REWRITE, "os.unlink"),
    ),
    Scenario(
        name="batch, journal append", journal=True, prepare=seeded(1), run=_batch, makes=_APPEND
    ),
    Scenario(
        name="remove, journal append", journal=True, prepare=seeded(1), run=_remove, makes=_APPEND
    ),
    Scenario(
        name="declare_area, journal", journal=True, prepare=seeded(1), run=_declare, makes=_APPEND
    ),
    Scenario(
        name="open",
        journal=True,
        prepare=seeded(2),
        run=_open,
        opens=False,
        makes=(*_READ, "fcntl.flock", "os.unlink"),
        races=True,
    ),
    Scenario(
        name="refresh after an append",
        journal=True,
        prepare=seeded(1),
        run=_refresh,
        before=_other_appends,
        makes=("file.seek", "file.read"),
        races=True,
    ),
    Scenario(
        name="refresh after a compaction",
        journal=True,
        prepare=seeded(1),
        run=_refresh,
        before=_other_compacts,
        makes=_READ,
        races=True,
    ),
    Scenario(
        name="check_file", journal=True, prepare=seeded(2), run=_check, opens=False, makes=_READ
    ),
    Scenario(
        name="check_file, damaged store",
        journal=False,
        prepare=damaged,
        run=_check_damaged,
        opens=False,
        makes=_READ,
        damaged=True,
    ),
)
