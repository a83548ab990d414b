"""Reading a TOML table strictly: every key known, every value of the expected type.

A :class:`TomlTable` is one table of a parsed TOML document (a ``dict``), opened with the keys it
may have, so a misspelt key is reported before anything else. It knows nothing of mappings:
:mod:`mou_tracker.importers.tomlfile` says which keys each table of a mapping has and what they
become.
"""

from __future__ import annotations

import enum
from typing import Any, TypeVar

from mou_tracker.errors import ValidationError
from mou_tracker.importers.errors import MappingError

__all__ = ["TomlTable", "located"]

T = TypeVar("T")
En = TypeVar("En", bound=enum.Enum)


class TomlTable:
    """One TOML table being read: unknown keys are refused when it is opened; each value is taken
    (and removed) once, with its type checked."""

    def __init__(self, data: object, path: str, doc: str, keys: tuple[str, ...] | None) -> None:
        if not isinstance(data, dict):
            raise MappingError(f"{doc}: {path or 'the mapping'} must be a table", field=path)
        self.data: dict[str, Any] = dict(data)
        self.path, self.doc = path, doc
        unknown = sorted(set(self.data) - set(keys)) if keys is not None else []
        if unknown:
            where = f" in [{path}]" if path else ""
            raise MappingError(
                f"{doc}: unknown key {unknown[0]!r}{where}; known keys: {', '.join(keys or ())}",
                field=self.where(unknown[0]),
            )

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, message: str) -> MappingError:
        return MappingError(f"{self.doc}: {self.where(key)}: {message}", field=self.where(key))

    def raw(self, key: str) -> object:
        """The value of ``key`` (None when absent)."""
        return self.data.pop(key, None)

    def get(self, key: str, kind: type[T], default: T) -> T:
        value = self.raw(key)
        if value is None:
            return default
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(key, f"expected {kind.__name__}, got {value!r}")
        return value

    def text(self, key: str, default: str | None = None) -> str | None:
        value = self.raw(key)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.fail(key, f"expected a text, got {value!r}")
        return value

    def required(self, key: str) -> str:
        value = self.text(key)
        if value is None:
            raise self.fail(key, "is required")
        return value

    def texts(self, key: str) -> list[str] | None:
        value = self.raw(key)
        if value is None or isinstance(value, str):
            return None if value is None else [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, f"expected a text or a list of texts, got {value!r}")
        return value

    def words(self, key: str) -> dict[str, str]:
        table = self.sub(key, None)
        if table is None:
            return {}
        for word, target in table.data.items():
            if not isinstance(target, str):
                raise table.fail(word, f"expected a text, got {target!r}")
        return dict(table.data)

    def choice(self, key: str, cls: type[En], default: En) -> En:
        value = self.optional_choice(key, cls)
        return default if value is None else value

    def optional_choice(self, key: str, cls: type[En]) -> En | None:
        value = self.text(key)
        if value is None:
            return None
        try:
            return cls(value)
        except ValueError:
            choices = ", ".join(repr(c.value) for c in cls)
            raise self.fail(key, f"{value!r} is not one of {choices}") from None

    def sub(self, key: str, keys: tuple[str, ...] | None) -> TomlTable | None:
        """The table under ``key`` (None when absent); ``keys`` are the ones it may have (None:
        any, for value maps)."""
        value = self.raw(key)
        return None if value is None else TomlTable(value, self.where(key), self.doc, keys)


def located(exc: ValidationError, doc: str, path: str) -> MappingError:
    """``exc`` as a :class:`MappingError` that names the file and the table (once)."""
    if isinstance(exc, MappingError) and str(exc).startswith(f"{doc}: "):
        return exc
    where = f"{path}: " if path else ""
    return MappingError(f"{doc}: {where}{exc}", field=exc.field or path or None)
