"""Two handles on one store write from the same version, ``--trials`` times.

Each trial both handles catch up and read the counter at the same version; the first writes
(and wins), then the second writes from the version it read, now stale: it must raise
``ConflictError``. A fresh handle then checks that the store holds the first write, at the next
version. The handles take turns being first.
"""

from __future__ import annotations

import attrs

from mou_tracker.errors import ConflictError
from reliability.workers.concurrency_common import (
    COUNTER_ID,
    Errors,
    configure,
    count_of,
    counted,
    open_store,
    parser,
    report,
    wait_for_start,
)


def main() -> None:
    arguments = parser(__doc__)
    arguments.add_argument("--trials", type=int, required=True)
    options = arguments.parse_args()
    configure(options.control)
    handles = (open_store(options.store, options.mode), open_store(options.store, options.mode))
    wait_for_start(options)
    rejected = accepted = not_same = lost = 0
    errors = Errors()
    for trial in range(options.trials):
        first, second = handles if trial % 2 == 0 else handles[::-1]
        try:
            first.refresh()
            second.refresh()
            version = first.version(COUNTER_ID)
            if second.version(COUNTER_ID) != version:
                not_same += 1
                continue
            mine, theirs = first.get(COUNTER_ID), second.get(COUNTER_ID)
            value = count_of(mine) + 1
            first.update(attrs.evolve(mine, notes=str(value)), expected_version=version)
            try:
                second.update(attrs.evolve(theirs, notes=str(-value)), expected_version=version)
            except ConflictError:
                rejected += 1
            else:
                accepted += 1
            if counted(open_store(options.store, options.mode)) != (value, version + 1):
                lost += 1  # the first write is not what the store holds
        except Exception as exc:  # counted and reported to the harness
            errors.add(exc)
    report(
        {
            "rejected": rejected,
            "accepted": accepted,
            "not_same": not_same,
            "lost": lost,
            **errors.as_dict(),
        }
    )


if __name__ == "__main__":
    main()
