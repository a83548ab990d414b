"""The process the crash harness kills: ``python -m reliability.workers.crash_writer``.

A fork server, so a trial costs a ``fork`` rather than a Python start-up: it reads one trial a
line on stdin (JSON, see :func:`run_trial`), forks a child that runs it, and prints
``pid <pid>`` then, once the child is dead, ``exit <wait status>``. The child opens the store,
prints ``ready <step>``, then saves steps in a loop (``reliability.workers.crash_state``),
printing ``save N`` before and ``ack N`` after each save returns, until it is killed: by the
parent (SIGKILL after a random delay) or by itself, at the ``occurrence``-th I/O call the
library makes in the targeted ``phase`` (the open included), before the call, after it, or
(for a write) after writing half the buffer; if that call has not come ``within`` N saves,
at the next call instead (a *fallback*). Before such a self-kill it prints ``kill {json}``
naming the phase, the call and the position. Every line is one ``write`` on stdout, so lines
never interleave.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from types import FrameType
from typing import Any

from mou_tracker import AreaVocabulary, JsonRepository
from mou_tracker.storage import jsonfile
from mou_tracker.storage.atomic import TEMP_MARKER
from mou_tracker.storage.document import Stored
from reliability.workers.crash_state import apply_step, is_batch, read_state, small_snapshot_bytes

CALLS = ("open", "write", "fsync", "fdatasync", "replace", "unlink", "ftruncate")
"""The ``os`` functions the library's writes go through (wrapped in the child)."""

_write = os.write  # the real one: the child's own messages must not count as library calls


def say(line: str) -> None:
    _write(1, (line + "\n").encode())


def naive_write(path: Path, data: bytes) -> None:
    """TinyDB's way (the negative control): truncate the file in place, then write it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


_compact = JsonRepository._compact


def journal_first(self: JsonRepository, areas: AreaVocabulary, records: Iterable[Stored]) -> None:
    """A broken compaction (a negative control): the journal is removed before the new
    snapshot is in place, so a crash in between loses what only the journal held."""
    if os.path.exists(self.journal_path):
        os.unlink(self.journal_path)
    _compact(self, areas, records)


def phase_of(mode: str) -> str:
    """Which step of a save the current I/O call belongs to, from the functions on the stack."""
    names: set[str] = set()
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        names.add(frame.f_code.co_qualname)
        frame = frame.f_back
    if "Journal.create" in names:
        return "journal creation"
    if "Journal.append" in names:
        return "journal append"
    if "JsonRepository._compact" in names or "journal_first" in names:
        rewrite = "atomic_write" in names or "naive_write" in names
        if mode == "small":
            return "snapshot rewrite" if rewrite else "after the rewrite"
        return "compaction: new snapshot" if rewrite else "compaction: journal removal"
    if "remove_stale_temp_files" in names:
        return "temp file cleanup"
    return "lock and reload"


class Tracer:
    """Wraps the ``os`` calls of :data:`CALLS`; kills the process at the chosen one."""

    def __init__(self, spec: dict[str, Any], store: Path) -> None:
        self.mode: str = spec["mode"]
        self.kill: dict[str, Any] | None = spec["kill"]
        self.rng = random.Random(spec["seed"])  # noqa: S311 (reproducible, not secret)
        self.store = store
        self.fds: dict[int, str] = {}
        self.seen = 0
        self.batch = False
        self.saves = 0
        """Saves completed: a kill ``within`` N saves that has not come yet comes at once."""

    def install(self) -> None:
        for name in CALLS:
            setattr(os, name, self._wrap(name, getattr(os, name)))

    def _wrap(self, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            kill = self.kill
            if kill is not None:
                phase = phase_of(self.mode)
                target, call = kill["phase"], kill["call"]
                aimed = target == "any" or phase == target or (target == "batch" and self.batch)
                if aimed and call in (None, name):
                    self.seen += 1
                    if self.seen == kill["occurrence"]:
                        self._die(name, real, args, kwargs, phase)
                elif kill["within"] is not None and self.saves >= kill["within"]:
                    self._die(name, real, args, kwargs, phase, fallback=True)
            result = real(*args, **kwargs)
            if name == "open":
                self.fds[result] = self._label(args[0])
            return result

        return wrapper

    def _die(
        self,
        name: str,
        real: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        phase: str,
        *,
        fallback: bool = False,
    ) -> None:
        positions = ["before", "after"] + (["mid"] if name == "write" and len(args[1]) > 1 else [])
        position = self.rng.choice(positions)
        if self.kill is not None and self.kill["position"] in positions:
            position = self.kill["position"]
        if position == "mid":
            real(args[0], args[1][: len(args[1]) // 2])
        elif position == "after":
            try:
                real(*args, **kwargs)
            except OSError:  # it failed (unlinking a journal that is not there): dead all the same
                position = "after (it failed)"
        if name in ("open", "unlink"):
            target = self._label(args[0])
        elif name == "replace":
            target = f"{self._label(args[0])} over {self._label(args[1])}"
        else:
            target = self.fds.get(args[0], "?")
        step = {"phase": phase, "call": f"{name} {target}", "position": position}
        say("kill " + json.dumps({**step, "batch": self.batch, "fallback": fallback}))
        os.kill(os.getpid(), signal.SIGKILL)

    def _label(self, path: str | os.PathLike[str]) -> str:
        file = Path(path)
        if file == self.store.parent:
            return "directory"
        if TEMP_MARKER in file.name:
            return "journal temp" if ".journal" in file.name else "snapshot temp"
        names = {
            self.store.name: "snapshot",
            f"{self.store.name}.journal": "journal",
            f"{self.store.name}.lock": "lock file",
        }
        return names.get(file.name, "other file")


def run_trial(spec: dict[str, Any]) -> None:
    """Run one trial in this (forked) process. ``spec``: ``store`` (path), ``mode``
    ("small" | "journal"), ``variant`` ("library", or a broken writer: "naive", "early-ack",
    "split-batch", "journal-first"), ``kill`` (None, or ``{"phase", "call", "position",
    "occurrence", "within"}``), ``seed``, ``max_steps``."""
    store = Path(spec["store"])
    variant = spec["variant"]
    if variant == "naive":
        jsonfile.atomic_write = naive_write  # type: ignore[attr-defined]
    if variant == "journal-first":
        JsonRepository._compact = journal_first  # type: ignore[method-assign]
    tracer = Tracer(spec, store)
    tracer.install()  # before the open: a kill may land in it too
    repo = JsonRepository(store, small_snapshot_bytes=small_snapshot_bytes(spec["mode"]))
    start = max(read_state(repo).values())
    say(f"ready {start}")
    for step in range(start + 1, start + 1 + spec["max_steps"]):
        tracer.batch = is_batch(step)
        if variant == "early-ack":  # the negative control: acknowledges before saving
            say(f"ack {step}")
        say(f"save {step}")
        apply_step(repo, step, split_batches=variant == "split-batch")
        if variant != "early-ack":
            say(f"ack {step}")
        tracer.saves += 1
    say("exhausted")


def main() -> None:
    for line in sys.stdin:
        spec = json.loads(line)
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                run_trial(spec)
            except BaseException:
                traceback.print_exc()
                sys.stderr.flush()
                code = 70
            os._exit(code)
        say(f"pid {pid}")
        _, status = os.waitpid(pid, 0)
        say(f"exit {status}")


if __name__ == "__main__":
    main()
