"""PostgresRepository beyond the shared contract: its schema and versions, its errors (never a
password in them), read-only sessions, and references kept by two concurrent writers."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator

import attrs
import psycopg
import pytest
from pgserver import Server

from mou_tracker import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Anchor,
    Commitment,
    CooperationArea,
    Deadline,
    DuplicateIdError,
    Engagement,
    EngagementKind,
    FormatError,
    InMemoryRepository,
    JsonRepository,
    Party,
    PermissionDeniedError,
    PostgresRepository,
    Repository,
    SchemaVersionError,
    StatusChange,
    StorageError,
    UnknownAreaError,
    ValidationError,
    open_repository,
)
from mou_tracker.storage import pg_batch
from mou_tracker.storage.migrations import SCHEMA_VERSION

SECRET = "hunter2-very-secret"  # noqa: S105 - a made-up password that must never be shown


def _agreement(record_id: str, *, anchored_to: str | None = None) -> Agreement:
    commitments = []
    if anchored_to is not None:
        deadline = Deadline(anchor=Anchor(engagement_id=anchored_to))
        commitments.append(Commitment(id="c", text="Report", deadline=deadline))
    return Agreement(
        id=record_id,
        kind=AgreementKind.MOU,
        title=f"Agreement {record_id}",
        parties=[Party(country="PK"), Party(country="KZ")],
        history=[StatusChange(status=AgreementStatus.SIGNED, date="2025-03-01")],
        commitments=commitments,
    )


def _engagement(record_id: str) -> Engagement:
    return Engagement(
        id=record_id,
        kind=EngagementKind.TALKS,
        title="Talks",
        date="2025-08-20",
        parties=[Party(country="PK"), Party(country="KZ")],
    )


@pytest.fixture
def pg(postgres_url: str) -> Iterator[PostgresRepository]:
    with PostgresRepository.create(postgres_url) as repo:
        yield repo


def _sql(url: str, statement: str, params: list[object] | None = None) -> list[tuple[object, ...]]:
    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(statement, params)  # type: ignore[arg-type]
        return cursor.fetchall() if cursor.description else []


# -- opening, creating, versions -------------------------------------------------------------


def test_open_repository_gives_a_postgres_repository_for_a_url_and_a_json_one_for_a_path(
    pg: PostgresRepository, postgres_url: str, tmp_path: object
) -> None:
    for url in (postgres_url, postgres_url.replace("postgresql://", "postgres://", 1)):
        repo = open_repository(url)
        assert isinstance(repo, PostgresRepository)
        repo.close()
    assert isinstance(open_repository(f"{tmp_path}/store.json"), JsonRepository)


def test_importing_mou_tracker_does_not_import_psycopg() -> None:
    code = "import sys, mou_tracker; print('psycopg' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_creating_twice_is_refused_and_opening_an_empty_database_says_to_init(
    pg: PostgresRepository, new_postgres_url: Callable[[], str]
) -> None:
    pg.add(_engagement("talks"))
    with pytest.raises(StorageError, match="already holds a mou-tracker repository"):
        PostgresRepository.create(pg._location.url)
    assert [r.id for r in pg.records()] == ["talks"]
    with pytest.raises(StorageError, match="create one with 'mou-tracker init'"):
        PostgresRepository(new_postgres_url())


def test_a_database_of_a_newer_schema_version_is_refused_untouched(
    pg: PostgresRepository, postgres_url: str
) -> None:
    pg.add(_engagement("talks"))
    _sql(postgres_url, "UPDATE mou_meta SET value = 99 WHERE key = 'schema_version'")
    before = _sql(postgres_url, "SELECT id, version, document::text FROM mou_records")
    with pytest.raises(SchemaVersionError, match="schema_version 99 is newer"):
        PostgresRepository(postgres_url)
    assert _sql(postgres_url, "SELECT id, version, document::text FROM mou_records") == before


def test_a_database_without_its_schema_version_is_refused(postgres_url: str) -> None:
    PostgresRepository.create(postgres_url).close()
    _sql(postgres_url, "DELETE FROM mou_meta")
    with pytest.raises(StorageError, match="no schema_version"):
        PostgresRepository(postgres_url)


def test_a_record_written_by_a_newer_version_is_refused(
    pg: PostgresRepository, postgres_url: str
) -> None:
    pg.add(_engagement("talks"))
    _sql(postgres_url, "UPDATE mou_records SET schema_version = 99")
    with pytest.raises(SchemaVersionError, match="schema_version 99 is newer"):
        pg.get("talks")


def test_a_record_of_schema_version_1_is_migrated_when_read(
    pg: PostgresRepository, postgres_url: str
) -> None:
    pg.add(_agreement("plan"))
    _sql(postgres_url, "UPDATE mou_records SET schema_version = 1")
    assert pg.get("plan") == _agreement("plan")
    assert pg.update(_agreement("plan"), expected_version=1) == 2
    assert _sql(postgres_url, "SELECT schema_version FROM mou_records") == [(SCHEMA_VERSION,)]


def test_a_malformed_stored_document_is_a_format_error_naming_the_record(
    pg: PostgresRepository, postgres_url: str
) -> None:
    pg.add(_engagement("talks"))
    _sql(postgres_url, """UPDATE mou_records SET document = '{"id": "talks", "version": 1}'""")
    with pytest.raises(FormatError, match=r"record 'talks'.*@ \$\.engagements\['talks'\]"):
        pg.get("talks")


def test_each_record_is_stored_as_the_json_document_the_file_store_writes(
    pg: PostgresRepository, postgres_url: str, tmp_path: object
) -> None:
    pg.add(_agreement("plan"))
    json_repo = JsonRepository(f"{tmp_path}/store.json")
    json_repo.add(_agreement("plan"))
    stored = _sql(postgres_url, "SELECT document FROM mou_records")[0][0]
    assert stored == json.loads(json_repo.path.read_bytes())["agreements"][0]


# -- errors and passwords ---------------------------------------------------------------------


def _no_secret(exc: BaseException) -> None:
    assert SECRET not in str(exc)
    assert SECRET not in repr(exc)
    assert exc.__cause__ is None
    assert exc.__suppress_context__


def test_an_unreachable_server_is_a_storage_error_without_the_password(tmp_path: object) -> None:
    url = f"postgresql://mou:{SECRET}@/db?host={tmp_path}/nowhere&connect_timeout=2"
    with pytest.raises(StorageError, match="cannot connect") as caught:
        PostgresRepository(url)
    _no_secret(caught.value)
    assert "mou:***@" in str(caught.value)


def test_a_wrong_password_is_a_storage_error_without_either_password(
    postgres_server: Server,
) -> None:
    _sql(postgres_server.url, "DROP ROLE IF EXISTS secretive")
    _sql(postgres_server.url, f"CREATE ROLE secretive LOGIN PASSWORD '{SECRET}x'")
    url = postgres_server.url_for(password=SECRET).replace("mou@", "secretive@")
    with pytest.raises(StorageError, match="password authentication failed") as caught:
        PostgresRepository(url)
    _no_secret(caught.value)
    assert SECRET + "x" not in str(caught.value)


def test_a_malformed_url_with_a_password_is_a_storage_error_without_it() -> None:
    with pytest.raises(StorageError) as caught:
        PostgresRepository(f"postgresql://mou:{SECRET}@localhost:notaport/db")
    _no_secret(caught.value)


def test_the_repr_of_a_repository_hides_its_password(
    postgres_server: Server, postgres_url: str
) -> None:
    PostgresRepository.create(postgres_url).close()
    with PostgresRepository(f"{postgres_url}&password={SECRET}") as repo:
        assert SECRET not in repr(repo)
        assert "password=***" in repr(repo)


def test_a_location_that_is_not_a_url_is_rejected() -> None:
    with pytest.raises(ValidationError, match="postgresql:// URL"):
        PostgresRepository("store.json")


def test_a_closed_repository_reconnects_at_its_next_call(pg: PostgresRepository) -> None:
    pg.add(_engagement("talks"))
    pg.close()
    pg.close()
    assert "talks" in pg
    assert len(pg) == 1


def _with_area(record_id: str, area: str) -> Agreement:
    return attrs.evolve(_agreement(record_id), areas=frozenset({area}))


def test_an_area_another_handle_declared_is_found_by_a_handle_that_read_the_areas_before(
    pg: PostgresRepository, postgres_url: str
) -> None:
    pg.add(_agreement("first"))  # this handle has seen the vocabulary (without "mining")
    with PostgresRepository(postgres_url) as other:
        other.declare_area(CooperationArea(code="mining", label="Mining"))
    pg.add(_with_area("second", "mining"))
    pg.update(_with_area("first", "mining"), expected_version=1)
    assert pg.get("second").areas == {"mining"}


def test_an_area_declared_in_a_batch_that_failed_is_not_taken_as_declared_afterwards(
    pg: PostgresRepository,
) -> None:
    pg.add(_agreement("first"))

    def declare_add_then_fail() -> None:
        with pg.batch():
            pg.declare_area(CooperationArea(code="mining", label="Mining"))
            pg.add(_with_area("second", "mining"))
            raise ValidationError("stop here")

    with pytest.raises(ValidationError, match="stop here"):
        declare_add_then_fail()
    with pytest.raises(UnknownAreaError):
        pg.add(_with_area("third", "mining"))
    with pytest.raises(UnknownAreaError):
        pg.update(_with_area("first", "mining"), expected_version=1)
    assert "mining" not in pg.areas
    assert [r.id for r in pg.records()] == ["first"]


# -- read-only ----------------------------------------------------------------------------------


def test_a_read_only_repository_refuses_every_change_before_sending_it(
    pg: PostgresRepository, postgres_url: str
) -> None:
    pg.add(_engagement("talks"))
    with PostgresRepository(postgres_url, read_only=True) as reader:
        assert [r.id for r in reader.records()] == ["talks"]
        with pytest.raises(StorageError, match="opened read-only"):
            reader.remove("talks")
        reader.read_only = False  # the session itself stays read-only: the server refuses
        with pytest.raises(StorageError, match="opened read-only"):
            reader.remove("talks")
    assert "talks" in pg


def _reader(server: Server, url: str, role: str, *, select: bool) -> str:
    """``url`` as a new role with ``SECRET`` as its password, allowed to use the schema and,
    with ``select``, to read its tables."""
    schema = url.rsplit("%3D", 1)[1]
    if _sql(server.url, "SELECT 1 FROM pg_roles WHERE rolname = %s", [role]):
        _sql(server.url, f"DROP OWNED BY {role}")
        _sql(server.url, f"DROP ROLE {role}")
    _sql(server.url, f"CREATE ROLE {role} LOGIN PASSWORD '{SECRET}'")
    _sql(server.url, f"GRANT USAGE ON SCHEMA {schema} TO {role}")
    if select:
        _sql(server.url, f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {role}")
    return url.replace("postgresql://mou@", f"postgresql://{role}:{SECRET}@")


def test_a_role_that_may_only_read_gets_a_permission_error_on_writing_and_nothing_changes(
    pg: PostgresRepository, postgres_server: Server, postgres_url: str
) -> None:
    pg.add(_engagement("talks"))
    with PostgresRepository(_reader(postgres_server, postgres_url, "looker", select=True)) as repo:
        assert [r.id for r in repo.records()] == ["talks"]  # a writable handle, reading
        with pytest.raises(PermissionDeniedError) as caught:
            repo.add(_engagement("other"))
    assert isinstance(caught.value, StorageError)
    assert not caught.value.committed
    message = str(caught.value)
    assert "permission denied for writing" in message
    assert "permission denied for table mou_records" in message
    assert message.endswith("nothing was changed")
    assert "looker:***@" in message
    _no_secret(caught.value)
    assert [r.id for r in pg.records()] == ["talks"]


def test_a_batch_that_went_on_after_a_permission_error_raises_it_again_instead_of_committing(
    pg: PostgresRepository, postgres_server: Server, postgres_url: str
) -> None:
    with PostgresRepository(_reader(postgres_server, postgres_url, "goer", select=True)) as repo:

        def go_on_after_the_error() -> None:
            with repo.batch():
                with pytest.raises(PermissionDeniedError):
                    repo.add(_engagement("first"))
                with pytest.raises(StorageError, match="transaction is aborted"):
                    repo.add(_engagement("second"))  # the transaction failed already

        with pytest.raises(PermissionDeniedError, match="permission denied for writing"):
            go_on_after_the_error()
    assert list(pg.records()) == []


def test_creating_a_repository_where_the_role_may_not_is_a_permission_error(
    postgres_server: Server, postgres_url: str
) -> None:
    url = _reader(postgres_server, postgres_url, "visitor", select=False)
    with pytest.raises(PermissionDeniedError, match="permission denied for creating") as caught:
        PostgresRepository.create(url)
    _no_secret(caught.value)


# -- references under concurrent writers ------------------------------------------------------


def _wait_for_a_lock_wait(url: str) -> None:
    """Until some session waits on a lock (a condition, polled; not a timing assumption)."""
    deadline = time.monotonic() + 60
    query = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
    while not _sql(url, query)[0][0]:
        assert time.monotonic() < deadline, "the other writer never waited on the lock"
        time.sleep(0.01)


def test_a_deadline_tied_meanwhile_to_an_engagement_being_removed_is_refused_at_commit(
    pg: PostgresRepository, postgres_url: str
) -> None:
    pg.add(_engagement("talks"))
    with PostgresRepository(postgres_url) as other:
        added, go = threading.Event(), threading.Event()
        errors: list[BaseException] = []

        def tie_a_deadline_to_talks() -> None:
            try:
                with other.batch():
                    other.add(_agreement("plan", anchored_to="talks"))
                    added.set()
                    go.wait()
            except BaseException as exc:  # reported to the main thread
                errors.append(exc)

        writer = threading.Thread(target=tie_a_deadline_to_talks)
        writer.start()
        added.wait()
        with pg.batch():
            pg.remove("talks")  # no committed deadline is tied to it yet
            go.set()  # the other writer's checks pass; its commit waits on this removal
            _wait_for_a_lock_wait(postgres_url)
        writer.join()
    assert len(errors) == 1
    assert isinstance(errors[0], ValidationError)
    assert "does not exist" in str(errors[0])
    assert list(pg.records()) == []


def test_copying_keeps_versions_and_a_backend_without_restore_cannot_be_a_target() -> None:
    source = InMemoryRepository()
    source.add(_engagement("talks"))
    assert list(Repository._versioned(source)) == [(_engagement("talks"), 1)]
    with pytest.raises(StorageError, match="cannot be the target of a copy"):
        Repository._restore(InMemoryRepository(), _engagement("talks"), 1)


# -- a long batch's buffered adds -------------------------------------------------------------


def _add_buffered_then_late(pg: PostgresRepository, url: str) -> None:
    """Enough adds for the batch to buffer the next ones, then ``late``, which another writer
    committed after the batch read the ids."""
    for n in range(100):
        pg.add(_agreement(f"bulk-{n:03d}"))
    with PostgresRepository(url) as other:
        other.add(_engagement("late"))
    pg.add(_agreement("late"))


def test_an_id_another_writer_commits_during_a_long_batch_fails_the_whole_batch_naming_it(
    pg: PostgresRepository, postgres_url: str
) -> None:
    with pytest.raises(DuplicateIdError) as caught, pg.batch():
        _add_buffered_then_late(pg, postgres_url)
    assert caught.value.record_id == "late"
    assert [r.id for r in pg.records()] == ["late"]
    assert isinstance(pg.get("late"), Engagement)


def test_a_batch_whose_buffered_adds_failed_cannot_commit_even_when_the_error_was_caught(
    pg: PostgresRepository, postgres_url: str
) -> None:
    def catch_the_error_and_go_on() -> None:
        with pg.batch():
            _add_buffered_then_late(pg, postgres_url)
            with pytest.raises(DuplicateIdError):
                len(pg)  # a read writes the buffered adds first

    with pytest.raises(StorageError, match="nothing of it is stored"):
        catch_the_error_and_go_on()
    assert [r.id for r in pg.records()] == ["late"]


def test_a_long_batch_writes_anchored_records_in_parts_and_may_add_an_id_removed_meanwhile(
    pg: PostgresRepository, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pg_batch, "FLUSH_ROWS", 7)  # several COPYs inside the batch
    pg.add(_engagement("talks"))
    pg.add(_agreement("gone"))
    with pg.batch():
        for n in range(100):
            pg.add(_agreement(f"bulk-{n:03d}", anchored_to="talks"))
        with PostgresRepository(postgres_url) as other:
            other.remove("gone")  # after the batch read the ids
        pg.add(_agreement("gone", anchored_to="talks"))
    assert len(pg) == 102
    tied = _sql(postgres_url, "SELECT count(*) FROM mou_anchors WHERE engagement_id = 'talks'")
    assert tied == [(101,)]


def test_a_batch_into_a_table_large_next_to_its_adds_adds_one_statement_each(
    pg: PostgresRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pg_batch, "ROWS_PER_ADD", 0)  # any stored row makes the table large
    pg.add(_agreement("kept"))
    with pg.batch():
        for n in range(100):
            pg.add(_agreement(f"bulk-{n:03d}"))
        with pytest.raises(DuplicateIdError):
            pg.add(_agreement("bulk-099"))
        assert not pg._adds.buffering
    assert len(pg) == 101
