"""Use cases that change several records at once, each in one batch (all saved, or none).

>>> from mou_tracker import (Anchor, Commitment, Deadline, Engagement, EngagementKind,
...                          InMemoryRepository, Party)
>>> repo = InMemoryRepository()
>>> parties = [Party(country="KZ"), Party(country="PK")]
>>> repo.add(Engagement(id="visit", kind=EngagementKind.VISIT, title="State visit",
...                     date="2025-11", parties=parties))
1
>>> repo.add(Engagement(id="talks", kind=EngagementKind.TALKS, title="Talks", date="2025-09-09",
...                     parties=parties, commitments=[Commitment(
...                         id="mous", text="Conclude MoUs during the visit",
...                         deadline=Deadline(anchor=Anchor(engagement_id="visit")))]))
1
>>> move_engagement(repo, "visit", "2025-11-18", decided_on="2025-10-01", reason="date announced")
['talks']
>>> repo.get_engagement("talks").commitments[0].progress[0].text
'deadline follows visit: Nov 2025 -> 18 Nov 2025 (date announced)'
"""

from __future__ import annotations

import attrs

from mou_tracker.domain import (
    Anchor,
    Commitment,
    PartialDate,
    ProgressNote,
    Record,
    Schedule,
    Source,
    validate_slug,
)
from mou_tracker.errors import NotFoundError, ValidationError
from mou_tracker.storage import Repository

__all__ = ["move_engagement", "reschedule_deadline"]


def move_engagement(
    repo: Repository,
    engagement_id: str,
    date: PartialDate | str | None,
    *,
    decided_on: PartialDate | str,
    reason: str,
    source: Source | None = None,
) -> list[str]:
    """Give an engagement a new date (or its first), keeping the change in its history.

    Every deadline tied to it follows by itself (due dates are computed, not stored); each
    commitment whose due date changed gets a progress note saying so, dated ``decided_on``.
    Returns the ids of the records whose commitments were noted.
    """
    with repo.batch():
        engagement = repo.get_engagement(engagement_id)
        version = repo.version(engagement_id)
        before = Schedule.of(repo.records())
        moved = engagement.with_date(date, decided_on=decided_on, reason=reason, source=source)
        repo.update(moved, expected_version=version)
        after = Schedule.of(repo.records())
        noted = []
        when = moved.date_changes[-1].decided_on
        for record in list(repo.records()):
            commitments = tuple(
                _note_move(c, engagement_id, before, after, when, reason, source)
                for c in record.commitments
            )
            if commitments != record.commitments:
                updated: Record = attrs.evolve(record, commitments=commitments)
                repo.update(updated, expected_version=repo.version(record.id))
                noted.append(record.id)
        return noted


def _note_move(
    commitment: Commitment,
    engagement_id: str,
    before: Schedule,
    after: Schedule,
    decided_on: PartialDate,
    reason: str,
    source: Source | None,
) -> Commitment:
    deadline = commitment.deadline
    current = None if deadline is None else deadline.current
    if (
        deadline is None
        or not isinstance(current, Anchor)
        or current.engagement_id != engagement_id
    ):
        return commitment
    old, new = before.latest_due(deadline), after.latest_due(deadline)
    if old == new:
        return commitment
    text = f"deadline follows {engagement_id}: {old} -> {new} ({reason})"
    note = ProgressNote(date=decided_on, text=text, source=source)
    # A decision may be recorded after later notes: keep the notes in date order.
    notes = list(commitment.progress)
    at = next((i for i, n in enumerate(notes) if n.date.definitely_after(decided_on)), len(notes))
    notes.insert(at, note)
    return attrs.evolve(commitment, progress=tuple(notes))


def reschedule_deadline(
    repo: Repository,
    record_id: str,
    commitment_id: str,
    *,
    decided_on: PartialDate | str,
    reason: str,
    due: PartialDate | str | None = None,
    anchor: Anchor | None = None,
    source: Source | None = None,
) -> int:
    """Move the deadline of one commitment to a new date or anchor (kept in its reschedules);
    returns the record's new version."""
    with repo.batch():
        record = repo.get(record_id)
        version = repo.version(record_id)
        commitment = _commitment(record, commitment_id)
        if commitment.deadline is None:
            raise ValidationError(
                f"commitment {commitment_id!r} of {record_id!r} has no deadline to move",
                field="deadline",
            )
        deadline = commitment.deadline.reschedule(
            decided_on=decided_on, reason=reason, due=due, anchor=anchor, source=source
        )
        changed = attrs.evolve(commitment, deadline=deadline)
        commitments = tuple(changed if c.id == commitment_id else c for c in record.commitments)
        updated: Record = attrs.evolve(record, commitments=commitments)
        return repo.update(updated, expected_version=version)


def _commitment(record: Record, commitment_id: str) -> Commitment:
    validate_slug(commitment_id, what="commitment id")
    for commitment in record.commitments:
        if commitment.id == commitment_id:
            return commitment
    raise NotFoundError(record.id, commitment_id=commitment_id)
