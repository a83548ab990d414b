"""Stable record ids from a source's key columns.

The id is the prefix and the key cells, lowercased, accents dropped, every run of other
characters turned into one ``-``: ``CAN-USA_1990A`` with the prefix ``ggo`` is
``ggo-can-usa-1990a``. Two different keys that slugify alike (``Albania - Croatia`` and
``Albania-Croatia``) are told apart by a short hash of the key text, added to every one of them
but the first in sorted order of the key text, so the ids do not depend on the order of rows.
A slug longer than 100 characters is cut and given the hash too.

>>> ids = assign_ids({("CAN-USA_1990A",), ("Albania - Croatia",), ("Albania-Croatia",)}, "ggo")
>>> ids[("CAN-USA_1990A",)], ids[("Albania - Croatia",)], ids[("Albania-Croatia",)]
('ggo-can-usa-1990a', 'ggo-albania-croatia', 'ggo-albania-croatia-b0a3363a')
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from mou_tracker.domain import validate_slug
from mou_tracker.errors import InvalidIdError

__all__ = ["assign_ids", "slugify"]

_OTHER = re.compile(r"[^a-z0-9]+")
_MAX_SLUG = 100

Key = tuple[str, ...]


def slugify(text: str) -> str:
    """Lowercase ASCII letters and digits joined by single hyphens (may be empty)."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return _OTHER.sub("-", ascii_text).strip("-")


def _hash(key: Key) -> str:
    return hashlib.sha256("\x1f".join(key).encode("utf-8")).hexdigest()[:8]


def _base(key: Key, prefix: str | None) -> tuple[str, bool]:
    """The plain slug for ``key`` and whether it must carry the hash anyway (cut, empty, or not
    a valid id by itself, such as a reserved device name like ``con``)."""
    slug = slugify("-".join(key))
    needs_hash = not slug or len(slug) > _MAX_SLUG
    slug = slug[:_MAX_SLUG].rstrip("-")
    parts = [p for p in (prefix and slugify(prefix), slug) if p]
    base = "-".join(parts) or "record"
    try:
        validate_slug(base)
    except InvalidIdError:
        needs_hash = True
    return base, needs_hash


def assign_ids(keys: Iterable[Key], prefix: str | None) -> dict[Key, str]:
    """A valid, distinct record id for each distinct key (see the module doc)."""
    groups: dict[str, list[tuple[Key, bool]]] = defaultdict(list)
    for key in set(keys):
        base, needs_hash = _base(key, prefix)
        groups[base].append((key, needs_hash))
    ids: dict[Key, str] = {}
    for base, members in groups.items():
        members.sort()
        for index, (key, needs_hash) in enumerate(members):
            record_id = f"{base}-{_hash(key)}" if needs_hash or index else base
            ids[key] = validate_slug(record_id)
    return dict(sorted(ids.items()))
