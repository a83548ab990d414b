"""The PostgreSQL harness at its fast profile, against the session's throwaway server (skipped
with the reason where none can be started, a failure under ``CI=true``): no update lost, no
partial batch, no write lost or doubled across a restart, nothing changed by hostile input or
by a reader role; and each negative control caught."""

from __future__ import annotations

import random
from pathlib import Path

import pgserver
import pytest

from reliability import postgres
from reliability._harness import Figure
from reliability._pg_hostile import Hostile, run_hostile, unsafe_lookups
from reliability._pg_roles import PASSWORD, Roles, run_roles
from reliability._pg_runs import run_increments, run_kills, run_restarts, run_stale_writes

FAST = postgres.scale_of("fast")


def _rng() -> random.Random:
    return random.Random(postgres.SEED)  # noqa: S311 - reproducible trials, not secrets


def test_processes_incrementing_one_counter_lose_no_update_and_meet_stale_writes(
    postgres_server: pgserver.Server, tmp_path: Path
) -> None:
    result = run_increments(
        postgres_server, tmp_path, processes=FAST.processes, count=FAST.increments
    )
    assert result.first_error is None
    assert result.duplicates == 0
    assert result.final == result.acknowledged == FAST.processes * FAST.increments
    assert result.version == result.final + 1
    assert result.exact
    assert result.conflicts > 0  # stale writes were met, and every one rejected


def test_a_write_from_a_stale_version_is_rejected_every_time(
    postgres_server: pgserver.Server,
) -> None:
    result = run_stale_writes(postgres_server, trials=FAST.stale)
    assert (result.rejected, result.accepted, result.lost) == (FAST.stale, 0, 0)


def test_a_client_killed_inside_a_batch_never_leaves_part_of_it(
    postgres_server: pgserver.Server, tmp_path: Path
) -> None:
    tally = run_kills(postgres_server, tmp_path, kills=FAST.kills, rng=_rng())
    assert tally.bad_exits == []
    assert tally.partial == set()
    assert tally.lost == set()
    assert tally.counter_off == 0
    assert tally.committed > 0
    assert tally.inside >= tally.self_kills > 0


def test_a_server_restarted_under_a_write_loop_loses_and_doubles_nothing(
    postgres_server: pgserver.Server, tmp_path: Path
) -> None:
    result = run_restarts(postgres_server, tmp_path, restarts=FAST.restarts, rng=_rng())
    assert result.types == ("mou_tracker.errors.StorageError",)
    assert result.raised["storage"] >= FAST.restarts
    assert (result.raised["raw"], result.raised["library"], result.raised["foreign"]) == (0, 0, 0)
    assert (result.lost, result.doubled, result.unexplained) == ((), (), ())
    assert result.after_last > 0
    assert result.clean


@pytest.fixture(scope="module")
def hostile(postgres_server: pgserver.Server) -> Hostile:
    return run_hostile(postgres_server, texts=FAST.texts, rng=_rng(), cli_ids=FAST.cli_values)


def test_hostile_ids_and_sql_payloads_are_refused_or_harmless_at_every_entry_point(
    hostile: Hostile,
) -> None:
    assert hostile.unsafe == []
    assert hostile.entries >= 30
    assert hostile.calls > 3000


def test_hostile_texts_come_back_exactly_and_nothing_else_changes(hostile: Hostile) -> None:
    assert hostile.mismatched == []
    assert hostile.checks > 3 * hostile.texts
    assert (hostile.catalog_changed, hostile.rows_changed) == ([], [])
    assert hostile.clean


@pytest.fixture(scope="module")
def roles(postgres_server: pgserver.Server) -> Roles:
    return run_roles(postgres_server)


def test_a_role_with_select_only_runs_every_read_command(roles: Roles) -> None:
    assert {name: v for name, v in roles.reads.items() if v != "ok"} == {}
    assert len(roles.reads) >= 20


def test_every_write_of_a_reader_is_a_permission_error_without_its_password(roles: Roles) -> None:
    assert {name: v for name, v in roles.writes.items() if v != "refused"} == {}
    assert "permission denied for writing" in roles.example
    assert PASSWORD not in roles.example
    assert "***@" in roles.example
    assert roles.changed == []


def test_increments_not_checking_the_version_they_read_are_caught_losing_updates(
    postgres_server: pgserver.Server,
) -> None:
    attempt, result = postgres.version_control(postgres_server, FAST)
    assert attempt > 0, f"not caught: {result}"
    assert not result.exact


def test_stale_writes_sent_with_the_current_version_are_caught_accepted(
    postgres_server: pgserver.Server,
) -> None:
    result = run_stale_writes(postgres_server, trials=FAST.stale, control="no-version")
    assert result.accepted == result.lost == FAST.stale


def test_a_batch_written_one_transaction_per_record_is_caught_leaving_partial_batches(
    postgres_server: pgserver.Server,
) -> None:
    tally = postgres.unbatched_control(postgres_server, FAST, _rng())
    assert tally.partial


def test_a_client_taking_an_error_for_success_is_caught_missing_writes(
    postgres_server: pgserver.Server,
) -> None:
    result = postgres.error_as_success_control(postgres_server, _rng())
    assert result.lost
    assert not result.clean


def test_a_lookup_built_by_string_formatting_is_caught_changing_the_database(
    postgres_server: pgserver.Server,
) -> None:
    found = unsafe_lookups(postgres_server)
    assert "roles" in found.catalog_changed  # CREATE ROLE ran
    assert found.rows_changed
    assert found.leaked > 0
    assert found.caught


def test_without_a_server_the_figures_say_not_run_or_fail_under_ci(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CI", "false")
    [skipped] = postgres.not_run("no binaries")
    assert (skipped.run, skipped.passed) == (False, True)
    assert "NOT RUN" in skipped.measured
    monkeypatch.setenv("CI", "true")
    [failed] = postgres.not_run("no binaries")
    assert isinstance(failed, Figure)
    assert (failed.run, failed.passed) == (True, False)
