"""Copying a whole repository between any two backends (a file and a database, either way)."""

from __future__ import annotations

from mou_tracker.domain import CooperationArea, Record
from mou_tracker.errors import StorageError
from mou_tracker.storage.repository import Repository

__all__ = ["check_same", "copy_repository"]


def copy_repository(source: Repository, target: Repository) -> int:
    """Copy every record of ``source`` (with its version) and every declared area into
    ``target``, which must be empty, in one transaction (:meth:`Repository.batch`) on
    ``target``; return how many records were copied.

    Before the transaction commits, ``target`` is read back and must hold exactly what was read
    from ``source`` (records, versions, areas); on any failure the transaction is rolled back
    and ``target`` is as it was. Read ``source`` where no one writes meanwhile (or from a
    read-only handle on a quiet store): the copy is of what was read.

    >>> from mou_tracker import InMemoryRepository
    >>> copy_repository(InMemoryRepository(), InMemoryRepository())
    0
    """
    areas = source.areas.extra
    records = list(source._versioned())
    with target.batch():
        if len(target) or target.areas.extra:
            raise StorageError(f"{target!r} is not empty; a copy goes into an empty repository")
        for area in areas:
            target.declare_area(area)
        for record, version in records:
            target._restore(record, version)
        check_same(records, areas, target)
    return len(records)


def check_same(
    records: list[tuple[Record, int]], areas: tuple[CooperationArea, ...], target: Repository
) -> None:
    """Raise :class:`StorageError` unless ``target`` holds exactly ``records`` and ``areas``."""
    if list(target._versioned()) != records or target.areas.extra != areas:
        raise StorageError(f"{target!r} does not hold what was copied; nothing was changed")
