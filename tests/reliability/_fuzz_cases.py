"""The saved corpus (``tests/reliability/corpus/``): the explicit bad inputs of issue #6 and every
failure the fuzzer has found, replayed for ever.

A case is ``<name>.json`` (the snapshot) and, maybe, ``<name>.json.journal`` beside it. Names
say what is expected: ``valid-*`` must open (and save back unchanged), ``bad-*`` must be refused
with a :class:`FormatError` naming the file and a JSON path; ``found-*`` (saved by the fuzzer
with ``MOU_FUZZ_SAVE=1``) must do either cleanly. See ``corpus/README.md``.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from mou_tracker import FormatError, JsonRepository
from reliability._fuzz_inputs import FuzzInput
from reliability._fuzz_property import CORPUS, Tally, library, try_input
from reliability._harness import Figure

__all__ = ["Case", "case_figures", "corpus_cases", "reads_counted", "replay", "sparse_file_figure"]


@attrs.frozen
class Case:
    name: str
    snapshot: bytes
    journal: bytes | None

    @property
    def expected(self) -> str:
        """``valid``, ``bad`` or ``found`` (either, cleanly)."""
        return self.name.split("-", 1)[0]

    def as_input(self) -> FuzzInput:
        return FuzzInput("corpus", self.snapshot, self.journal)


def corpus_cases(directory: Path = CORPUS) -> list[Case]:
    cases = []
    for path in sorted(directory.glob("*.json")):
        journal = path.with_name(path.name + ".journal")
        cases.append(
            Case(
                name=path.name.removesuffix(".json"),
                snapshot=path.read_bytes(),
                journal=journal.read_bytes() if journal.exists() else None,
            )
        )
    return cases


def replay(case: Case, directory: Path) -> tuple[Tally, list[str]]:
    """Run the fuzzer's property on ``case`` in ``directory``; also return what broke the
    expectation its name states."""
    tally = Tally(save=False)
    try_input(library(), case.as_input(), directory, tally)
    wrong = [what for what, _ in tally.failures]
    if case.expected == "valid" and tally.accepted != 1:
        wrong.append("a valid case was refused")
    if case.expected == "bad" and tally.accepted:
        wrong.append("a bad case was accepted")
    if case.expected not in ("valid", "bad", "found"):
        wrong.append("the name does not start with valid-, bad- or found-")
    return tally, wrong


class _SpiedFile:
    """A file object that counts the bytes read through it."""

    def __init__(self, handle: Any, read: list[int]) -> None:
        self._handle, self._read = handle, read

    def __enter__(self) -> _SpiedFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()

    def fileno(self) -> int:
        return int(self._handle.fileno())

    def read(self, *args: Any) -> bytes:
        data = bytes(self._handle.read(*args))
        self._read.append(len(data))
        return data


@contextlib.contextmanager
def reads_counted() -> Iterator[list[int]]:
    """The sizes of every read through ``Path.open`` or ``os.read`` meanwhile."""
    read: list[int] = []
    path_open, os_read = Path.open, os.read

    def spied_open(self: Path, *args: Any, **kwargs: Any) -> _SpiedFile:
        return _SpiedFile(path_open(self, *args, **kwargs), read)

    def spied_read(fd: int, size: int) -> bytes:
        data = os_read(fd, size)
        read.append(len(data))
        return data

    Path.open, os.read = spied_open, spied_read  # type: ignore[assignment]
    try:
        yield read
    finally:
        Path.open, os.read = path_open, os_read  # type: ignore[method-assign]


def sparse_file_figure() -> Figure:
    """A sparse 2 GiB file is refused at once, without a byte read."""
    with tempfile.TemporaryDirectory(prefix="mou-sparse-") as name:
        path = Path(name) / "store.json"
        path.touch()
        os.truncate(path, 2 * 1024**3)
        start = time.perf_counter()
        with reads_counted() as read:
            try:
                JsonRepository(path)
                refused = ""
            except FormatError as exc:
                refused = exc.reason
        elapsed = time.perf_counter() - start
    clean = "it was not read" in refused and sum(read) == 0
    return Figure(
        harness="fuzz",
        name="sparse 2 GiB file over the size limit",
        measured=f"{'refused' if refused else 'opened'} in {elapsed * 1000:.1f} ms, "
        f"{sum(read):,} bytes read",
        target="refused, 0 bytes read",
        passed=clean,
    )


def case_figures() -> list[Figure]:
    cases = corpus_cases()
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="mou-corpus-") as name:
        for case in cases:
            _, wrong = replay(case, Path(name))
            if wrong:
                failed.append(case.name)
    count = {kind: sum(c.expected == kind for c in cases) for kind in ("valid", "bad", "found")}
    return [
        Figure(
            harness="fuzz",
            name="saved corpus replayed (explicit cases and past failures)",
            measured=f"{len(cases) - len(failed)} of {len(cases)} clean ({count['bad']} bad, "
            f"{count['valid']} valid, {count['found']} found by the fuzzer)"
            + (f"; failing: {', '.join(failed[:5])}" if failed else ""),
            target="all",
            passed=bool(cases) and not failed,
        ),
        sparse_file_figure(),
    ]
