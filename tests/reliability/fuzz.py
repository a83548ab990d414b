"""Bad input (issue #6, harness 4): fuzzing stored files.

Hypothesis spoils valid repository files (``_fuzz_inputs``) and the property (``_fuzz_property``)
is checked on each: no exception but the library's own, every error naming the file and a JSON
path, opening and ``check_file`` agreeing, and a file that opens saving back unchanged. The
saved corpus (``_fuzz_cases``, ``corpus/``) is replayed, and each negative control (a loader
with one guard missing) replays the same inputs and must be caught.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import mou_tracker.storage.converter as converter
import mou_tracker.storage.document as document
import mou_tracker.storage.jsonparse as jsonparse
from mou_tracker import FormatError, JsonRepository, StorageError, check_file
from reliability._fuzz_cases import case_figures
from reliability._fuzz_inputs import KINDS, FuzzInput, seed_pool
from reliability._fuzz_property import (
    Subject,
    Tally,
    library,
    pool_size,
    run_fuzz,
    try_input,
)
from reliability._harness import Figure, Profile, scale

__all__ = ["CONTROLS", "CONTROL_MORE", "figures", "run_control"]

CONTROL_MORE = 3000
"""New inputs a negative control may fuzz when the recorded ones did not catch it."""


# -- negative controls ----------------------------------------------------------------------------


def weak_loader() -> Subject:
    """Plain ``json.loads`` and dict access: what a naive loader does."""

    def load(path: Path) -> object:
        doc = json.loads(path.read_bytes())
        for name in ("agreements", "engagements"):
            for record in doc[name]:
                if not record["id"] or record["version"] < 1:
                    raise StorageError(f"{path}: bad record")
        return doc

    def check(path: Path) -> list[Any]:
        load(path)
        return []

    return Subject("json.loads", load, check, round_trip=False)


@contextlib.contextmanager
def _replaced(module: ModuleType, **values: object) -> Iterator[None]:
    """Module attributes replaced for a while (a negative control's missing guard)."""
    saved = {name: getattr(module, name) for name in values}
    for name, value in values.items():
        setattr(module, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(module, name, value)


@contextlib.contextmanager
def without_int_range() -> Iterator[None]:
    """The library with one guard removed: integers of any size are read (orjson cannot write
    those past 64 bits, so such a file opens and then fails to save)."""
    unbounded = 10**5000
    with _replaced(converter, MAX_JSON_INT=unbounded), _replaced(document, MAX_JSON_INT=unbounded):
        yield


def _unguarded_parse_canonical(data: bytes) -> dict[str, Any] | None:
    """``parse_canonical`` as it was before the fuzzer found that orjson reads nesting deeper
    than it writes (its ``dumps`` then raised a ``TypeError``)."""
    orjson = jsonparse.orjson
    if orjson is None:  # pragma: no cover - orjson is a dev dependency
        return None
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(value, dict) or jsonparse.dumps_indented(value) != data:
        return None
    return value


@contextlib.contextmanager
def without_fast_path_guard() -> Iterator[None]:
    """The library with one guard removed: the fast path's write-back error is not caught."""
    with _replaced(document, parse_canonical=_unguarded_parse_canonical):
        yield


def pathless_library() -> Subject:
    """The library, but its errors lose their JSON path (re-raised as plain StorageErrors)."""

    def strip(error: FormatError) -> StorageError:
        return StorageError(f"{error.path}: {error.reason}")

    def load(path: Path) -> object:
        try:
            return JsonRepository(path)
        except FormatError as exc:
            raise strip(exc) from None

    def check(path: Path) -> list[Any]:
        return [strip(problem) for problem in check_file(path)]

    return Subject("no JSON paths", load, check)


CONTROLS: dict[str, tuple[str, Callable[[], Subject], Callable[[], Any]]] = {
    "weak loader": ("plain json.loads + dict access", weak_loader, contextlib.nullcontext),
    "int range": ("library without its integer range check", library, without_int_range),
    "fast path": ("library without the fast path's guard", library, without_fast_path_guard),
    "no paths": (
        "library whose errors lose their JSON path",
        pathless_library,
        contextlib.nullcontext,
    ),
}
"""name -> (description, the subject, the context it runs in)."""


def run_control(name: str, inputs: list[FuzzInput], *, more: int = 0) -> tuple[Tally, int | None]:
    """Replay the fuzzer's ``inputs`` against the control ``name`` until the property fails,
    then, if it has not, fuzz up to ``more`` new inputs: what it saw, and how many inputs that
    took (None if the property never failed)."""
    _, subject, context = CONTROLS[name]
    tally = Tally(save=False)
    with context():
        with tempfile.TemporaryDirectory(prefix="mou-control-") as directory:
            for count, given in enumerate(inputs, start=1):
                try_input(subject(), given, Path(directory), tally)
                if tally.caught:
                    return tally, count
        if more:  # other inputs (seed 1), from the same seeds as ``inputs``
            pool = seed_pool(pool_size(len(inputs)))
            extra = Tally(save=False)
            run_fuzz(subject(), more, seed_value=1, pool=pool, tally=extra, until_caught=True)
            if extra.caught:
                return extra, len(inputs) + extra.total
    return tally, None


# -- figures --------------------------------------------------------------------------------------


def _examples_text(tally: Tally) -> str:
    kinds = ", ".join(f"{kind} {tally.examples[kind]}" for kind in KINDS if tally.examples[kind])
    return f"{tally.total:,} examples ({kinds})"


def _counter_text(counter: Counter[str]) -> str:
    return ", ".join(f"{name} {count}" for name, count in counter.most_common()) or "none"


def _caught_text(tally: Tally, count: int | None, inputs: int) -> str:
    if count is None:
        return f"not caught in {inputs:,} inputs"
    if count > inputs:
        inputs = count  # caught among the extra inputs
    what = [*tally.foreign, *tally.bad_messages]
    if tally.disagreements:
        what.append("open and check_file disagree")
    if tally.round_trip_failures:
        what.append("failed round trip")
    return f"caught at input {count:,} of {inputs:,} ({', '.join(what)})"


def figures(profile: Profile) -> list[Figure]:
    examples = scale(profile, fast=1000, full=10_000)
    seed_value = None
    if profile == "full":
        seed_value = int(os.environ.get("MOU_FUZZ_SEED") or random.randrange(2**32))  # noqa: S311
    inputs: list[FuzzInput] = []
    tally = run_fuzz(library(), examples, seed_value=seed_value, record=inputs)
    seeded = f"seed {seed_value}" if seed_value is not None else "derandomized"
    errors = sum(tally.errors.values())
    found = [
        Figure(
            harness="fuzz",
            name=f"inputs fuzzed ({seeded})",
            measured=_examples_text(tally),
            target=f">= {examples:,}",
            passed=tally.total >= examples,
        ),
        Figure(
            harness="fuzz",
            name="foreign exceptions",
            measured=f"{sum(tally.foreign.values())} ({_counter_text(tally.foreign)}); "
            f"{errors:,} library errors ({_counter_text(tally.errors)})",
            target="0",
            passed=not tally.foreign,
        ),
        Figure(
            harness="fuzz",
            name="errors without the file and a JSON path",
            measured=f"{sum(tally.bad_messages.values())} of {errors:,}",
            target="0",
            passed=not tally.bad_messages and errors > 0,
        ),
        Figure(
            harness="fuzz",
            name="open and check_file disagree",
            measured=f"{tally.disagreements} of {tally.total:,}",
            target="0",
            passed=tally.disagreements == 0,
        ),
        Figure(
            harness="fuzz",
            name="accepted inputs saved and reopened unchanged",
            measured=f"{tally.round_trips - tally.round_trip_failures} of {tally.accepted}",
            target="all",
            passed=tally.round_trip_failures == 0 and tally.accepted == tally.round_trips > 0,
        ),
    ]
    found += case_figures()
    for name, (description, _, _) in CONTROLS.items():
        control, count = run_control(name, inputs, more=CONTROL_MORE)
        found.append(
            Figure(
                harness="fuzz",
                name=f"control: {description}",
                measured=_caught_text(control, count, len(inputs)),
                target="caught",
                passed=count is not None,
            )
        )
    return found
