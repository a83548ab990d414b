"""Save the counter ``--saves`` times (1, 2, 3...) while readers open the store.

After each save returns, its value is appended to ``--acks`` as a fixed-width line: a reader
that finds ``n`` there knows the store holds at least ``n``. ``--done`` is created at the end.
Reports how many saves replaced the snapshot (in journal mode: the compactions).
"""

from __future__ import annotations

import os
from pathlib import Path

import attrs

from reliability.workers.concurrency_common import (
    COUNTER_ID,
    Errors,
    configure,
    open_store,
    parser,
    report,
    wait_for_start,
)

ACK_WIDTH = 11
"""Bytes of one line of the acknowledgement file: ten digits and a newline."""


def main() -> None:
    arguments = parser(__doc__)
    arguments.add_argument("--saves", type=int, required=True)
    arguments.add_argument("--acks", type=Path, required=True)
    arguments.add_argument("--done", type=Path, required=True)
    options = arguments.parse_args()
    configure(options.control)
    repo = open_store(options.store, options.mode)
    acks = os.open(options.acks, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    wait_for_start(options)
    replaced = saved = 0
    errors = Errors()
    try:
        for value in range(1, options.saves + 1):
            before = os.stat(options.store).st_ino
            try:
                current = repo.get(COUNTER_ID)
                repo.update(
                    attrs.evolve(current, notes=str(value)),
                    expected_version=repo.version(COUNTER_ID),
                )
            except Exception as exc:  # counted and reported to the harness
                errors.add(exc)
                break
            saved += 1
            os.write(acks, f"{value:0{ACK_WIDTH - 1}d}\n".encode())
            replaced += os.stat(options.store).st_ino != before
    finally:
        os.close(acks)
        options.done.touch()
    report({"saves": saved, "replaced": replaced, **errors.as_dict()})


if __name__ == "__main__":
    main()
