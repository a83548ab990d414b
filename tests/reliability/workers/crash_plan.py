"""What the crash harness aims at: the trials of each chain (which kills, where, in what order).

A trial is a writer killed once, by the parent after a random delay or by itself at the
``occurrence``-th I/O call the library makes in a targeted step (see ``crash_writer``). A chain
runs its trials one after the other on one store; the real writer runs two chains (a small
store, a journal-mode store), each negative control one.
"""

from __future__ import annotations

import random
from typing import Any

import attrs

from reliability.workers.crash_state import Mode

MAX_DELAY = 0.25
"""Parent kills come 0 to this many seconds after the writer is ready (it saves all along)."""
Kill = dict[str, Any]


@attrs.frozen(kw_only=True)
class Trial:
    mode: Mode
    variant: str
    kill: Kill | None
    """None: killed by the parent after ``delay`` seconds; else an :func:`aim` and its
    ``occurrence``."""
    delay: float
    seed: int
    parent_saves: bool = True
    """Whether the parent saves once after checking the store; if not, the next writer meets
    what the kill left (a torn journal line, a stale journal, temporary files)."""


def aim(
    phase: str,
    call: str | None = None,
    position: str | None = None,
    *,
    span: int | None = None,
    then: Kill | None = None,
    within: int | None = None,
    label: str | None = None,
) -> Kill:
    """A self-kill target: the ``occurrence``-th (1 to ``span``) I/O call (named ``call``,
    when given) the library makes in ``phase``; ``position`` (before, after, mid) random unless
    given. ``then``: the next trial aims there, from what this kill left (the parent neither
    opens nor saves the store in between). ``within``: if the call has not come after that
    many saves, kill at the next call (and report the fallback)."""
    if span is None:
        span = 60 if phase == "any" else 6 if call else 20
    return {
        "phase": phase,
        "call": call,
        "position": position,
        "span": span,
        "then": then,
        "within": within,
        "label": label or phase,
    }


@attrs.frozen(kw_only=True)
class Chain:
    """Trials run one after the other on one store."""

    variant: str
    mode: Mode
    targets: tuple[Kill, ...]
    parent: bool
    """Whether every other trial is a parent kill (the others are self-kills)."""
    fast: int
    full: int


def plan(rng: random.Random, chain: Chain, count: int) -> list[Trial]:
    """``count`` trials: every other one a parent kill (when ``chain.parent``), the others
    self-kills aimed at the chain's targets in turn (a follow-up aim takes the next slot)."""
    trials: list[Trial] = []
    targets = iter(chain.targets * count)
    follow_up: Kill | None = None
    for index in range(count):
        kill, saves = None, True
        if follow_up is not None:
            kill, follow_up = follow_up, None
        elif not chain.parent or index % 2:
            kill = next(targets)
            follow_up = kill["then"]
            saves = follow_up is None
        if kill is not None:
            kill = kill | {"occurrence": rng.randint(1, kill["span"]), "then": None}
        delay, seed = rng.uniform(0, MAX_DELAY), rng.randrange(1 << 32)
        trials.append(
            Trial(
                mode=chain.mode,
                variant=chain.variant,
                kill=kill,
                delay=delay,
                seed=seed,
                parent_saves=saves,
            )
        )
    return trials


CLEANUP = aim("any", "unlink", span=1, within=2, label="temp file cleanup")
"""After a kill mid-write of a temporary file: the next writer's first unlink removes it."""
CUT_TAIL = aim("any", "ftruncate", span=1, within=2, label="torn journal line cut off")
REPLACE_STALE = aim("journal creation", span=6, within=2, label="stale journal replaced")

TARGETS: dict[Mode, tuple[Kill, ...]] = {
    "small": (
        aim("snapshot rewrite"),
        aim("snapshot rewrite", "write", "mid", then=CLEANUP),
        aim("after the rewrite"),
        aim("batch"),
        aim("lock and reload"),
        aim("any"),
    ),
    "journal": (
        aim("journal creation"),
        aim("journal append"),
        aim("journal append", "write", "mid", then=CUT_TAIL),
        aim("compaction: new snapshot"),
        aim("compaction: journal removal"),
        aim(
            "compaction: journal removal",
            "unlink",
            "before",
            then=REPLACE_STALE,
        ),
        aim("batch"),
        aim("lock and reload"),
        aim("any"),
    ),
}
"""What self-kills of the real writer aim at, in turn (``any``: every call counts; ``batch``:
every call made while a batch is saved). A kill mid-write of a temporary file, mid-line in the
journal or just before the journal's removal is followed by a kill aimed at what the next
writer does about it: clean the temporary file, cut the torn line, replace the stale journal."""


CONTROLS: tuple[tuple[str, Mode, str, str, str], ...] = (
    (
        "naive",
        "small",
        "snapshot rewrite",
        "unreadable",
        "naive in-place writer (truncate, then write)",
    ),
    ("early-ack", "small", "snapshot rewrite", "lost", "acknowledges before saving"),
    ("split-batch", "small", "batch", "mixed", "batch saved record by record"),
    (
        "journal-first",
        "journal",
        "compaction: new snapshot",
        "lost",
        "compaction removes the journal before the new snapshot is in place",
    ),
)
"""Negative controls, broken writers the harness must catch: variant, store mode, where the
self-kills aim, the failure the harness must see at least once, and a name."""

CHAINS = (
    Chain(variant="library", mode="small", targets=TARGETS["small"], parent=True, fast=12, full=80),
    Chain(
        variant="library",
        mode="journal",
        targets=TARGETS["journal"],
        parent=True,
        fast=20,
        full=120,
    ),
    *(  # the naive writer also meets parent kills, as the real one does
        Chain(variant=v, mode=m, targets=(aim(p),), parent=v == "naive", fast=n, full=5 * n)
        for (v, m, p, _, _), n in zip(CONTROLS, (12, 6, 6, 6), strict=True)
    ),
)
