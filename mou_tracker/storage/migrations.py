"""Schema versions of the JSON document, and one-step migrations from older versions.

Each migration takes the parsed document of one version and returns the document of the next,
without touching the file: a repository opened from an older file writes the current version at
its next save, and not before.

- Version 1 (mou-tracker 0.1.0): agreements, engagements, declared areas.
- Version 2 (0.2.0): deadlines tied to engagements (``anchor``), reschedules, recurring
  commitments (``recurrence``), engagement date changes (``date_changes``) and engagements with
  no date yet. Every version-1 document is a valid version-2 document; the bump exists so that
  version-1 readers refuse files that may use the new fields instead of misreading them.
- Version 3 (0.3.0): a party may name its side (``side``, "BLEU"); countries on the same side
  are never a pair. Every version-2 document is a valid version-3 document; version-2 readers
  refuse a version-3 file, which may put two countries on one side, instead of counting them
  as a pair.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "migrate"]

SCHEMA_VERSION = 3

Document = dict[str, Any]


def _v1_to_v2(doc: Document) -> Document:
    """Nothing changes shape: version 2 only adds optional fields."""
    return {**doc, "schema_version": 2}


def _v2_to_v3(doc: Document) -> Document:
    """Nothing changes shape: version 3 only adds the optional ``side`` of a party."""
    return {**doc, "schema_version": 3}


MIGRATIONS: dict[int, Callable[[Document], Document]] = {1: _v1_to_v2, 2: _v2_to_v3}
"""version -> the function turning a document of that version into the next version."""


def migrate(doc: Document, version: int) -> Document:
    """``doc`` (of ``version``) brought to :data:`SCHEMA_VERSION`, one step at a time."""
    while version < SCHEMA_VERSION:
        doc = MIGRATIONS[version](doc)
        version += 1
    return doc
