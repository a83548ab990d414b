"""Stores a user may only read: building one, fingerprinting it, and running code as a user who
may not write it.

Root ignores permission bits, and the tests often run as root (in CI, in containers): there,
:func:`as_reader` runs the code in a forked child that has become ``nobody`` first, so a write
really is refused. Forking (rather than starting a new interpreter) keeps every module already
imported, so the child needs no access to where Python is installed. Whatever the user,
:func:`fingerprint` compares the directory before and after, so "changes nothing" is checked
independently of the permissions.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import traceback
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs
import pytest

from mou_tracker import Agreement, JsonRepository

NOBODY = 65534
"""The uid and gid of ``nobody`` (Debian, Alpine, RHEL...)."""
LEFTOVER = ".store.json.mou-tmp-0123456789ab"
"""What a crashed save leaves beside the store (opening for writing removes it)."""


def fingerprint(directory: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every entry of ``directory`` (and the directory itself, as ``.``): mode, mtime and bytes."""
    stat = os.stat(directory)
    found = {".": (stat.st_mode, stat.st_mtime_ns, b"")}
    for entry in os.scandir(directory):
        stat = entry.stat(follow_symlinks=False)
        data = Path(entry.path).read_bytes() if entry.is_file(follow_symlinks=False) else b""
        found[entry.name] = (stat.st_mode, stat.st_mtime_ns, data)
    return found


def protect(directory: Path) -> None:
    """No write permission for anyone: files 0444 in a 0555 directory."""
    for entry in directory.iterdir():
        entry.chmod(0o444)
    directory.chmod(0o555)


def build_store(directory: Path, agreement: Agreement, mode: str) -> Path:
    """A store in ``directory`` holding a few agreements, with a crashed save's leftover.

    ``snapshot``: the JSON file alone (no lock file). ``journal``: a snapshot, a journal
    holding later changes, and the lock file the writer left.
    """
    path = directory / "store.json"
    repo = JsonRepository(path, small_snapshot_bytes=0)
    with repo.batch():
        for n in range(3):
            repo.add(attrs.evolve(agreement, id=f"{agreement.id}-{n}"))
    if mode == "journal":
        first = repo.get(f"{agreement.id}-0")
        repo.update(attrs.evolve(first, notes="in the journal"), expected_version=1)
        assert (directory / "store.json.journal").exists()
    else:
        (directory / "store.json.lock").unlink()
    (directory / LEFTOVER).write_bytes(b"half a save")
    return path


@contextmanager
def shared_directory() -> Iterator[Path]:
    """A fresh directory that ``nobody`` can reach (pytest's own are private to their owner),
    with ``store`` (for the store) and ``out`` (writable by anyone) inside; removed after."""
    base = Path(tempfile.mkdtemp(prefix="mou-readers-"))
    try:
        base.chmod(0o755)
        (base / "store").mkdir()
        (base / "out").mkdir()
        (base / "out").chmod(0o777)
        yield base
    finally:
        for directory, _dirs, _files in os.walk(base):
            os.chmod(directory, 0o700)  # writable again, to be removed
        shutil.rmtree(base)


def as_reader(function: Callable[[], Any]) -> Any:
    """``function()`` run by a user without write permission on the store (its result must
    be JSON): in this process when it is not root, else in a forked child that is ``nobody``.
    Skips the test when this process cannot become ``nobody``."""
    if os.geteuid() != 0:
        return function()
    read, write = os.pipe()
    with warnings.catch_warnings():  # Python 3.12+ warns when another thread is alive (none
        # should be); the child only runs ``function`` and exits
        warnings.filterwarnings("ignore", "This process .* is multi-threaded", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; coverage is not saved from it
        os.close(read)
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
        except OSError as exc:
            payload = {"skip": f"cannot become nobody: {exc}"}
        else:
            try:
                payload = {"result": function()}
            except BaseException as exc:  # reported to the parent, which fails the test
                payload = {"error": f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"}
        with os.fdopen(write, "w") as out:
            out.write(json.dumps(payload))
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as received:
        payload = json.loads(received.read() or '{"error": "the child died"}')
    os.waitpid(pid, 0)
    if "skip" in payload:
        pytest.skip(payload["skip"])
    if "error" in payload:
        pytest.fail(f"as nobody: {payload['error']}")
    return payload["result"]
