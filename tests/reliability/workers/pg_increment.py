"""Increment the PostgreSQL counter ``--count`` times through the library: read the version,
read the record, write it back one higher with ``expected_version``; on ``ConflictError``
(another process wrote first) read again and retry.

Reports the values it was acknowledged (a value acknowledged twice is an update lost), the
conflicts it met (each a stale write the library rejected) and any other error. The control
``no-version`` reads the version only after the record, just before writing: a write that does
not check what it read, so updates are lost and the harness must see it.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import attrs

from mou_tracker import PostgresRepository
from mou_tracker.errors import ConflictError
from reliability.workers.concurrency_common import Errors, count_of, report, wait_for_start
from reliability.workers.pg_common import COUNTER_ID


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--control", choices=("none", "no-version"), default="none")
    parser.add_argument("--ready", type=Path)
    parser.add_argument("--start", type=Path)
    options = parser.parse_args()
    repo = PostgresRepository(options.url)
    repo.version(COUNTER_ID)  # connected before the start
    wait_for_start(options)
    acknowledged: list[int] = []
    conflicts = 0
    errors = Errors()
    for _attempt in range(50 * options.count):
        if len(acknowledged) == options.count:
            break
        try:
            if options.control == "no-version":
                current = repo.get(COUNTER_ID)
                time.sleep(0.005)  # widen the gap so another writer lands in it on any machine
                version = repo.version(COUNTER_ID)
            else:
                version = repo.version(COUNTER_ID)
                current = repo.get(COUNTER_ID)
            value = count_of(current) + 1
            repo.update(attrs.evolve(current, notes=str(value)), expected_version=version)
            acknowledged.append(value)
        except ConflictError:
            conflicts += 1
        except Exception as exc:  # counted and reported to the harness
            errors.add(exc)
    repo.close()
    report({"acknowledged": acknowledged, "conflicts": conflicts, **errors.as_dict()})


if __name__ == "__main__":
    main()
