"""A status history from a row's dates, and its agreement with a status column.

The dates make the history, as of the import's ``as_of``: signature -> ``signed``, entry into
force -> ``in_force``, termination -> ``terminated`` (or else end -> ``expired``). An event
counts once its last possible day is on or before ``as_of``; a later end becomes the agreement's
scheduled expiry and a later start is left out with a note. A status column, when mapped, must
agree with the last dated status; a stated status that no date supports is rejected (or noted,
as the mapping's ``undated`` says), since every status change carries a date. A status detail
column names which ended status (``superseded``...) the termination or end date then dates.
"""

from __future__ import annotations

import datetime as dt

import attrs

from mou_tracker.domain import ALLOWED_TRANSITIONS, AgreementStatus, PartialDate, StatusChange
from mou_tracker.importers.dates import ReadDate
from mou_tracker.importers.mapping import StatusDetail
from mou_tracker.importers.policies import Undated, fold_value
from mou_tracker.importers.problems import CellError

__all__ = ["ROLE_LABELS", "History", "derive_history", "refine_status"]

S = AgreementStatus
ROLE_LABELS = {
    "signature": "signature",
    "entry_into_force": "entry into force",
    "end": "end",
    "termination": "termination",
}
_START_ROLES = (("signature", S.SIGNED), ("entry_into_force", S.IN_FORCE))


@attrs.frozen
class History:
    changes: tuple[StatusChange, ...]
    expires_on: PartialDate | None = None
    notes: tuple[str, ...] = ()
    """Notes for the record (an undated status kept out of the history)."""
    report_notes: tuple[str, ...] = ()
    """Notes for the import report only (an event after ``as_of`` left out)."""


def refine_status(
    detail: StatusDetail, stated: AgreementStatus | None, stated_text: str, cell: str
) -> tuple[AgreementStatus | None, str, str | None]:
    """The status column's status refined by its detail column's ``cell``: (status, the text
    for messages, a note for the report); raise :class:`CellError` for a word not in the map.

    Only an ended status is refined; a non-blank detail beside any other is noted and ignored.
    """
    word = cell.strip()
    if not word:
        return stated, stated_text, None
    if stated is None or not stated.is_ended:
        shown = "derive" if stated is None else stated.value
        note = (
            f"{detail.column} {word!r} is ignored: the status column's {stated_text!r} "
            f"({shown}) is not an ended status"
        )
        return stated, stated_text, note
    refined = detail.map.get(fold_value(word))
    if refined is None:
        raise CellError(
            f"{detail.column} {word!r} is not in status.detail.map", "unmapped-status-detail"
        )
    return refined, f"{stated_text} ({detail.column}: {word})", None


def derive_history(
    dates: dict[str, ReadDate],
    *,
    as_of: dt.date,
    stated: AgreementStatus | None = None,
    stated_text: str = "",
    undated: Undated = Undated.REJECT,
    ended: AgreementStatus | None = None,
) -> History:
    """The history for one row; raise :class:`CellError` when the dates make an impossible one.

    ``dates`` maps roles (``signature``, ``entry_into_force``, ``end``, ``termination``) to the
    cells read; ``stated`` is the status column's status, None to derive it from the dates;
    ``ended``, the ended status the source names (by a status detail column), which the
    termination or end date then dates instead of ``terminated`` or ``expired``.
    """
    ordinal = as_of.toordinal()
    events: list[tuple[str, AgreementStatus, ReadDate]] = []
    report_notes: list[str] = []
    for role, status in _START_ROLES:
        read = dates.get(role)
        if read is None or read.date is None:
            continue
        if read.date.latest_ordinal > ordinal:
            report_notes.append(
                f"{ROLE_LABELS[role]} on {read.date} is after {as_of.isoformat()}: left out"
            )
            continue
        events.append((role, status, read))
    expires_on = None
    end_role, end = _end(dates)
    if end is not None and end.date is not None:
        if end.date.latest_ordinal <= ordinal:
            status = ended or (S.TERMINATED if end_role == "termination" else S.EXPIRED)
            events.append((end_role, status, end))
        else:
            expires_on = end.date
    _check_order(events, expires_on)
    changes = [StatusChange(status=s, date=r.date, note=r.note) for _, s, r in events]  # type: ignore[arg-type]
    notes: list[str] = []
    if stated is not None:
        _reconcile(changes, stated, stated_text, undated, notes)
    if not changes:
        raise CellError(
            f"no signature, entry into force or end on or before {as_of.isoformat()}: "
            "the status cannot be dated",
            "no-status",
        )
    return History(tuple(changes), expires_on, tuple(notes), tuple(report_notes))


def _end(dates: dict[str, ReadDate]) -> tuple[str, ReadDate | None]:
    for role in ("termination", "end"):
        read = dates.get(role)
        if read is not None and (read.date is not None or read.open_ended):
            return role, read
    return "end", None


def _check_order(
    events: list[tuple[str, AgreementStatus, ReadDate]], expires_on: PartialDate | None
) -> None:
    dated = [(role, read.date) for role, _, read in events if read.date is not None]
    if expires_on is not None:
        dated.append(("end", expires_on))
    for index, (role, date) in enumerate(dated):
        for earlier_role, earlier in dated[:index]:
            if date.definitely_before(earlier):
                raise CellError(
                    f"{ROLE_LABELS[role]} ({date}) is before {ROLE_LABELS[earlier_role]} "
                    f"({earlier}): an impossible history",
                    "impossible-history",
                    role=role,
                )


def _reconcile(
    changes: list[StatusChange],
    stated: AgreementStatus,
    stated_text: str,
    undated: Undated,
    notes: list[str],
) -> None:
    if changes and changes[-1].status is stated:
        return
    dated = [c.status for c in changes]
    if stated in dated or (dated and stated not in ALLOWED_TRANSITIONS[dated[-1]]):
        later = changes[-1]
        raise CellError(
            f"the status column says {stated_text!r} but the dates record {later.status} on "
            f"{later.date}",
            "status-contradiction",
        )
    supported = f"the dates support {dated[-1]}" if dated else "no date supports any status"
    if undated is Undated.REJECT or not changes:
        raise CellError(
            f"the status {stated_text!r} ({stated}) has no date in the row ({supported}); "
            "every status change needs one",
            "undated-status",
        )
    notes.append(f"the source's status {stated_text!r} could not be dated; {supported}")
