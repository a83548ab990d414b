"""Helpers shared by the journal tests."""

from __future__ import annotations

from pathlib import Path

import attrs

from mou_tracker import Agreement, JsonRepository


def renamed(agreement: Agreement, n: int) -> Agreement:
    return attrs.evolve(agreement, id=f"{agreement.id}-{n}")


def seeded(path: Path, agreement: Agreement, count: int = 6) -> JsonRepository:
    """A repository whose snapshot holds ``count`` agreements (so the journal stays small)."""
    repo = JsonRepository(path)
    with repo.batch():
        for n in range(count):
            repo.add(renamed(agreement, n))
    repo.compact()
    return repo


def journal_of(path: Path) -> Path:
    return path.with_name(path.name + ".journal")
