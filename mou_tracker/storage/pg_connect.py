"""Connections to PostgreSQL, and the one place psycopg's errors become library errors.

A password may come from the URL (``postgresql://user:secret@host/db`` or ``?password=``),
libpq's environment (``PGPASSWORD``) or a password/service file. None of them ever appears in
a message: the location shown is the URL with its password masked (:func:`redact_url`), and
every error text taken from the driver is scrubbed of the passwords known here before it is
wrapped in a :class:`~mou_tracker.errors.StorageError` (raised ``from None``, so the driver's
exception is not chained to it either).
"""

from __future__ import annotations

import contextlib
import os
import urllib.parse
from collections.abc import Iterator

import psycopg
from psycopg import errors as pg_errors
from psycopg.types.json import set_json_loads

from mou_tracker.errors import PermissionDeniedError, StorageError, ValidationError
from mou_tracker.storage.jsonparse import orjson
from mou_tracker.storage.opening import is_postgres_url

__all__ = ["Location", "connect", "redact_url", "storage_errors"]

_MASK = "***"


def _passwords(url: str) -> list[str]:
    """The passwords written in ``url`` or set in the environment (longest first)."""
    parts = urllib.parse.urlsplit(url)
    found = [parts.password or ""]
    found += urllib.parse.parse_qs(parts.query).get("password", [])
    found.append(os.environ.get("PGPASSWORD", ""))
    return sorted({p for p in found if p}, key=len, reverse=True)


def redact_url(url: str) -> str:
    """``url`` with any password replaced by ``***`` (in the user part and in the query)."""
    parts = urllib.parse.urlsplit(url)
    netloc = parts.netloc
    if parts.password is not None:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.partition(':')[0]}:{_MASK}@{host}"
    query = [
        (key, _MASK if key == "password" else value)
        for key, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urllib.parse.urlunsplit(
        (parts.scheme, netloc, parts.path, urllib.parse.urlencode(query, safe="/*"), "")
    )


class Location:
    """A database URL, and how to name it without its password."""

    def __init__(self, url: str) -> None:
        if not is_postgres_url(url):
            raise ValidationError("a PostgreSQL location is a postgresql:// URL", field="url")
        self.url = url
        self.shown = redact_url(url)
        self._secrets = _passwords(url)

    def scrub(self, text: str) -> str:
        """``text`` with every known password masked."""
        for secret in self._secrets:
            text = text.replace(secret, _MASK)
        return text


def connect(location: Location, *, read_only: bool) -> psycopg.Connection[tuple[object, ...]]:
    """A new connection in autocommit mode (each operation opens its own transaction); with
    ``read_only`` every transaction of the session is read-only, enforced by the server."""
    with storage_errors(location, "cannot connect"):
        conn = psycopg.connect(location.url, autocommit=True)
        if orjson is not None:  # pragma: no branch - parsed by orjson, as the file store does
            set_json_loads(orjson.loads, conn)
        if read_only:
            conn.execute("SET default_transaction_read_only = on")
        return conn


_ACTS = {
    "cannot connect": "connecting",
    "cannot read": "reading",
    "cannot write": "writing",
    "cannot create the repository": "creating the repository",
}
"""What was refused, by what :func:`storage_errors` was told the block does."""


@contextlib.contextmanager
def storage_errors(location: Location, doing: str) -> Iterator[None]:
    """Turn the driver's errors raised inside the block into library errors: a broken
    reference checked at commit becomes a :class:`ValidationError`, anything else a
    :class:`StorageError` naming the (redacted) location and what failed (a
    :class:`PermissionDeniedError` when the server refused it to the role)."""
    try:
        yield
    except pg_errors.ForeignKeyViolation:
        raise ValidationError(
            "a deadline would be tied to an engagement that does not exist (another writer "
            "removed it, or added the deadline, meanwhile); nothing was changed",
            field="anchor",
        ) from None
    except pg_errors.InsufficientPrivilege as exc:
        detail = location.scrub(" ".join(str(exc).split()))
        act = _ACTS.get(doing, doing)
        raise PermissionDeniedError(
            f"{location.shown}: permission denied for {act}: the server refused it to this "
            f"role ({detail}); nothing was changed"
        ) from None
    except pg_errors.ReadOnlySqlTransaction:
        raise StorageError(f"{location.shown}: opened read-only; nothing was changed") from None
    except psycopg.Error as exc:
        detail = location.scrub(" ".join(str(exc).split()))
        raise StorageError(f"{location.shown}: {doing}: {type(exc).__name__}: {detail}") from None
