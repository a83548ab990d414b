"""I/O fault injection (issue #6, harness 2): the figures of ``python -m reliability``.

1. The fault loop (:mod:`reliability.fault_loop`): every OS call of every storage operation
   failed, once and persistently, with the checks listed there; reads also raced by a writer.
   The full profile also fails every pair of calls (the k-th, then each later one).
2. Disk full: a save in a process whose files may not grow (``RLIMIT_FSIZE``), for a snapshot
   rewrite, a journal append and a compaction (:mod:`reliability.workers.faults_disk_full`).
3. Negative controls (:mod:`reliability.fault_controls`): the loop run against deliberately
   broken variants must see each bug.
4. The loop again, alone, under coverage: every ``except`` and ``finally`` body of the I/O
   modules must run (:mod:`reliability.fault_coverage`).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import attrs

from reliability._harness import Figure, Profile, run_python
from reliability.fault_checks import Tally, on_disk, temp_files
from reliability.fault_controls import CONTROLS, Control, run_control
from reliability.fault_loop import run_loop
from reliability.fault_store import STORE, agreement, journal_mode, seed

HARNESS = "faults"
DISK_FULL_CASES = ("snapshot", "journal", "compaction")


@attrs.frozen(kw_only=True)
class DiskFull:
    """One disk-full trial, judged."""

    case: str
    outcome: str
    """What the worker saw: saved, library error, other error."""
    state_right: bool
    """The store holds the previous state (an error) or the new one (saved)."""
    leftovers: int

    @property
    def passed(self) -> bool:
        wanted = "saved" if self.case == "compaction" else "library error"
        return self.outcome == wanted and self.state_right and self.leftovers == 0


def disk_full(case: str) -> DiskFull:
    """Prepare a store, save into it from a process whose files may not grow, judge."""
    with tempfile.TemporaryDirectory(prefix="mou-disk-full-") as scratch:
        path = Path(scratch) / STORE
        with journal_mode(case != "snapshot"):
            seed(path, updates=1 if case == "journal" else 0)
            before = on_disk(path)
        done = run_python("workers.faults_disk_full", [str(path), case], timeout=120)
        report = json.loads(done.stdout) if done.returncode == 0 else {"outcome": done.stderr}
        leftovers = len(temp_files(path.parent))
        after = on_disk(path)
    if report["outcome"] == "saved" and before.state is not None:
        records = dict(before.state.records)
        records[agreement(1).id] = (agreement(1, notes="n" * int(report["notes"])), 2)
        right = after.state == attrs.evolve(before.state, records=records)
    else:
        right = after == before
    return DiskFull(
        case=case, outcome=str(report["outcome"]), state_right=right, leftovers=leftovers
    )


def handler_reach() -> tuple[int, list[str]]:
    """Run the fault loop alone under coverage (in a process of its own); (handlers, missed)."""
    done = run_python("fault_coverage", ["--run", "--json"], timeout=600)
    if not done.stdout.strip():
        return 0, [f"the checker failed: {done.stderr.strip()[-300:]}"]
    report = json.loads(done.stdout.splitlines()[-1])
    return int(report["handlers"]), list(report["unreached"])


def loop_figures(tally: Tally) -> list[Figure]:
    def figure(name: str, measured: str, target: str, passed: bool) -> Figure:
        return Figure(harness=HARNESS, name=name, measured=measured, target=target, passed=passed)

    trials = tally.points + tally.race_trials
    pairs = f", {tally.pairs} of them pairs" if tally.pairs else ""
    return [
        figure(
            "OS calls failed at every k, once and from k on (EIO; ENOSPC, short at writes)",
            f"{tally.points} trials over {tally.calls} calls{pairs}",
            "every call",
            tally.points >= 2 * tally.calls > 0,
        ),
        figure(
            "failures surfaced as library errors",
            f"{tally.library_errors}/{tally.raised}",
            "all",
            tally.library_errors == tally.raised,
        ),
        figure(
            "store holds the previous state, or the new one when announced",
            f"{tally.intact}/{tally.points}",
            "all",
            tally.intact == tally.points,
        ),
        figure(
            "errors after the commit point reported committed, new state held",
            f"{tally.committed_intact}/{tally.committed}",
            "all",
            tally.committed_intact == tally.committed > 0,
        ),
        figure(
            "handle's memory matches the store",
            f"{tally.memory}/{tally.points}",
            "all",
            tally.memory == tally.points,
        ),
        figure("temporary files left behind", str(tally.leftovers), "0", tally.leftovers == 0),
        figure("locks left held", str(tally.lock_leaks), "0", tally.lock_leaks == 0),
        figure("file descriptors leaked", str(tally.fd_leaks), "0", tally.fd_leaks == 0),
        figure(
            "same handle saves correctly once the fault is gone",
            f"{tally.recovered}/{trials}",
            "all",
            tally.recovered == trials,
        ),
        figure(
            "reads raced by a writer at every call: consistent state",
            f"{tally.races_consistent}/{tally.race_trials} ({tally.races} raced)",
            "all",
            tally.races_consistent == tally.race_trials > 0 and tally.races > 0,
        ),
    ]


def control_figure(control: Control, seen: int) -> Figure:
    return Figure(
        harness=HARNESS,
        name=f"negative control: {control.name}",
        measured=f"{seen} trials flagged",
        target="detected",
        passed=seen > 0,
    )


def figures(profile: Profile) -> list[Figure]:
    tally = run_loop(pairs=profile == "full")
    found = loop_figures(tally)
    for problem in tally.problems[:20]:
        print(f"faults: {problem}")
    for case in DISK_FULL_CASES:
        result = disk_full(case)
        want = "saved, new state" if case == "compaction" else "library error, previous state"
        found.append(
            Figure(
                harness=HARNESS,
                name=f"disk full (RLIMIT_FSIZE): {case}",
                measured=f"{result.outcome}, state {'right' if result.state_right else 'WRONG'}, "
                f"{result.leftovers} temp files",
                target=f"{want}, 0 temp files",
                passed=result.passed,
            )
        )
    found += [control_figure(control, run_control(control)) for control in CONTROLS]
    total, missed = handler_reach()
    for handler in missed:
        print(f"faults: not reached by the loop: {handler}")
    found.append(
        Figure(
            harness=HARNESS,
            name="except/finally bodies of the I/O modules run by the loop alone",
            measured=f"{total - len(missed)}/{total}",
            target="all",
            passed=total > 0 and not missed,
        )
    )
    return found
