"""The fuzzer's inputs: hypothesis strategies for bad repository files (and journals).

Valid seeds come from ``tests/strategies.py`` records encoded by the library itself; each input
then spoils one (``_fuzz_mutations``): structural mutations of the parsed document, truncations,
bit flips, byte insertions and deletions; or it is random JSON (``_fuzz_json``) or random bytes;
or it is a valid snapshot with a spoiled journal.
"""

from __future__ import annotations

import copy
import functools
import json
from typing import Any

import attrs
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from strategies import repository_contents

from mou_tracker import AreaVocabulary, CooperationArea, Engagement
from mou_tracker.storage.document import Stored, encode
from mou_tracker.storage.journal import JOURNAL_VERSION, snapshot_id
from mou_tracker.storage.oplog import encode_ops
from reliability._fuzz_json import json_values, to_json
from reliability._fuzz_mutations import mutate, spoil_bytes

__all__ = [
    "KINDS",
    "FuzzInput",
    "Seed",
    "SeedPool",
    "fuzz_inputs",
    "seed_pool",
    "seeds",
]

KINDS = (
    "mutated",
    "truncated",
    "bit flips",
    "byte edits",
    "random JSON",
    "random bytes",
    "journal",
)


_WEIGHTED = (*KINDS, "mutated", "mutated", "mutated", "journal", "journal")
"""Structural mutations and journals get further into the loader: they come more often."""


@attrs.frozen
class FuzzInput:
    """One input: the snapshot's bytes and, maybe, a journal beside it."""

    kind: str
    snapshot: bytes
    journal: bytes | None = None


# -- valid seeds ----------------------------------------------------------------------------------


@attrs.frozen
class Seed:
    """A valid snapshot, and a valid snapshot with a valid journal (header line first)."""

    snapshot: bytes
    journal_snapshot: bytes
    journal_lines: tuple[bytes, ...]


@attrs.frozen
class SeedPool:
    """The valid seeds inputs are made from (shown by their number: hypothesis prints it)."""

    seeds: tuple[Seed, ...] = attrs.field(repr=lambda seeds: f"<{len(seeds)} seeds>")


@st.composite
def seeds(draw: st.DrawFn) -> Seed:
    """Valid files, encoded by the library from ``tests/strategies.py`` records."""
    records = draw(repository_contents)
    areas = AreaVocabulary()
    if draw(st.booleans()):
        areas = areas.declare(CooperationArea(code="space", label="Space"))
    versions = [draw(st.integers(1, 3)) for _ in records]
    stored = [Stored(record=r, version=v) for r, v in zip(records, versions, strict=True)]
    split = draw(st.integers(0, len(records)))
    snapshot = encode(AreaVocabulary(), [Stored(record=r, version=1) for r in records[:split]])
    header = json.dumps({"journal": JOURNAL_VERSION, "snapshot": snapshot_id(snapshot)}).encode()
    lines = [header]
    if areas.extra:
        lines.append(encode_ops({}, areas))
    for record in records[split:]:
        lines.append(encode_ops({record.id: Stored(record=record, version=1)}, None))
    for record in records[:split]:
        if draw(st.booleans()):  # an update
            lines.append(encode_ops({record.id: Stored(record=record, version=2)}, None))
        elif not isinstance(record, Engagement):  # deadlines may be tied to engagements
            lines.append(encode_ops({record.id: None}, None))
    return Seed(encode(areas, stored), snapshot, tuple(lines))


@functools.cache
def seed_pool(size: int, seed_value: int | None = None) -> SeedPool:
    """``size`` distinct seeds, drawn once per process (drawing records is the slow part of
    generating an input, so each example picks a seed from this pool and spoils it)."""
    found: dict[bytes, Seed] = {}

    @settings(
        max_examples=size,
        derandomize=seed_value is None,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(seeds())
    def collect(drawn: Seed) -> None:
        if len(found) < size:
            found.setdefault(drawn.snapshot + b"\0" + b"\n".join(drawn.journal_lines), drawn)

    if seed_value is not None:
        collect = seed(seed_value)(collect)
    collect()
    return SeedPool(tuple(found.values()))


def _serialise(draw: st.DrawFn, doc: Any, *, one_line: bool = False) -> bytes:
    indent = not one_line and draw(st.booleans())
    raw = draw(st.integers(0, 9)) == 3  # raw surrogates make the whole file not UTF-8: now and then
    return to_json(doc, indent=indent, ascii_only=draw(st.booleans()), raw_surrogates=raw)


def _random_json(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()):
        doc: Any = draw(json_values)
    else:  # shaped like a repository, so it gets past the header more often
        doc = {"schema_version": draw(st.sampled_from((2, 1, 3, 0)) | json_values)}
        for name in ("areas", "agreements", "engagements"):
            if draw(st.booleans()):
                doc[name] = draw(st.lists(json_values, max_size=3))
    return _serialise(draw, doc)


def _journal(draw: st.DrawFn, chosen: Seed) -> FuzzInput:
    snapshot, lines = chosen.journal_snapshot, list(chosen.journal_lines)
    change = draw(
        st.sampled_from(("line", "line", "header", "truncated", "bit flips", "byte edits", "torn"))
    )
    if change in ("line", "header") and (change == "header" or len(lines) > 1):
        index = 0 if change == "header" else draw(st.integers(1, len(lines) - 1))
        doc = mutate(draw, json.loads(lines[index]))
        lines[index] = _serialise(draw, doc, one_line=True).replace(b"\n", b" ")
    journal = b"".join(line + b"\n" for line in lines)
    if change in ("truncated", "bit flips", "byte edits"):
        journal = spoil_bytes(draw, journal, change)
    elif change == "torn":  # a last line without its newline: a write that never returned
        journal += _serialise(draw, {"ops": [draw(json_values)]}, one_line=True)
    return FuzzInput("journal", snapshot, journal)


@st.composite
def fuzz_inputs(draw: st.DrawFn, pool: SeedPool, kinds: tuple[str, ...] = KINDS) -> FuzzInput:
    """One bad (or, now and then, still valid) input of one of ``kinds``, made from a seed of
    ``pool``."""
    kind = draw(st.sampled_from([k for k in _WEIGHTED if k in kinds]))
    chosen = draw(st.sampled_from(pool.seeds))
    if kind == "journal":
        return _journal(draw, chosen)
    if kind == "random JSON":
        return FuzzInput(kind, _random_json(draw))
    if kind == "random bytes":
        return FuzzInput(kind, draw(st.binary(max_size=256)))
    data = chosen.snapshot
    if kind == "mutated":
        doc = mutate(draw, copy.deepcopy(json.loads(data)))
        return FuzzInput(kind, _serialise(draw, doc))
    return FuzzInput(kind, spoil_bytes(draw, data, kind))
