"""The PostgreSQL harness's server: one throwaway server per run (``tests/pgserver.py``), started
by the harness itself and always stopped (also when a check fails, and by its watchdog when this
process dies), with a fresh schema for each check.

Where no server can be started, :func:`server` raises :class:`NotRun` with the reason; the
harness then reports its figures as not run (loudly), except under ``CI=true``, where that is a
failure (as in ``make test``).
"""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Iterator
from typing import Any

import pgserver
import psycopg

from mou_tracker import PostgresRepository

__all__ = ["NotRun", "Server", "admin", "new_schema", "server", "under_ci"]

Server = pgserver.Server

_schemas = itertools.count(1)


class NotRun(Exception):
    """No PostgreSQL server could be started here; the message says why."""


def under_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


@contextlib.contextmanager
def server() -> Iterator[pgserver.Server]:
    """A running server for the block, stopped when it ends however it ends."""
    try:
        running = pgserver.start()
    except pgserver.ServerUnavailable as exc:
        raise NotRun(str(exc)) from None
    try:
        yield running
    finally:
        running.stop()


@contextlib.contextmanager
def admin(running: pgserver.Server, url: str | None = None) -> Iterator[psycopg.Connection[Any]]:
    """A superuser connection (autocommit) for setting up and inspecting, never for the checks'
    own writes."""
    with psycopg.connect(url or running.url, autocommit=True) as conn:
        yield conn


def new_schema(running: pgserver.Server, prefix: str = "r") -> tuple[str, str]:
    """A fresh schema holding an empty repository: ``(schema, url)``, the URL's
    ``search_path`` set to it."""
    name = f"{prefix}{next(_schemas)}_{os.getpid()}"
    with admin(running) as conn:
        conn.execute(f"CREATE SCHEMA {name}")  # a name made here, never from input
    url = running.url_for(options=f"-csearch_path%3D{name}")
    PostgresRepository.create(url).close()
    return name, url
