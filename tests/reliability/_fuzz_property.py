"""The fuzzer's property, run on one input or on many.

Each input is written to a temporary ``store.json`` (and journal), then opened with
``JsonRepository(path)`` and checked with ``check_file(path)``:

- nothing but the library's own errors escapes (no ``KeyError``, ``TypeError``,
  ``RecursionError``, ``UnicodeError``, ``ValueError``...): 0 foreign exceptions;
- every error is a :class:`FormatError` whose message names the file and ends with ``@ `` and a
  JSON path (``$``, ``$.agreements[0].title``, ``$.ops[1].record``...), and can be printed;
- opening and ``check_file`` agree (opening fails exactly when ``check_file`` lists problems);
- a file that opens can be saved again (``compact``) and reopens with the same records.

With ``MOU_FUZZ_SAVE=1`` the first failing input of each kind of failure is saved into
``corpus/``; without it nothing is written into the repository.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import os
import pkgutil
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings

import mou_tracker
from mou_tracker import FormatError, JsonRepository, MouTrackerError, check_file
from reliability._fuzz_inputs import KINDS, FuzzInput, SeedPool, fuzz_inputs, seed_pool

__all__ = [
    "CORPUS",
    "Subject",
    "Tally",
    "library",
    "message_problem",
    "pool_size",
    "run_fuzz",
    "save_to_corpus",
    "try_input",
]

CORPUS = Path(__file__).with_name("corpus")
SNAPSHOT = "store.json"
JOURNAL = "store.json.journal"

_JSON_PATH = re.compile(
    r"\$(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[0-9]+\]|\['[^']*'\]|\[\"(?:[^\"\\]|\\.)*\"\])*"
)


def message_problem(error: BaseException, snapshot: Path) -> str | None:
    """Why ``error`` does not name the file and a JSON path (None when it does)."""
    if not isinstance(error, FormatError):
        return f"a {type(error).__name__}, which names no JSON path"
    message = str(error)
    try:
        message.encode("utf-8")
    except UnicodeEncodeError:
        return "the message cannot be printed (it holds a lone surrogate)"
    if error.path is None or not error.path.startswith(str(snapshot)):
        return "the message does not name the file"
    if not message.startswith(f"{error.path}: "):
        return "the message does not start with the file"
    head, separator, where = message.rpartition(" @ ")
    if not separator or not head or not _JSON_PATH.fullmatch(where) or where != error.json_path:
        return "the message does not end with '@ $...' (a JSON path)"
    return None


@attrs.frozen
class Subject:
    """What is fuzzed: how to open a file, how to check it, whether to save it back."""

    name: str
    open: Callable[[Path], object]
    check: Callable[[Path], list[Any]]
    round_trip: bool = True


def library() -> Subject:
    return Subject("mou_tracker", JsonRepository, check_file)


def _saving() -> bool:
    return os.environ.get("MOU_FUZZ_SAVE") == "1"


@attrs.define
class Tally:
    """What a run saw."""

    examples: Counter[str] = attrs.field(factory=Counter)
    accepted: int = 0
    errors: Counter[str] = attrs.field(factory=Counter)
    """Library errors by class (from opening and from check_file's lists)."""
    foreign: Counter[str] = attrs.field(factory=Counter)
    bad_messages: Counter[str] = attrs.field(factory=Counter)
    """Library errors without the file and a JSON path (or that cannot be printed)."""
    disagreements: int = 0
    round_trips: int = 0
    round_trip_failures: int = 0
    failures: list[tuple[str, FuzzInput]] = attrs.field(factory=list)
    """(what went wrong, the input), the first few."""
    save: bool = attrs.field(factory=_saving)
    """Save failing inputs into ``corpus`` (``MOU_FUZZ_SAVE=1``), one for each kind of failure."""
    corpus: Path = CORPUS
    saved: set[str] = attrs.field(factory=set)

    @property
    def total(self) -> int:
        return sum(self.examples.values())

    @property
    def caught(self) -> int:
        """How many times the property failed, whatever the way."""
        return (
            sum(self.foreign.values())
            + sum(self.bad_messages.values())
            + self.disagreements
            + self.round_trip_failures
        )

    def fail(self, what: str, signature: str, given: FuzzInput) -> None:
        if len(self.failures) < 20:
            self.failures.append((what, given))
        if self.save and signature not in self.saved:
            self.saved.add(signature)
            save_to_corpus(given, self.corpus)


def save_to_corpus(given: FuzzInput, directory: Path = CORPUS) -> Path:
    """Keep a failing input for ever: ``found-<hash>.json`` (and ``.json.journal``)."""
    digest = hashlib.sha256(given.snapshot + b"\0" + (given.journal or b"")).hexdigest()[:12]
    target = directory / f"found-{given.kind.replace(' ', '-')}-{digest}.json"
    target.write_bytes(given.snapshot)
    if given.journal is not None:
        target.with_name(target.name + ".journal").write_bytes(given.journal)
    return target


def _write(directory: Path, given: FuzzInput) -> Path:
    for leftover in directory.iterdir():
        if leftover.is_dir():
            shutil.rmtree(leftover)
        else:
            leftover.unlink()
    path = directory / SNAPSHOT
    path.write_bytes(given.snapshot)
    if given.journal is not None:
        (directory / JOURNAL).write_bytes(given.journal)
    return path


def _attempt(tally: Tally, given: FuzzInput, action: Callable[[], Any]) -> tuple[bool, Any]:
    """(True, result), or (False, the library error); a foreign exception is tallied."""
    try:
        return True, action()
    except MouTrackerError as exc:
        return False, exc
    except Exception as exc:  # the bug this harness looks for
        name = type(exc).__name__
        tally.foreign[name] += 1
        tally.fail(f"{name}: {str(exc)[:200]!r}", f"{name}: {str(exc)[:40]}", given)
        return False, None


def _snapshot_of(repo: Any) -> object:
    return (repo.areas, [(r, repo.version(r.id)) for r in repo.records()])


def try_input(subject: Subject, given: FuzzInput, directory: Path, tally: Tally) -> None:
    """Run the property on one input, tallying what happened."""
    tally.examples[given.kind] += 1
    path = _write(directory, given)
    opened, repo = _attempt(tally, given, lambda: subject.open(path))
    checked, problems = _attempt(tally, given, lambda: subject.check(path))
    errors: list[BaseException] = []
    if not opened and repo is not None:
        errors.append(repo)
    if checked:
        errors.extend(problems)
    elif problems is not None:
        errors.append(problems)
    for error in errors:
        tally.errors[type(error).__name__] += 1
        problem = message_problem(error, path)
        if problem is not None:
            tally.bad_messages[problem] += 1
            tally.fail(f"{problem}: {str(error)[:200]!r}", problem, given)
    foreign = (not opened and repo is None) or (not checked and problems is None)
    if not foreign and opened != (checked and not problems):
        tally.disagreements += 1
        tally.fail("opening and check_file disagree", "disagree", given)
    if opened:
        tally.accepted += 1
        if subject.round_trip:
            _round_trip(subject, given, path, repo, tally)


def _round_trip(subject: Subject, given: FuzzInput, path: Path, repo: Any, tally: Tally) -> None:
    tally.round_trips += 1
    before = _snapshot_of(repo)
    saved, _ = _attempt(tally, given, repo.compact)
    ok, again = _attempt(tally, given, lambda: subject.open(path)) if saved else (False, None)
    if not (ok and _snapshot_of(again) == before):
        tally.round_trip_failures += 1
        tally.fail("a file that opened could not be saved and reopened unchanged", "trip", given)


def _import_library() -> None:
    """Import every module of the library: hypothesis draws now and then from the constants of
    the code it finds loaded (a field mark, a date format...), which is how it finds the inputs
    that code handles badly; so they are always there, whichever tests ran before."""
    for module in pkgutil.walk_packages(mou_tracker.__path__, "mou_tracker."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)


def pool_size(examples: int) -> int:
    """How many valid seeds ``examples`` inputs are made from."""
    return 30 if examples <= 1000 else 200


class _Caught(Exception):
    """Stops a run as soon as the property fails (``until_caught``)."""


def run_fuzz(
    subject: Subject,
    examples: int,
    *,
    kinds: tuple[str, ...] = KINDS,
    seed_value: int | None = None,
    record: list[FuzzInput] | None = None,
    pool: SeedPool | None = None,
    tally: Tally | None = None,
    until_caught: bool = False,
) -> Tally:
    """Fuzz ``subject`` with ``examples`` inputs (derandomized unless ``seed_value`` is given)
    made from ``pool`` (by default, seeds drawn for this many examples), appending each to
    ``record`` if given (to replay them against the negative controls); with ``until_caught``,
    stop at the first input on which the property fails."""
    tally = Tally() if tally is None else tally
    _import_library()
    pool = seed_pool(pool_size(examples), seed_value) if pool is None else pool
    with tempfile.TemporaryDirectory(prefix="mou-fuzz-") as name:
        directory = Path(name)

        @settings(
            max_examples=examples,
            derandomize=seed_value is None,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
            verbosity=Verbosity.quiet,
        )
        @given(fuzz_inputs(pool, kinds))
        def fuzz(given_input: FuzzInput) -> None:
            if not (until_caught and tally.caught):  # hypothesis replays the failing input
                if record is not None:
                    record.append(given_input)
                try_input(subject, given_input, directory, tally)
            if until_caught and tally.caught:
                raise _Caught

        if seed_value is not None:
            fuzz = seed(seed_value)(fuzz)
        with contextlib.suppress(_Caught):
            fuzz()
    return tally
