"""Write batches of ``--size`` records to PostgreSQL until killed: each batch adds records
``b<n>-0`` ... (every one carrying its batch's id) and moves the counter to the number of
batches, all inside one ``with repo.batch():`` (one transaction).

The log gets ``begin <n>`` before a batch and ``commit <n>`` once it returned. With
``--kill-batch J --kill-at K`` the worker kills itself (SIGKILL) after the K-th write of its J-th
batch (K = size: after the counter's update, before the commit); otherwise the harness kills it
after a random delay. The control ``unbatched`` makes the same writes one transaction each.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import signal
from pathlib import Path

import attrs

from mou_tracker import PostgresRepository
from mou_tracker.errors import ConflictError
from reliability.workers.concurrency_common import count_of
from reliability.workers.pg_common import COUNTER_ID, Log, batch_record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--first", type=int, required=True, help="the first batch's number")
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--ready", type=Path, required=True)
    parser.add_argument("--kill-batch", type=int, default=-1)
    parser.add_argument("--kill-at", type=int, default=-1)
    parser.add_argument("--control", choices=("none", "unbatched"), default="none")
    options = parser.parse_args()
    log = Log(options.log)
    repo = PostgresRepository(options.url)
    repo.version(COUNTER_ID)  # connected before the harness's clock starts
    options.ready.touch()
    for number, batch in enumerate(itertools.count(options.first)):
        for _attempt in range(5):  # a conflict: the last kill's commit landed after our read
            log.line("begin", batch)
            try:
                write(repo, options, batch, kill=number == options.kill_batch)
            except ConflictError:
                log.line("conflict", batch)
                continue
            log.line("commit", batch)
            break


def write(repo: PostgresRepository, options: argparse.Namespace, batch: int, kill: bool) -> None:
    together = options.control == "none"
    with repo.batch() if together else contextlib.nullcontext():
        version = repo.version(COUNTER_ID)
        current = repo.get(COUNTER_ID)
        for index in range(options.size):
            repo.add(batch_record(batch, index))
            if kill and index == options.kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
        moved = attrs.evolve(current, notes=str(count_of(current) + 1))
        repo.update(moved, expected_version=version)
        if kill and options.kill_at >= options.size:
            os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main()
