"""The store-wide reports (status_summary, agreements_by_year) and how every pair report labels,
orders and codes its pairs."""

from __future__ import annotations

import json
from collections.abc import Callable

import pendulum
import pytest

from mou_tracker import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Commitment,
    CooperationArea,
    Deadline,
    Engagement,
    EngagementKind,
    InMemoryRepository,
    Party,
    Recurrence,
    StatusChange,
    ValidationError,
)
from mou_tracker.domain import Interval
from mou_tracker.reports import (
    Report,
    agreements_by_year,
    cadence,
    deadline_summary,
    deadlines,
    pair_area_matrix,
    status_by_pair,
    status_summary,
)

S = AgreementStatus
AS_OF = pendulum.Date(2025, 10, 15)


def _agreement(
    id: str,
    *codes: str,
    history: list[tuple[AgreementStatus, str]],
    kind: AgreementKind = AgreementKind.TREATY,
    areas: tuple[str, ...] = (),
    expires_on: str | None = None,
    commitments: tuple[Commitment, ...] = (),
) -> Agreement:
    return Agreement(
        id=id,
        kind=kind,
        title=id,
        parties=[Party(country=code) for code in codes],
        history=[StatusChange(status=status, date=date) for status, date in history],
        areas=areas,
        expires_on=expires_on,
        commitments=commitments,
    )


def _rows(report: Report) -> list[dict[str, object]]:
    return [dict(zip(report.headers, row, strict=True)) for row in report.rows]


# -- status_summary -----------------------------------------------------------------------------


@pytest.fixture
def store() -> InMemoryRepository:
    """Records that name no cooperation area (as imported treaty tables do)."""
    repo = InMemoryRepository()
    repo.add(_agreement("t1", "AT", "AE", history=[(S.SIGNED, "1999-03"), (S.IN_FORCE, "2001")]))
    repo.add(_agreement("t2", "AT", "BH", history=[(S.SIGNED, "2004-05-06")]))
    repo.add(
        _agreement(
            "t3",
            "AT",
            "EG",
            history=[(S.SIGNED, "1960"), (S.IN_FORCE, "1961-01-02"), (S.TERMINATED, "2010-06")],
        )
    )
    repo.add(
        _agreement(
            "m1",
            "AT",
            "AE",
            "BH",
            kind=AgreementKind.MOU,
            history=[(S.SIGNED, "2001-02-03"), (S.IN_FORCE, "2001-02-03")],
            expires_on="2021-02-02",
        )
    )
    repo.add(_agreement("later", "AT", "AE", history=[(S.SIGNED, "2030")]))
    for id, date in (("visit", "2020-05-01"), ("talks", "2024-02"), ("next", "2026-01")):
        kind = EngagementKind.VISIT if id == "visit" else EngagementKind.TALKS
        repo.add(
            Engagement(
                id=id,
                kind=kind,
                title=id,
                date=date,
                parties=[Party(country="AT"), Party(country="AE")],
            )
        )
    return repo


def test_the_status_summary_counts_every_agreement_once_by_kind_and_status_without_areas(
    store: InMemoryRepository,
) -> None:
    report = status_summary(store, as_of=AS_OF)

    assert report.headers == (
        "Record",
        "Kind",
        "Total",
        "Planned",
        "Under negotiation",
        "Signed",
        "In force",
        "Provisionally applied",
        "Suspended",
        "Expired",
        "Terminated",
        "Superseded",
    )
    rows = {(row["Record"], row["Kind"]): row for row in _rows(report)}
    assert list(rows) == [
        ("agreement", "mou"),
        ("agreement", "treaty"),
        ("agreement", "all"),
        ("engagement", "talks"),  # kinds in the vocabulary's order
        ("engagement", "visit"),
        ("engagement", "all"),
    ]
    treaty, mou, total = (
        rows["agreement", "treaty"],
        rows["agreement", "mou"],
        rows["agreement", "all"],
    )
    assert (treaty["Total"], treaty["Signed"], treaty["In force"], treaty["Terminated"]) == (
        3,
        1,
        1,
        1,
    )
    assert (mou["Total"], mou["Expired"]) == (1, 1)  # its scheduled expiry has passed; counted once
    assert (total["Total"], total["Signed"], total["Expired"]) == (4, 1, 1)  # "later" not yet
    assert rows["engagement", "all"]["Total"] == 2  # "next" is not held yet
    assert rows["engagement", "talks"]["In force"] is None


def test_the_status_summary_filters_by_country_and_area(store: InMemoryRepository) -> None:
    by_country = _rows(status_summary(store, as_of=AS_OF, country="BH"))
    assert [(r["Kind"], r["Total"]) for r in by_country] == [("mou", 1), ("treaty", 1), ("all", 2)]

    store.add(_agreement("traded", "PK", "KZ", history=[(S.SIGNED, "2020")], areas=("trade",)))
    by_area = status_summary(store, as_of=AS_OF, area="trade")
    assert [(r["Kind"], r["Total"]) for r in _rows(by_area)] == [("treaty", 1), ("all", 1)]
    assert "(area Trade)" in by_area.title


def test_the_status_summary_of_an_empty_store_has_its_headers_and_no_rows() -> None:
    report = status_summary(InMemoryRepository(), as_of=AS_OF)

    assert report.rows == ()
    assert "Superseded" in report.render("simple")


# -- agreements_by_year ---------------------------------------------------------------------------


def test_by_year_counts_signatures_entries_into_force_and_ends_in_their_year(
    store: InMemoryRepository,
) -> None:
    report = agreements_by_year(store, as_of=AS_OF)

    assert report.headers == ("Year", "Signed", "Entered into force", "Ended")
    assert report.rows == (
        ("1960", 1, 0, 0),
        ("1961", 0, 1, 0),
        ("1999", 1, 0, 0),  # known to the month
        ("2001", 1, 2, 0),  # one known to the year
        ("2004", 1, 0, 0),
        ("2010", 0, 0, 1),  # terminated
        ("2021", 0, 0, 1),  # its scheduled expiry
        ("Total", 4, 3, 2),
    )


def test_by_year_counts_an_event_once_surely_on_or_before_the_day(
    store: InMemoryRepository,
) -> None:
    def year_2001(as_of: pendulum.Date) -> tuple[object, ...]:
        rows = agreements_by_year(store, as_of=as_of).rows
        return next(row for row in rows if row[0] == "2001")

    assert year_2001(pendulum.Date(2001, 6, 1)) == ("2001", 1, 1, 0)  # "2001" may be later
    assert year_2001(pendulum.Date(2002, 1, 1)) == ("2001", 1, 2, 0)
    assert agreements_by_year(store, as_of=pendulum.Date(1900, 1, 1)).rows == ()


def test_by_year_keeps_a_century_of_agreements_to_one_row_per_year_with_any() -> None:
    repo = InMemoryRepository()
    codes = ("AT", "AE", "BH", "EG", "FR", "DE", "PK", "KZ", "UZ", "CN")
    for number in range(4_200):
        year = 1900 + (number * 5) % 126
        if year % 10 == 3:
            continue  # years with nothing
        pair = (codes[number % 10], codes[(number % 10 + 1 + number // 10 % 9) % 10])
        repo.add(
            _agreement(
                f"a{number}",
                *pair,
                history=[(S.SIGNED, f"{year}-01"), (S.IN_FORCE, f"{year}-12")],
            )
        )

    report = agreements_by_year(repo, as_of=pendulum.Date(2025, 12, 31))

    years = [int(row[0]) for row in report.rows[:-1]]
    assert years == sorted(years)
    assert years[0] == 1900
    assert years[-1] == 2025
    assert all(year % 10 != 3 for year in years)
    assert report.rows[-1][:2] == ("Total", len(repo.agreements()))


# -- pair labels, order and codes ---------------------------------------------------------------

PairReport = Callable[..., Report]


@pytest.fixture
def gulf() -> InMemoryRepository:
    """Pairs whose code order and name order differ: AE-AT is Austria–United Arab Emirates."""
    repo = InMemoryRepository()
    repo.declare_area(CooperationArea(code="codes", label="Codes"))
    talks = Recurrence(
        every=Interval.parse("12 months"),
        starts="2025-01-01",
        fulfilled_by=[EngagementKind.TALKS],
    )
    for code in ("AE", "BH"):
        due = Commitment(id="due", text="Report", deadline=Deadline(due="2025-10"))
        again = Commitment(id="talks", text="Talk", recurrence=talks)
        repo.add(
            _agreement(
                f"at-{code.lower()}",
                "AT",
                code,
                history=[(S.SIGNED, "2025-01-01")],
                areas=("trade", "codes"),
                commitments=(due, again),
            )
        )
    return repo


@pytest.mark.parametrize(
    ("build", "label"),
    [
        (status_by_pair, "Pair"),
        (pair_area_matrix, "Pair"),
        (deadline_summary, "Pair"),
        (deadlines, "Pair"),
        (cadence, "Pair"),
    ],
)
def test_pair_reports_list_pairs_by_name_with_their_codes_in_the_data_formats(
    gulf: InMemoryRepository, build: PairReport, label: str
) -> None:
    report = build(gulf, as_of=AS_OF)

    assert [row[label] for row in _rows(report)] == [
        "Austria–Bahrain",
        "Austria–United Arab Emirates",
    ]
    assert [row["Codes"] for row in _rows(report)] == ["AT-BH", "AE-AT"]
    assert report.headers[-1] == "Codes"
    assert report.data_only == frozenset({"Codes"})
    assert [r["Codes"] for r in json.loads(report.to_json())["rows"]] == ["AT-BH", "AE-AT"]
    assert report.to_csv().splitlines()[2].endswith(",AE-AT")
    assert report.render("tsv").splitlines()[2].endswith("\tAE-AT")
    for fmt in ("simple", "github", "html"):
        text = report.render(fmt)
        assert "AE-AT" not in text
        assert "Austria–United Arab Emirates" in text


def test_a_multilateral_record_is_labelled_by_name_and_coded_in_code_order() -> None:
    repo = InMemoryRepository()
    due = Commitment(id="due", text="Report", deadline=Deadline(due="2025-11"))
    repo.add(_agreement("x", "AE", "BH", "AT", history=[(S.SIGNED, "2025")], commitments=(due,)))

    row = _rows(deadlines(repo, as_of=pendulum.Date(2026, 1, 1)))[0]

    assert (row["Pair"], row["Codes"]) == ("Austria, Bahrain, United Arab Emirates", "AE-AT-BH")


def test_an_area_labelled_codes_keeps_its_own_column_in_the_matrix(
    gulf: InMemoryRepository,
) -> None:
    headers = pair_area_matrix(gulf, as_of=AS_OF).headers

    assert headers == ("Pair", "Codes (codes)", "Trade", "Total", "Codes")


def test_a_data_only_column_must_be_a_header() -> None:
    with pytest.raises(ValidationError, match=r"data_only columns \['Codes'\] are not headers"):
        Report(title="T", as_of=AS_OF, headers=("Pair",), rows=(), data_only=("Codes",))
