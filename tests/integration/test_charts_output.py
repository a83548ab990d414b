"""Charts of the seed case and of a large generated store, written as SVG, PNG and PDF."""

from __future__ import annotations

import builtins
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pendulum
import pytest

from benchmarks.generate import records
from mou_tracker import InMemoryRepository, JsonRepository, Repository, charts
from mou_tracker.charts import Chart
from mou_tracker.domain.due_status import DueState
from mou_tracker.errors import MouTrackerError, ValidationError

DAY = pendulum.Date(2025, 12, 15)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Repository:
    import docs_commands

    return JsonRepository(docs_commands.build_seed(tmp_path_factory.mktemp("seed")), read_only=True)


@pytest.fixture(scope="module")
def large() -> Iterator[Repository]:
    """3,000 generated agreements (and their engagements): far more than a chart can show."""
    repo = InMemoryRepository()
    with repo.batch():
        for record in records(3000):
            repo.add(record)
    return repo


def every_chart(repo: Repository, **filters: Any) -> list[Chart[Any]]:
    return [
        charts.timeline(repo, as_of=DAY, **filters),
        charts.matrix(repo, as_of=DAY, **filters),
        charts.deadlines(repo, as_of=DAY, **filters),
        charts.by_year(repo, as_of=DAY, **filters),
    ]


def test_the_seed_timeline_shows_the_visit_deadline_slipped_from_november_to_the_first_quarter(
    seed: Repository,
) -> None:
    data = charts.timeline(seed, as_of=DAY, pair="PK-KZ").data
    visit = next(w for w in data.commitments if w.commitment_id == "fast-track-visit-agreements")
    assert (visit.due, visit.slips, visit.state) == ("Q1 2026", 1, DueState.DUE)
    assert (visit.first_earliest, visit.first_latest) == (
        pendulum.Date(2025, 11, 1),
        pendulum.Date(2025, 11, 30),
    )
    assert [b.record_id for b in data.agreements] == ["pk-kz-action-plan-2025"]
    assert len(data.engagements) == 4


def test_the_seed_charts_count_what_the_reports_count(seed: Repository) -> None:
    matrix = charts.matrix(seed, as_of=DAY).data
    assert [(r.pair, r.total) for r in matrix.rows] == [("Kazakhstan–Pakistan", 6)]
    columns = charts.deadlines(seed, as_of=DAY).data
    assert sum(c.total for c in columns) == 2
    assert {c.label for c in columns if c.total} == {"Mar 2026", "Sep 2026"}
    years = charts.by_year(seed, as_of=DAY).data
    assert [(r.period, r.event, r.count) for r in years] == [("2025", "signed", 1)]


@pytest.mark.parametrize("kind", ["timeline", "matrix", "deadlines", "by_year"])
def test_each_chart_saves_as_svg_with_its_title_and_description_png_and_pdf(
    seed: Repository, tmp_path: Path, kind: str
) -> None:
    chart = getattr(charts, kind)(seed, as_of=DAY)
    root = ET.parse(chart.save(tmp_path / "chart.svg")).getroot()
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text == chart.title  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == chart.description  # type: ignore[union-attr]
    assert chart.save(tmp_path / "chart.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert chart.save(tmp_path / "chart.PDF").read_bytes().startswith(b"%PDF-")
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_chart_refuses_a_file_whose_suffix_names_no_format(
    seed: Repository, tmp_path: Path
) -> None:
    with pytest.raises(ValidationError, match=r"name the file \.svg, \.png or \.pdf"):
        charts.matrix(seed, as_of=DAY).save(tmp_path / "chart.jpg")
    assert not list(tmp_path.iterdir())


def test_the_same_data_gives_the_same_svg_bytes_however_often_it_is_drawn(seed: Repository) -> None:
    first = charts.timeline(seed, as_of=DAY, pair="PK-KZ")
    again = charts.timeline(seed, as_of=DAY, pair="PK-KZ")
    first.to_bytes("png")
    assert first.to_bytes("svg") == again.to_bytes("svg") == first.to_bytes("svg")


def test_inline_svgs_have_no_prolog_and_ids_unique_to_each_chart(seed: Repository) -> None:
    texts = [chart.svg() for chart in every_chart(seed)]
    ids: list[str] = []
    for text in texts:
        assert text.startswith("<svg ")
        assert "<?xml" not in text
        assert "<!DOCTYPE" not in text
        root = ET.fromstring(text)
        assert root.get("role") == "img"
        ids += [e.get("id", "") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    custom = every_chart(seed)[0].svg(id_prefix="brief-1-")
    assert 'id="brief-1-title"' in custom
    assert "url(#brief-1-" in custom


def test_an_id_prefix_that_could_break_the_markup_is_refused(seed: Repository) -> None:
    with pytest.raises(ValidationError, match="id prefix"):
        charts.matrix(seed, as_of=DAY).svg(id_prefix='x" onload="alert(1)')


def test_texts_from_the_store_are_escaped_in_the_svg() -> None:
    from mou_tracker import Agreement, AgreementKind, AgreementStatus, Party, StatusChange

    repo = InMemoryRepository()
    repo.add(
        Agreement(
            id="evil",
            kind=AgreementKind.MOU,
            title="</title><script>alert(1)</script>",
            parties=[Party(country="PK"), Party(country="KZ")],
            history=[StatusChange(status=AgreementStatus.SIGNED, date="2025-01-01")],
        )
    )
    root = ET.fromstring(charts.timeline(repo, as_of=DAY).svg())
    assert not list(root.iter(f"{SVG}script"))
    texts = "".join(root.itertext())
    assert "<script>alert(1)</script>" in texts


def test_a_large_store_asks_for_a_filter_or_aggregates(large: Repository) -> None:
    with pytest.raises(ValidationError, match=r"[\d,]+ agreements and open commitments.*narrow"):
        charts.timeline(large, as_of=DAY)
    matrix = charts.matrix(large, as_of=DAY).data
    assert len(matrix.rows) == 40
    assert matrix.pairs_left_out > 1000
    assert len(charts.deadlines(large, as_of=DAY).data) <= 42
    periods = {row.period for row in charts.by_year(large, as_of=DAY).data}
    assert len(periods) <= 40
    assert charts.timeline(large, as_of=DAY, pair="PK-KZ").data.agreements


def test_without_matplotlib_a_chart_says_which_extra_to_install(
    seed: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = builtins.__import__

    def no_matplotlib(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "matplotlib" or name.startswith("matplotlib."):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    monkeypatch.setattr("importlib.import_module", lambda name: no_matplotlib(name))
    with pytest.raises(MouTrackerError, match=r"pip install 'mou-tracker\[charts\]'"):
        charts.matrix(seed, as_of=DAY)


def test_importing_the_library_and_its_charts_does_not_import_matplotlib() -> None:
    import subprocess
    import sys

    code = (
        "import sys, mou_tracker, mou_tracker.charts, mou_tracker.cli\n"
        "print('matplotlib' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
