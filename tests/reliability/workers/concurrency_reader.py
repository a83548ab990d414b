"""Open the store again and again while the writer saves, until ``--done`` appears.

Each round opens a fresh ``JsonRepository`` and refreshes a long-lived one. Every open must
succeed and show a state the writer acknowledged: a counter at least the last acknowledgement
read before opening (and at least what this reader saw before), at most one past the last
acknowledgement read after (a save that has not been acknowledged yet), and a record version
one more than the counter.

In journal mode every other fresh open pauses between reading the snapshot and reading the
journal until the writer has acknowledged two more saves (``--pause``), so the read spans whole
saves, compactions among them, whatever the speed of the disk: the race the library must handle
(and the ``unchecked-open`` control must lose) happens in most runs rather than by luck.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import attrs

import mou_tracker.storage.loading as loading
from mou_tracker import JsonRepository
from reliability.workers.concurrency_common import (
    Errors,
    configure,
    counted,
    open_store,
    parser,
    patch,
    report,
    wait_for_start,
)
from reliability.workers.concurrency_writer import ACK_WIDTH


def last_ack(path: Path) -> int:
    """The last value the writer acknowledged (0 before the first)."""
    try:
        with path.open("rb") as handle:
            lines = os.fstat(handle.fileno()).st_size // ACK_WIDTH
            if not lines:
                return 0
            handle.seek((lines - 1) * ACK_WIDTH)
            return int(handle.read(ACK_WIDTH))
    except FileNotFoundError:
        return 0


PAUSE_SAVES = 2
"""Saves the writer acknowledges while a pausing open waits between snapshot and journal."""
PAUSE_TIMEOUT = 5.0


@attrs.define
class Pause:
    """Makes the next open wait, after it read the snapshot, until the writer acknowledged
    :data:`PAUSE_SAVES` more saves (or finished); every other open is left alone."""

    acks: Path
    done: Path
    armed: bool = False
    paused: int = 0
    raced: int = 0
    """Opens that found the snapshot replaced while they read it (and read it again)."""

    def install(self) -> None:
        real = loading.journal_path

        def journal_path(path: Path) -> Path:
            if self.armed:
                self.armed = False
                self.wait()
            return real(path)

        patch(loading, "journal_path", journal_path)
        read = JsonRepository._read

        def counted_read(repo: JsonRepository, *, stable_only: bool) -> bool:
            stable = read(repo, stable_only=stable_only)
            self.raced += not stable
            return stable

        patch(JsonRepository, "_read", counted_read)

    def wait(self) -> None:
        target, deadline = last_ack(self.acks) + PAUSE_SAVES, time.monotonic() + PAUSE_TIMEOUT
        while last_ack(self.acks) < target and not self.done.exists():
            if time.monotonic() > deadline:
                return
            time.sleep(0.0005)
        self.paused += 1


@attrs.define
class Observer:
    """Checks what one kind of open (fresh, or refreshed) shows, round after round."""

    kind: str
    acks: Path
    seen: int = 0
    """The highest counter this kind of open showed so far."""
    done: int = 0
    misordered: int = 0
    inconsistent: int = 0
    example: str | None = None
    errors: Errors = attrs.Factory(Errors)

    def observe(self, read: Callable[[], tuple[int, int]]) -> None:
        floor = max(self.seen, last_ack(self.acks))
        self.done += 1
        try:
            value, version = read()
        except Exception as exc:  # an unreadable store is what we count
            self.errors.add(exc)
            return
        ceiling = last_ack(self.acks) + 1
        if not floor <= value <= ceiling:
            self.misordered += 1
            self.example = self.example or f"{self.kind} saw {value}, expected {floor} to {ceiling}"
        if version != value + 1:
            self.inconsistent += 1
            self.example = self.example or f"{self.kind} saw {value} at version {version}"
        self.seen = max(self.seen, value)

    def as_dict(self) -> dict[str, object]:
        return {
            "done": self.done,
            "misordered": self.misordered,
            "inconsistent": self.inconsistent,
            "example": self.example,
            **self.errors.as_dict(),
        }


def main() -> None:
    arguments = parser(__doc__)
    arguments.add_argument("--acks", type=Path, required=True)
    arguments.add_argument("--done", type=Path, required=True)
    arguments.add_argument("--pause", action="store_true", help="pause every other open")
    options = arguments.parse_args()
    configure(options.control)
    pause = Pause(options.acks, options.done)
    if options.pause:
        pause.install()
    long_lived = open_store(options.store, options.mode)
    fresh, refreshed = Observer("open", options.acks), Observer("refresh", options.acks)

    def refresh() -> tuple[int, int]:
        long_lived.refresh()
        return counted(long_lived)

    wait_for_start(options)
    rounds = 0
    while not options.done.exists():
        rounds += 1
        pause.armed = options.pause and rounds % 2 == 0
        fresh.observe(lambda: counted(open_store(options.store, options.mode)))
        pause.armed = False
        refreshed.observe(refresh)
    report(
        {
            "opens": fresh.as_dict(),
            "refreshes": refreshed.as_dict(),
            "paused": pause.paused,
            "raced": pause.raced,
        }
    )


if __name__ == "__main__":
    main()
