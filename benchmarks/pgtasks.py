"""The measurements on :class:`~mou_tracker.PostgresRepository` (one per process, as in
:mod:`benchmarks.tasks`). Each takes the database's libpq URL; the server is the throwaway one
:mod:`benchmarks.postgres` started, with ``fsync`` on. Every timed span includes connecting:
a user's command connects too.
"""

from __future__ import annotations

import gc
import time
from pathlib import Path

import attrs

from benchmarks import cache
from benchmarks.generate import AS_OF
from benchmarks.tasks import Memory, Result, note, task


@task
def pg_import(url: str, cached: str) -> Result:
    """Every record added in one ``batch()`` (one transaction) to a new, empty repository."""
    from mou_tracker import PostgresRepository

    records = cache.load_records(Path(cached))
    PostgresRepository.create(url).close()
    gc.collect()
    start = time.perf_counter()
    with PostgresRepository(url) as repo, repo.batch():
        for record in records:
            repo.add(record)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "records": len(records)}


@task
def pg_open(url: str) -> Result:
    """Connect and read every record into typed objects."""
    from mou_tracker import PostgresRepository

    memory = Memory()
    start = time.perf_counter()
    with PostgresRepository(url) as repo:
        records = list(repo.records())
    seconds = time.perf_counter() - start
    return {"seconds": seconds, **memory.measure(), "records": len(records)}


@task
def pg_pair(url: str, pair: str) -> Result:
    """Connect and build ``status_by_pair(repo, pair=...)``: the filter goes to the server as
    a SQL condition, so only the pair's records (and the engagements their deadlines are tied
    to) are read."""
    from mou_tracker import PostgresRepository
    from mou_tracker.reports import status_by_pair

    memory = Memory()
    start = time.perf_counter()
    with PostgresRepository(url) as repo:
        report = status_by_pair(repo, as_of=AS_OF, pair=pair)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, **memory.measure(), "rows": len(report.rows)}


@task
def pg_update(url: str, ids: list[str], budget: float) -> Result:
    """Durable single updates, each of another agreement (committed when the call returns),
    until ``ids`` or ``budget`` run out (at least 5)."""
    from mou_tracker import PostgresRepository

    times: list[float] = []
    with PostgresRepository(url) as repo:
        for index, record_id in enumerate(ids):
            changed = attrs.evolve(repo.get(record_id), notes=note(index))
            version = repo.version(record_id)
            start = time.perf_counter()
            repo.update(changed, expected_version=version)
            times.append(time.perf_counter() - start)
            if len(times) >= 5 and sum(times) > budget:
                break
    return {"times": times}
