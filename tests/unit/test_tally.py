"""The packed counters of a report row: each counter adds on its own, whatever the others hold."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mou_tracker.domain import AgreementStatus
from mou_tracker.reports.tally import _COLUMN_OF, STATUS_HEADERS, Tally, unpack

STATUSES = list(AgreementStatus)


@given(
    st.lists(st.sampled_from(STATUSES), max_size=40),
    st.lists(st.tuples(st.integers(0, 2**40), st.integers(0, 2**40), st.integers(0, 2**40))),
)
def test_every_counter_adds_on_its_own(
    statuses: list[AgreementStatus], commitments: list[tuple[int, int, int]]
) -> None:
    tally = Tally()
    expected_status = [0] * len(STATUS_HEADERS)
    for status in statuses:
        tally.add_agreement(status)
        expected_status[_COLUMN_OF[status]] += 1
    opened = overdue = not_set = 0
    for more_open, more_overdue, more_not_set in commitments:
        part = Tally()
        part.counts = more_open | more_overdue << 64 | more_not_set << 128
        tally.add(part)
        opened, overdue, not_set = (
            opened + more_open,
            overdue + more_overdue,
            not_set + more_not_set,
        )
    agreements, counted = tally.cells()
    assert agreements == [sum(expected_status), *expected_status]
    assert counted == [opened, overdue, not_set]


def test_a_counter_holds_up_to_64_bits_beside_the_others() -> None:
    # (2**64 would carry into the next counter: no store counts that many records.)
    tally = Tally()
    tally.counts = 2**64 - 1  # the open counter, at its largest
    assert unpack(tally.counts)[:2] == (2**64 - 1, 0)
    tally.add_agreement(AgreementStatus.IN_FORCE)
    assert tally.cells() == ([1, 1, 0, 0, 0, 0], [2**64 - 1, 0, 0])
