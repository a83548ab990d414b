"""Recurring commitments in the reports, the cadence report, and the due-soon summary."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator

import attrs
import pendulum
import pytest

from mou_tracker import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Anchor,
    Commitment,
    CommitmentStatus,
    Deadline,
    Engagement,
    EngagementKind,
    InMemoryRepository,
    Interval,
    Party,
    Record,
    RecordFilter,
    Recurrence,
    StatusChange,
    ValidationError,
)
from mou_tracker.reports import (
    FORMATS,
    Report,
    cadence,
    deadline_summary,
    deadlines,
    status_by_area,
    status_by_pair,
    timeline,
)

KZ_PK = "Kazakhstan–Pakistan"
PK_KZ = (Party(country="PK"), Party(country="KZ"))
PLAN = "pk-kz-action-plan-2025"
YEARLY = Recurrence(
    every=Interval.parse("12 months"),
    starts="2025-09-09",
    fulfilled_by=[EngagementKind.CONSULTATIONS],
)


def _consultations(engagement_id: str, date: str | None, *parties: Party) -> Engagement:
    return Engagement(
        id=engagement_id,
        kind=EngagementKind.CONSULTATIONS,
        title="Political consultations",
        date=date,
        parties=parties or PK_KZ,
    )


@pytest.fixture
def repo() -> InMemoryRepository:
    """An action plan signed 9 Sep 2025 with yearly consultations, and a deadline by Nov 2025."""
    repo = InMemoryRepository()
    repo.add(
        Agreement(
            id=PLAN,
            kind=AgreementKind.ACTION_PLAN,
            title="Action Plan",
            parties=PK_KZ,
            history=[StatusChange(status=AgreementStatus.SIGNED, date="2025-09-09")],
            areas=["politics", "trade"],
            commitments=[
                Commitment(
                    id="consultations",
                    text="Hold political consultations every year",
                    areas=["politics"],
                    recurrence=YEARLY,
                ),
                Commitment(
                    id="mous",
                    text="Conclude the MoUs",
                    areas=["trade"],
                    deadline=Deadline(due="2025-11"),
                ),
            ],
        )
    )
    return repo


def _rows(report: Report) -> list[dict[str, object]]:
    return [dict(zip(report.headers, row, strict=True)) for row in report.rows]


def _row(report: Report, commitment_id: str) -> dict[str, object]:
    (row,) = (r for r in _rows(report) if r.get("Commitment") == commitment_id)
    return row


def _state(repo: InMemoryRepository, day: dt.date) -> object:
    return _row(cadence(repo, as_of=day), "consultations")["State"]


# -- recurring commitments ------------------------------------------------------------------------


def test_yearly_consultations_are_on_track_until_a_year_after_the_start(repo):
    assert _state(repo, pendulum.Date(2026, 9, 9)) == "on track"
    assert _state(repo, pendulum.Date(2026, 9, 10)) == "late"


def test_yearly_consultations_lapse_once_a_further_year_has_gone_by(repo):
    assert _state(repo, pendulum.Date(2027, 9, 9)) == "late"
    lapsed = _row(cadence(repo, as_of=pendulum.Date(2027, 9, 10)), "consultations")
    assert (lapsed["State"], lapsed["Missed"], lapsed["Next due"]) == ("lapsed", 1, "9 Sep 2026")


def test_the_cadence_report_counts_consultations_held_on_time_and_late(repo):
    repo.add(_consultations("consultations-2026", "2026-08"))  # due by 9 Sep 2026: on time
    repo.add(_consultations("consultations-2027", "2027-10-05"))  # due by Aug 2027: late
    repo.add(_consultations("consultations-next", None))  # no date yet: never held
    repo.add(
        _consultations("kz-uz-consultations", "2027-09", Party(country="KZ"), Party(country="UZ"))
    )

    report = cadence(repo, as_of=pendulum.Date(2027, 12, 1))

    assert report.rows == (
        (
            KZ_PK,
            PLAN,
            "consultations",
            "12 months",
            "consultations",
            1,
            1,
            0,
            "5 Oct 2027",
            "5 Oct 2028",
            "on track",
            "KZ-PK",
        ),
    )
    assert report.title == "Recurring commitments"


def test_a_consultation_known_to_the_month_is_held_once_the_month_ends_and_late_if_it_may_be(repo):
    repo.add(_consultations("consultations-2026", "2026-09"))

    during = _row(cadence(repo, as_of=pendulum.Date(2026, 9, 20)), "consultations")
    after = _row(cadence(repo, as_of=pendulum.Date(2026, 10, 1)), "consultations")

    assert (during["Last held"], during["State"]) == (None, "late")
    # due by 9 Sep 2026, and "Sep 2026" may be as late as the 30th: not surely on time
    assert (after["Last held"], after["Held on time"], after["Held late"]) == ("Sep 2026", 0, 1)
    assert (after["Next due"], after["State"]) == ("Sep 2027", "on track")


def test_a_late_recurring_commitment_is_overdue_in_every_report(repo):
    as_of = pendulum.Date(2026, 10, 15)

    row = _row(deadlines(repo, as_of=as_of, within=0), "consultations")
    pair = _rows(status_by_pair(repo, as_of=as_of))[0]
    politics = next(r for r in _rows(status_by_area(repo, as_of=as_of)) if r["Code"] == "politics")

    assert (row["Due"], row["Days left"], row["State"]) == ("9 Sep 2026", -36, "late")
    assert (row["Original due"], row["Slipped"]) == (None, None)
    assert (pair["Open commitments"], pair["Overdue"]) == (2, 2)  # the consultations and the MoUs
    assert (politics["Overdue"], politics["Next deadline"]) == (1, None)
    assert _rows(deadline_summary(repo, as_of=as_of))[0]["Overdue"] == 2


def test_a_lapsed_recurring_commitment_is_listed_as_lapsed(repo):
    row = _row(deadlines(repo, as_of=pendulum.Date(2027, 10, 1), within=0), "consultations")

    assert (row["Due"], row["State"]) == ("9 Sep 2026", "lapsed")


def test_the_next_due_date_of_a_recurring_commitment_is_a_deadline(repo):
    as_of = pendulum.Date(2026, 8, 20)

    row = _row(deadlines(repo, as_of=as_of, within=30), "consultations")
    politics = next(r for r in _rows(status_by_area(repo, as_of=as_of)) if r["Code"] == "politics")
    story = timeline(repo, pair="PK-KZ", as_of=as_of)

    assert (row["Due"], row["Days left"], row["State"]) == ("9 Sep 2026", 20, "due soon")
    assert politics["Next deadline"] == "9 Sep 2026"
    assert story.rows[-1] == (
        "9 Sep 2026",
        "due",
        PLAN,
        "consultations: Hold political consultations every year (every 12 months)",
        "upcoming",
    )


def test_a_recurring_commitment_no_longer_open_is_left_out(repo):
    plan = repo.get_agreement(PLAN)
    closed = plan.commitments[0].with_status(CommitmentStatus.CANCELLED, on="2026-01-10")
    repo.update(attrs.evolve(plan, commitments=[closed, plan.commitments[1]]), expected_version=1)

    assert cadence(repo, as_of=pendulum.Date(2027, 1, 1)).rows == ()
    assert "consultations" not in {r[6] for r in deadlines(repo, as_of=dt.date(2027, 1, 1)).rows}


def test_the_cadence_report_filters_by_area_and_country(repo):
    as_of = pendulum.Date(2026, 1, 1)

    assert len(cadence(repo, as_of=as_of, area="politics").rows) == 1
    assert cadence(repo, as_of=as_of, area="trade").rows == ()
    assert cadence(repo, as_of=as_of, country="UZ").rows == ()
    assert "area Politics" in cadence(repo, as_of=as_of, area="politics").title


# -- the due-soon summary -------------------------------------------------------------------------


def _summary(repo: InMemoryRepository, day: dt.date, **options: object) -> dict[str, object]:
    (row,) = _rows(deadline_summary(repo, as_of=day, **options))
    return row


def test_a_deadline_known_to_the_month_is_within_30_days_on_the_first_of_the_month(repo):
    row = _summary(repo, pendulum.Date(2025, 11, 1))

    assert row == {
        "Pair": KZ_PK,
        "Overdue": 0,
        "Due within 7 days": 0,
        "Due within 30 days": 1,  # Nov 2025 is due on 30 November, 29 days later
        "Due within 90 days": 1,
        "Date not set": 0,
        "Codes": "KZ-PK",
    }


def test_a_deadline_known_to_the_month_is_due_within_7_days_and_not_overdue_on_its_last_day(repo):
    last_day = _summary(repo, pendulum.Date(2025, 11, 30))
    next_day = _summary(repo, pendulum.Date(2025, 12, 1))

    assert (last_day["Overdue"], last_day["Due within 7 days"]) == (0, 1)
    assert (next_day["Overdue"], next_day["Due within 7 days"]) == (1, 0)


def test_summary_windows_are_cumulative_sorted_and_counted_once(repo):
    report = deadline_summary(repo, as_of=pendulum.Date(2026, 8, 20), windows=[30, 0, 1, 30])

    assert report.headers == (
        "Pair",
        "Overdue",
        "Due today",
        "Due within 1 day",
        "Due within 30 days",
        "Date not set",
        "Codes",
    )
    # the MoUs are overdue; the consultations fall due in 20 days
    assert report.rows == ((KZ_PK, 1, 0, 0, 1, 0, "KZ-PK"),)
    assert any("cumulative" in note for note in report.notes)


def test_summary_counts_a_multilateral_record_under_each_pair():
    repo = InMemoryRepository()
    repo.add(
        Engagement(
            id="summit",
            kind=EngagementKind.SUMMIT,
            title="Summit",
            date="2025-09-01",
            parties=[Party(country="KZ"), Party(country="PK"), Party(country="UZ")],
            commitments=[Commitment(id="c", text="Study", deadline=Deadline(due="2025-09-30"))],
        )
    )

    report = deadline_summary(repo, as_of=pendulum.Date(2025, 9, 25), windows=[7])

    assert [row[:3] for row in report.rows] == [
        (KZ_PK, 0, 1),
        ("Kazakhstan–Uzbekistan", 0, 1),
        ("Pakistan–Uzbekistan", 0, 1),
    ]


@pytest.mark.parametrize("windows", [[-1], [7, -30], 7, "30"])
def test_summary_refuses_a_negative_window_or_a_single_number(repo, windows):
    with pytest.raises(ValidationError, match="window"):
        deadline_summary(repo, as_of=pendulum.Date(2025, 11, 1), windows=windows)


def test_summary_filters_by_area(repo):
    row = _summary(repo, pendulum.Date(2025, 11, 1), area="politics")

    assert (row["Overdue"], row["Due within 90 days"]) == (0, 0)  # the MoUs are in trade only


# -- every new report -----------------------------------------------------------------------------

NEW_REPORTS: dict[str, Callable[[InMemoryRepository, dt.date], Report]] = {
    "cadence": lambda r, d: cadence(r, as_of=d),
    "deadline_summary": lambda r, d: deadline_summary(r, as_of=d),
}
AS_OF = pendulum.Date(2026, 10, 15)


@pytest.mark.parametrize("name", NEW_REPORTS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_new_report_renders_in_every_format(repo, name, fmt):
    report = NEW_REPORTS[name](repo, AS_OF)

    text = report.render(fmt)

    assert report.rows
    if fmt == "json":
        assert len(json.loads(text)["rows"]) == len(report.rows)
    elif fmt == "csv":
        assert text.splitlines()[0] == ",".join(report.headers)
    else:
        assert KZ_PK in text or "Kazakhstan" in text


@pytest.mark.parametrize("name", NEW_REPORTS)
def test_new_reports_take_a_stdlib_date_and_refuse_a_datetime(repo, name):
    assert NEW_REPORTS[name](repo, dt.date(2026, 10, 15)) == NEW_REPORTS[name](repo, AS_OF)
    with pytest.raises(ValidationError, match="as_of"):
        NEW_REPORTS[name](repo, dt.datetime(2026, 10, 15, 12, 0))


@pytest.mark.parametrize("name", NEW_REPORTS)
def test_new_reports_of_an_empty_repository_have_headers_and_no_rows(name):
    report = NEW_REPORTS[name](InMemoryRepository(), AS_OF)

    assert (bool(report.headers), report.rows) == (True, ())


class CountingRepository(InMemoryRepository):
    """Counts how many times the records are read."""

    reads = 0

    def records(self, where: RecordFilter | None = None) -> Iterator[Record]:
        self.reads += 1
        return super().records(where)


@pytest.mark.parametrize(
    "report",
    [
        lambda r, d: status_by_pair(r, as_of=d),
        lambda r, d: status_by_area(r, as_of=d),
        lambda r, d: deadlines(r, as_of=d, within=90),
        lambda r, d: deadline_summary(r, as_of=d),
        lambda r, d: cadence(r, as_of=d),
        lambda r, d: timeline(r, pair="PK-KZ", as_of=d),
    ],
)
def test_each_report_reads_the_repository_once(report):
    repo = CountingRepository()
    repo.add(_consultations("visit", None))
    repo.add(
        Engagement(
            id="talks",
            kind=EngagementKind.TALKS,
            title="Talks",
            date="2025-09-09",
            parties=PK_KZ,
            commitments=[
                Commitment(
                    id=f"c{n}", text="Do", deadline=Deadline(anchor=Anchor(engagement_id="visit"))
                )
                for n in range(20)
            ],
        )
    )
    repo.reads = 0

    report(repo, AS_OF)

    assert repo.reads == 1
