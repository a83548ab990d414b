"""Save into a store whose files may not grow: ``RLIMIT_FSIZE`` just above its largest file.

``python -m reliability.workers.faults_disk_full STORE CASE`` opens the store (prepared by the
harness), limits the size of any file this process writes to 64 bytes over the store's largest
file (with ``SIGXFSZ`` ignored, writes past the limit fail with ``EFBIG``), then makes one save
that needs more (``snapshot``: a rewrite; ``journal``: an append; ``compaction``: an append that
fits, then a compaction that does not). Prints one JSON object: ``{"outcome": "saved" |
"library error" | "other error", "error": ..., "committed": ...}``.
"""

from __future__ import annotations

import json
import resource
import signal
import sys
from pathlib import Path

from mou_tracker import MouTrackerError
from reliability.fault_store import agreement, journal_mode, open_store, put

MARGIN = 64
"""Bytes the files may grow by, beyond the largest one."""


def main(store: Path, case: str) -> dict[str, object]:
    with journal_mode(case != "snapshot"):
        repo = open_store(store)
        largest = max(p.stat().st_size for p in store.parent.iterdir() if p.is_file())
        limit = largest + MARGIN
        notes = limit * 2 if case != "compaction" else store.stat().st_size * 2 // 3
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        _soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
        try:
            put(repo, agreement(1, notes="n" * notes))
        except MouTrackerError as exc:
            committed = bool(getattr(exc, "committed", False))
            return {"outcome": "library error", "error": str(exc), "committed": committed}
        except Exception as exc:  # reported to the harness, which fails on it
            return {"outcome": "other error", "error": f"{type(exc).__name__}: {exc}"}
    return {"outcome": "saved", "notes": notes}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), sys.argv[2])))
