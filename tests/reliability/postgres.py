"""PostgreSQL (issue #12, item 6): proof that :class:`PostgresRepository` loses nothing, against a
real throwaway server the harness starts (``tests/pgserver.py``) and always stops.

1. **increments**: 8 processes x 500 increments of one counter through the library (read the
   version, read, write with ``expected_version``, retry on ``ConflictError``): exactly 4,000;
   every stale write rejected (the conflicts are counted); and two sessions writing from one
   version: the second always gets ``ConflictError``;
2. **kills**: a client adding batches of records (each carrying its batch's id) and moving a
   counter, all in ``with repo.batch():``, SIGKILLed 100 times at random points (after a random
   delay, or by itself after a random write): never a partial batch, never a batch it saw
   committed lost, the counter always the number of whole batches;
3. **restarts**: ``pg_ctl restart -m immediate`` under a client's write loop: every call
   returned (and its write is in the database) or raised a ``StorageError``, never a psycopg
   exception or another type; no write lost or doubled;
4. **hostile input**: the hostile ids and texts (and SQL payloads) through every entry point:
   the catalog and the other rows untouched, every text back exactly;
5. **roles**: a role with ``SELECT`` only runs every read command and gets a
   ``PermissionDeniedError`` (no password in it) on every write, with nothing changed.

Negative controls: writes that do not check the version they read (updates lost; stale writes
accepted), the batch's writes made one transaction each (partial batches), a client that takes
an error for success (writes lost), and a lookup built by string formatting (the catalog or the
rows changed). Where no server can be started, the figures are NOT RUN (a failure under
``CI=true``).
"""

from __future__ import annotations

import random
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

import attrs

from reliability._harness import Figure, Profile, scale
from reliability._pg_hostile import HOSTILE, Hostile, run_hostile, unsafe_lookups
from reliability._pg_roles import Roles, run_roles
from reliability._pg_runs import (
    BATCH_SIZE,
    Increments,
    Kills,
    Restarts,
    StaleWrites,
    run_increments,
    run_kills,
    run_restarts,
    run_stale_writes,
)
from reliability._pg_server import NotRun, Server, server, under_ci

HARNESS = "postgres"
SEED = 20261205
CONTROL_ATTEMPTS = 5

Result = TypeVar("Result")


@attrs.frozen(kw_only=True)
class Scale:
    processes: int
    increments: int
    stale: int
    kills: int
    control_kills: int
    restarts: int
    texts: int
    cli_values: int


def scale_of(profile: Profile) -> Scale:
    return Scale(
        processes=scale(profile, fast=2, full=8),
        increments=scale(profile, fast=50, full=500),
        stale=scale(profile, fast=50, full=1000),
        kills=scale(profile, fast=5, full=100),
        control_kills=scale(profile, fast=4, full=10),
        restarts=scale(profile, fast=1, full=5),
        texts=scale(profile, fast=50, full=500),
        cli_values=scale(profile, fast=10, full=40),
    )


def in_directory(run: Callable[[Path], Result]) -> Result:
    with tempfile.TemporaryDirectory(prefix="mou-pg-") as name:
        return run(Path(name))


def until_caught(
    run: Callable[[Path], Result], caught: Callable[[Result], bool], *, attempts: int
) -> tuple[int, Result]:
    """Run a timing-dependent control until caught: (the attempt, 0 if never; last result)."""
    for attempt in range(1, attempts + 1):
        result = in_directory(run)
        if caught(result):
            return attempt, result
    return 0, result


def version_control(running: Server, size: Scale) -> tuple[int, Increments]:
    return until_caught(
        partial(
            run_increments,
            running,
            processes=size.processes,
            count=size.increments,
            control="no-version",
        ),
        lambda result: not result.exact and (result.lost > 0 or result.duplicates > 0),
        attempts=CONTROL_ATTEMPTS,
    )


def unbatched_control(running: Server, size: Scale, rng: random.Random) -> Kills:
    return in_directory(
        partial(run_kills, running, kills=size.control_kills, rng=rng, control="unbatched")
    )


def error_as_success_control(running: Server, rng: random.Random) -> Restarts:
    return in_directory(
        partial(run_restarts, running, restarts=1, rng=rng, control="error-as-success")
    )


def _figure(name: str, measured: str, target: str, passed: bool) -> Figure:
    return Figure(harness=HARNESS, name=name, measured=measured, target=target, passed=passed)


def _control(name: str, measured: str, passed: bool) -> Figure:
    return _figure(f"negative control: {name}", measured, "caught", passed)


def increments_figures(result: Increments, stale: StaleWrites) -> list[Figure]:
    n = result.expected
    return [
        _figure(
            f"{result.processes} processes x {result.per_process} increments through the library",
            f"{result.final:,} at version {result.version:,}; {result.duplicates} acknowledged "
            f"twice; {result.errors} errors",
            f"exactly {n:,} at version {n + 1:,}; 0 errors",
            result.exact,
        ),
        _figure(
            "stale writes met during the increments, rejected",
            f"{result.conflicts:,} ConflictError (then read again); {max(result.lost, 0)} "
            "accepted (lost updates)",
            "100% rejected (0 accepted, ≥ 1 met)",
            result.exact and result.conflicts > 0,
        ),
        _figure(
            "second write from a stale version (two sessions)",
            f"{stale.rejected:,}/{stale.trials:,} ConflictError; {stale.lost} lost",
            f"{stale.trials:,}/{stale.trials:,}; 0 lost",
            stale.rejected == stale.trials and stale.lost == stale.accepted == 0,
        ),
    ]


def kills_figures(tally: Kills) -> list[Figure]:
    return [
        _figure(
            f"SIGKILL a client inside a batch ({BATCH_SIZE} adds + 1 update), "
            f"{tally.kills} times: partial batches",
            f"{len(tally.partial)} (whole: {tally.batches:,}; kills inside a batch "
            f"{tally.inside}/{tally.kills}, {tally.self_kills} at a random write)",
            "0; ≥ half the kills inside a batch",
            not tally.partial and 2 * tally.inside >= tally.kills,
        ),
        _figure(
            "batches acknowledged, then lost; counter off the whole batches",
            f"{len(tally.lost)} of {tally.committed:,}; {tally.counter_off} of "
            f"{tally.kills} checks",
            "0; 0",
            not tally.lost and tally.counter_off == 0,
        ),
        _figure(
            "clients that died otherwise than by SIGKILL",
            str(len(tally.bad_exits))
            + (f" ({tally.bad_exits[0][:120]})" if tally.bad_exits else ""),
            "0",
            not tally.bad_exits,
        ),
    ]


def restarts_figures(result: Restarts) -> list[Figure]:
    others = result.raised["library"] + result.raised["raw"] + result.raised["foreign"]
    return [
        _figure(
            f"server restarted (pg_ctl restart -m immediate) x {result.restarts} under a "
            "write loop: each write",
            f"{result.acknowledged:,} returned, {result.raised['storage']:,} StorageError, "
            f"{others} other ({', '.join(result.types) or 'no exception'})",
            f"returned or StorageError; 0 other; ≥ {result.restarts} StorageError",
            others == 0 and result.raised["storage"] >= result.restarts,
        ),
        _figure(
            "acknowledged writes lost, doubled, unexplained after the restarts",
            f"{len(result.lost)}, {len(result.doubled)}, {len(result.unexplained)} "
            f"({result.raised_but_committed} raised but committed)",
            "0, 0, 0",
            not (result.lost or result.doubled or result.unexplained),
        ),
        _figure(
            "writes acknowledged after the last restart",
            f"{result.after_last:,}",
            "≥ 1",
            result.after_last > 0,
        ),
    ]


def hostile_figures(found: Hostile) -> list[Figure]:
    return [
        _figure(
            f"{len(HOSTILE)} hostile ids and SQL payloads x {found.entries} entry points "
            "(library, CLI)",
            f"{found.calls - len(found.unsafe):,}/{found.calls:,} refused or harmless"
            + (f" (first: {found.unsafe[0]!r})" if found.unsafe else ""),
            "all",
            not found.unsafe,
        ),
        _figure(
            "hostile texts written (add, update, declare_area) read back exactly",
            f"{found.checks - len(found.mismatched):,}/{found.checks:,} reads of "
            f"{found.texts:,} texts (get, records, agreements, areas)",
            "all",
            not found.mismatched,
        ),
        _figure(
            "catalog (schemas, tables, columns, indexes, triggers, functions, roles, grants) "
            "and other rows changed",
            f"{len(found.catalog_changed) + len(found.rows_changed)}"
            + (f" ({(found.catalog_changed + found.rows_changed)[:3]})" if not found.clean else ""),
            "0",
            not (found.catalog_changed or found.rows_changed),
        ),
    ]


def roles_figures(found: Roles) -> list[Figure]:
    reads = sum(v == "ok" for v in found.reads.values())
    writes = sum(v == "refused" for v in found.writes.values())
    return [
        _figure(
            "role with SELECT only: read commands (list, show, validate, report x 9, export x 3, "
            "chart, dashboard, copy out)",
            f"{reads}/{len(found.reads)} ran",
            "all",
            reads == len(found.reads),
        ),
        _figure(
            "its writes (library x 9, CLI init/import/copy in): PermissionDeniedError, "
            "'permission denied for writing', no password",
            f"{writes}/{len(found.writes)} refused",
            "all",
            writes == len(found.writes),
        ),
        _figure("database changed by the reader", str(len(found.changed)), "0", not found.changed),
    ]


def run_all(running: Server, profile: Profile, seed: int = SEED) -> list[Figure]:
    size, rng = scale_of(profile), random.Random(seed)  # noqa: S311 - reproducible, not secret
    found: list[Figure] = []
    increments = in_directory(
        partial(run_increments, running, processes=size.processes, count=size.increments)
    )
    found += increments_figures(increments, run_stale_writes(running, trials=size.stale))
    found += kills_figures(in_directory(partial(run_kills, running, kills=size.kills, rng=rng)))
    found += restarts_figures(
        in_directory(partial(run_restarts, running, restarts=size.restarts, rng=rng))
    )
    found += hostile_figures(
        run_hostile(running, texts=size.texts, rng=rng, cli_ids=size.cli_values)
    )
    found += roles_figures(run_roles(running))
    attempt, lossy = version_control(running, size)
    found.append(
        _control(
            "increments not checking the version they read",
            f"caught at attempt {attempt}: {lossy.duplicates} updates lost"
            if attempt
            else f"not caught in {CONTROL_ATTEMPTS}",
            attempt > 0,
        )
    )
    blind = run_stale_writes(running, trials=size.stale, control="no-version")
    found.append(
        _control(
            "stale writes sent with the current version",
            f"{blind.accepted}/{blind.trials} accepted",
            blind.accepted > 0,
        )
    )
    split = unbatched_control(running, size, rng)
    found.append(
        _control(
            "the batch's writes as one transaction each",
            f"{len(split.partial)} partial batches after {split.kills} kills",
            bool(split.partial),
        )
    )
    careless = error_as_success_control(running, rng)
    found.append(
        _control(
            "a client taking a raised error for success",
            f"{len(careless.lost)} acknowledged writes missing",
            bool(careless.lost),
        )
    )
    unsafe = unsafe_lookups(running)
    found.append(
        _control(
            "a lookup built by string formatting",
            f"{len(unsafe.catalog_changed)} catalog parts, {len(unsafe.rows_changed)} tables "
            f"changed, {unsafe.leaked} lookups leaking rows",
            unsafe.caught,
        )
    )
    return found


def not_run(reason: str) -> list[Figure]:
    """The figure that stands for the harness where no server could be started: a failure
    under ``CI=true``, else NOT RUN, said loudly on standard error."""
    message = f"PostgreSQL reliability checks NOT RUN: no server could be started: {reason}"
    if under_ci():
        return [_figure("PostgreSQL server started", message, "started (CI=true)", False)]
    print(f"WARNING: {message}", file=sys.stderr, flush=True)
    return [
        Figure(
            harness=HARNESS,
            name="PostgreSQL checks",
            measured=message,
            target="a server to run against",
            passed=True,
            run=False,
        )
    ]


def figures(profile: Profile) -> list[Figure]:
    try:
        with server() as running:
            return run_all(running, profile)
    except NotRun as exc:
        return not_run(str(exc))
