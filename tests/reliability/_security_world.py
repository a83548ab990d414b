"""The small world the id trials run against: a few valid records, hostile ids, helpers.

Every hostile id below is something a careless store would turn into a path, a device, a
different id, or an invisible difference. None of them is a valid record id; the harness checks
that first (:func:`validate_slug` is the one gate all entry points share).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator

import attrs
import pendulum

import mou_tracker.domain.vocabulary as vocabulary
from mou_tracker import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Anchor,
    Commitment,
    Deadline,
    Engagement,
    EngagementKind,
    InvalidIdError,
    MouTrackerError,
    Party,
    Record,
    Relation,
    RelationKind,
    StatusChange,
)

__all__ = [
    "ACCEPTED",
    "AS_OF",
    "HOSTILE_IDS",
    "REJECTED",
    "RELATIVE_IDS",
    "SAFE",
    "agreement",
    "engagement",
    "forged_engagement",
    "outcome",
    "permissive_ids",
    "records",
]

AS_OF = pendulum.Date(2025, 10, 15)
REJECTED = "rejected"
SAFE = "made safe"
"""Accepted, but harmless by construction (a key cell slugified into a valid id; an id prefix
that can never be a whole id)."""
ACCEPTED = "accepted"

HOSTILE_IDS: tuple[str, ...] = (
    # paths: traversal, absolute, home, variables, URL-encoded, Windows forms
    "../x", "..", ".", "../../etc/passwd", "a/../../b", "/etc/passwd", "a/b", "a\\b", "..\\x",
    "C:\\x", "\\\\server\\share", "~", "~/x", "$HOME", "${HOME}", "%2e%2e", "%2e%2e%2fx",
    "file:///etc/passwd",
    # Windows device names (harmless unless they become file names; refused all the same)
    "con", "nul", "aux", "prn", "com1", "lpt1", "con.txt", "nul.json", "com\u00b9", "con ",
    # control characters
    "a\x00b", "\x00", "a\x01b", "a\x1b[31mb", "a\tb", "a\nb", "x\n", "a\rb", "\x7f",
    # Unicode: fullwidth forms, lookalikes, case folding traps, invisible and bidi characters
    "\uff0fetc\uff0fpasswd", "\uff0e\uff0e", "\uff41\uff42\uff43", "p\u0430ypal", "\u0131d",
    "\u212a", "\ufb01le", "a\u202eb", "a\u200db", "a\u200bb", "\ufeffa", "a\u0301",
    "\u0661\u0662", "a\u2028b", "\udc80",
    # length and blanks
    "x" * 300, "a" * 129, "", " ", "  a", "a ",
    # shell, options and globs
    "-rf", "--help", "*", "?", "[a]", "a;b", "a|b", "`id`", "$(id)", "a b",
    # case, dots and separators a slug does not allow
    "ABC", "Pk-kz", "a.", ".a", "a..b", "a--b", "-a", "a_", "<script>", "'", '"', "a:b",
)  # fmt: skip

RELATIVE_IDS: tuple[str, ...] = (
    "../x", "..", ".", "a/b", "a/../../b", "../../etc/passwd", "a\\b", "con", "nul", "%2e%2e",
    "-rf", "*", "~", "x\n",
)  # fmt: skip
"""The hostile ids that stay inside the sandbox even if a buggy store used them as paths
relative to the store directory (``<root>/parent/store``): the trials that switch validation
off use only these, so a bug could never write outside the sandbox."""

_PARTIES = (Party(country="PK"), Party(country="KZ"))


def engagement(record_id: str, **extra: object) -> Engagement:
    fields: dict[str, object] = {
        "kind": EngagementKind.VISIT,
        "title": "Visit",
        "date": "2025-11",
        "parties": _PARTIES,
    }
    fields.update(extra)
    return Engagement(id=record_id, **fields)  # type: ignore[arg-type]


def agreement(record_id: str, **extra: object) -> Agreement:
    fields: dict[str, object] = {
        "kind": AgreementKind.MOU,
        "title": "Memorandum",
        "parties": _PARTIES,
        "history": [StatusChange(status=AgreementStatus.SIGNED, date="2025-09-09")],
    }
    fields.update(extra)
    return Agreement(id=record_id, **fields)  # type: ignore[arg-type]


def records() -> list[Record]:
    """An engagement, an older agreement, and a plan superseding it with a commitment tied to
    the engagement: every kind of id a store holds (record, commitment, anchor, relation,
    agreement_ids)."""
    return [
        engagement("pk-kz-visit", agreement_ids=["pk-kz-plan"]),
        agreement("pk-kz-old"),
        agreement(
            "pk-kz-plan",
            relations=[Relation(kind=RelationKind.SUPERSEDES, agreement_id="pk-kz-old")],
            commitments=[
                Commitment(
                    id="visit-mous",
                    text="Conclude MoUs during the visit",
                    deadline=Deadline(anchor=Anchor(engagement_id="pk-kz-visit")),
                )
            ],
        ),
    ]


def forged_engagement(record_id: str) -> Engagement:
    """An engagement with ``record_id``, built with attrs' validators switched off
    (``attrs.validators.disabled()``, a public API): what a repository receives when a caller
    skips the model's checks."""
    with attrs.validators.disabled():
        return engagement(record_id)


def outcome(call: Callable[[], object], expected: type[MouTrackerError] = InvalidIdError) -> str:
    """``rejected`` when ``call`` raises the ``expected`` library error (by default the id
    check's own: a "not found" for a hostile id would not show the id was checked),
    ``accepted`` when it returns, ``other error (<type>)`` for another library error and
    ``crashed (<type>)`` for any other exception."""
    try:
        call()
    except expected:
        return REJECTED
    except MouTrackerError as exc:
        return f"other error ({type(exc).__name__})"
    except Exception as exc:  # anything but the library's error is a finding
        return f"crashed ({type(exc).__name__})"
    return ACCEPTED


@contextlib.contextmanager
def permissive_ids() -> Iterator[None]:
    """Planted bug: ``validate_slug`` accepts any non-empty text (a negative control)."""
    saved = vocabulary._SLUG, vocabulary._RESERVED
    vocabulary._SLUG = re.compile(r"(?s).+")
    vocabulary._RESERVED = frozenset()
    try:
        yield
    finally:
        vocabulary._SLUG, vocabulary._RESERVED = saved
