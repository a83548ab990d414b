"""Status histories derived from a row's dates, and checked against a status column."""

from __future__ import annotations

import pendulum
import pytest

from mou_tracker import AgreementStatus, PartialDate
from mou_tracker.importers import Undated
from mou_tracker.importers.dates import ReadDate
from mou_tracker.importers.history import derive_history
from mou_tracker.importers.problems import CellError

S = AgreementStatus
AS_OF = pendulum.Date(2025, 10, 5)


def on(text: str) -> ReadDate:
    return ReadDate(date=PartialDate.parse(text))


def statuses(**dates: ReadDate) -> list[tuple[AgreementStatus, str]]:
    history = derive_history(dates, as_of=AS_OF)
    return [(c.status, c.date.isoformat()) for c in history.changes]


def test_signature_entry_into_force_and_a_past_end_make_the_history_in_order() -> None:
    assert statuses(
        signature=on("1990-09-26"), entry_into_force=on("1991-12-16"), end=on("2001-12-16")
    ) == [(S.SIGNED, "1990-09-26"), (S.IN_FORCE, "1991-12-16"), (S.EXPIRED, "2001-12-16")]


def test_a_termination_date_wins_over_the_end_date_and_makes_it_terminated() -> None:
    history = statuses(signature=on("1990"), end=on("1995"), termination=on("1994"))
    assert history[-1] == (S.TERMINATED, "1994")


def test_an_end_after_the_as_of_date_is_the_scheduled_expiry_not_a_status() -> None:
    history = derive_history({"signature": on("2020"), "end": on("2030-06")}, as_of=AS_OF)
    assert [c.status for c in history.changes] == [S.SIGNED]
    assert history.expires_on == PartialDate.parse("2030-06")


def test_an_open_ended_end_leaves_the_agreement_in_force() -> None:
    history = statuses(
        entry_into_force=on("1999-01-01"), end=ReadDate(open_ended=True), termination=ReadDate()
    )
    assert history == [(S.IN_FORCE, "1999-01-01")]


def test_a_start_after_the_as_of_date_is_left_out_with_a_note() -> None:
    history = derive_history(
        {"signature": on("2025-01-01"), "entry_into_force": on("2026-01-01")}, as_of=AS_OF
    )
    assert [c.status for c in history.changes] == [S.SIGNED]
    assert "after 2025-10-05" in history.report_notes[0]


def test_entry_into_force_before_signature_is_an_impossible_history() -> None:
    with pytest.raises(CellError, match=r"entry into force \(25 May 1988\) is before signature"):
        statuses(signature=on("1996-03-10"), entry_into_force=on("1988-05-25"))


def test_dates_of_different_precision_that_may_be_in_order_are_accepted() -> None:
    assert statuses(signature=on("1997-05-14"), entry_into_force=on("1997")) == [
        (S.SIGNED, "1997-05-14"),
        (S.IN_FORCE, "1997"),
    ]


def test_a_row_without_any_date_has_no_status_to_record() -> None:
    with pytest.raises(CellError, match="the status cannot be dated") as info:
        derive_history({"signature": ReadDate()}, as_of=AS_OF)
    assert info.value.category == "no-status"


def test_a_stated_status_that_matches_the_dates_is_kept() -> None:
    history = derive_history(
        {"signature": on("2003-03-06"), "entry_into_force": on("2003-05-13")},
        as_of=AS_OF,
        stated=S.IN_FORCE,
        stated_text="in force",
    )
    assert history.changes[-1].status is S.IN_FORCE


def test_a_stated_status_the_dates_have_passed_is_a_contradiction() -> None:
    with pytest.raises(CellError, match="says 'signed - not yet in force'") as info:
        derive_history(
            {"signature": on("2004-05-28"), "entry_into_force": on("2004-11-01")},
            as_of=AS_OF,
            stated=S.SIGNED,
            stated_text="signed - not yet in force",
        )
    assert info.value.category == "status-contradiction"


def test_a_stated_status_without_a_date_is_rejected_by_default() -> None:
    with pytest.raises(CellError, match="has no date in the row") as info:
        derive_history(
            {"entry_into_force": on("2003-05-13")},
            as_of=AS_OF,
            stated=S.EXPIRED,
            stated_text="expired",
        )
    assert info.value.category == "undated-status"


def test_a_stated_status_without_a_date_is_noted_when_the_mapping_says_so() -> None:
    history = derive_history(
        {"entry_into_force": on("2003-05-13")},
        as_of=AS_OF,
        stated=S.EXPIRED,
        stated_text="expired",
        undated=Undated.NOTE,
    )
    assert [c.status for c in history.changes] == [S.IN_FORCE]
    assert history.notes == (
        "the source's status 'expired' could not be dated; the dates support in_force",
    )
