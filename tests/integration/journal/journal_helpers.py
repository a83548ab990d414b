"""Helpers shared by the journal tests: stores whose every save after the first goes to the
journal (``small_snapshot_bytes=0``), as it does for repositories over 1 MiB."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs

from mou_tracker import Agreement, JsonRepository


def journaled(path: Path, **options: Any) -> JsonRepository:
    """A handle on ``path`` that saves every change after the first to the journal."""
    return JsonRepository(path, small_snapshot_bytes=0, **options)


def renamed(agreement: Agreement, n: int) -> Agreement:
    return attrs.evolve(agreement, id=f"{agreement.id}-{n}")


def seeded(path: Path, agreement: Agreement, count: int = 6) -> JsonRepository:
    """A repository whose snapshot holds ``count`` agreements (so the journal stays small)."""
    repo = journaled(path)
    with repo.batch():
        for n in range(count):
            repo.add(renamed(agreement, n))
    repo.compact()
    return repo


def journal_of(path: Path) -> Path:
    return path.with_name(path.name + ".journal")
