"""The counter the crash harness writes, and how a store read after a crash is judged.

The store holds four counter records (three agreements and an engagement) whose titles are
``counter N``. Step ``N`` writes the value ``N``: a step that is a multiple of
:data:`BATCH_EVERY` sets every record to ``N`` in one ``batch()``; any other step updates one
record, in turn. The state after step ``N`` is therefore :func:`expected` ``(N)``, and a state
read after a kill that is not ``expected(top)`` for its highest value ``top`` blends two saves
(half a batch, or a lost middle save): it is *mixed*.

Shared by the writer (``crash_writer``, in the killed process) and the parent (``crash``).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Literal

from mou_tracker import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Engagement,
    EngagementKind,
    JsonRepository,
    Party,
    Record,
    StatusChange,
)
from mou_tracker.storage import jsonfile
from mou_tracker.storage.atomic import TEMP_MARKER

Mode = Literal["small", "journal"]
"""``small``: every save rewrites the snapshot. ``journal``: saves append to the journal (the
snapshot-size threshold is set to 0, as the journal tests do), compacted as it grows."""

Verdict = Literal["last ack", "next", "mixed", "lost", "ahead"]

RECORD_IDS = ("counter-a", "counter-b", "counter-c", "counter-d")
ENGAGEMENT_ID = "counter-d"
BATCH_EVERY = 5
PARTIES = (Party(country="PK"), Party(country="KZ"))


def is_batch(step: int) -> bool:
    return step % BATCH_EVERY == 0


def touched(step: int) -> tuple[str, ...]:
    """The records step ``step`` writes."""
    if is_batch(step):
        return RECORD_IDS
    return (RECORD_IDS[step % BATCH_EVERY - 1],)


def expected(step: int) -> dict[str, int]:
    """Record id -> counter value once steps 1 to ``step`` are saved (step 0: the seed)."""
    base = step - step % BATCH_EVERY  # the last batch (or the seed), which set every record
    return {
        record_id: base + index + 1 if base + index + 1 <= step else base
        for index, record_id in enumerate(RECORD_IDS)
    }


def make_record(record_id: str, value: int) -> Record:
    title = f"counter {value}"
    if record_id == ENGAGEMENT_ID:
        return Engagement(id=record_id, kind=EngagementKind.TALKS, title=title, parties=PARTIES)
    return Agreement(
        id=record_id,
        kind=AgreementKind.MOU,
        title=title,
        parties=PARTIES,
        history=[StatusChange(status=AgreementStatus.SIGNED, date="2025-01-01")],
    )


def apply_step(repo: JsonRepository, step: int, *, split_batches: bool = False) -> None:
    """Save step ``step``: one update, or a batch (saved record by record when
    ``split_batches``: the broken writer of a negative control)."""
    ids = touched(step)
    atomic = len(ids) > 1 and not split_batches
    with repo.batch() if atomic else contextlib.nullcontext():
        for record_id in ids:
            repo.update(make_record(record_id, step), expected_version=repo.version(record_id))


def read_state(repo: JsonRepository) -> dict[str, int]:
    """Record id -> counter value of the counter records present in ``repo``."""
    state: dict[str, int] = {}
    for record in repo.records():
        if record.id in RECORD_IDS and record.title.startswith("counter "):
            state[record.id] = int(record.title.removeprefix("counter "))
    return state


def judge(state: dict[str, int], acked: int) -> tuple[Verdict, int]:
    """Whether a state read after a kill is the last acknowledged step or the one after it,
    and its step (the highest value)."""
    top = max(state.values(), default=-1)
    if state != expected(top):
        return "mixed", top
    if top < acked:
        return "lost", top
    if top > acked + 1:
        return "ahead", top
    return ("last ack" if top == acked else "next"), top


def seed_store(path: Path, step: int) -> None:
    """A new store at ``path`` holding ``expected(step)`` (what was there is deleted)."""
    for leftover in (path, path.with_name(path.name + ".journal")):
        leftover.unlink(missing_ok=True)
    for name in temp_files(path.parent):
        (path.parent / name).unlink()
    repo = JsonRepository(path)
    with repo.batch():
        for record_id, value in expected(step).items():
            repo.add(make_record(record_id, value))


def temp_files(directory: Path) -> list[str]:
    """Temporary files (``.mou-tmp-``) in ``directory``, by name."""
    return sorted(name for name in os.listdir(directory) if TEMP_MARKER in name)


def small_snapshot_bytes(mode: Mode) -> int:
    """What a handle saving in ``mode`` is opened with (journal: every save after the first
    goes to the journal)."""
    return 0 if mode == "journal" else jsonfile.SMALL_SNAPSHOT_BYTES
