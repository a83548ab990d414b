"""Open the store again and again while the writer saves, until ``--done`` appears.

Each round opens a fresh ``JsonRepository`` and refreshes a long-lived one. Every open must
succeed and show a state the writer acknowledged: a counter at least the last acknowledgement
read before opening (and at least what this reader saw before), at most one past the last
acknowledgement read after (a save that has not been acknowledged yet), and a record version
one more than the counter.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import attrs

from mou_tracker import JsonRepository
from reliability.workers.concurrency_common import (
    Errors,
    configure,
    counted,
    parser,
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
    options = arguments.parse_args()
    configure(options.mode, options.control)
    long_lived = JsonRepository(options.store)
    fresh, refreshed = Observer("open", options.acks), Observer("refresh", options.acks)

    def refresh() -> tuple[int, int]:
        long_lived.refresh()
        return counted(long_lived)

    wait_for_start(options)
    while not options.done.exists():
        fresh.observe(lambda: counted(JsonRepository(options.store)))
        refreshed.observe(refresh)
    report({"opens": fresh.as_dict(), "refreshes": refreshed.as_dict()})


if __name__ == "__main__":
    main()
