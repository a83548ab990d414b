"""The command line on a PostgreSQL database: ``--repo URL`` for every command, ``copy`` between
a file and a database either way, and no password in anything it prints."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner, Result

from mou_tracker import InMemoryRepository, PostgresRepository, StorageError
from mou_tracker.cli import cli
from mou_tracker.storage.copying import copy_repository

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2025-10-15"
SECRET = "correct-horse-battery"  # noqa: S105 - a made-up password that must never be shown

READ_COMMANDS = [
    ["list"],
    ["list", "--pair", "PK-KZ", "--format", "json"],
    ["show", "pk-kz-action-plan-2025"],
    *(
        ["report", name, "--as-of", AS_OF]
        for name in ("pairs", "areas", "matrix", "deadlines", "summary", "cadence")
    ),
    ["report", "deadlines", "--country", "KZ", "--as-of", AS_OF, "--format", "csv"],
    ["report", "timeline", "--pair", "PK-KZ", "--as-of", AS_OF],
]


def run(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], env=env)


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    """The seed example's store (what ``make demo`` writes)."""
    path = tmp_path / "seed.json"
    example = ROOT / "examples" / "pakistan_kazakhstan_2025.py"
    subprocess.run([sys.executable, str(example), str(path)], check=True, capture_output=True)
    return path


def test_a_file_copied_to_a_database_and_back_is_the_same_bytes(
    seed: Path, postgres_url: str, tmp_path: Path
) -> None:
    assert run("--repo", postgres_url, "init").exit_code == 0
    there = run("copy", seed, postgres_url)
    assert there.exit_code == 0, there.output
    assert there.output.startswith("Copied 6 records from ")
    back = run("copy", postgres_url, tmp_path / "back.json")
    assert back.exit_code == 0, back.output
    assert (tmp_path / "back.json").read_bytes() == seed.read_bytes()


def test_every_read_command_prints_the_same_on_the_database_as_on_the_file(
    seed: Path, postgres_url: str
) -> None:
    run("--repo", postgres_url, "init")
    run("copy", seed, postgres_url)
    for command in READ_COMMANDS:
        on_file = run("--repo", seed, *command)
        on_database = run(*command, env={"MOU_TRACKER_REPO": postgres_url})
        assert on_file.exit_code == 0, (command, on_file.output)
        assert (on_database.exit_code, on_database.output) == (0, on_file.output), command
    validated = run("--repo", postgres_url, "validate")
    assert validated.output == f"{postgres_url}: OK (2 agreements, 4 engagements)\n"


def test_records_imported_and_edited_in_the_database_keep_their_versions_in_a_copy(
    seed: Path, postgres_url: str, tmp_path: Path
) -> None:
    run("--repo", postgres_url, "init")
    run("copy", seed, postgres_url)
    with PostgresRepository(postgres_url) as repo:
        plan = repo.get_agreement("pk-kz-action-plan-2025")
        repo.update(plan, expected_version=repo.version(plan.id))
        expected = list(repo._versioned())
    run("copy", postgres_url, tmp_path / "copy.json")
    with PostgresRepository(postgres_url) as repo:
        assert list(repo._versioned()) == expected


def test_a_copy_into_a_repository_that_is_not_empty_is_refused_and_changes_nothing(
    seed: Path, postgres_url: str
) -> None:
    run("--repo", postgres_url, "init")
    run("copy", seed, postgres_url)
    with PostgresRepository(postgres_url) as repo:
        before = list(repo._versioned())
    again = run("copy", seed, postgres_url)
    assert again.exit_code == 1
    assert "is not empty" in again.output
    with PostgresRepository(postgres_url) as repo:
        assert list(repo._versioned()) == before


def test_a_copy_failing_half_way_leaves_the_database_as_it_was(
    seed: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("--repo", postgres_url, "init")
    restore = PostgresRepository._restore
    calls: list[str] = []

    def fail_at_the_fourth(self: PostgresRepository, record: object, version: int) -> None:
        calls.append("x")
        if len(calls) == 4:
            raise StorageError("the network went away")
        restore(self, record, version)  # type: ignore[arg-type]

    monkeypatch.setattr(PostgresRepository, "_restore", fail_at_the_fourth)
    failed = run("copy", seed, postgres_url)
    assert failed.exit_code == 1
    assert "the network went away" in failed.output
    with PostgresRepository(postgres_url) as repo:
        assert len(repo) == 0
        assert repo.areas.extra == ()


def test_a_copy_from_a_missing_file_is_a_clean_error(tmp_path: Path, postgres_url: str) -> None:
    result = run("copy", tmp_path / "missing.json", postgres_url)
    assert result.exit_code == 1
    assert "no repository at" in result.output


class _Forgetful(InMemoryRepository):
    """Stores every record at version 1, whatever version it is given."""

    def _restore(self, record: object, version: int) -> None:
        super()._restore(record, 1)  # type: ignore[arg-type]


def test_a_copy_that_does_not_read_back_the_same_is_rolled_back(seed: Path) -> None:
    from mou_tracker import JsonRepository

    source = JsonRepository(seed, read_only=True)
    plan = source.get("pk-kz-action-plan-2025")
    source = InMemoryRepository()
    source.add(plan)
    source.update(plan, expected_version=1)
    target = _Forgetful()
    with pytest.raises(StorageError, match="does not hold what was copied"):
        copy_repository(source, target)
    assert len(target) == 0


# -- passwords ------------------------------------------------------------------------------------


def test_no_command_prints_the_password_of_a_database_it_cannot_reach(tmp_path: Path) -> None:
    url = f"postgresql://editor:{SECRET}@/mou?host={tmp_path}"
    for args in (["--repo", url, "list"], ["--repo", url, "init"], ["copy", url, "x.json"]):
        result = run(*args)
        assert result.exit_code == 1
        assert SECRET not in result.output
        assert "editor:***@" in result.output
    via_env = run("list", env={"MOU_TRACKER_REPO": url})
    assert SECRET not in via_env.output


def test_init_prints_the_database_it_created_without_its_password(
    new_postgres_url: Callable[[], str],
) -> None:
    url = new_postgres_url() + f"&password={SECRET}"
    result = run("--repo", url, "init")
    assert result.exit_code == 0, result.output
    assert SECRET not in result.output
    assert "password=***" in result.output


def test_declared_areas_are_copied_with_the_records_that_use_them(
    seed: Path, postgres_url: str, tmp_path: Path
) -> None:
    from mou_tracker import CooperationArea, JsonRepository

    store = JsonRepository(tmp_path / "mining.json")
    plan = JsonRepository(seed, read_only=True).get_agreement("pk-kz-action-plan-2025")
    with store.batch():
        store.declare_area(CooperationArea(code="mining", label="Mining"))
        store.add(attrs.evolve(plan, areas={"mining"}, commitments=()))
    run("--repo", postgres_url, "init")
    assert run("copy", store.path, postgres_url).exit_code == 0
    with PostgresRepository(postgres_url) as repo:
        assert repo.areas.label("mining") == "Mining"
    assert run("copy", postgres_url, tmp_path / "back.json").exit_code == 0
    assert (tmp_path / "back.json").read_bytes() == store.path.read_bytes()
