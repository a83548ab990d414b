"""The errors an import raises: a mapping that cannot be used, and a row refused in strict mode."""

from __future__ import annotations

from mou_tracker.errors import MouTrackerError, ValidationError

__all__ = ["MappingError", "RowRejectedError", "SourceFileError"]


class MappingError(ValidationError):
    """A mapping is unusable: an unknown key in its TOML file, a wrong type, a column the data
    file does not have, a value map to an unknown kind. ``field`` is the mapping key at fault
    (``dates.signature.format``) when there is one."""


class RowRejectedError(ValidationError):
    """In strict mode, the first row the import could not take; nothing was written.

    ``row`` is the line the row starts on in the file (the header is line 1); ``column`` and
    ``value`` say where the problem is when one cell is at fault.
    """

    def __init__(self, message: str, *, row: int, column: str | None, value: str | None) -> None:
        super().__init__(message, field=column)
        self.row = row
        self.column = column
        self.value = value


class SourceFileError(MouTrackerError):
    """A source file cannot be read: missing, not text in the mapping's encoding, not CSV, or
    without a column the mapping reads."""
