"""Hostile ids through every public entry point that takes an id: the model, both
repositories, the services, the exports' filters, the importers' id prefix and the command line
(in process through click's runner, and as real processes).

Each call gives one :class:`Trial`. A library call is rejected when it raises the library's
error (``in`` when it answers False); a command is rejected when it exits with status 1 and one
line ``mou-tracker: error: ...`` on standard error, nothing on standard output, no traceback.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence

import attrs
from click.testing import CliRunner, Result

from mou_tracker import (
    Anchor,
    Commitment,
    InMemoryRepository,
    JsonRepository,
    MouTrackerError,
    Relation,
    RelationKind,
    Repository,
    ValidationError,
)
from mou_tracker.cli import cli
from mou_tracker.domain import validate_slug
from mou_tracker.export import export_ics
from mou_tracker.importers import IdSpec
from mou_tracker.importers.ids import assign_ids
from mou_tracker.reports import deadlines
from mou_tracker.services import move_engagement, reschedule_deadline
from reliability._harness import ROOT, python_env
from reliability._security_sandbox import Sandbox
from reliability._security_world import (
    ACCEPTED,
    AS_OF,
    REJECTED,
    SAFE,
    agreement,
    engagement,
    forged_engagement,
    outcome,
    records,
)

__all__ = [
    "FORGED_ENTRIES",
    "Trial",
    "clean_error",
    "cli_trials",
    "library_trials",
    "process_trials",
    "store",
]

FORGED_ENTRIES = frozenset({"memory add(forged record)", "json add(forged record)"})
"""Entry points fed a record built with attrs' validators switched off: the repository is the
last gate before the file, so it must check the id itself."""

Call = Callable[[str], str]


@attrs.frozen
class Trial:
    entry: str
    hostile: str
    outcome: str

    @property
    def safe(self) -> bool:
        """Rejected with the library's error, or accepted in a harmless form."""
        return self.outcome in (REJECTED, SAFE)


def store(box: Sandbox, name: str = "store.json") -> JsonRepository:
    """A JSON repository in the sandbox's store directory holding :func:`records`."""
    repo = JsonRepository(box.store / name)
    with repo.batch():
        for record in records():
            repo.add(record)
    return repo


def _memory() -> InMemoryRepository:
    repo = InMemoryRepository()
    with repo.batch():
        for record in records():
            repo.add(record)
    return repo


def _model_entries() -> dict[str, Call]:
    return {
        "validate_slug": lambda i: outcome(lambda: validate_slug(i)),
        "Agreement(id=)": lambda i: outcome(lambda: agreement(i)),
        "Engagement(id=)": lambda i: outcome(lambda: engagement(i)),
        "Engagement(agreement_ids=)": lambda i: outcome(lambda: engagement("e", agreement_ids=[i])),
        "Commitment(id=)": lambda i: outcome(lambda: Commitment(id=i, text="t")),
        "Anchor(engagement_id=)": lambda i: outcome(lambda: Anchor(engagement_id=i)),
        "Relation(agreement_id=)": lambda i: outcome(
            lambda: Relation(kind=RelationKind.AMENDS, agreement_id=i)
        ),
        "IdSpec(prefix=) (importers)": _prefix,
    }


def _prefix(hostile: str) -> str:
    """An import's id prefix: refused, or (a device name such as ``con``) accepted because a
    prefix is never a whole id: every id made with it is valid."""
    found = outcome(lambda: IdSpec(columns=("Ref",), prefix=hostile), MouTrackerError)
    if found != ACCEPTED:
        return found
    made = outcome(
        lambda: assign_ids({("k",), ("",), ("\u00e9",), ("x" * 300,)}, hostile), MouTrackerError
    )
    return SAFE if made == ACCEPTED else made


def _repository_entries(name: str, repo: Repository, forged_into: Repository) -> dict[str, Call]:
    def contains(record_id: str) -> str:
        try:
            found = record_id in repo
        except Exception as exc:  # `in` must answer, never raise
            return f"crashed ({type(exc).__name__})"
        return ACCEPTED if found else REJECTED

    return {
        f"{name} get": lambda i: outcome(lambda: repo.get(i)),
        f"{name} version": lambda i: outcome(lambda: repo.version(i)),
        f"{name} get_agreement": lambda i: outcome(lambda: repo.get_agreement(i)),
        f"{name} get_engagement": lambda i: outcome(lambda: repo.get_engagement(i)),
        f"{name} remove": lambda i: outcome(lambda: repo.remove(i)),
        f"{name} remove(expected_version=1)": lambda i: outcome(
            lambda: repo.remove(i, expected_version=1)
        ),
        f"{name} `in` (answers False)": contains,
        f"{name} update(forged record)": lambda i: outcome(
            lambda: repo.update(forged_engagement(i), expected_version=1)
        ),
        f"{name} add(forged record)": lambda i: outcome(
            lambda: forged_into.add(forged_engagement(i))
        ),
        f"{name} move_engagement": lambda i: outcome(
            lambda: move_engagement(repo, i, "2025-11-18", decided_on="2025-10-01", reason="r")
        ),
        f"{name} reschedule_deadline(record)": lambda i: outcome(
            lambda: reschedule_deadline(
                repo, i, "visit-mous", decided_on="2025-10-01", reason="r", due="2026-01"
            )
        ),
        f"{name} reschedule_deadline(commitment)": lambda i: outcome(
            lambda: reschedule_deadline(
                repo, "pk-kz-plan", i, decided_on="2025-10-01", reason="r", due="2026-01"
            )
        ),
        # An area filter takes an area code, not an id: refused by the model's area check.
        f"{name} export_ics(area=)": lambda i: outcome(
            lambda: export_ics(repo, as_of=AS_OF, area=i), ValidationError
        ),
        f"{name} report deadlines(area=)": lambda i: outcome(
            lambda: deadlines(repo, as_of=AS_OF, area=i), ValidationError
        ),
    }


def library_trials(box: Sandbox, ids: Sequence[str], repo: JsonRepository) -> list[Trial]:
    """Every id through the model, both repositories (``repo`` holds :func:`records`), the
    services and the exports. Forged records go to stores of their own (``<store>/forged``)."""
    entries = _model_entries()
    entries |= _repository_entries("memory", _memory(), InMemoryRepository())
    forged = JsonRepository(box.store / "forged" / "forged.json")
    entries |= _repository_entries("json", repo, forged)
    return [Trial(name, i, call(i)) for name, call in entries.items() for i in ids]


def clean_error(result: Result) -> bool:
    """Exit status 1, one ``mou-tracker: error:`` line on stderr, no stdout, no traceback."""
    lines = result.stderr.splitlines()
    return (
        result.exit_code == 1
        and (result.exception is None or isinstance(result.exception, SystemExit))
        and not result.stdout
        and len(lines) == 1
        and lines[0].startswith("mou-tracker: error: ")
        and "Traceback" not in result.output
    )


def _commands(box: Sandbox) -> dict[str, Callable[[str], list[str]]]:
    repo = ["--repo", str(box.store / "store.json")]
    out = str(box.store / "out.file")
    return {
        "cli show": lambda i: [*repo, "show", "--", i],
        "cli show --format json": lambda i: [*repo, "show", "--format", "json", "--", i],
        "cli list --area": lambda i: [*repo, "list", "--area", i],
        "cli report deadlines --area": lambda i: [*repo, "report", "deadlines", "--area", i],
        "cli export ics --area": lambda i: [*repo, "export", "ics", "-o", out, "--area", i],
        "cli export table NAME": lambda i: [*repo, "export", "table", "-o", out, "--", i],
    }


def cli_trials(
    box: Sandbox, ids: Sequence[str], command: Callable[..., object] | None = None
) -> list[Trial]:
    """Every command that takes an id (or an id-like code), through click's runner.

    ``command`` replaces the program (a negative control passes one without error handling).
    """
    runner = CliRunner(env={"MOU_TRACKER_REPO": None})
    program = cli if command is None else command
    trials = []
    for name, arguments in _commands(box).items():
        reason = _CLI_REASONS[name.split()[1]]
        for i in ids:
            result = runner.invoke(program, arguments(i))  # type: ignore[arg-type]
            refused = clean_error(result) and reason.search(result.stderr) is not None
            trials.append(Trial(name, i, REJECTED if refused else _why(result)))
    return trials


_CLI_REASONS = {
    # What the error must say, so that another failure ("no record", "no repository") cannot
    # pass for the refusal: ids by the id check, area codes by the area check, names by click.
    "show": re.compile(r"^mou-tracker: error: invalid id "),
    "list": re.compile(r"^mou-tracker: error: (invalid|undeclared cooperation) area"),
    "report": re.compile(r"^mou-tracker: error: (invalid|undeclared cooperation) area"),
    "export": re.compile(
        r"^mou-tracker: error: ((invalid|undeclared cooperation) area|Invalid value for)"
    ),
}


def _why(result: Result) -> str:
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return f"crashed ({type(result.exception).__name__})"
    return f"exit {result.exit_code}: {result.output[:80]!r}"


def process_trials(box: Sandbox, ids: Iterable[str]) -> list[Trial]:
    """``python -m mou_tracker show ID`` as a real process, run in the sandbox (ids with a NUL
    cannot be passed on a command line at all and are left out)."""
    env = python_env() | {"HOME": str(box.home), "PYTHONPATH": str(ROOT)}
    env.pop("MOU_TRACKER_REPO", None)
    program = [sys.executable, "-m", "mou_tracker", "--repo", str(box.store / "store.json")]
    trials = []
    for i in ids:
        if "\x00" in i:
            continue
        done = subprocess.run(
            [*program, "show", "--", i],
            cwd=box.cwd,
            env=env,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=120,
            check=False,
        )
        lines = done.stderr.splitlines()
        clean = (
            done.returncode == 1
            and not done.stdout
            and len(lines) == 1
            and _CLI_REASONS["show"].match(lines[0]) is not None
        )
        trials.append(Trial("process show", i, REJECTED if clean else f"exit {done.returncode}"))
    return trials
