"""The words a mapping uses for its choices: what to do with each kind of messy value.

Every choice has a default that never guesses: a value the rules cannot read rejects its row,
with the reason, and the user opts in to anything looser.
"""

from __future__ import annotations

import enum

__all__ = [
    "DERIVE",
    "SKIP",
    "Conflicts",
    "MemberLists",
    "OnMasked",
    "OnRange",
    "OnUncertain",
    "Undated",
    "Unmapped",
    "fold_value",
]

SKIP = "skip"
"""The value-map target that drops a value (an area, a country) instead of rejecting the row."""
DERIVE = "derive"
"""The status-map target that derives the status from the dates."""


def fold_value(text: str) -> str:
    """How value-map keys and cells are compared: spaces collapsed, case folded."""
    return " ".join(text.split()).casefold()


class Conflicts(enum.StrEnum):
    """What to do with rows that share a key but differ in a mapped column."""

    REJECT_ALL = "reject_all"
    """Reject every row of the key: the source contradicts itself (the default)."""
    KEEP_FIRST = "keep_first"
    """Import the first row of the key and reject the later ones."""


class OnUncertain(enum.StrEnum):
    NOTE = "note"
    """Take the date at its stated precision and note the mark (the default)."""
    REJECT = "reject"


class OnRange(enum.StrEnum):
    REJECT = "reject"
    """A range ``A..B`` rejects the row (the default)."""
    ENCLOSING = "enclosing"
    """Take the smallest month, quarter or year that holds the whole range, with a note."""


class OnMasked(enum.StrEnum):
    REDUCE = "reduce"
    """``1964-XX-16`` is known to the year only: take ``1964``, with a note (the default)."""
    REJECT = "reject"


class Unmapped(enum.StrEnum):
    REJECT = "reject"
    """An area word the map does not know rejects the row (the default)."""
    IGNORE = "ignore"
    """Leave the word out and note it in the import report."""


class MemberLists(enum.StrEnum):
    REJECT = "reject"
    """``European Community (Austria; Belgium; ...)`` rejects the row (the default)."""
    EXPAND = "expand"
    """Take the countries listed in the parentheses as parties (the group name is dropped)."""


class Undated(enum.StrEnum):
    """What to do when the status column states a status that no date column can date."""

    REJECT = "reject"
    """Reject the row: a status change always has a date (the default)."""
    NOTE = "note"
    """Import the history the dates support and note the undated status on the record."""
