"""What the PostgreSQL workers share: the counter record, an append-only log that survives
SIGKILL, and how a worker sorts the exceptions it meets.

The counter is the concurrency harness's (an engagement whose ``notes`` hold the count, or,
for the restart check, the tokens written so far). A worker's log is a file it appends whole
lines to with ``os.write`` on an ``O_APPEND`` descriptor: a line written before a kill is in
the file after it (the kernel has it; no buffer of the process is lost).
"""

from __future__ import annotations

import os
from pathlib import Path

import psycopg

from mou_tracker import Engagement, EngagementKind, Party, PostgresRepository
from mou_tracker.errors import MouTrackerError, StorageError
from reliability.workers.concurrency_common import COUNTER_ID, counter

__all__ = ["COUNTER_ID", "Log", "batch_record", "kind_of", "seed_counter"]


def seed_counter(url: str) -> None:
    """Add the counter at 0 (version 1) to the repository at ``url``."""
    with PostgresRepository(url) as repo:
        repo.add(counter(0))


def batch_record(batch: int, index: int) -> Engagement:
    """Record ``index`` of batch ``batch``: its id and its notes both carry the batch's id."""
    return Engagement(
        id=f"b{batch:05d}-{index}",
        kind=EngagementKind.TALKS,
        title=f"Record {index} of batch {batch}",
        parties=[Party(country="PK"), Party(country="KZ")],
        notes=f"batch b{batch:05d}",
    )


def kind_of(exc: BaseException) -> str:
    """``storage`` (a library StorageError), ``library`` (another library error), ``raw`` (a
    psycopg exception escaping the library) or ``foreign`` (anything else)."""
    if isinstance(exc, StorageError):
        return "storage"
    if isinstance(exc, MouTrackerError):
        return "library"
    if isinstance(exc, psycopg.Error):
        return "raw"
    return "foreign"


class Log:
    """Whole lines appended to a file, each in one ``write`` (kept through a SIGKILL)."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def line(self, *words: object) -> None:
        text = " ".join(str(w).replace("\n", " ") for w in words)
        os.write(self._fd, (text + "\n").encode("utf-8", "replace"))
