"""Every script in examples/ runs, writes its repository and prints what it promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pendulum
import pytest

from mou_tracker import AgreementStatus, JsonRepository
from mou_tracker.reports import deadlines

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run_example(name: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLES / name), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=cwd,
    )


def test_every_example_script_is_covered_by_a_test() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.py")) == [
        "pakistan_kazakhstan_2025.py",
        "quickstart.py",
    ]


def test_the_seed_example_prints_a_kazakhstan_pakistan_row_and_both_deadline_tables(
    tmp_path: Path,
) -> None:
    out = tmp_path / "seed.json"
    result = run_example("pakistan_kazakhstan_2025.py", str(out))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Kazakhstan–Pakistan" in result.stdout
    assert "due soon" in result.stdout
    assert "overdue" in result.stdout
    assert "Nov 2025" in result.stdout
    assert "2025-11-01" not in result.stdout  # month precision is never shown as a day
    assert f"Saved 6 records to {out}" in result.stdout


def test_the_seed_example_stores_the_case_as_the_article_tells_it(tmp_path: Path) -> None:
    out = tmp_path / "seed.json"
    assert run_example("pakistan_kazakhstan_2025.py", str(out)).returncode == 0
    repo = JsonRepository(out)
    plan = repo.get_agreement("pk-kz-action-plan-2025")
    assert plan.status is AgreementStatus.SIGNED
    assert plan.areas == {
        "politics",
        "trade",
        "defence",
        "science_technology",
        "culture",
        "tourism",
        "humanitarian",
        "consular",
    }
    assert {p.institution for p in plan.parties} == {"Ministry of Foreign Affairs"}
    assert plan.sources[0].published is not None
    visit = repo.get_engagement("kz-president-visit-pk-2025-11")
    assert [str(d) for d in visit.dates] == ["Nov 2025", "18 Nov 2025"]  # illustrative follow-up
    talks = repo.get_engagement("pk-kz-talks-2025-09-09")
    assert talks.agreement_ids == ("pk-kz-action-plan-2025",)
    due_soon = deadlines(repo, as_of=pendulum.Date(2025, 10, 15), within=60)
    assert [row[:4] for row in due_soon.rows] == [("Nov 2025", "month", 46, "due soon")]
    slipped = deadlines(repo, as_of=pendulum.Date(2025, 12, 15), within=120)
    (row,) = slipped.rows
    cells = dict(zip(slipped.headers, row, strict=True))
    assert (cells["Due"], cells["State"], cells["Original due"], cells["Slipped"]) == (
        "Q1 2026",
        "due soon",
        "Nov 2025",
        1,
    )
    assert out.with_suffix(".ics").exists()


def test_the_seed_example_refuses_to_overwrite_an_existing_file_without_replace(
    tmp_path: Path,
) -> None:
    out = tmp_path / "seed.json"
    out.write_text("precious", encoding="utf-8")
    result = run_example("pakistan_kazakhstan_2025.py", str(out))
    assert result.returncode == 1
    assert "pass --replace" in result.stderr
    assert out.read_text(encoding="utf-8") == "precious"
    assert run_example("pakistan_kazakhstan_2025.py", str(out), "--replace").returncode == 0


def test_the_seed_example_runs_against_postgresql_and_stores_what_the_file_store_holds(
    tmp_path: Path, postgres_url: str
) -> None:
    from mou_tracker import PostgresRepository

    result = run_example("pakistan_kazakhstan_2025.py", postgres_url, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Kazakhstan–Pakistan" in result.stdout
    assert (tmp_path / "pakistan-kazakhstan-2025.ics").exists()
    assert (tmp_path / "pakistan-kazakhstan-2025.html").exists()
    on_file = tmp_path / "seed.json"
    assert run_example("pakistan_kazakhstan_2025.py", str(on_file)).returncode == 0
    with PostgresRepository(postgres_url) as database:
        assert list(database.records()) == list(JsonRepository(on_file).records())
        again = run_example("pakistan_kazakhstan_2025.py", postgres_url)
        assert again.returncode == 1
        assert "holds 6 records; pass --replace" in again.stderr
        assert len(database) == 6
    replaced = run_example("pakistan_kazakhstan_2025.py", postgres_url, "--replace", cwd=tmp_path)
    assert replaced.returncode == 0, replaced.stderr
    with PostgresRepository(postgres_url) as database:
        assert list(database.records()) == list(JsonRepository(on_file).records())


@pytest.mark.parametrize("runs", [1, 2])
def test_the_quickstart_runs_and_is_idempotent(tmp_path: Path, runs: int) -> None:
    out = tmp_path / "quick.json"
    for _ in range(runs):
        result = run_example("quickstart.py", str(out))
        assert result.returncode == 0, result.stderr
    assert "France–India" in result.stdout
    assert "Q4 2025" in result.stdout
    repo = JsonRepository(out)
    assert repo.get_agreement("fr-in-mou-space-2025").status is AgreementStatus.IN_FORCE
    assert repo.version("fr-in-mou-space-2025") == 1 + runs
