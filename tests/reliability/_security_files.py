"""Hostile ids that arrive in data, and proof that ids never become paths.

- :func:`file_trials`: a repository file (snapshot or journal) holding a hostile id at each
  place an id is stored must be refused with a ``FormatError`` when opened, listed as a problem
  by ``check_file``, and refused by ``mou-tracker list`` with a clean error.
- :func:`import_trials`: a CSV file whose key column holds the hostile ids: each row is either
  imported under a valid id (the key slugified) or rejected with a reason; the import never
  fails as a whole.
- :func:`path_trials`: with id validation switched off, records with traversal-like ids are
  added, read, updated, exported and removed; no file appears outside the store directory. The
  library never builds a path from an id, so the Windows device names (``con``...) it refuses
  are refused as belt and braces, not because a file could be named after them.
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs
from click.testing import CliRunner

from mou_tracker import (
    AreaVocabulary,
    FormatError,
    InMemoryRepository,
    JsonRepository,
    MouTrackerError,
    Repository,
    check_file,
)
from mou_tracker.cli import cli
from mou_tracker.domain import validate_slug
from mou_tracker.export import export_ics
from mou_tracker.export.tables import TABLES
from mou_tracker.importers import import_file, mapping_from_toml
from mou_tracker.storage.document import Stored
from reliability._security_ids import Trial, clean_error
from reliability._security_sandbox import Sandbox, changes
from reliability._security_world import AS_OF, REJECTED, SAFE, engagement, records

__all__ = ["FilePerRecordRepository", "file_trials", "import_trials", "path_trials"]

Document = dict[str, Any]


def _plan(doc: Document) -> Document:
    return next(a for a in doc["agreements"] if a["id"] == "pk-kz-plan")


def _agreement_id(doc: Document, value: str) -> None:
    _plan(doc)["id"] = value


def _commitment_id(doc: Document, value: str) -> None:
    _plan(doc)["commitments"][0]["id"] = value


def _anchor(doc: Document, value: str) -> None:
    _plan(doc)["commitments"][0]["deadline"]["anchor"]["engagement_id"] = value


def _relation(doc: Document, value: str) -> None:
    _plan(doc)["relations"][0]["agreement_id"] = value


def _engagement_id(doc: Document, value: str) -> None:
    doc["engagements"][0]["id"] = value


def _agreement_ids(doc: Document, value: str) -> None:
    doc["engagements"][0]["agreement_ids"][0] = value


_SNAPSHOT_PLACES: dict[str, Callable[[Document, str], None]] = {
    "$.agreements[].id": _agreement_id,
    "$.agreements[].commitments[].id": _commitment_id,
    "$.agreements[].commitments[].deadline.anchor.engagement_id": _anchor,
    "$.agreements[].relations[].agreement_id": _relation,
    "$.engagements[].id": _engagement_id,
    "$.engagements[].agreement_ids[]": _agreement_ids,
}
_JOURNAL_PLACES = ("journal $.ops[].record.id", "journal $.ops[].remove")


def _base_files(directory: Path) -> tuple[bytes, bytes, list[str]]:
    """A valid snapshot, and a snapshot plus a journal holding one put and one remove."""
    directory.mkdir()
    repo = JsonRepository(directory / "plain.json")
    with repo.batch():
        for record in records():
            repo.add(record)
    plain = (directory / "plain.json").read_bytes()
    # every save after the first goes to the journal
    repo = JsonRepository(directory / "journal.json", small_snapshot_bytes=0)
    with repo.batch():
        for record in [*records(), engagement("pk-kz-gone")]:
            repo.add(record)
    repo.add(engagement("pk-kz-late"))
    repo.remove("pk-kz-gone")
    lines = (directory / "journal.json.journal").read_text("utf-8").splitlines()
    if len(lines) != 3:
        raise RuntimeError(f"expected a journal header and two transactions, got {lines}")
    opened = sorted(r.id for r in JsonRepository(directory / "journal.json").records())
    if opened != [
        "pk-kz-late",
        "pk-kz-old",
        "pk-kz-plan",
        "pk-kz-visit",
    ]:  # else a refusal proves nothing
        raise RuntimeError(f"the base journal does not read back as written: {opened}")
    return plain, (directory / "journal.json").read_bytes(), lines


def _write_journal_case(
    target: Path, snapshot: bytes, lines: list[str], place: str, hostile: str
) -> None:
    put, remove = json.loads(lines[1]), json.loads(lines[2])
    if place == _JOURNAL_PLACES[0]:
        put["ops"][0]["record"]["id"] = hostile
    else:
        remove["ops"][0]["remove"] = hostile
    target.write_bytes(snapshot)
    body = "\n".join([lines[0], json.dumps(put), json.dumps(remove)]) + "\n"
    Path(f"{target}.journal").write_text(body, "utf-8", errors="surrogatepass")


def file_trials(
    box: Sandbox, ids: Sequence[str], *, with_cli: bool = True
) -> tuple[list[Trial], list[str]]:
    """Each id at each stored place; returns the trials and the files changed by reading."""
    plain, snapshot, lines = _base_files(box.root / "base")
    cases: list[tuple[str, str, Path]] = []
    for number, (place, hostile) in enumerate(
        (p, i) for p in (*_SNAPSHOT_PLACES, *_JOURNAL_PLACES) for i in ids
    ):
        folder = box.store / f"file-{number:04d}"
        folder.mkdir()
        target = folder / "store.json"
        if place in _SNAPSHOT_PLACES:
            doc = json.loads(plain)
            _SNAPSHOT_PLACES[place](doc, hostile)
            target.write_text(json.dumps(doc), "utf-8", errors="surrogatepass")
        else:
            _write_journal_case(target, snapshot, lines, place, hostile)
        cases.append((place, hostile, target))
    before = box.snapshot()
    runner = CliRunner(env={"MOU_TRACKER_REPO": None})
    trials = []
    for place, hostile, target in cases:
        trials.append(Trial(f"open {place}", hostile, _open(target)))
        found = REJECTED if _problems(target) else "no problem found"
        trials.append(Trial(f"check_file {place}", hostile, found))
        if with_cli:
            result = runner.invoke(cli, ["--repo", str(target), "list"])
            clean = REJECTED if clean_error(result) else "not a clean error"
            trials.append(Trial(f"cli list {place}", hostile, clean))
    moved = changes(box, before, box.snapshot())
    return trials, [*moved.in_store, *moved.outside]


def _open(target: Path) -> str:
    try:
        JsonRepository(target)
    except FormatError:
        return REJECTED
    except MouTrackerError as exc:
        return f"wrong error ({type(exc).__name__})"
    except Exception as exc:  # anything but the library's error is a finding
        return f"crashed ({type(exc).__name__})"
    return "opened"


def _problems(target: Path) -> int:
    try:
        return len(check_file(target))
    except Exception:  # check_file reports problems; raising at all is a finding
        return 0


_MAPPING = """
title = "Title"
[id]
columns = ["Ref"]
{prefix}
[parties]
columns = ["Country A", "Country B"]
[dates]
signature = {{ column = "Signed", format = "iso" }}
"""


def import_trials(box: Sandbox, ids: Sequence[str]) -> list[Trial]:
    """One CSV row per id (in the key column), imported without and with an id prefix."""
    encodable = [i for i in ids if not _has_surrogate(i)]
    source = box.root / "hostile-keys.csv"
    starts, line = [], 2  # rows are numbered by the physical line they start on
    with source.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["Ref", "Title", "Country A", "Country B", "Signed"])
        for hostile in encodable:
            starts.append(line)
            line += len(_LINE_END.findall(hostile)) + 1
            writer.writerow([hostile, "Agreement", "PK", "KZ", "2025-01-01"])
    trials = []
    for prefix in ("", 'prefix = "h"'):
        mapping = mapping_from_toml(_MAPPING.format(prefix=prefix))
        entry = f"import_file (prefix {'h' if prefix else 'none'})"
        repo = InMemoryRepository()
        try:
            report = import_file(source, mapping, repo, as_of=AS_OF)
        except Exception as exc:  # one hostile row must not fail the whole import
            trials += [Trial(entry, i, f"import failed ({type(exc).__name__})") for i in encodable]
            continue
        made = dict(report.records)
        rejected = set(report.rejected_rows)
        merged = {issue.row for issue in report.merged}
        for row, hostile in zip(starts, encodable, strict=True):
            record_id = made.get(row)
            if row in rejected:
                found = REJECTED
            elif row in merged or (
                record_id is not None and record_id != hostile and _valid(record_id)
            ):
                found = SAFE
            else:
                found = f"kept as {record_id!r}"
            trials.append(Trial(entry, hostile, found))
    return trials


_LINE_END = re.compile(r"\r\n|\r|\n")


def _has_surrogate(text: str) -> bool:
    return any(0xD800 <= ord(c) <= 0xDFFF for c in text)


def _valid(record_id: str) -> bool:
    try:
        validate_slug(record_id)
    except MouTrackerError:
        return False
    return True


class FilePerRecordRepository(InMemoryRepository):
    """Planted bug (a negative control): saves each record as ``<directory>/<id>.json``, the
    store design that turns ids into paths. It never writes outside ``sandbox_root``."""

    def __init__(self, directory: Path, sandbox_root: Path) -> None:
        super().__init__()
        self.directory = directory
        self.sandbox_root = sandbox_root

    def _persist(
        self,
        areas: AreaVocabulary,
        changes: dict[str, Stored | None],
        records: Callable[[], Iterable[Stored]],
    ) -> None:
        for record_id, stored in changes.items():
            target = Path(os.path.normpath(self.directory / f"{record_id}.json"))
            if not target.is_relative_to(self.sandbox_root):
                continue
            if stored is not None:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text("{}", "utf-8")


def _steps(box: Sandbox, repo: Repository, record_id: str) -> list[Callable[[], object]]:
    """Everything done with one record: add, read, update, export, show, remove."""
    record = engagement(record_id)
    store_file = getattr(repo, "path", None)

    def show() -> object:
        arguments = ["--repo", str(store_file), "show", "--", record_id]
        return store_file and CliRunner(env={"MOU_TRACKER_REPO": None}).invoke(cli, arguments)

    return [
        lambda: repo.add(record),
        lambda: repo.get(record_id),
        lambda: repo.update(attrs.evolve(record, title="Moved"), expected_version=1),
        lambda: export_ics(repo, as_of=AS_OF).write(box.store / "calendar.ics"),
        lambda: [TABLES[name](repo, as_of=AS_OF).to_csv() for name in TABLES],
        show,
        lambda: repo.remove(record_id),
    ]


def path_trials(box: Sandbox, ids: Sequence[str], repo: Repository) -> list[str]:
    """Add, read, update, export, show and remove a record under each id (validation must be
    off); returns the files changed outside the store directory, checked after every step."""
    touched: list[str] = []
    before = box.snapshot()
    for hostile in ids:
        for step in _steps(box, repo, hostile):
            step()
            after = box.snapshot()
            touched += changes(box, before, after).outside
            before = after
    return sorted(set(touched))
