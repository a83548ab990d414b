"""References between records: deadlines tied to engagements must point at engagements."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from mou_tracker.domain import Engagement, Record
from mou_tracker.errors import FormatError, ValidationError

if TYPE_CHECKING:
    from mou_tracker.storage.document import Stored

__all__ = [
    "anchor_removal_error",
    "dangling_anchor_error",
    "dangling_anchors",
    "has_anchors",
    "reference_problems",
    "uses_engagement",
]


def has_anchors(record: Record) -> bool:
    """Whether a deadline of ``record`` is or was tied to an engagement (a record without any
    cannot point nowhere: :func:`reference_problems` need not read it)."""
    for commitment in record.commitments:  # noqa: SIM110 (a third faster than any() of a generator)
        if commitment.anchors:
            return True
    return False


def dangling_anchors(
    record: Record, is_engagement: Callable[[str], bool]
) -> Iterator[tuple[int, str]]:
    """``(commitment index, engagement id)`` for each anchor of ``record`` that points nowhere."""
    for index, commitment in enumerate(record.commitments):
        anchors = commitment.anchors
        if anchors:  # most deadlines are tied to no engagement: nothing to sort
            for engagement_id in sorted(anchors):
                if not is_engagement(engagement_id):
                    yield index, engagement_id


def reference_problems(
    check: dict[str, Stored],
    places: dict[str, tuple[str | None, str]],
    lookup: dict[str, Stored],
) -> list[FormatError]:
    """A deadline (of a record in ``check``) tied to an engagement that is not in ``lookup``
    is an error; ``places`` gives each record's file and JSON path."""

    def is_engagement(record_id: str) -> bool:
        stored = lookup.get(record_id)
        return stored is not None and isinstance(stored.record, Engagement)

    problems = []
    for record_id, stored in check.items():
        for index, engagement_id in dangling_anchors(stored.record, is_engagement):
            file, where = places[record_id]
            problems.append(
                FormatError(
                    f"the deadline is tied to engagement {engagement_id!r}, which does not exist",
                    path=file,
                    record_id=record_id,
                    json_path=f"{where}.commitments[{index}].deadline",
                )
            )
    return problems


def uses_engagement(record: Record, engagement_id: str) -> bool:
    """Whether a deadline of ``record`` is (or was) tied to ``engagement_id``."""
    return any(engagement_id in c.anchors for c in record.commitments)


def dangling_anchor_error(record: Record, index: int, engagement_id: str) -> ValidationError:
    """The error for a deadline (of commitment ``index``) tied to a missing engagement."""
    return ValidationError(
        f"record {record.id!r}: the deadline of commitment "
        f"{record.commitments[index].id!r} is tied to engagement {engagement_id!r}, "
        "which does not exist",
        field="anchor",
    )


def anchor_removal_error(engagement_id: str, users: list[str]) -> ValidationError:
    """The error for removing an engagement that deadlines of ``users`` are tied to."""
    return ValidationError(
        f"engagement {engagement_id!r} cannot be removed: deadlines of "
        f"{', '.join(map(repr, users))} are tied to it",
        field="id",
    )
