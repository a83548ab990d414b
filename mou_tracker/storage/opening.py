"""One way to open a store: a path gives the JSON file store, a ``postgresql://`` URL the
PostgreSQL one (imported only then, so the JSON store never needs psycopg)."""

from __future__ import annotations

import os

from mou_tracker.storage.jsonfile import JsonRepository
from mou_tracker.storage.repository import Repository

__all__ = ["URL_SCHEMES", "create_repository", "is_postgres_url", "open_repository", "show"]

URL_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(location: object) -> bool:
    """Whether ``location`` is a ``postgresql://`` (or ``postgres://``) URL."""
    return isinstance(location, str) and location.lower().startswith(URL_SCHEMES)


def open_repository(location: str | os.PathLike[str], *, read_only: bool = False) -> Repository:
    """The repository at ``location``: a :class:`~mou_tracker.PostgresRepository` for a
    ``postgresql://`` URL (the database must hold a repository), else a
    :class:`~mou_tracker.JsonRepository` for that path (a missing file is an empty repository).

    ``read_only=True`` opens it only to read: every change raises :class:`StorageError`.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     open_repository(pathlib.Path(tmp) / "store.json", read_only=True)
    JsonRepository('.../store.json')
    """
    if is_postgres_url(location):
        from mou_tracker.storage.postgres import PostgresRepository

        return PostgresRepository(str(location), read_only=read_only)
    return JsonRepository(location, read_only=read_only)


def create_repository(location: str | os.PathLike[str]) -> Repository:
    """Create an empty repository at ``location`` (a path or a ``postgresql://`` URL), never
    overwriting one; return a writable handle on it."""
    if is_postgres_url(location):
        from mou_tracker.storage.postgres import PostgresRepository

        return PostgresRepository.create(str(location))
    return JsonRepository.create(location)


def show(location: str | os.PathLike[str]) -> str:
    """``location`` as it may be shown: a URL without its password."""
    if is_postgres_url(location):
        from mou_tracker.storage.pg_connect import redact_url

        return redact_url(str(location))
    return str(location)
