"""An in-memory repository: the same contract as the JSON one, for tests and scratch work."""

from __future__ import annotations

from mou_tracker.storage.state import StateRepository

__all__ = ["InMemoryRepository"]


class InMemoryRepository(StateRepository):
    """Keeps everything in memory; nothing is written anywhere.

    >>> from mou_tracker import InMemoryRepository
    >>> repo = InMemoryRepository()
    >>> len(repo)
    0
    """
