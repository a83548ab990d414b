"""Increment the shared counter ``--count`` times, each a read-modify-write inside ``batch()``.

Reports the values it was acknowledged (two workers acknowledged the same value means an update
was lost), the snapshots it saw while holding the lock (one more each time a save compacted) and
the errors it caught; a failed increment is tried again, up to ``--count`` more times.
"""

from __future__ import annotations

import os

import attrs

from reliability.workers.concurrency_common import (
    COUNTER_ID,
    Errors,
    configure,
    count_of,
    open_store,
    parser,
    report,
    wait_for_start,
)


def main() -> None:
    arguments = parser(__doc__)
    arguments.add_argument("--count", type=int, required=True)
    options = arguments.parse_args()
    configure(options.control)
    repo = open_store(options.store, options.mode)
    wait_for_start(options)
    acknowledged: list[int] = []
    snapshots: set[tuple[int, int, int]] = set()
    errors = Errors()
    for _attempt in range(2 * options.count):
        if len(acknowledged) == options.count:
            break
        try:
            with repo.batch():
                stat = os.stat(options.store)
                snapshots.add((stat.st_ino, stat.st_mtime_ns, stat.st_size))
                current = repo.get(COUNTER_ID)
                value = count_of(current) + 1
                repo.update(
                    attrs.evolve(current, notes=str(value)),
                    expected_version=repo.version(COUNTER_ID),
                )
            acknowledged.append(value)
        except Exception as exc:  # counted and reported to the harness
            errors.add(exc)
    report({"acknowledged": acknowledged, "snapshots": sorted(snapshots), **errors.as_dict()})


if __name__ == "__main__":
    main()
