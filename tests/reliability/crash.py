"""Crash atomicity (issue #6, harness 1): SIGKILL a writer at random points of its saves.

A writer process saves a counter in a loop and is killed with SIGKILL, by this process after
a random delay, or by itself at the k-th I/O call of a targeted step of the storage: the small
store's snapshot rewrite (temp file write, fsync, rename, directory fsync), journal creation,
journal appends (torn mid-line included), compaction (new snapshot, then journal removal),
batches, the open, or any call (``workers/crash_plan.py`` says what is aimed where;
``workers/crash_writer.py`` is the writer, a fork server so a trial costs a fork).

After each kill this process opens the store and checks that it opens and holds exactly the
last acknowledged step or the one after it, never older and never a blend of two
(``workers/crash_state.py``), that the open left no temporary file, and that the next save
(which it makes) succeeds and leaves none; the next trial continues from that store. After a
kill that leaves a temporary file, a torn journal line or a stale journal on purpose, it
checks a copy instead and the next writer, killed while it deals with the leftover, meets it.

Negative controls drive the same harness with broken writers, which it must catch: a naive
in-place writer (truncate, then write, as TinyDB does), a writer that acknowledges before
saving, one that saves a batch record by record, and a compaction that removes the journal
before the new snapshot is in place.
"""

from __future__ import annotations

import collections
import os
import random
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import attrs

from mou_tracker import JsonRepository
from reliability._harness import Figure, Profile, scale
from reliability.workers.crash_client import WriterServer, run_trial
from reliability.workers.crash_plan import CHAINS, CONTROLS, Kill, Trial, plan
from reliability.workers.crash_state import (
    apply_step,
    judge,
    read_state,
    seed_store,
    small_snapshot_bytes,
    temp_files,
)

HARNESS = "crash"
SEED = 20251127
"""Fixed so a failing run reproduces; ``MOU_CRASH_SEED`` overrides it."""


@attrs.define(kw_only=True)
class Tally:
    """What the trials of one writer showed."""

    trials: int = 0
    unreadable: int = 0
    """Trials after which the store did not open (any exception)."""
    verdicts: collections.Counter[str] = attrs.field(factory=collections.Counter)
    kills_leaving_temps: int = 0
    opened_in_place: int = 0
    """Trials whose store the harness opened where it is (the others: a copy, so the next
    writer meets what the kill left)."""
    temps_after_open: int = 0
    saves: int = 0
    saved: int = 0
    temps_after_save: int = 0
    kills: list[Kill] = attrs.field(factory=list)
    problems: list[str] = attrs.field(factory=list)

    @property
    def consistent(self) -> int:
        return self.verdicts["last ack"] + self.verdicts["next"]

    def note(self, problem: str) -> None:
        self.problems.append(problem)

    def seen(self, failure: str) -> int:
        """How many trials ended ``unreadable`` or with a verdict (``lost``, ``mixed``...)."""
        return self.unreadable if failure == "unreadable" else self.verdicts[failure]


def check_store(store: Path, trial: Trial, acked: int, tally: Tally) -> int:
    """Open ``store`` after a kill (or a copy of it, when the next writer must meet what the
    kill left), judge it, save the next step; return the step it holds (after putting a
    consistent store back when it was not)."""
    where = f"trial {tally.trials} ({trial.mode} store, last ack {acked})"
    tally.kills_leaving_temps += bool(temp_files(store.parent))
    opened = store if trial.parent_saves else copy_of(store)
    try:
        repo = JsonRepository(opened, small_snapshot_bytes=small_snapshot_bytes(trial.mode))
        state = read_state(repo)
    except Exception as exc:  # anything at all: the library's own errors and the others
        tally.unreadable += 1
        tally.note(f"{where}: does not open: {type(exc).__name__}: {exc}")
        seed_store(store, acked)
        return acked
    verdict, top = judge(state, acked)
    tally.verdicts[verdict] += 1
    if verdict not in ("last ack", "next"):
        tally.note(f"{where}: {verdict} state {state}")
        seed_store(store, acked if verdict == "mixed" else top)
        return acked if verdict == "mixed" else top
    if not trial.parent_saves:
        return top
    tally.opened_in_place += 1
    tally.temps_after_open += bool(temp_files(store.parent))
    tally.saves += 1
    try:
        apply_step(repo, top + 1)
    except Exception as exc:
        tally.note(f"{where}: the next save failed: {type(exc).__name__}: {exc}")
        seed_store(store, top)
        return top
    tally.saved += 1
    left = temp_files(store.parent)
    tally.temps_after_save += bool(left)
    if left:
        tally.note(f"{where}: temp files left after the next save: {left}")
    return top + 1


def copy_of(store: Path) -> Path:
    """A copy of the snapshot and journal in a scratch directory beside the store's."""
    scratch = store.parent.with_name(store.parent.name + "-copy")
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    for name in (store.name, store.name + ".journal"):
        if (store.parent / name).exists():
            shutil.copyfile(store.parent / name, scratch / name)
    return scratch / store.name


def run_chain(server: WriterServer, store: Path, trials: list[Trial], tally: Tally) -> None:
    """Run ``trials`` one after the other on ``store``, each from where the last one left it."""
    store.parent.mkdir()
    seed_store(store, 0)
    known = 0
    for trial in trials:
        acked, kill = run_trial(server, store, trial, known)
        tally.trials += 1
        tally.kills.append(kill)
        known = check_store(store, trial, acked, tally)


def run(profile: Profile, seed: int = SEED) -> dict[str, Tally]:
    """Every chain of the harness at ``profile``'s scale: variant -> what its trials showed."""
    rng = random.Random(seed)  # noqa: S311 (reproducible trials, not secrets)
    tallies = {chain.variant: Tally() for chain in CHAINS}
    with (
        tempfile.TemporaryDirectory(prefix="mou-crash-") as name,
        WriterServer(Path(name)) as server,
    ):
        for chain in CHAINS:
            trials = plan(rng, chain, scale(profile, fast=chain.fast, full=chain.full))
            store = Path(name) / f"{chain.variant}-{chain.mode}" / "store.json"
            run_chain(server, store, trials, tallies[chain.variant])
    return tallies


Where = Callable[[Kill], bool]
COVERAGE: tuple[tuple[str, Where], ...] = (
    ("small store: snapshot rewrite", lambda k: k["phase"] == "snapshot rewrite"),
    ("small store: after the rename", lambda k: k["phase"] == "after the rewrite"),
    ("journal creation", lambda k: k["phase"] == "journal creation"),
    ("journal append", lambda k: k["phase"] == "journal append"),
    (
        "journal append, torn mid-line",
        lambda k: k["phase"] == "journal append" and k["position"] == "mid",
    ),
    ("compaction: new snapshot", lambda k: k["phase"] == "compaction: new snapshot"),
    ("compaction: journal removal", lambda k: k["phase"] == "compaction: journal removal"),
    ("inside a batch", lambda k: bool(k["batch"])),
    ("lock, open and reload", lambda k: k["phase"] == "lock and reload"),
    (
        "temp file left by a kill removed",
        lambda k: k["call"].startswith("unlink ") and "temp" in k["call"],
    ),
    ("torn journal line cut off", lambda k: k["call"].startswith("ftruncate")),
    (
        "stale journal replaced",
        lambda k: k["aim"] == "stale journal replaced" and k["phase"] == "journal creation",
    ),
)


def coverage(tally: Tally) -> dict[str, tuple[int, int]]:
    """Kill-point label -> (kills that landed there, distinct calls and positions among them)."""
    found = {}
    for label, where in COVERAGE:
        kills = [k for k in tally.kills if k["phase"] != "parent SIGKILL" and where(k)]
        found[label] = (len(kills), len({(k["call"], k["position"]) for k in kills}))
    return found


def figure(name: str, measured: str, target: str, passed: bool) -> Figure:
    return Figure(harness=HARNESS, name=name, measured=measured, target=target, passed=passed)


def library_figures(lib: Tally, seed: int) -> list[Figure]:
    n, saves = lib.trials, lib.saves
    consistent = (
        f"{lib.consistent}/{n} ({lib.verdicts['last ack']} at the last ack, "
        f"{lib.verdicts['next']} one after; {lib.verdicts['lost']} older)"
    )
    temps_after_open = (
        f"{lib.temps_after_open} of {lib.opened_in_place} opens "
        f"(kills left some {lib.kills_leaving_temps} times)"
    )
    found = [
        figure(
            f"SIGKILL a saving writer (seed {seed}): the store opens",
            f"{n - lib.unreadable}/{n}",
            f"{n}/{n}",
            lib.unreadable == 0,
        ),
        figure(
            "holds the last acknowledged save or the one after",
            consistent,
            f"{n}/{n}",
            lib.consistent == n,
        ),
        figure(
            "mixed states (half a batch, two saves blended)",
            str(lib.verdicts["mixed"]),
            "0",
            lib.verdicts["mixed"] == 0,
        ),
        figure(
            "temp files left after the next open", temps_after_open, "0", lib.temps_after_open == 0
        ),
        figure(
            "the next save succeeds", f"{lib.saved}/{saves}", f"{saves}/{saves}", lib.saved == saves
        ),
        figure(
            "temp files left after the next save",
            f"{lib.temps_after_save} of {saves} saves",
            "0",
            lib.temps_after_save == 0,
        ),
    ]
    for label, (count, distinct) in coverage(lib).items():
        measured = f"{count} ({distinct} distinct calls)"
        found.append(figure(f"kills landed: {label}", measured, "≥ 1", count >= 1))
    parent = [k for k in lib.kills if k["phase"] == "parent SIGKILL"]
    in_save = sum(k["call"] == "in a save" for k in parent)
    measured = f"{len(parent)} ({in_save} inside a save)"
    found.append(
        figure(
            "kills landed: parent SIGKILL at random", measured, "≥ 1 inside a save", in_save >= 1
        )
    )
    return found


def control_figures(tallies: dict[str, Tally]) -> list[Figure]:
    found = []
    for variant, _, _, failure, name in CONTROLS:
        tally = tallies[variant]
        caught = tally.seen(failure)
        measured = f"{failure} after {caught}/{tally.trials} kills"
        found.append(
            figure(f"negative control: {name}", measured, "harness detects the bug", caught > 0)
        )
    return found


def figures(profile: Profile) -> list[Figure]:
    seed = int(os.environ.get("MOU_CRASH_SEED", SEED))
    tallies = run(profile, seed)
    return library_figures(tallies["library"], seed) + control_figures(tallies)
