"""A dashboard of a large store stays readable: each chart draws what a reader can see, its
table is what it drew and says what was left out, and each report is built once."""

from __future__ import annotations

import importlib
import re

import pendulum
import pytest

from mou_tracker import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Commitment,
    Deadline,
    InMemoryRepository,
    Party,
    Record,
    Source,
    StatusChange,
)
from mou_tracker.charts import deadlines, matrix
from mou_tracker.charts._style import MAX_COLUMNS, MAX_PAIRS
from mou_tracker.dashboard import render_dashboard
from mou_tracker.dashboard.figures import ChartSection, chart_sections
from mou_tracker.dashboard.sources import MAX_CITING, source_list
from mou_tracker.dashboard.tables import MAX_ROWS
from mou_tracker.domain.filters import Filters
from mou_tracker.reports import pair_area_matrix

DAY = pendulum.Date(2025, 10, 15)
D = pendulum.Date
TWELVE = ("PK", "KZ", "CN", "IN", "TR", "IR", "US", "FR", "DE", "GB", "JP", "BR")
MORE = ("IT", "ES", "CA", "MX", "AR", "ZA", "EG", "NG", "KE", "SA", "AE", "ID", "MY")


def _agreement(
    record_id: str,
    countries: tuple[str, ...],
    signed: str = "2020-01-01",
    commitments: tuple[Commitment, ...] = (),
    sources: tuple[Source, ...] = (),
) -> Agreement:
    return Agreement(
        id=record_id,
        kind=AgreementKind.MOU,
        title=f"Agreement {record_id}",
        parties=[Party(country=c) for c in countries],
        history=[StatusChange(status=AgreementStatus.SIGNED, date=signed)],
        areas=frozenset({"trade"}),
        commitments=commitments,
        sources=sources,
    )


def _repo(*records: Agreement) -> InMemoryRepository:
    repo = InMemoryRepository()
    for record in records:
        repo.add(record)
    return repo


def _section(repo: InMemoryRepository, id: str, **filters: str) -> ChartSection:
    (section,) = [s for s in chart_sections(repo, DAY, Filters(**filters)) if s.id == id]  # type: ignore[typeddict-item]
    return section


def _rows(markup: str) -> list[str]:
    """The first cell of each body row of the first table in ``markup``."""
    body = markup[markup.index("<tbody>") : markup.index("</tbody>")]
    return re.findall(r"<tr><td>([^<]*)</td>", body)


@pytest.fixture(scope="module")
def many_pairs() -> InMemoryRepository:
    """66 country pairs (one agreement of twelve parties), more than a matrix shows; the
    Kazakhstan–Pakistan pair has two more agreements, so it is the largest."""
    return _repo(
        _agreement("all", TWELVE),
        _agreement("pk-kz-1", ("PK", "KZ")),
        _agreement("pk-kz-2", ("PK", "KZ")),
    )


def test_the_matrix_section_tabulates_the_pairs_drawn_and_counts_those_left_out(
    many_pairs: InMemoryRepository,
) -> None:
    section = _section(many_pairs, "chart-matrix")
    drawn = matrix(many_pairs, as_of=DAY).data
    assert section.svg is not None
    assert len(drawn.rows) == MAX_PAIRS
    assert drawn.pairs_left_out == 66 - MAX_PAIRS
    assert _rows(section.tables) == [row.pair for row in drawn.rows]
    assert "Kazakhstan–Pakistan" in _rows(section.tables)
    assert f"[top {MAX_PAIRS} of 66 pairs]" in section.tables  # the caption is the chart's title
    assert "Left out of the chart and of this table: 26 smaller country pairs" in section.tables
    assert "mou-tracker report matrix" in section.tables


def test_the_dashboard_builds_the_matrix_report_once_and_the_chart_draws_it(
    many_pairs: InMemoryRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = []

    def counted(*args: object, **kwargs: object) -> object:
        built.append(kwargs)
        return pair_area_matrix(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("mou_tracker.dashboard.figures.pair_area_matrix", counted)
    chart_module = importlib.import_module("mou_tracker.charts.matrix")  # not the function
    monkeypatch.setattr(chart_module, "pair_area_matrix", counted)
    page = render_dashboard(many_pairs, as_of=DAY)
    assert len(built) == 1
    assert 'id="chart-matrix"' in page
    assert "<svg" in page


def test_a_matrix_chart_given_its_report_draws_the_same_as_one_building_it(
    many_pairs: InMemoryRepository,
) -> None:
    report = pair_area_matrix(many_pairs, as_of=DAY, country="PK")
    given = matrix(many_pairs, as_of=DAY, report=report, country="PK")
    built = matrix(many_pairs, as_of=DAY, country="PK")
    assert (given.data, given.title, given.description) == (
        built.data,
        built.title,
        built.description,
    )


def test_deadlines_over_centuries_are_grouped_into_spans_of_years_and_all_counted() -> None:
    promises = tuple(
        Commitment(id=f"c{year}", text="p", deadline=Deadline(due=str(year)))
        for year in range(2026, 2526, 7)
    )
    repo = _repo(_agreement("a", ("PK", "KZ"), commitments=promises))
    columns = deadlines(repo, as_of=DAY).data
    assert len(columns) <= MAX_COLUMNS + 2  # the overdue and date-not-set columns besides
    assert [c.label for c in columns[1:3]] == ["2025–2049", "2050–2074"]  # spans of 25 years
    assert (columns[1].first, columns[-2].last) == (D(2025, 1, 1), D(2524, 12, 31))
    assert sum(c.total for c in columns) == len(promises)


def test_the_deadlines_and_by_year_sections_tabulate_the_columns_drawn() -> None:
    promises = tuple(
        Commitment(id=f"c{i}", text="p", deadline=Deadline(due=due))
        for i, due in enumerate(("2025-06", "2025-11-20", "2026-Q1", "2045"))
    )
    records = [
        _agreement(f"a{year}", ("PK", "KZ"), signed=f"{year}-06", commitments=promises)
        for year in range(1900, 2026)
    ]
    repo = _repo(*records)
    due = _section(repo, "chart-deadlines")
    years = [str(year) for year in range(2025, 2046)]  # quarters would be 81 columns
    assert _rows(due.tables) == ["Overdue", *years, "Date not set"]
    assert "126 overdue" in due.tables
    by_year = _section(repo, "chart-by-year")
    assert _rows(by_year.tables)[:2] == ["1900–1904", "1905–1909"]
    assert len(_rows(by_year.tables)) == 26
    assert ">Years</th>" in by_year.tables


def test_a_timeline_of_a_pair_with_too_many_agreements_asks_for_a_narrower_filter() -> None:
    repo = _repo(*(_agreement(f"a{i}", ("PK", "KZ")) for i in range(61)))
    section = _section(repo, "chart-timeline", pair="PK-KZ")
    assert section.svg is None
    assert "61 agreements and open commitments" in (section.note or "")
    assert "narrow it with" in (section.note or "")


def test_a_source_cited_by_many_records_names_the_first_ones_and_counts_the_rest() -> None:
    source = Source(title="Gazette", url="https://example.org/gazette")
    records: list[Record] = [
        _agreement(f"a{i:03}", ("PK", "KZ"), sources=(source,)) for i in range(250)
    ]
    markup = source_list(records)
    first = ", ".join(f"a{i:03}" for i in range(MAX_CITING))
    assert f"cited by {first} and {250 - MAX_CITING:,} more" in markup
    assert "a249" not in markup


def test_a_store_of_300_pairs_gives_a_page_of_cut_tables_and_charts_of_what_shows() -> None:
    repo = _repo(_agreement("all", TWELVE + MORE))  # 25 parties: 300 pairs
    page = render_dashboard(repo, as_of=DAY)
    status = page[page.index('id="status"') : page.index('id="deadlines"')]
    assert f"and {300 - MAX_ROWS} more: use a filter" in status
    matrix_part = page[page.index('id="chart-matrix"') : page.index('id="chart-deadlines"')]
    assert len(_rows(matrix_part[matrix_part.index("<table") :])) == MAX_PAIRS
    assert f"{300 - MAX_PAIRS} smaller country pairs" in matrix_part
    assert "The records hold several country pairs" in page
    assert page.count("<svg") == 3  # matrix, deadlines, by year: the timeline needs a pair
