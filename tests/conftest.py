"""Shared fixtures: a few valid domain objects, and repositories over every backend.

``repo`` is parametrised over the built-in backends ("memory" and "json"), so a test written
once against the :class:`~mou_tracker.Repository` interface runs against each of them. A later
backend joins the contract by adding a parameter here.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pendulum
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

BACKENDS = ("memory", "json", "journal")
"""``journal`` is the JSON repository with every save after the first going to its journal
(``small_snapshot_bytes=0``, as for repositories over 1 MiB), compacted as it grows."""


def _repository_factory(backend: str, directory: Path) -> Callable[[], Repository]:
    if backend == "memory":
        return InMemoryRepository
    names = itertools.chain(["store.json"], (f"store-{n}.json" for n in itertools.count(1)))
    small = 0 if backend == "journal" else jsonfile.SMALL_SNAPSHOT_BYTES
    return lambda: JsonRepository(directory / next(names), small_snapshot_bytes=small)


@pytest.fixture(params=BACKENDS)
def new_repo(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], Repository]:
    """Makes a fresh, empty repository of one backend at each call (for hypothesis tests)."""
    return _repository_factory(request.param, tmp_path)


@pytest.fixture(params=BACKENDS)
def repo(request: pytest.FixtureRequest, tmp_path: Path) -> Repository:
    """An empty repository: in memory, or a JSON file ``tmp_path / "store.json"``."""
    return _repository_factory(request.param, tmp_path)()


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
