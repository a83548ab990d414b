"""The PostgreSQL harness's process checks: increments from several processes, stale writes,
clients killed inside a batch, and the server restarted under a write loop.

Each ``run_*`` function takes a running server (``_pg_server``), works in a fresh schema of it
and returns counts; :mod:`reliability.postgres` turns them into figures and the tests assert on
them. The workers are ``reliability.workers.pg_*``.
"""

from __future__ import annotations

import random
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import attrs
import psycopg

from mou_tracker import PostgresRepository
from mou_tracker.errors import ConflictError
from reliability._concurrency_runs import run_together
from reliability._harness import ROOT, python_command, python_env
from reliability._pg_server import Server, new_schema
from reliability.workers.concurrency_common import count_of
from reliability.workers.pg_common import COUNTER_ID, seed_counter

BATCH_SIZE = 5
"""Records added by each batch (besides the counter's update)."""
MAX_DELAY = 0.25
"""Seconds, at most, before the harness kills a batch writer (it writes some 20 batches a
second on these machines, so kills land in all of its steps)."""
TIMEOUT = 120.0


@attrs.frozen(kw_only=True)
class Increments:
    processes: int
    per_process: int
    acknowledged: int
    duplicates: int
    """Values acknowledged more than once: each an update lost."""
    final: int
    version: int
    conflicts: int
    """Stale writes the library rejected with ConflictError (then read again and retried)."""
    errors: int
    first_error: str | None

    @property
    def expected(self) -> int:
        return self.processes * self.per_process

    @property
    def lost(self) -> int:
        return self.acknowledged - self.final

    @property
    def exact(self) -> bool:
        return (
            self.errors == 0
            and self.duplicates == 0
            and self.acknowledged == self.final == self.expected
            and self.version == self.expected + 1
        )


def run_increments(
    server: Server, directory: Path, *, processes: int, count: int, control: str = "none"
) -> Increments:
    _, url = new_schema(server)
    seed_counter(url)
    worker = ["--url", url, "--count", str(count), "--control", control]
    results = run_together(directory, [("pg_increment", worker)] * processes)
    values = Counter(value for result in results for value in result["acknowledged"])
    with PostgresRepository(url, read_only=True) as repo:
        final, version = count_of(repo.get(COUNTER_ID)), repo.version(COUNTER_ID)
    return Increments(
        processes=processes,
        per_process=count,
        acknowledged=values.total(),
        duplicates=sum(n - 1 for n in values.values()),
        final=final,
        version=version,
        conflicts=sum(result["conflicts"] for result in results),
        errors=sum(result["errors"] + result["foreign_errors"] for result in results),
        first_error=next((r["first_error"] for r in results if r["first_error"]), None),
    )


@attrs.frozen(kw_only=True)
class StaleWrites:
    trials: int
    rejected: int
    accepted: int
    lost: int
    """Trials after which the record did not hold the first write."""


def run_stale_writes(server: Server, *, trials: int, control: str = "none") -> StaleWrites:
    """Two handles (two connections) read the counter at the same version; the first writes,
    then the second writes from what it read. The control passes the version read just before
    writing, so it never checks what the record was when it read it."""
    _, url = new_schema(server)
    seed_counter(url)
    rejected = accepted = lost = 0
    with PostgresRepository(url) as first, PostgresRepository(url) as second:
        for trial in range(trials):
            versions = first.version(COUNTER_ID), second.version(COUNTER_ID)
            read = first.get(COUNTER_ID), second.get(COUNTER_ID)
            first.update(attrs.evolve(read[0], notes=f"{trial}"), expected_version=versions[0])
            stale = versions[1] if control == "none" else second.version(COUNTER_ID)
            try:
                second.update(attrs.evolve(read[1], notes="-1"), expected_version=stale)
            except ConflictError:
                rejected += 1
            else:
                accepted += 1
            kept = first.get(COUNTER_ID)
            lost += count_of(kept) != trial
            if count_of(kept) != trial:  # put the counter back for the next trial
                first.update(
                    attrs.evolve(kept, notes=f"{trial}"),
                    expected_version=first.version(COUNTER_ID),
                )
    return StaleWrites(trials=trials, rejected=rejected, accepted=accepted, lost=lost)


@attrs.define(kw_only=True)
class Kills:
    """What clients killed inside (or around) their batches left."""

    kills: int = 0
    self_kills: int = 0
    """Kills the client made itself after a random write of a random batch."""
    inside: int = 0
    """Kills that landed between a batch's ``begin`` and its ``commit`` (the log says)."""
    batches: int = 0
    """Batches found whole in the database at the end."""
    committed: int = 0
    """Batches the clients saw committed (logged after ``batch()`` returned)."""
    partial: set[str] = attrs.field(factory=set)
    """Batches seen with some of their records but not all, after any kill."""
    lost: set[str] = attrs.field(factory=set)
    """Batches acknowledged as committed and not found whole afterwards."""
    counter_off: int = 0
    """Checks where the counter did not equal the number of whole batches."""
    bad_exits: list[str] = attrs.field(factory=list)

    @property
    def clean(self) -> bool:
        return not self.partial and not self.lost and self.counter_off == 0 and not self.bad_exits


def _logged(path: Path) -> list[list[str]]:
    return [line.split() for line in path.read_text().splitlines()] if path.exists() else []


def _batches(url: str) -> tuple[Counter[str], int]:
    """Records per batch id (checked against the record's own id), and the counter."""
    found: Counter[str] = Counter()
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT id, document->>'notes' FROM mou_records").fetchall()
    count = 0
    for record_id, notes in rows:
        if record_id == COUNTER_ID:
            count = int(notes)
            continue
        batch = notes.removeprefix("batch ")
        found[batch if record_id.startswith(batch + "-") else f"mixed {record_id}"] += 1
    return found, count


def _wait_ready(process: subprocess.Popen[bytes], ready: Path) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not ready.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            return
        time.sleep(0.005)


def run_kills(
    server: Server, directory: Path, *, kills: int, rng: random.Random, control: str = "none"
) -> Kills:
    """``kills`` batch writers, one after the other on one schema, each SIGKILLed: every
    second one by the harness after a random delay, the others by themselves after a random
    write of a random batch. After each kill the database is checked."""
    _, url = new_schema(server)
    seed_counter(url)
    tally, first = Kills(), 0
    acknowledged: set[str] = set()
    for trial in range(kills):
        log, ready = directory / f"kill-{trial}.log", directory / f"kill-{trial}.ready"
        command = [f"--url={url}", f"--size={BATCH_SIZE}", f"--first={first}"]
        command += [f"--log={log}", f"--ready={ready}", f"--control={control}"]
        self_kill = trial % 2 == 1
        if self_kill:
            command += [f"--kill-batch={rng.randrange(3)}", f"--kill-at={rng.randrange(6)}"]
        with (directory / f"kill-{trial}.err").open("wb") as err:
            process = subprocess.Popen(
                python_command("workers.pg_batch", *command),
                stdout=subprocess.DEVNULL,
                stderr=err,
                env=python_env(),
                cwd=ROOT,
            )
            try:
                _wait_ready(process, ready)
                if not self_kill:
                    time.sleep(rng.uniform(0, MAX_DELAY))
                    process.send_signal(signal.SIGKILL)
                process.wait(timeout=TIMEOUT)
            finally:
                if process.poll() is None:
                    process.kill()
                    process.wait()
        tally.kills += 1
        tally.self_kills += self_kill
        if process.returncode != -signal.SIGKILL:
            error = (directory / f"kill-{trial}.err").read_text(errors="replace")[-500:]
            tally.bad_exits.append(f"trial {trial}: exit {process.returncode}: {error}")
        lines = _logged(log)
        tally.inside += bool(lines) and lines[-1][0] != "commit"
        acknowledged |= {f"b{int(n):05d}" for word, n in lines if word == "commit"}
        first = max([first - 1, *(int(n) for _, n in lines)]) + 1
        found, count = _batches(url)
        whole = {batch for batch, n in found.items() if n == BATCH_SIZE}
        tally.partial |= set(found) - whole
        tally.lost |= acknowledged - whole
        tally.counter_off += count != len(whole)
        tally.batches, tally.committed = len(whole), len(acknowledged)
    return tally


@attrs.frozen(kw_only=True)
class Restarts:
    restarts: int
    writes: int
    """Writes tried (each: read the version, read the record, update)."""
    acknowledged: int
    """Writes whose every call returned."""
    raised: Counter[str]
    """Writes that raised, by kind: storage (StorageError), library, raw (psycopg), foreign."""
    types: tuple[str, ...]
    """The exception types raised."""
    lost: tuple[int, ...]
    """Acknowledged writes not in the database afterwards."""
    doubled: tuple[int, ...]
    """Tokens found more than once in the database."""
    unexplained: tuple[int, ...]
    """Tokens in the database that no write tried, or whose write raised something other
    than a StorageError."""
    raised_but_committed: int
    """Writes that raised StorageError although their commit went through (the connection
    broke after the commit; documented: the outcome of such a call is unknown)."""
    after_last: int
    """Writes acknowledged after the last restart (the client recovered)."""

    @property
    def clean(self) -> bool:
        others = self.raised["library"] + self.raised["raw"] + self.raised["foreign"]
        return (
            others == 0
            and not self.lost
            and not self.doubled
            and not self.unexplained
            and self.after_last > 0
            and self.raised["storage"] >= self.restarts
        )


def run_restarts(
    server: Server, directory: Path, *, restarts: int, rng: random.Random, control: str = "none"
) -> Restarts:
    """A client writes in a loop while the server is restarted ``restarts`` times
    (``pg_ctl restart -m immediate``, as the server's user); then its log is compared with the
    tokens in the database."""
    _, url = new_schema(server)
    seed_counter(url)
    log, ready, stop = directory / "loop.log", directory / "loop.ready", directory / "loop.stop"
    command = [f"--url={url}", f"--log={log}", f"--ready={ready}", f"--stop={stop}"]
    marks: list[int] = []
    with (directory / "loop.err").open("wb") as err:
        process = subprocess.Popen(
            python_command("workers.pg_loop", *command, f"--control={control}"),
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=python_env(),
            cwd=ROOT,
        )
        try:
            _wait_ready(process, ready)
            time.sleep(0.3)
            for _ in range(restarts):
                time.sleep(rng.uniform(0.1, 0.6))
                server.restart()
                marks.append(len(_logged(log)))
            time.sleep(0.5)
            stop.touch()
            process.wait(timeout=TIMEOUT)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    if process.returncode != 0:
        raise RuntimeError(f"the write loop failed: {(directory / 'loop.err').read_text()[-2000:]}")
    return _judge(url, _logged(log), marks[-1] if marks else 0, restarts)


def _judge(url: str, lines: list[list[str]], mark: int, restarts: int) -> Restarts:
    outcome: dict[int, str] = {}
    types: set[str] = set()
    for words in lines:
        if words[0] != "try":
            outcome[int(words[1])] = words[0]
            types.update(words[2:])
    with psycopg.connect(url) as conn:
        notes = conn.execute(
            "SELECT document->>'notes' FROM mou_records WHERE id = %s", [COUNTER_ID]
        ).fetchall()[0][0]
    tokens = Counter(int(t) for t in notes.split()[1:])
    acked = {token for token, kind in outcome.items() if kind == "ok"}
    raised: Counter[str] = Counter(kind for kind in outcome.values() if kind != "ok")
    after = {int(w[1]) for w in lines[mark:] if w[0] == "ok"}
    return Restarts(
        restarts=restarts,
        writes=sum(w[0] == "try" for w in lines),
        acknowledged=len(acked),
        raised=raised,
        types=tuple(sorted(types)),
        lost=tuple(sorted(acked - set(tokens))),
        doubled=tuple(sorted(t for t, n in tokens.items() if n > 1)),
        unexplained=tuple(sorted(t for t in tokens if outcome.get(t) not in ("ok", "storage"))),
        raised_but_committed=sum(outcome.get(t) == "storage" for t in tokens),
        after_last=len(after),
    )
