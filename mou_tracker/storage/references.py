"""References between records: deadlines tied to engagements must point at engagements."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from mou_tracker.domain import Record

__all__ = ["dangling_anchors", "uses_engagement"]


def dangling_anchors(
    record: Record, is_engagement: Callable[[str], bool]
) -> Iterator[tuple[int, str]]:
    """``(commitment index, engagement id)`` for each anchor of ``record`` that points nowhere."""
    for index, commitment in enumerate(record.commitments):
        for engagement_id in sorted(commitment.anchors):
            if not is_engagement(engagement_id):
                yield index, engagement_id


def uses_engagement(record: Record, engagement_id: str) -> bool:
    """Whether a deadline of ``record`` is (or was) tied to ``engagement_id``."""
    return any(engagement_id in c.anchors for c in record.commitments)
