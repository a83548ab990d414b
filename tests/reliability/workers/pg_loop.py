"""Write to PostgreSQL in a loop while the harness restarts the server under it: write ``n``
reads the counter's version and record and appends the token ``n`` to its notes with
``expected_version``; stops when ``--stop`` exists.

The log gets ``try <n>`` before each write, then ``ok <n>`` when every call of it returned, or
``<kind> <n> <exception type>`` when one raised, ``kind`` being ``storage`` (a library
StorageError), ``library`` (another library error), ``raw`` (a psycopg exception) or
``foreign``; the harness compares it with the tokens in the database afterwards. The control
``error-as-success`` logs ``ok`` for a write that raised: a client that takes an error for
success, whose writes then go missing.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import attrs

from mou_tracker import Engagement, PostgresRepository
from reliability.workers.concurrency_common import report
from reliability.workers.pg_common import COUNTER_ID, Log, kind_of


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--ready", type=Path, required=True)
    parser.add_argument("--stop", type=Path, required=True)
    parser.add_argument("--control", choices=("none", "error-as-success"), default="none")
    options = parser.parse_args()
    log = Log(options.log)
    repo = PostgresRepository(options.url)
    options.ready.touch()
    token = 0
    while not options.stop.exists():
        token += 1
        log.line("try", token)
        try:
            version = repo.version(COUNTER_ID)
            current = repo.get(COUNTER_ID)
            assert isinstance(current, Engagement)
            notes = f"{current.notes} {token}"
            repo.update(attrs.evolve(current, notes=notes), expected_version=version)
        except Exception as exc:  # sorted into the log, judged by the harness
            if options.control == "error-as-success":
                log.line("ok", token)
            else:
                log.line(kind_of(exc), token, type(exc).__module__ + "." + type(exc).__name__)
            time.sleep(0.01)  # the server may be down: do not spin
            continue
        log.line("ok", token)
    repo.close()
    report({"writes": token})


if __name__ == "__main__":
    main()
