"""The store-wide reports and the pair labels on real treaty tables (GGO, GPTAD): the sample
under tests/data, and the full files in ../shared/data when present."""

from __future__ import annotations

import collections
import csv
import io
import json
from pathlib import Path

import attrs
import pendulum
import pytest

from mou_tracker import InMemoryRepository
from mou_tracker.domain import CountryPair
from mou_tracker.importers import GGO, GPTAD, import_file
from mou_tracker.reports import agreements_by_year, status_by_area, status_by_pair, status_summary

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
SAMPLES = Path(__file__).resolve().parents[1] / "data"
AS_OF = pendulum.Date(2025, 10, 5)


def _full(name: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        not (SHARED / name).is_dir(), reason="the full datasets are not in ../shared/data"
    )


def _ggo(folder: Path, repo: InMemoryRepository) -> None:
    agreements = sorted(folder.glob("*agreements*.csv"))[0]
    parties = sorted(folder.glob("*parties*.csv"))[0]
    import_file(agreements, GGO, repo, as_of=AS_OF, parties=parties)


def _gptad(folder: Path, repo: InMemoryRepository) -> None:
    import_file(sorted(folder.glob("*.csv"))[0], GPTAD, repo, as_of=AS_OF)


@pytest.fixture(
    scope="module",
    params=[
        pytest.param((_ggo, SAMPLES / "ggo"), id="ggo-sample"),
        pytest.param((_gptad, SAMPLES / "gptad"), id="gptad-sample"),
        pytest.param((_ggo, SHARED / "ggo"), id="ggo-full", marks=_full("ggo")),
        pytest.param((_gptad, SHARED / "gptad"), id="gptad-full", marks=_full("gptad")),
    ],
)
def store(request: pytest.FixtureRequest) -> InMemoryRepository:
    load, folder = request.param
    repo = InMemoryRepository()
    load(folder, repo)
    assert repo.agreements()
    return repo


def test_the_status_summary_counts_every_imported_agreement_once_by_kind(
    store: InMemoryRepository,
) -> None:
    report = status_summary(store, as_of=AS_OF)

    total = next(row for row in report.rows if row[:2] == ("agreement", "all"))
    counted = [a for a in store.agreements() if a.status_on(AS_OF) is not None]
    assert total[2] == len(counted) == sum(total[3:])
    kinds = {row[1]: row[2] for row in report.rows if row[0] == "agreement" and row[1] != "all"}
    assert kinds == dict(collections.Counter(a.kind.value for a in counted))


def test_the_status_summary_reads_the_same_when_no_record_names_an_area(
    store: InMemoryRepository,
) -> None:
    bare = InMemoryRepository()
    for agreement in store.agreements():
        bare.add(attrs.evolve(agreement, areas=frozenset()))

    assert status_by_area(bare, as_of=AS_OF).rows == ()  # the complaint
    assert status_summary(bare, as_of=AS_OF).rows == status_summary(store, as_of=AS_OF).rows


def test_by_year_has_a_readable_row_per_year_and_totals_matching_the_histories(
    store: InMemoryRepository,
) -> None:
    report = agreements_by_year(store, as_of=AS_OF)

    years = [int(row[0]) for row in report.rows[:-1]]
    assert years == sorted(set(years))
    assert len(years) <= AS_OF.year - min(years) + 1
    signed = [a.signed_on for a in store.agreements()]
    total = report.rows[-1]
    assert total[0] == "Total"
    assert total[1] == sum(1 for d in signed if d is not None and d.latest <= AS_OF)
    assert total[1] == sum(row[1] for row in report.rows[:-1])


def test_pair_rows_read_in_name_order_and_the_data_formats_keep_the_codes(
    store: InMemoryRepository,
) -> None:
    report = status_by_pair(store, as_of=AS_OF)

    pairs = [CountryPair.parse(code) for code in (row[-1] for row in report.rows)]
    assert [str(p) for p in pairs] == [row[0] for row in report.rows]
    assert [p.sort_key for p in pairs] == sorted(p.sort_key for p in pairs)
    rows = list(csv.DictReader(io.StringIO(report.to_csv())))
    assert [r["Codes"] for r in rows] == [p.code for p in pairs]
    assert [r["Codes"] for r in json.loads(report.to_json())["rows"]] == [p.code for p in pairs]
