"""The JSON document: encoding a repository's state to bytes and decoding it back, strictly.

Layout (see ``docs/storage-format.md``)::

    {"schema_version": 3, "areas": [...], "agreements": [...], "engagements": [...]}

Records are sorted by id and each carries its ``version``; keys are written in a fixed order
and every value has one text form, so two saves of the same data give identical bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from mou_tracker.domain import (
    Agreement,
    AreaVocabulary,
    CooperationArea,
    Engagement,
    Record,
    validate_slug,
)
from mou_tracker.errors import (
    DuplicateIdError,
    FormatError,
    MouTrackerError,
    SchemaVersionError,
    UnknownAreaError,
)
from mou_tracker.storage.converter import (
    MAX_JSON_INT,
    describe_errors,
    extra_fields,
    make_converter,
)
from mou_tracker.storage.jsonparse import (
    dumps_indented,
    parse_canonical,
    parse_json,
)
from mou_tracker.storage.migrations import SCHEMA_VERSION, migrate
from mou_tracker.storage.prechecked import prechecked, sharing
from mou_tracker.storage.references import has_anchors, reference_problems

__all__ = [
    "SCHEMA_VERSION",
    "Decoded",
    "Stored",
    "check_areas",
    "decode",
    "encode",
    "parse_json",
]

_SECTIONS: tuple[tuple[str, type[Agreement] | type[Engagement]], ...] = (
    ("agreements", Agreement),
    ("engagements", Engagement),
)


@attrs.frozen
class Stored:
    """A record with its version (1 when added, +1 at each update)."""

    record: Record
    version: int


@attrs.frozen
class Decoded:
    """What a document holds, or every problem found in it."""

    areas: AreaVocabulary
    records: dict[str, Stored]
    problems: tuple[FormatError, ...]


def unstructure_record(record: Record, version: int) -> dict[str, Any]:
    data: dict[str, Any] = make_converter().unstructure(record)
    data["version"] = version
    return data


def encode(areas: AreaVocabulary, records: Iterable[Stored]) -> bytes:
    """The whole document in its canonical form (sorted records, fixed key order)."""
    by_kind: dict[type, list[Stored]] = {Agreement: [], Engagement: []}
    for stored in records:
        by_kind[type(stored.record)].append(stored)
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "areas": [make_converter().unstructure(a) for a in areas.extra],
    }
    for name, cls in _SECTIONS:
        items = sorted(by_kind[cls], key=lambda s: s.record.id)
        doc[name] = [unstructure_record(s.record, s.version) for s in items]
    return dumps_indented(doc)


def _check_header(doc: Mapping[str, Any], path: str | None) -> int:
    version = doc.get("schema_version")
    if type(version) is not int:
        raise FormatError(
            "schema_version is missing or not an integer", path=path, json_path="$.schema_version"
        )
    if version > SCHEMA_VERSION:
        raise SchemaVersionError(
            f"schema_version {version} is newer than this library understands "
            f"({SCHEMA_VERSION}); upgrade mou-tracker. The file was left untouched",
            path=path,
            json_path="$.schema_version",
        )
    if version < 1:
        raise FormatError(
            f"unknown schema_version {version}", path=path, json_path="$.schema_version"
        )
    extra = sorted(set(doc) - {"schema_version", "areas", *(name for name, _ in _SECTIONS)})
    if extra:
        raise FormatError(extra_fields(extra), path=path)
    return version


def check_areas(record: Record, areas: AreaVocabulary) -> None:
    """Raise :class:`UnknownAreaError` when the record uses an undeclared area code."""
    problem = _area_problem(record, areas)
    if problem is not None:
        raise UnknownAreaError(problem[0], field="areas")


def _area_problem(record: Record, areas: AreaVocabulary) -> tuple[str, str] | None:
    """The first undeclared area code, as ``(message, JSON path suffix)``."""
    places = [(".areas", record.areas)]
    places += [(f".commitments[{i}].areas", c.areas) for i, c in enumerate(record.commitments)]
    for suffix, codes in places:
        for code in sorted(codes):
            if code not in areas:
                message = f"undeclared cooperation area {code!r}: use a standard code or declare it"
                return f"{message} first", suffix
    return None


def decode(data: bytes, *, path: str | None = None) -> Decoded:
    """Decode a document, collecting every problem (each a :class:`FormatError` with its path).

    Malformed JSON, a bad header or a newer schema raise at once, as nothing else can be read.
    """
    doc = parse_canonical(data)
    if doc is None:
        doc = parse_json(data, path=path)
    doc = migrate(doc, _check_header(doc, path))
    converter = make_converter()
    problems: list[FormatError] = []
    try:
        areas = AreaVocabulary(
            converter.structure(doc.get("areas", []), tuple[CooperationArea, ...])
        )
    except Exception as exc:  # every failure becomes a FormatError naming its path
        problems.extend(
            FormatError(reason, path=path, json_path=where)
            for reason, where in describe_errors(exc, "$.areas")
        )
        areas = AreaVocabulary()
    records: dict[str, Stored] = {}
    places: dict[str, tuple[str | None, str]] = {}
    with sharing():
        _decode_sections(doc, areas, path, records, places, problems)
    tied = {record_id: records[record_id] for record_id in places}
    problems.extend(reference_problems(tied, places, records))
    return Decoded(areas=areas, records=records, problems=tuple(problems))


def _decode_sections(
    doc: Mapping[str, Any],
    areas: AreaVocabulary,
    path: str | None,
    records: dict[str, Stored],
    places: dict[str, tuple[str | None, str]],
    problems: list[FormatError],
) -> None:
    """Every record of the document into ``records`` (by id), or its problems; ``places`` gets
    the file and JSON path of each record with a deadline tied (or once tied) to an engagement
    (:func:`reference_problems` reads those only)."""
    for name, cls in _SECTIONS:
        raw_list = doc.get(name, [])
        if type(raw_list) is not list:
            problems.append(FormatError("expected a list", path=path, json_path=f"$.{name}"))
            continue
        build = prechecked(cls)
        for index, raw in enumerate(raw_list):
            raw_list[index] = None  # freed once decoded, while still in the processor's cache
            stored = _decode_checked(raw, build, areas) or _decode_explained(
                raw, cls, areas, f"$.{name}[{index}]", path
            )
            if isinstance(stored, list):
                problems.extend(stored)
                continue
            record = stored.record
            if record.id in records:
                err = DuplicateIdError(record.id)
                where = f"$.{name}[{index}].id"
                problems.append(
                    FormatError(str(err), path=path, record_id=record.id, json_path=where)
                )
                continue
            records[record.id] = stored
            if has_anchors(record):  # (read while in the processor's cache)
                places[record.id] = (path, f"$.{name}[{index}]")


def decode_record(
    raw: Any,
    cls: type[Agreement] | type[Engagement],
    areas: AreaVocabulary,
    where: str,
    path: str | None,
) -> Stored | list[FormatError]:
    """The record stored at ``where``, or every problem found in it."""
    with sharing():  # first as if valid (a load of its own, unless within decode's)
        copy = dict(raw) if type(raw) is dict else raw
        stored = _decode_checked(copy, prechecked(cls), areas)
    return stored or _decode_explained(raw, cls, areas, where, path)


def _decode_checked(raw: Any, build: Callable[[Any], Any], areas: AreaVocabulary) -> Stored | None:
    """The record, when it is exactly valid, else None (:func:`_decode_explained` then says
    why), without explaining anything. ``raw`` is the caller's own (parsed for this decode
    alone, or a copy): its ``version`` is taken out in place and put back on failure."""
    if type(raw) is not dict or "version" not in raw:
        return None
    version = raw.pop("version")
    if type(version) is int and 1 <= version <= MAX_JSON_INT:
        try:
            record: Record | None = build(raw)
        except Exception:  # any failure: the detailed converter explains it
            record = None
        if record is not None and _areas_declared(record, areas):
            return Stored(record=record, version=version)
    raw["version"] = version
    return None


def _areas_declared(record: Record, areas: AreaVocabulary) -> bool:
    covers = areas.covers
    if not covers(record.areas):
        return False
    return all(covers(c.areas) for c in record.commitments if c.areas)


def _decode_explained(
    raw: Any,
    cls: type[Agreement] | type[Engagement],
    areas: AreaVocabulary,
    where: str,
    path: str | None,
) -> Stored | list[FormatError]:
    """:func:`decode_record` with the detailed converter: every problem, with its path."""
    if type(raw) is not dict:
        return [FormatError("expected an object", path=path, json_path=where)]
    record_id = raw.get("id") if isinstance(raw.get("id"), str) else None
    if record_id is not None:
        try:
            validate_slug(record_id)
        except MouTrackerError as exc:
            return [FormatError(str(exc), path=path, json_path=f"{where}.id")]
    fields = dict(raw)
    version = fields.pop("version", None)
    problems = []
    if type(version) is not int or not 1 <= version <= MAX_JSON_INT:
        problems.append(
            FormatError(
                f"version must be a positive integer (at most {MAX_JSON_INT:,})",
                path=path,
                record_id=record_id,
                json_path=f"{where}.version",
            )
        )
    try:
        record = make_converter().structure(fields, cls)
    except Exception as exc:  # every failure becomes a FormatError naming its path
        problems.extend(
            FormatError(reason, path=path, record_id=record_id, json_path=json_path)
            for reason, json_path in describe_errors(exc, where)
        )
        return problems
    area_problem = _area_problem(record, areas)
    if area_problem is not None:
        message, suffix = area_problem
        problems.append(
            FormatError(message, path=path, record_id=record_id, json_path=where + suffix)
        )
    if problems or type(version) is not int:
        return problems
    return Stored(record=record, version=version)
