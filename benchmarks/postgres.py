"""The bench's own throwaway PostgreSQL server, durable like the baselines it is compared with.

It is the test suite's server (``tests/pgserver.py``: a temporary directory on this machine's
disk, a Unix socket only, run as a non-root user, stopped by a watchdog even if the bench dies),
restarted with ``fsync`` on: the tests turn it off for speed, and a durable update must reach
the disk to be compared with SQLite's ``synchronous=FULL``. :func:`server` yields it, or the
reason it could not start, and always stops it.
"""

from __future__ import annotations

import contextlib
import importlib.util
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

__all__ = ["Postgres", "server"]

_TESTS = Path(__file__).resolve().parent.parent / "tests"
_DURABLE = {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}


def _pgserver() -> ModuleType:
    """``tests/pgserver.py`` (not a package module: loaded from its path, unless the tests
    imported it already)."""
    if "pgserver" in sys.modules:
        return sys.modules["pgserver"]
    spec = importlib.util.spec_from_file_location("pgserver", _TESTS / "pgserver.py")
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {_TESTS / 'pgserver.py'}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["pgserver"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


class Postgres:
    """A running server: a URL per database, and databases made and dropped by name."""

    def __init__(self, running: Any) -> None:
        self.running = running
        self._made: list[str] = []

    def url(self, database: str) -> str:
        return str(self.running.url_for(database))

    def create(self, database: str) -> str:
        """A new, empty database (dropped first if it exists); returns its URL."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.running.url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(database)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
        self._made.append(database)
        return self.url(database)

    def settle(self, database: str) -> None:
        """After a bulk load, untimed: ``VACUUM ANALYZE`` the database and ``CHECKPOINT``, so
        the figures measured on it meet neither autovacuum nor the load's dirty pages being
        written out midway (the SQLite baseline's file is checkpointed likewise)."""
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
            conn.execute("CHECKPOINT")

    def drop(self, database: str) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.running.url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(database)))

    def show(self, *names: str) -> dict[str, str]:
        """The server's settings ``names`` (``SHOW``)."""
        import psycopg

        found = {}
        with psycopg.connect(self.running.url, autocommit=True) as conn:
            for name in names:
                row = conn.execute(f"SHOW {name}").fetchone()  # names are constants here
                found[name] = "" if row is None else str(row[0])
        return found


def _make_durable(pgserver: ModuleType, running: Any) -> None:
    """Restart the server with the tests' options minus ``fsync=off`` (a command-line option
    outranks ``ALTER SYSTEM``, so a restart is the way), then check it took."""
    bindir = pgserver.find_bindir()
    prefix = pgserver._as_server_user()  # the same non-root user the server runs as
    sockets = running.socket_dir
    options = f"-k {sockets} -c listen_addresses='' -c max_connections=200"
    command = [
        *prefix,
        str(bindir / "pg_ctl"),
        "restart",
        "-w",
        "-m",
        "fast",
        "-D",
        str(running.directory / "data"),
        "-l",
        str(running.directory / "server.log"),
        "-o",
        options,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise pgserver.ServerUnavailable(
            f"restarting with fsync on failed: {(done.stderr or done.stdout).strip()[-400:]}"
        )


@contextlib.contextmanager
def server() -> Iterator[Postgres | str]:
    """A durable server, or the reason none could be started; stopped when the block ends,
    however it ends."""
    try:
        import psycopg  # the postgres extra
    except ImportError:
        yield "psycopg is not installed (pip install 'mou-tracker[postgres]')"
        return
    try:
        pgserver = _pgserver()
    except (ImportError, OSError) as exc:
        yield f"cannot load tests/pgserver.py: {exc}"
        return
    try:
        running = pgserver.start()
    except pgserver.ServerUnavailable as exc:
        yield f"no server could be started: {exc}"
        return
    try:
        postgres = Postgres(running)
        try:
            _make_durable(pgserver, running)
            settings = postgres.show(*_DURABLE)
        except (pgserver.ServerUnavailable, OSError, psycopg.Error) as exc:
            yield str(exc)
            return
        if settings != _DURABLE:
            yield f"the server is not durable: {settings}"
            return
        yield postgres
    finally:
        running.stop()
