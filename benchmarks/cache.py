"""The files the benchmarks read, built once per size and reused: ``benchmarks/.cache/`` (git
ignores it), or the directory ``MOU_BENCH_CACHE`` names.

One directory per ``(n, seed)`` and key; the key covers the generator's sources, the library
version and the sources of ``mou_tracker/domain`` and ``mou_tracker/storage``, so a change to
the model or to the storage rebuilds the files instead of benchmarking stale ones. Each
directory holds:

- ``records.json``: the generated records, unstructured by ``make_converter()``, compact JSON
  (``{"engagements": [...], "agreements": [...]}``); tasks structure them back into objects;
- ``repo/``: the repository, written through the public API (``JsonRepository`` and one
  ``batch()``), whatever files the storage keeps there;
- ``sqlite.db``: the same records as JSON text in one table (``journal_mode=WAL``);
- ``tinydb.json``: the same records in a TinyDB database;
- ``meta.json``: ids in insertion order, sizes, and which file the ``orjson`` baseline parses.

Built in a subprocess: ``python -m benchmarks.cache N SEED`` prints the directory.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

import mou_tracker
from benchmarks import generate
from mou_tracker import Agreement, Engagement, JsonRepository, Record
from mou_tracker.storage.converter import make_converter

__all__ = ["CACHE", "REPO_FILE", "build", "cache_dir", "load_records", "sqlite_connect"]

CACHE = Path(os.environ.get("MOU_BENCH_CACHE") or Path(__file__).resolve().parent / ".cache")
_HERE = Path(__file__).resolve().parent
_LIBRARY = Path(mou_tracker.__file__).resolve().parent
REPO_FILE = "repository.json"
"""The repository's path inside ``repo/`` (the storage may keep other files beside it)."""


def fingerprint() -> str:
    """What the cached files depend on: generator, library version, domain and storage code."""
    digest = hashlib.sha256(f"{generate.GENERATOR_VERSION}:{mou_tracker.__version__}".encode())
    files = [_HERE / name for name in ("generate.py", "parts.py", "vocabulary.py", "cache.py")]
    for package in ("domain", "storage"):
        files += sorted((_LIBRARY / package).glob("*.py"))
    for file in files:
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:12]


def cache_dir(n: int, seed: int) -> Path:
    return CACHE / f"n{n}-seed{seed}-{fingerprint()}"


def build(n: int, seed: int) -> Path:
    """The cache directory for ``(n, seed)``, built first when missing (atomically renamed)."""
    target = cache_dir(n, seed)
    if (target / "meta.json").exists():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".build-{n}-", dir=CACHE))
    try:
        records = generate.records(n, seed)
        _write_records(work / "records.json", records)
        (work / "repo").mkdir()
        repo = JsonRepository(work / "repo" / REPO_FILE)
        with repo.batch():
            for record in records:
                repo.add(record)
        del repo
        _write_sqlite(work / "sqlite.db", records)
        _write_tinydb(work / "tinydb.json", records)
        meta = _meta(work, n, seed, records)
        (work / "meta.json").write_text(json.dumps(meta, indent=1))
        shutil.rmtree(target, ignore_errors=True)
        work.rename(target)
        for stale in CACHE.glob("n*-seed*-*"):  # built from older code: never read again
            if not stale.name.endswith(f"-{fingerprint()}"):
                shutil.rmtree(stale, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def load_records(directory: Path) -> list[Record]:
    """The cached records as domain objects, engagements first (the order to add them in)."""
    raw = orjson.loads((directory / "records.json").read_bytes())
    converter = make_converter()
    gc.disable()
    try:
        found: list[Record] = [converter.structure(r, Engagement) for r in raw["engagements"]]
        found += [converter.structure(r, Agreement) for r in raw["agreements"]]
    finally:
        gc.enable()
    return found


def sqlite_connect(path: Path) -> sqlite3.Connection:
    """A connection as the baselines use it: WAL, and every commit synced (``FULL``)."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    return connection


SQLITE_SCHEMA = (
    "CREATE TABLE records (id TEXT PRIMARY KEY, kind TEXT NOT NULL, "
    "version INTEGER NOT NULL, body TEXT NOT NULL)"
)
SQLITE_INSERT = "INSERT INTO records (id, kind, version, body) VALUES (?, ?, 1, ?)"


def sqlite_rows(records: Iterable[Record]) -> list[tuple[str, str, str]]:
    """``(id, kind, JSON text)`` rows: each record unstructured and dumped, as the library does."""
    unstructure = make_converter().unstructure
    return [
        (r.id, type(r).__name__.lower(), json.dumps(unstructure(r), ensure_ascii=False))
        for r in records
    ]


def _write_records(path: Path, records: list[Record]) -> None:
    unstructure = make_converter().unstructure
    doc: dict[str, list[Any]] = {"engagements": [], "agreements": []}
    for record in records:
        doc[f"{type(record).__name__.lower()}s"].append(unstructure(record))
    path.write_bytes(orjson.dumps(doc))


def _write_sqlite(path: Path, records: list[Record]) -> None:
    connection = sqlite_connect(path)
    with connection:
        connection.execute(SQLITE_SCHEMA)
        connection.executemany(SQLITE_INSERT, sqlite_rows(records))
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def _write_tinydb(path: Path, records: list[Record]) -> None:
    from tinydb import TinyDB

    unstructure = make_converter().unstructure
    with TinyDB(path) as db:  # doc_id i + 1 holds records[i]
        db.insert_multiple(unstructure(r) for r in records)


def _meta(work: Path, n: int, seed: int, records: list[Record]) -> dict[str, Any]:
    repo_files = [p for p in (work / "repo").iterdir() if p.is_file() and p.suffix != ".lock"]
    baseline = "records.json"
    if len(repo_files) == 1:
        try:
            orjson.loads(repo_files[0].read_bytes())
            baseline = f"repo/{repo_files[0].name}"
        except orjson.JSONDecodeError:
            pass  # not one JSON document (a journal?): parse the records' JSON instead
    return {
        "n": n,
        "seed": seed,
        "fingerprint": fingerprint(),
        "library": mou_tracker.__version__,
        "ids": [r.id for r in records],
        "agreements": sum(isinstance(r, Agreement) for r in records),
        "engagements": sum(isinstance(r, Engagement) for r in records),
        "repo_bytes": sum(p.stat().st_size for p in (work / "repo").iterdir() if p.is_file()),
        "records_bytes": (work / "records.json").stat().st_size,
        "baseline_file": baseline,
    }


if __name__ == "__main__":
    print(build(int(sys.argv[1]), int(sys.argv[2])))
