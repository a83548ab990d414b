"""The report functions, on a small Pakistan–Kazakhstan repository built in memory."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pendulum
import pytest

from mou_tracker import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Commitment,
    CommitmentStatus,
    CooperationArea,
    CountryPair,
    Deadline,
    Engagement,
    EngagementKind,
    InMemoryRepository,
    Party,
    ProgressNote,
    StatusChange,
    UnknownAreaError,
    ValidationError,
)
from mou_tracker.reports import (
    FORMATS,
    Report,
    deadlines,
    pair_area_matrix,
    status_by_area,
    status_by_pair,
    timeline,
)
from mou_tracker.reports.cells import shorten

S = AgreementStatus
AS_OF = pendulum.Date(2025, 10, 15)
KZ_PK = "Kazakhstan–Pakistan"
VISIT_TEXT = "Fast-track agreements and MoUs to be concluded during the President's visit"
ACTION_PLAN_AREAS = (
    "agriculture",
    "culture",
    "education",
    "ict",
    "investment",
    "tourism",
    "trade",
    "transport_logistics",
)


def _parties(*codes: str) -> list[Party]:
    return [Party(country=code) for code in codes]


def _history(*changes: tuple[AgreementStatus, str]) -> list[StatusChange]:
    return [StatusChange(status=status, date=date) for status, date in changes]


@pytest.fixture
def repo() -> InMemoryRepository:
    """Pakistan–Kazakhstan relations, a transit agreement with Uzbekistan, and China talks."""
    repo = InMemoryRepository()
    repo.add(
        Agreement(
            id="pk-kz-action-plan-2025",
            kind=AgreementKind.ACTION_PLAN,
            title="Action Plan on Strategic Partnership 2025-2027",
            parties=_parties("PK", "KZ"),
            history=_history((S.SIGNED, "2025-09-09")),
            areas=ACTION_PLAN_AREAS,
            signature_place="Islamabad",
            commitments=[
                Commitment(
                    id="joint-commission",
                    text="Hold the Intergovernmental Commission meeting",
                    areas=["trade"],
                    deadline=Deadline(due="2026-Q1"),
                ),
                Commitment(
                    id="trade-target",
                    text="Raise trade to one billion dollars",
                    areas=["trade"],
                    status=CommitmentStatus.MET,
                    met_on="2025-10-01",
                    progress=[ProgressNote(date="2025-09-20", text="First trade mission")],
                ),
            ],
        )
    )
    repo.add(
        Engagement(
            id="pk-kz-talks-2025-09-09",
            kind=EngagementKind.TALKS,
            title="Talks of the foreign ministers",
            date="2025-09-09",
            place="Islamabad",
            parties=_parties("PK", "KZ"),
            areas=["politics", "trade"],
            agreement_ids=["pk-kz-action-plan-2025"],
            commitments=[
                Commitment(
                    id="agreements-visit",
                    text=VISIT_TEXT,
                    deadline=Deadline(due="2025-11", note="during the President's visit"),
                    made_on="2025-09-09",
                )
            ],
        )
    )
    repo.add(
        Agreement(
            id="kz-pk-uz-transit-2024",
            kind=AgreementKind.AGREEMENT,
            title="Trilateral Transit Trade Agreement",
            parties=_parties("KZ", "PK", "UZ"),
            history=_history((S.SIGNED, "2024-03-01"), (S.IN_FORCE, "2024-06")),
            areas=["connectivity", "transport_logistics"],
            commitments=[
                Commitment(
                    id="rail-feasibility",
                    text="Finish the rail feasibility study",
                    responsible=["KZ", "UZ"],
                    deadline=Deadline(due="2025-Q3"),
                    status=CommitmentStatus.IN_PROGRESS,
                )
            ],
        )
    )
    repo.add(
        Agreement(
            id="kz-pk-culture-2015",
            kind=AgreementKind.MOU,
            title="MoU on Cultural Exchanges",
            parties=_parties("KZ", "PK"),
            history=_history((S.SIGNED, "2015-05-10"), (S.IN_FORCE, "2015-05-10")),
            expires_on="2020-05-10",
            areas=["culture"],
            commitments=[
                Commitment(
                    id="culture-weeks",
                    text="Hold culture weeks every year",
                    status=CommitmentStatus.NOT_MET,
                    deadline=Deadline(due="2016"),
                )
            ],
        )
    )
    repo.add(
        Agreement(
            id="kz-pk-visa-facilitation",
            kind=AgreementKind.AGREEMENT,
            title="Agreement on Visa Facilitation",
            parties=_parties("KZ", "PK"),
            history=_history((S.PLANNED, "2025-09-09")),
            areas=["consular"],
        )
    )
    repo.add(
        Agreement(
            id="kz-pk-air-services",
            kind=AgreementKind.AGREEMENT,
            title="Air Services Agreement",
            parties=_parties("KZ", "PK"),
            history=_history((S.UNDER_NEGOTIATION, "2026-01")),
            areas=["transport_logistics"],
        )
    )
    repo.add(
        Engagement(
            id="cn-pk-consultations-2025-08",
            kind=EngagementKind.CONSULTATIONS,
            title="Strategic consultations",
            date="2025-08-20",
            parties=_parties("PK", "CN"),
            areas=["defence"],
            commitments=[
                Commitment(
                    id="next-round",
                    text="Hold the next round in Beijing",
                    responsible=["CN"],
                    deadline=Deadline(due="2025-10-31"),
                )
            ],
        )
    )
    return repo


def _rows(report: Report) -> list[dict[str, object]]:
    return [dict(zip(report.headers, row, strict=True)) for row in report.rows]


def _row(report: Report, first_cell: str) -> dict[str, object]:
    (row,) = (r for r in _rows(report) if r[report.headers[0]] == first_cell)
    return row


# -- status_by_pair ---------------------------------------------------------------------------


def test_status_by_pair_counts_each_agreement_under_its_status_column(repo):
    row = _row(status_by_pair(repo, as_of=AS_OF), KZ_PK)

    assert row == {
        "Pair": KZ_PK,
        "Agreements": 4,
        "In force": 1,
        "Signed, not in force": 1,
        "Suspended": 0,
        "Planned/negotiating": 1,
        "Ended": 1,
        "Open commitments": 3,
        "Overdue": 1,
        "Date not set": 0,
        "Next deadline": "Nov 2025",
        "Next deadline: what": (
            "Fast-track agreements and MoUs to be concluded during the… (pk-kz-talks-2025-09-09)"
        ),
        "Codes": "KZ-PK",
    }


def test_a_multilateral_agreement_counts_under_each_pair_of_its_parties(repo):
    report = status_by_pair(repo, as_of=AS_OF)

    for pair in ("Kazakhstan–Uzbekistan", "Pakistan–Uzbekistan"):
        row = _row(report, pair)
        assert (row["Agreements"], row["In force"], row["Open commitments"], row["Overdue"]) == (
            1,
            1,
            1,
            1,
        )
        assert row["Next deadline"] is None
    assert "A multilateral record counts under each pair of its parties." in report.notes


def test_status_by_pair_sorts_rows_in_country_pair_order(repo):
    report = status_by_pair(repo, as_of=AS_OF)

    assert [row[0] for row in report.rows] == [
        "China–Pakistan",
        KZ_PK,
        "Kazakhstan–Uzbekistan",
        "Pakistan–Uzbekistan",
    ]


def test_a_pair_with_talks_only_has_a_row_with_no_agreements(repo):
    row = _row(status_by_pair(repo, as_of=AS_OF), "China–Pakistan")

    assert row["Agreements"] == 0
    assert (row["Open commitments"], row["Overdue"], row["Next deadline"]) == (1, 0, "31 Oct 2025")
    assert (
        row["Next deadline: what"] == "Hold the next round in Beijing (cn-pk-consultations-2025-08)"
    )


def test_an_open_commitment_without_a_deadline_is_open_but_never_overdue(repo):
    before = _row(status_by_pair(repo, as_of=AS_OF), KZ_PK)
    repo.add(
        Engagement(
            id="kz-pk-working-group-2025-10",
            kind=EngagementKind.WORKING_GROUP,
            title="Working group on visas",
            date="2025-10-01",
            parties=_parties("KZ", "PK"),
            commitments=[Commitment(id="visa-rules", text="Review the visa rules")],
        )
    )

    after = _row(status_by_pair(repo, as_of=AS_OF), KZ_PK)

    assert after["Open commitments"] == before["Open commitments"] + 1
    assert (after["Overdue"], after["Next deadline"]) == (before["Overdue"], "Nov 2025")


def test_an_agreement_with_no_status_yet_on_the_day_is_left_out(repo):
    before = _row(status_by_pair(repo, as_of=pendulum.Date(2026, 1, 30)), KZ_PK)
    after = _row(status_by_pair(repo, as_of=pendulum.Date(2026, 1, 31)), KZ_PK)

    assert (before["Agreements"], before["Planned/negotiating"]) == (4, 1)
    assert (after["Agreements"], after["Planned/negotiating"]) == (5, 2)


def test_an_agreement_whose_scheduled_expiry_has_passed_counts_as_ended(repo):
    in_2019 = _row(status_by_pair(repo, as_of=dt.date(2019, 1, 1)), KZ_PK)
    in_2025 = _row(status_by_pair(repo, as_of=AS_OF), KZ_PK)

    assert (in_2019["Agreements"], in_2019["In force"], in_2019["Ended"]) == (1, 1, 0)
    assert (in_2025["Ended"], in_2025["In force"]) == (1, 1)  # the 2024 transit agreement


def test_an_engagement_counts_only_once_it_has_taken_place(repo):
    report = status_by_pair(repo, as_of=pendulum.Date(2025, 8, 19))

    assert "China–Pakistan" not in [row[0] for row in report.rows]


def test_status_by_pair_with_a_pair_filter_keeps_only_that_pair(repo):
    everything = status_by_pair(repo, as_of=AS_OF)
    for pair in ("PK-KZ", CountryPair("Kazakhstan", "Pakistan")):
        report = status_by_pair(repo, as_of=AS_OF, pair=pair)

        assert report.rows == (_row_tuple(everything, KZ_PK),)
        assert "pair Kazakhstan–Pakistan" in report.title


def test_status_by_pair_with_a_country_filter_keeps_the_pairs_including_that_country(repo):
    report = status_by_pair(repo, as_of=AS_OF, country="Uzbekistan")

    assert [row[0] for row in report.rows] == ["Kazakhstan–Uzbekistan", "Pakistan–Uzbekistan"]


def test_status_by_pair_with_an_area_filter_counts_only_that_area(repo):
    report = status_by_pair(repo, as_of=AS_OF, area="trade")

    assert [row[0] for row in report.rows] == [KZ_PK]
    row = _row(report, KZ_PK)
    # the action plan covers trade; both its open commitment and the talks' commitment are in it
    assert (row["Agreements"], row["Signed, not in force"], row["Open commitments"]) == (1, 1, 2)
    assert "area Trade" in report.title


def test_an_undeclared_area_filter_is_rejected(repo):
    with pytest.raises(UnknownAreaError):
        status_by_pair(repo, as_of=AS_OF, area="mining")


# -- status_by_area ---------------------------------------------------------------------------


def test_status_by_area_has_a_row_per_area_used_by_a_record_or_a_commitment(repo):
    report = status_by_area(repo, as_of=AS_OF)

    assert [row[1] for row in report.rows] == [
        "agriculture",
        "connectivity",
        "consular",
        "culture",
        "defence",
        "education",
        "ict",
        "investment",
        "politics",
        "tourism",
        "trade",
        "transport_logistics",
    ]
    assert _row(report, "Information technology")["Code"] == "ict"


def test_status_by_area_counts_agreements_pairs_and_commitments_per_area(repo):
    report = status_by_area(repo, as_of=AS_OF)

    transport = _row(report, "Transport and logistics")
    assert transport == {
        "Area": "Transport and logistics",
        "Code": "transport_logistics",
        "Agreements": 2,
        "In force": 1,
        "Signed, not in force": 1,
        "Suspended": 0,
        "Planned/negotiating": 0,
        "Ended": 0,
        "Pairs": 3,
        "Open commitments": 1,
        "Overdue": 1,
        "Date not set": 0,
        "Next deadline": None,
    }
    trade = _row(report, "Trade")
    assert (trade["Agreements"], trade["Pairs"], trade["Open commitments"]) == (1, 1, 2)
    assert (trade["Overdue"], trade["Next deadline"]) == (0, "Nov 2025")
    culture = _row(report, "Culture")
    assert (culture["Agreements"], culture["Ended"], culture["Open commitments"]) == (2, 1, 0)


def test_status_by_area_with_an_area_filter_keeps_that_row_as_it_is(repo):
    everything = status_by_area(repo, as_of=AS_OF)
    report = status_by_area(repo, as_of=AS_OF, area="trade")

    assert report.rows == (_row_tuple(everything, "Trade"),)


def test_status_by_area_with_a_country_filter_counts_only_the_pairs_with_that_country(repo):
    report = status_by_area(repo, as_of=AS_OF, country="UZ")

    assert [row[1] for row in report.rows] == ["connectivity", "transport_logistics"]
    assert _row(report, "Connectivity")["Pairs"] == 2


# -- pair_area_matrix -------------------------------------------------------------------------


def test_pair_area_matrix_counts_agreements_and_engagements_covering_each_area(repo):
    report = pair_area_matrix(repo, as_of=AS_OF)

    assert report.headers[0] == "Pair"
    assert report.headers[-2:] == ("Total", "Codes")
    assert "Information technology" in report.headers
    row = _row(report, KZ_PK)
    assert row["Trade"] == 2  # the action plan and the talks
    assert row["Transport and logistics"] == 2  # the action plan and the transit agreement
    assert row["Culture"] == 2  # the action plan and the expired MoU
    assert row["Defence"] is None  # a zero is a blank cell
    assert row["Total"] == 5  # four agreements and the talks, each counted once
    assert _row(report, "China–Pakistan")["Total"] == 1


def test_pair_area_matrix_with_an_area_filter_shows_that_area_only(repo):
    report = pair_area_matrix(repo, as_of=AS_OF, area="connectivity")

    assert report.headers == ("Pair", "Connectivity", "Total", "Codes")
    assert report.rows == (
        (KZ_PK, 1, 1, "KZ-PK"),
        ("Kazakhstan–Uzbekistan", 1, 1, "KZ-UZ"),
        ("Pakistan–Uzbekistan", 1, 1, "PK-UZ"),
    )


def test_pair_area_matrix_tells_apart_areas_with_the_same_label(repo):
    repo.declare_area(CooperationArea(code="trade_fairs", label="Trade"))
    repo.add(
        Engagement(
            id="kz-pk-expo-2025",
            kind=EngagementKind.OTHER,
            title="Trade fair",
            date="2025-10-01",
            parties=_parties("KZ", "PK"),
            areas=["trade_fairs"],
        )
    )

    report = pair_area_matrix(repo, as_of=AS_OF)

    assert "Trade" in report.headers
    assert _row(report, KZ_PK)["Trade (trade_fairs)"] == 1


# -- deadlines --------------------------------------------------------------------------------


def _visit_row(report: Report) -> dict[str, object] | None:
    rows = [row for row in _rows(report) if row["Commitment"] == "agreements-visit"]
    return rows[0] if rows else None


def test_a_deadline_known_to_the_month_is_due_soon_weeks_before_the_month_ends(repo):
    row = _visit_row(deadlines(repo, as_of=AS_OF, within=60))

    assert row is not None
    assert (row["Due"], row["Precision"], row["Days left"], row["State"]) == (
        "Nov 2025",
        "month",
        46,
        "due soon",
    )


def test_a_deadline_known_to_the_month_is_not_overdue_on_its_last_day(repo):
    row = _visit_row(deadlines(repo, as_of=pendulum.Date(2025, 11, 30), within=0))

    assert row is not None
    assert (row["Days left"], row["State"]) == (0, "due soon")


def test_a_deadline_known_to_the_month_is_overdue_after_the_month_ends(repo):
    row = _visit_row(deadlines(repo, as_of=pendulum.Date(2025, 12, 15), within=0))

    assert row is not None
    assert (row["Days left"], row["State"]) == (-15, "overdue")


def test_a_deadline_beyond_the_window_is_not_listed(repo):
    assert _visit_row(deadlines(repo, as_of=AS_OF, within=45)) is None
    assert _visit_row(deadlines(repo, as_of=AS_OF, within=46)) is not None


def test_deadlines_are_sorted_by_due_day_and_fill_every_column(repo):
    report = deadlines(repo, as_of=AS_OF, within=60)

    assert report.headers == (
        "Due",
        "Precision",
        "Days left",
        "State",
        "Pair",
        "Record",
        "Commitment",
        "What",
        "Responsible",
        "Status",
        "Original due",
        "Slipped",
        "Codes",
    )
    assert report.rows == (
        (
            "Q3 2025",
            "quarter",
            -15,
            "overdue",
            "Kazakhstan, Pakistan, Uzbekistan",
            "kz-pk-uz-transit-2024",
            "rail-feasibility",
            "Finish the rail feasibility study",
            "KZ, UZ",
            "in_progress",
            "Q3 2025",
            0,
            "KZ-PK-UZ",
        ),
        (
            "31 Oct 2025",
            "day",
            16,
            "due soon",
            "China–Pakistan",
            "cn-pk-consultations-2025-08",
            "next-round",
            "Hold the next round in Beijing",
            "CN",
            "open",
            "31 Oct 2025",
            0,
            "CN-PK",
        ),
        (
            "Nov 2025",
            "month",
            46,
            "due soon",
            KZ_PK,
            "pk-kz-talks-2025-09-09",
            "agreements-visit",
            VISIT_TEXT,
            "all parties",
            "open",
            "Nov 2025",
            0,
            "KZ-PK",
        ),
    )
    assert report.title == "Deadlines: overdue or due within 60 days"


def test_deadlines_leave_out_commitments_that_are_no_longer_open(repo):
    report = deadlines(repo, as_of=pendulum.Date(2030, 1, 1), within=0)

    listed = {row[6] for row in report.rows}
    assert listed == {"rail-feasibility", "next-round", "agreements-visit", "joint-commission"}


def test_a_negative_deadline_window_is_rejected(repo):
    with pytest.raises(ValidationError, match="zero or more days"):
        deadlines(repo, as_of=AS_OF, within=-1)


def test_deadlines_filter_by_area_through_the_commitment_or_its_record(repo):
    trade = deadlines(repo, as_of=AS_OF, within=200, area="trade")
    politics = deadlines(repo, as_of=AS_OF, within=200, area="politics")

    assert [row[6] for row in trade.rows] == ["agreements-visit", "joint-commission"]
    assert [row[6] for row in politics.rows] == ["agreements-visit"]


def test_deadlines_filter_by_country_and_pair(repo):
    china = deadlines(repo, as_of=AS_OF, within=60, country="CN")
    kz_pk = deadlines(repo, as_of=AS_OF, within=60, pair="KZ-PK")

    assert [row[6] for row in china.rows] == ["next-round"]
    assert [row[6] for row in kz_pk.rows] == ["rail-feasibility", "agreements-visit"]


# -- timeline ---------------------------------------------------------------------------------


def test_timeline_lists_the_dated_facts_of_a_pair_in_order(repo):
    report = timeline(repo, pair="Pakistan/Kazakhstan", as_of=AS_OF)

    assert report.title == "Timeline: Kazakhstan–Pakistan"
    assert report.headers == ("Date", "Event", "Record", "Details", "When")
    assert [row[:3] for row in report.rows] == [
        ("10 May 2015", "signed", "kz-pk-culture-2015"),
        ("10 May 2015", "in force", "kz-pk-culture-2015"),
        ("10 May 2020", "expires", "kz-pk-culture-2015"),
        ("1 Mar 2024", "signed", "kz-pk-uz-transit-2024"),
        ("Jun 2024", "in force", "kz-pk-uz-transit-2024"),
        ("Q3 2025", "due", "kz-pk-uz-transit-2024"),
        ("9 Sep 2025", "talks", "pk-kz-talks-2025-09-09"),
        ("9 Sep 2025", "planned", "kz-pk-visa-facilitation"),
        ("9 Sep 2025", "signed", "pk-kz-action-plan-2025"),
        ("20 Sep 2025", "progress", "pk-kz-action-plan-2025"),
        ("1 Oct 2025", "met", "pk-kz-action-plan-2025"),
        ("Nov 2025", "due", "pk-kz-talks-2025-09-09"),
        ("Jan 2026", "under negotiation", "kz-pk-air-services"),
        ("Q1 2026", "due", "pk-kz-action-plan-2025"),
    ]


def test_timeline_marks_facts_after_the_day_as_upcoming(repo):
    report = timeline(repo, pair=CountryPair("PK", "KZ"), as_of=AS_OF)

    when = {(row[0], row[1]): row[4] for row in report.rows}
    assert when[("1 Oct 2025", "met")] == "past"
    assert when[("Nov 2025", "due")] == "upcoming"
    assert when[("Q1 2026", "due")] == "upcoming"


def test_timeline_details_say_what_happened(repo):
    report = timeline(repo, pair="KZ-PK", as_of=AS_OF)

    details = {(row[1], row[2]): row[3] for row in report.rows}
    assert (
        details[("talks", "pk-kz-talks-2025-09-09")] == "Talks of the foreign ministers, Islamabad"
    )
    assert details[("due", "pk-kz-talks-2025-09-09")] == (
        f"agreements-visit: {VISIT_TEXT} (during the President's visit)"
    )
    assert details[("progress", "pk-kz-action-plan-2025")] == "trade-target: First trade mission"


def test_timeline_leaves_out_records_without_both_countries(repo):
    report = timeline(repo, pair="CN-PK", as_of=AS_OF)

    assert {row[2] for row in report.rows} == {"cn-pk-consultations-2025-08"}


# -- every report -----------------------------------------------------------------------------

REPORTS: dict[str, Callable[[InMemoryRepository, dt.date], Report]] = {
    "status_by_pair": lambda r, d: status_by_pair(r, as_of=d),
    "status_by_area": lambda r, d: status_by_area(r, as_of=d),
    "pair_area_matrix": lambda r, d: pair_area_matrix(r, as_of=d),
    "deadlines": lambda r, d: deadlines(r, as_of=d, within=90),
    "timeline": lambda r, d: timeline(r, pair="PK-KZ", as_of=d),
}


@pytest.mark.parametrize("name", REPORTS)
def test_reports_take_a_stdlib_date_as_the_day(repo, name):
    report = REPORTS[name](repo, dt.date(2025, 10, 15))

    assert type(report.as_of) is pendulum.Date
    assert report == REPORTS[name](repo, AS_OF)


@pytest.mark.parametrize("name", REPORTS)
@pytest.mark.parametrize(
    "moment", [dt.datetime(2025, 10, 15, 12, 0), pendulum.datetime(2025, 10, 15)]
)
def test_reports_refuse_a_datetime_as_the_day(repo, name, moment):
    with pytest.raises(ValidationError, match="as_of"):
        REPORTS[name](repo, moment)


@pytest.mark.parametrize("name", REPORTS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_report_renders_in_every_format(repo, name, fmt):
    report = REPORTS[name](repo, AS_OF)

    text = report.render(fmt)

    assert text
    if fmt == "json":
        assert len(json.loads(text)["rows"]) == len(report.rows)


@pytest.mark.parametrize("name", REPORTS)
def test_an_empty_repository_gives_reports_with_headers_and_no_rows(name):
    report = REPORTS[name](InMemoryRepository(), AS_OF)

    assert report.rows == ()
    assert report.headers


def _row_tuple(report: Report, first_cell: str) -> tuple[object, ...]:
    (row,) = (r for r in report.rows if r[0] == first_cell)
    return row


def test_long_texts_are_shortened_at_a_word_boundary_or_cut_when_there_is_none():
    assert shorten("short  text\n") == "short text"
    assert shorten("x" * 80) == "x" * 59 + "…"
    assert len(shorten("word " * 30)) <= 60
