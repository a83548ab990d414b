"""Shared fixtures: a few valid domain objects, and repositories over every backend.

``repo`` is parametrised over every backend ("memory", "json", "journal" and "postgres"), so a
test written once against the :class:`~mou_tracker.Repository` interface runs against each of
them. A later backend joins the contract by adding a parameter here.

"postgres" runs against a throwaway server the session starts (``tests/pgserver.py``) and always
stops; each repository lives in a fresh schema of its database. Where no server can be started
those tests are skipped, with the reason, except under CI (``CI=true``), where that fails the run.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pendulum
import pgserver
import pytest
from hypothesis import HealthCheck, settings

import mou_tracker.storage.jsonfile as jsonfile
from mou_tracker import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Commitment,
    Deadline,
    Engagement,
    EngagementKind,
    InMemoryRepository,
    JsonRepository,
    Party,
    Repository,
    Source,
    StatusChange,
)

# These machines are shared and noisy: time is no signal here (speed lives in benchmarks/), so
# neither a slow example nor slow generation of a large repository fails a test.
settings.register_profile(
    "mou-tracker", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("mou-tracker")

BACKENDS = ("memory", "json", "journal", "postgres")
"""``journal`` is the JSON repository with every save after the first going to its journal
(``small_snapshot_bytes=0``, as for repositories over 1 MiB), compacted as it grows;
``postgres`` a :class:`~mou_tracker.PostgresRepository` in a fresh schema."""


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[pgserver.Server]:
    """A PostgreSQL server for the whole session, stopped at its end (or when the test process
    dies: see ``tests/pgserver.py``)."""
    try:
        server = pgserver.start()
    except pgserver.ServerUnavailable as exc:
        reason = f"PostgreSQL TESTS NOT RUN: no server could be started here: {exc}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (under CI they must run)", pytrace=False)
        pytest.skip(reason)
    try:
        yield server
    finally:
        server.stop()


_schemas = itertools.count(1)


@pytest.fixture
def new_postgres_url(postgres_server: pgserver.Server) -> Callable[[], str]:
    """Makes the URL of a fresh, empty schema (no repository in it yet) at each call."""
    import psycopg

    def make() -> str:
        name = f"t{next(_schemas)}"
        with psycopg.connect(postgres_server.url, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {name}")
        return postgres_server.url_for(options=f"-csearch_path%3D{name}")

    return make


@pytest.fixture
def postgres_url(new_postgres_url: Callable[[], str]) -> str:
    """The URL of a fresh, empty schema."""
    return new_postgres_url()


def _postgres_factory(request: pytest.FixtureRequest) -> Callable[[], Repository]:
    from mou_tracker import PostgresRepository

    make_url: Callable[[], str] = request.getfixturevalue("new_postgres_url")
    opened: list[PostgresRepository] = []
    request.addfinalizer(lambda: [repo.close() for repo in opened])

    def make() -> Repository:
        opened.append(PostgresRepository.create(make_url()))
        return opened[-1]

    return make


def _repository_factory(
    backend: str, directory: Path, request: pytest.FixtureRequest
) -> Callable[[], Repository]:
    if backend == "memory":
        return InMemoryRepository
    if backend == "postgres":
        return _postgres_factory(request)
    names = itertools.chain(["store.json"], (f"store-{n}.json" for n in itertools.count(1)))
    small = 0 if backend == "journal" else jsonfile.SMALL_SNAPSHOT_BYTES
    return lambda: JsonRepository(directory / next(names), small_snapshot_bytes=small)


@pytest.fixture(params=BACKENDS)
def new_repo(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], Repository]:
    """Makes a fresh, empty repository of one backend at each call (for hypothesis tests)."""
    return _repository_factory(request.param, tmp_path, request)


@pytest.fixture(params=BACKENDS)
def repo(request: pytest.FixtureRequest, tmp_path: Path) -> Repository:
    """An empty repository: in memory, a JSON file ``tmp_path / "store.json"``, or a
    PostgreSQL schema."""
    return _repository_factory(request.param, tmp_path, request)()


@pytest.fixture
def source() -> Source:
    return Source(
        title="Pakistan and Kazakhstan sign action plan",
        publisher="Ministry of Foreign Affairs of Pakistan",
        url="https://mofa.gov.pk/press-releases/pk-kz-2025",
        published="2025-08-20",
        accessed=pendulum.Date(2025, 9, 1),
    )


@pytest.fixture
def commitment(source: Source) -> Commitment:
    return Commitment(
        id="visa-facilitation",
        text="Simplify visa procedures for business travellers",
        areas={"consular", "trade"},
        responsible=["PK", "KZ"],
        deadline=Deadline(due="2025-11", note="before the next intergovernmental commission"),
        made_on="2025-08-20",
        sources=[source],
    )


@pytest.fixture
def agreement(source: Source, commitment: Commitment) -> Agreement:
    """The Pakistan–Kazakhstan action plan: negotiated in Q2 2025, signed on 20 August 2025."""
    return Agreement(
        id="pk-kz-action-plan-2025",
        kind=AgreementKind.ACTION_PLAN,
        title="Action plan on strategic partnership 2025-2027",
        parties=[
            Party(country="Pakistan", signatory="Ishaq Dar, Deputy Prime Minister"),
            Party(country="Kazakhstan", institution="Ministry of Foreign Affairs"),
        ],
        history=[
            StatusChange(status=AgreementStatus.UNDER_NEGOTIATION, date="2025-Q2"),
            StatusChange(status=AgreementStatus.SIGNED, date="2025-08-20", source=source),
        ],
        areas={"trade", "transport_logistics", "ict"},
        legally_binding=False,
        signature_place="Astana",
        commitments=[commitment],
        sources=[source],
    )


@pytest.fixture
def engagement(source: Source) -> Engagement:
    return Engagement(
        id="pk-kz-talks-2025-08",
        kind=EngagementKind.TALKS,
        title="Foreign ministers' talks",
        date="2025-08-20",
        parties=[Party(country="PK"), Party(country="KZ")],
        place="Astana",
        areas={"trade", "connectivity"},
        agreement_ids=["pk-kz-action-plan-2025"],
        sources=[source],
    )
