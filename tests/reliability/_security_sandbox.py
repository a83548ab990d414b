"""A throwaway directory tree the security harness runs in, and what changed in it.

Layout: ``<root>/cwd`` is the working directory while the harness runs, ``<root>/home`` is
``$HOME`` (so a ``~`` that got expanded would land inside), and the stores live in
``<root>/parent/store``. :func:`changes` compares two :func:`~reliability._harness.snapshot_tree`
snapshots of the root, split into what changed inside the store directory and outside it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import attrs

from reliability._harness import snapshot_tree

__all__ = ["Changes", "Sandbox", "changes", "sandbox", "watched_outside"]

_WATCHED = (Path("/etc/passwd"), Path("/etc/hostname"))
"""Files outside the sandbox an id like ``/etc/passwd`` would aim at (compared by size and
modification time: the harness runs as root on some machines, so it must not be able to write
there without noticing)."""


@attrs.frozen
class Sandbox:
    root: Path

    @property
    def cwd(self) -> Path:
        return self.root / "cwd"

    @property
    def home(self) -> Path:
        return self.root / "home"

    @property
    def store(self) -> Path:
        """The store directory; its parent, ``<root>/parent``, is watched like the rest."""
        return self.root / "parent" / "store"

    def snapshot(self) -> dict[str, tuple[int, int]]:
        return snapshot_tree(self.root)

    def inside(self, path: Path) -> bool:
        """Whether ``path`` (resolved) is under the sandbox root."""
        return path.resolve().is_relative_to(self.root.resolve())


@contextlib.contextmanager
def sandbox() -> Iterator[Sandbox]:
    """A fresh sandbox, with the working directory and ``$HOME`` moved into it meanwhile."""
    box = Sandbox(Path(tempfile.mkdtemp(prefix="mou-security-")))
    for directory in (box.cwd, box.home, box.store):
        directory.mkdir(parents=True)
    old_cwd, old_home = os.getcwd(), os.environ.get("HOME")
    os.chdir(box.cwd)
    os.environ["HOME"] = str(box.home)
    try:
        yield box
    finally:
        os.chdir(old_cwd)
        if old_home is None:
            os.environ.pop("HOME", None)
        else:
            os.environ["HOME"] = old_home
        shutil.rmtree(box.root, ignore_errors=True)


@attrs.frozen
class Changes:
    """Files created, removed or modified between two snapshots (paths relative to the root)."""

    in_store: tuple[str, ...]
    outside: tuple[str, ...]


def changes(
    box: Sandbox, before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]
) -> Changes:
    store = str(box.store.relative_to(box.root))
    moved = sorted(
        path for path in before.keys() | after.keys() if before.get(path) != after.get(path)
    )
    in_store = tuple(p for p in moved if p == store or p.startswith(store + os.sep))
    return Changes(in_store=in_store, outside=tuple(p for p in moved if p not in in_store))


def watched_outside() -> dict[str, tuple[int, int] | None]:
    """Size and modification time of the files outside the sandbox that hostile ids aim at."""
    found: dict[str, tuple[int, int] | None] = {}
    for path in _WATCHED:
        try:
            stat = path.stat()
        except OSError:
            found[str(path)] = None
        else:
            found[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return found
