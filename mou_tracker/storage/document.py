"""The JSON document: encoding a repository's state to bytes and decoding it back, strictly.

Layout (see ``docs/storage-format.md``)::

    {"schema_version": 2, "areas": [...], "agreements": [...], "engagements": [...]}

Records are sorted by id and each carries its ``version``; keys are written in a fixed order
and every value has one text form, so two saves of the same data give identical bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
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
from mou_tracker.storage.converter import describe_errors, make_converter
from mou_tracker.storage.jsonparse import parse_json
from mou_tracker.storage.migrations import SCHEMA_VERSION, migrate
from mou_tracker.storage.references import dangling_anchors

__all__ = [
    "SCHEMA_VERSION",
    "Decoded",
    "Stored",
    "check_areas",
    "decode",
    "encode",
    "encode_record",
    "parse_json",
]

_SECTIONS: tuple[tuple[str, type[Agreement] | type[Engagement]], ...] = (
    ("agreements", Agreement),
    ("engagements", Engagement),
)
_KINDS = {Agreement: "agreement", Engagement: "engagement"}


@attrs.frozen
class Stored:
    """A record with its version (1 when added, +1 at each update) and its encoded JSON text."""

    record: Record
    version: int
    text: str = attrs.field(eq=False, repr=False)


@attrs.frozen
class Decoded:
    """What a document holds, or every problem found in it."""

    areas: AreaVocabulary
    records: dict[str, Stored]
    problems: tuple[FormatError, ...]


def encode_record(record: Record, version: int) -> str:
    """One record as indented JSON text (as it appears inside the document's list)."""
    data = make_converter().unstructure(record)
    data["version"] = version
    text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
    return text.replace("\n", "\n    ")


def encode(areas: AreaVocabulary, records: Iterable[Stored]) -> bytes:
    """The whole document. Reuses each record's cached text, so only changed records are
    converted again."""
    by_kind: dict[type, list[Stored]] = {Agreement: [], Engagement: []}
    for stored in records:
        by_kind[type(stored.record)].append(stored)
    area_text = json.dumps(
        [make_converter().unstructure(a) for a in areas.extra], ensure_ascii=False, indent=2
    ).replace("\n", "\n  ")
    parts = [f'{{\n  "schema_version": {SCHEMA_VERSION},\n  "areas": {area_text}']
    for name, cls in _SECTIONS:
        items = sorted(by_kind[cls], key=lambda s: s.record.id)
        body = ",\n    ".join(s.text for s in items)
        parts.append(f'  "{name}": [\n    {body}\n  ]' if items else f'  "{name}": []')
    return (",\n".join(parts) + "\n}\n").encode("utf-8")


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
        raise FormatError(f"extra fields found ({', '.join(extra)})", path=path)
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
    places: dict[str, str] = {}
    for name, cls in _SECTIONS:
        raw_list = doc.get(name, [])
        if type(raw_list) is not list:
            problems.append(FormatError("expected a list", path=path, json_path=f"$.{name}"))
            continue
        for index, raw in enumerate(raw_list):
            where = f"$.{name}[{index}]"
            stored = _decode_record(raw, cls, areas, where, path)
            if isinstance(stored, list):
                problems.extend(stored)
                continue
            if stored.record.id in records:
                err = DuplicateIdError(stored.record.id)
                problems.append(
                    FormatError(
                        str(err), path=path, record_id=stored.record.id, json_path=f"{where}.id"
                    )
                )
                continue
            records[stored.record.id] = stored
            places[stored.record.id] = where
    problems.extend(_reference_problems(records, places, path))
    return Decoded(areas=areas, records=records, problems=tuple(problems))


def _reference_problems(
    records: dict[str, Stored], places: dict[str, str], path: str | None
) -> list[FormatError]:
    """A deadline tied to an engagement that is not in the file is an error."""

    def is_engagement(record_id: str) -> bool:
        stored = records.get(record_id)
        return stored is not None and isinstance(stored.record, Engagement)

    problems = []
    for record_id, stored in records.items():
        for index, engagement_id in dangling_anchors(stored.record, is_engagement):
            problems.append(
                FormatError(
                    f"the deadline is tied to engagement {engagement_id!r}, which does not exist",
                    path=path,
                    record_id=record_id,
                    json_path=f"{places[record_id]}.commitments[{index}].deadline",
                )
            )
    return problems


def _decode_record(
    raw: Any,
    cls: type[Agreement] | type[Engagement],
    areas: AreaVocabulary,
    where: str,
    path: str | None,
) -> Stored | list[FormatError]:
    """The record stored at ``where``, or every problem found in it."""
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
    if type(version) is not int or version < 1:
        problems.append(
            FormatError(
                "version must be a positive integer",
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
    return Stored(record=record, version=version, text=encode_record(record, version))


def kind_of(record: Record) -> str:
    return _KINDS[type(record)]
