"""One record as readable text, for ``mou-tracker show``.

Text from the repository file is printed to a terminal, so control characters in it (line breaks,
terminal escape sequences) are flattened to spaces: a record cannot rewrite the screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from mou_tracker.domain import (
    Agreement,
    Anchor,
    AreaVocabulary,
    Commitment,
    Country,
    DateChange,
    Deadline,
    DueResolver,
    DueStatus,
    Engagement,
    PartialDate,
    Party,
    Record,
    Recurrence,
    Reschedule,
    Schedule,
    Source,
    StatusChange,
)
from mou_tracker.reports.cells import responsible_text
from mou_tracker.reports.escaping import flat

__all__ = ["describe_record"]

_INDENT = "  "


def describe_record(
    record: Record, areas: AreaVocabulary, repository: Sequence[Record], as_of: dt.date
) -> str:
    """The whole record as indented text: facts first, then its lists.

    ``repository`` (every stored record) resolves the deadlines tied to an engagement to the
    engagement's current date, and lists, for an engagement, the deadlines tied to it. Each
    open commitment says where it stands on ``as_of`` (:class:`DueResolver`, as the reports).
    """
    resolver = DueResolver(repository, as_of)
    schedule = resolver.schedule
    known = {r.id for r in repository if isinstance(r, Engagement)}
    lines = _agreement_lines(record) if isinstance(record, Agreement) else _engagement_lines(record)
    lines += _section("Parties", [_party(p) for p in record.parties])
    if isinstance(record, Agreement):
        lines += _section("Status history", [_status_change(c) for c in record.history])
    else:
        lines += _section("Date changes", _date_changes(record))
    lines += _section("Areas", [f"{code}: {areas.label(code)}" for code in sorted(record.areas)])
    commitments = [
        [*_commitment(c, areas, schedule, known), *_standing(resolver.status(c, record), as_of)]
        for c in record.commitments
    ]
    lines += _section("Commitments", commitments)
    if isinstance(record, Engagement):
        lines += _section("Deadlines tied to it", _tied_to(record, repository))
    lines += _section("Sources", [_source_line(s) for s in record.sources])
    if record.notes:
        lines += ["", "Notes:", *(_INDENT + line for line in record.notes.splitlines())]
    return "\n".join(flat(line) for line in lines)


def _agreement_lines(record: Agreement) -> list[str]:
    facts = [
        ("Kind", str(record.kind)),
        ("Status", str(record.status)),
        ("Signed", _optional(record.signed_on)),
        ("In force", _optional(record.in_force_on)),
        ("Expires", _optional(record.expires_on)),
        ("Place", _optional(record.signature_place)),
        ("Binding", {None: "", True: "yes", False: "no"}[record.legally_binding]),
    ]
    lines = [f"{record.title}", f"agreement {record.id}", "", *_facts(facts)]
    relations = [f"{r.kind} {r.agreement_id}" for r in record.relations]
    return lines + _section("Relations", relations)


def _engagement_lines(record: Engagement) -> list[str]:
    facts = [
        ("Kind", str(record.kind)),
        ("Date", _date(record.date)),
        ("Place", _optional(record.place)),
        ("Agreements", ", ".join(record.agreement_ids)),
    ]
    return [f"{record.title}", f"engagement {record.id}", "", *_facts(facts)]


def _facts(pairs: list[tuple[str, str]]) -> list[str]:
    shown = [(label, value) for label, value in pairs if value]
    width = max(len(label) for label, _ in shown) + 1
    return [f"{label + ':':<{width}} {value}" for label, value in shown]


def _section(title: str, items: Sequence[list[str] | str]) -> list[str]:
    if not items:
        return []
    lines = ["", f"{title}:"]
    for item in items:
        first, *rest = [item] if isinstance(item, str) else item
        lines.append(f"{_INDENT}- {first}")
        lines.extend(f"{_INDENT}  {line}" for line in rest)
    return lines


def _optional(value: object) -> str:
    return "" if value is None else str(value)


def _country(country: Country) -> str:
    return f"{country.name} ({country.code})"


def _party(party: Party) -> list[str]:
    lines = [_country(party.country)]
    if party.institution:
        lines.append(f"institution: {party.institution}")
    if party.signatory:
        lines.append(f"signatory: {party.signatory}")
    return lines


def _status_change(change: StatusChange) -> list[str]:
    lines = [f"{change.date}: {change.status}"]
    if change.note:
        lines.append(f"note: {change.note}")
    if change.source is not None:
        lines.append(f"source: {_source_line(change.source)}")
    return lines


def _date(date: PartialDate | None) -> str:
    return "date not set" if date is None else str(date)


def _date_changes(engagement: Engagement) -> list[list[str]]:
    dates = engagement.dates
    return [
        _date_change(change, dates[index], dates[index + 1])
        for index, change in enumerate(engagement.date_changes)
    ]


def _date_change(change: DateChange, old: PartialDate | None, new: PartialDate | None) -> list[str]:
    lines = [f"{change.decided_on}: {_date(old)} -> {_date(new)}", f"reason: {change.reason}"]
    if change.source is not None:
        lines.append(f"source: {_source_line(change.source)}")
    return lines


def _tied_to(engagement: Engagement, repository: Sequence[Record]) -> list[str]:
    """``record/commitment: text`` for each deadline now tied to the engagement."""
    tied = []
    for record in repository:
        for commitment in record.commitments:
            deadline = commitment.deadline
            current = None if deadline is None else deadline.current
            if isinstance(current, Anchor) and current.engagement_id == engagement.id:
                tied.append(f"{record.id}/{commitment.id}: {current} ({commitment.text})")
    return tied


def _target(target: PartialDate | Anchor, schedule: Schedule, known: set[str]) -> str:
    """A date as it is; an anchor with the date it resolves to (when the engagement is known)."""
    if isinstance(target, PartialDate) or target.engagement_id not in known:
        return str(target)
    return f"{target}, due {schedule.resolve(target)}"


def _deadline(deadline: Deadline, schedule: Schedule, known: set[str]) -> list[str]:
    """The current target; when moved, the first one (with the note on how it was stated) and
    each reschedule."""
    current = _target(deadline.current, schedule, known)
    note = f" ({deadline.note})" if deadline.note else ""
    if not deadline.reschedules:
        return [f"deadline: {current}{note}"]
    first = str(deadline.original)
    if isinstance(deadline.original, Anchor) and deadline.anchors <= known:
        first += f", due {schedule.original_due(deadline)}"
    return [
        f"deadline: {current}",
        f"first set: {first}{note}",
        *(_reschedule(move) for move in deadline.reschedules),
    ]


def _reschedule(move: Reschedule) -> str:
    why = move.reason
    if move.source is not None:
        why += f"; source: {_source_line(move.source)}"
    return f"rescheduled on {move.decided_on}: to {move.target} ({why})"


def _recurrence(recurrence: Recurrence) -> str:
    kinds = ", ".join(sorted(kind.value for kind in recurrence.fulfilled_by))
    return f"recurrence: every {recurrence.every} from {recurrence.starts}, fulfilled by {kinds}"


def _commitment(
    commitment: Commitment, areas: AreaVocabulary, schedule: Schedule, known: set[str]
) -> list[str]:
    lines = [f"{commitment.id}: {commitment.text}"]
    who = responsible_text(commitment, _country)
    lines.append(f"responsible: {who}")
    if commitment.deadline is not None:
        lines.extend(_deadline(commitment.deadline, schedule, known))
    elif commitment.recurrence is not None:
        lines.append(_recurrence(commitment.recurrence))
    else:
        lines.append("deadline: none")
    status = str(commitment.status)
    if commitment.met_on is not None:
        status += f" on {commitment.met_on}"
    lines.append(f"status: {status}")
    if commitment.made_on is not None:
        lines.append(f"made on: {commitment.made_on}")
    if commitment.areas:
        labels = ", ".join(areas.label(code) for code in sorted(commitment.areas))
        lines.append(f"areas: {labels}")
    lines.extend(f"progress: {note.date}: {note.text}" for note in commitment.progress)
    lines.extend(f"source: {_source_line(source)}" for source in commitment.sources)
    return lines


def _standing(status: DueStatus | None, as_of: dt.date) -> list[str]:
    """``as of 2025-12-15: overdue (due Nov 2025, 15 days ago)``; nothing when not open."""
    if status is None:
        return []
    line = f"as of {as_of.isoformat()}: {status.state}"
    days = status.days_left
    if days is not None:
        when = f"{days} days left" if days >= 0 else f"{-days} days ago"
        line += f" (due {status.due}, {when})"
    return [line]


def _source_line(source: Source) -> str:
    parts = [source.title]
    if source.publisher:
        parts.append(source.publisher)
    if source.published is not None:
        parts.append(str(source.published))
    text = ", ".join(parts)
    if source.url:
        text += f" <{source.url}>"
    if source.accessed is not None:
        text += f" (accessed {source.accessed.isoformat()})"
    return text
