"""The one exception hierarchy of mou-tracker, rooted at :class:`MouTrackerError`.

Every error the library raises on purpose is a subclass of :class:`MouTrackerError`, so callers
(and the command line) can catch one class. Subclasses carry structured attributes (``record_id``,
``field``, ``path``, ``json_path``) besides their message.
"""

from __future__ import annotations

__all__ = [
    "ConflictError",
    "DuplicateIdError",
    "FormatError",
    "InvalidDateError",
    "InvalidIdError",
    "InvalidTransitionError",
    "MouTrackerError",
    "NotFoundError",
    "PermissionDeniedError",
    "SchemaVersionError",
    "StorageError",
    "UnknownAreaError",
    "UnknownCountryError",
    "ValidationError",
]


class MouTrackerError(Exception):
    """Root of every error raised by mou-tracker on purpose."""


class ValidationError(MouTrackerError, ValueError):
    """A value breaks a rule of the domain model.

    ``field`` names the attribute at fault when one does.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class InvalidDateError(ValidationError):
    """A text is not a valid partial date (``2025-11-09``, ``2025-11``, ``2025-Q4``, ``2025``)."""


class UnknownCountryError(ValidationError):
    """A name or code does not identify an ISO 3166-1 country."""


class InvalidIdError(ValidationError):
    """A record id is not a lowercase slug (checked before it ever touches a path)."""


class InvalidTransitionError(ValidationError):
    """A status change is impossible from the current status (``terminated`` -> ``signed``)."""


class UnknownAreaError(ValidationError):
    """A cooperation area code is neither standard nor declared by the repository."""


class NotFoundError(MouTrackerError, KeyError):
    """No record has the requested id."""

    def __init__(self, record_id: str, *, commitment_id: str | None = None) -> None:
        super().__init__(record_id)
        self.record_id = record_id
        self.commitment_id = commitment_id

    def __str__(self) -> str:
        if self.commitment_id is not None:
            return f"record {self.record_id!r} has no commitment {self.commitment_id!r}"
        return f"no record with id {self.record_id!r}"


class DuplicateIdError(MouTrackerError):
    """A record id is already taken in the repository (ids are unique across record kinds)."""

    def __init__(self, record_id: str) -> None:
        super().__init__(f"a record with id {record_id!r} already exists")
        self.record_id = record_id


class ConflictError(MouTrackerError):
    """A write was based on a stale version of a record (optimistic concurrency check)."""

    def __init__(self, record_id: str, *, expected: int, actual: int | None) -> None:
        found = "it was removed" if actual is None else f"it is now at version {actual}"
        super().__init__(
            f"record {record_id!r} changed since it was read: expected version {expected}, {found}"
        )
        self.record_id = record_id
        self.expected = expected
        self.actual = actual


class StorageError(MouTrackerError):
    """A repository could not read or write its storage.

    ``committed`` is False (the usual case) when the change was not made: the store and the
    repository in memory are as they were. It is True when the failure came after the commit
    point (syncing the directory after the new file was renamed into place, removing the old
    journal after a compaction...): the store and the repository in memory hold the change, but
    it may not survive a power loss. The message says which.
    """

    def __init__(self, message: str, *, committed: bool = False) -> None:
        super().__init__(message)
        self.committed = committed


class PermissionDeniedError(StorageError):
    """The database refused an operation to the role the repository was opened as (a reader
    role writing, for example). Nothing was changed; the message says what was refused."""


class FormatError(StorageError):
    """A stored document is malformed or breaks a rule of the model.

    The message names the file, the record id when known, and the JSON path of the fault,
    for example ``mou-tracker.json: record 'x': ... @ $.agreements[3].commitments[0].deadline``.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        record_id: str | None = None,
        json_path: str = "$",
    ) -> None:
        where = f"{path}: " if path else ""
        record = f"record {record_id!r}: " if record_id else ""
        super().__init__(f"{where}{record}{message} @ {json_path}")
        self.path = path
        self.record_id = record_id
        self.json_path = json_path
        self.reason = message


class SchemaVersionError(FormatError):
    """A stored document has a ``schema_version`` this library cannot read; it is left untouched."""
