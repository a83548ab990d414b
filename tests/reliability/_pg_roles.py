"""A role with ``SELECT`` only: every read command runs, every write is refused clearly.

The harness creates a reader role (with a password, which the server requires of it) that may
use one schema holding a repository and read its tables, an empty repository it may read (a
copy's target) and an empty schema it may only use (an ``init``'s target). Then:

- every read command of the CLI (``list``, ``show``, ``validate``, each ``report``, each
  ``export``, ``chart``, ``dashboard``, ``copy`` from the database to a file) exits 0;
- every write entry point of the library (``add``, ``update``, ``remove``, ``declare_area``,
  ``batch()``, ``create``, a copy into the database, a service) raises
  :class:`PermissionDeniedError` (a :class:`StorageError`) saying ``permission denied for ...``,
  and every write command (``init``, ``import``, ``copy`` into the database) exits 1 with one
  line saying so; no message holds the password;
- nothing in the database changed (the digest of every row, and the catalog).
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import attrs
from click.testing import CliRunner, Result
from psycopg import sql

from mou_tracker import (
    CooperationArea,
    PermissionDeniedError,
    PostgresRepository,
)
from mou_tracker.cli import cli
from mou_tracker.services import move_engagement
from mou_tracker.storage.copying import copy_repository
from reliability._harness import ROOT, TESTS
from reliability._pg_hostile import catalog, contents, differences
from reliability._pg_server import Server, admin, new_schema
from reliability._security_world import agreement, engagement

PASSWORD = "reader-Secret-4711"  # noqa: S105 - made up; must never be shown
AS_OF = ("--as-of", "2025-12-15")
AGREEMENT = "pk-kz-action-plan-2025"
ENGAGEMENT = "pk-kz-talks-2025-09-09"
VISIT = "kz-president-visit-pk-2025-11"


@attrs.frozen(kw_only=True)
class Roles:
    reads: dict[str, str]
    """Read command -> ``ok`` or what went wrong."""
    writes: dict[str, str]
    """Write entry point -> ``refused`` (the library's clear error) or what happened."""
    example: str
    """One refusal's message, as a user sees it."""
    changed: list[str]

    @property
    def clean(self) -> bool:
        return (
            all(v == "ok" for v in self.reads.values())
            and all(v == "refused" for v in self.writes.values())
            and not self.changed
        )


def _grant(server: Server, role: str, schemas: dict[str, str]) -> None:
    """The reader role: USAGE on each schema, SELECT on its tables where it has some."""
    with admin(server) as conn:
        conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                sql.Identifier(role), sql.Literal(PASSWORD)
            )
        )
        for schema, grant in schemas.items():
            conn.execute(
                sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(
                    sql.Identifier(schema), sql.Identifier(role)
                )
            )
            if grant == "select":
                conn.execute(
                    sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}").format(
                        sql.Identifier(schema), sql.Identifier(role)
                    )
                )


def seed_case(repo: PostgresRepository) -> None:
    """The seed example's case (``make demo``), with its sequel: data every report, chart
    and the dashboard have something to show of."""
    path = ROOT / "examples" / "pakistan_kazakhstan_2025.py"
    spec = importlib.util.spec_from_file_location("mou_seed_example", path)
    assert spec is not None
    assert spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    example.record_the_case(repo)
    example.follow_up(repo)


def _as(server: Server, role: str, schema: str) -> str:
    url = server.url_for(options=f"-csearch_path%3D{schema}")
    return url.replace("postgresql://mou@", f"postgresql://{role}:{PASSWORD}@", 1)


def _refused(call: Callable[[], object]) -> tuple[str, str]:
    """``refused`` when ``call`` raises PermissionDeniedError saying what was refused, without
    the password; else what happened."""
    try:
        call()
    except PermissionDeniedError as exc:
        text = f"{exc!s} {exc!r}"
        if PASSWORD in text:
            return "password shown", text
        if "permission denied for " not in text or exc.committed:
            return f"unclear: {text[:120]}", text
        return "refused", str(exc)
    except Exception as exc:
        return f"{type(exc).__module__}.{type(exc).__name__}: {str(exc)[:120]}", ""
    return "accepted", ""


def _reads(url: str, folder: Path) -> dict[str, list[str]]:
    out = str(folder / "out")
    return {
        "list": ["list"],
        "list --format json": ["list", "--format", "json", "--pair", "PK-KZ"],
        "show": ["show", AGREEMENT, *AS_OF],
        "show --format json": ["show", "--format", "json", ENGAGEMENT],
        "validate": ["validate"],
        **{
            f"report {name}": ["report", name, *AS_OF]
            for name in ("status", "by-year", "pairs", "areas", "matrix", "cadence", "deadlines")
        },
        "report summary": ["report", "summary", *AS_OF],
        "report timeline": ["report", "timeline", "--pair", "PK-KZ", *AS_OF],
        "export ics": ["export", "ics", *AS_OF, "-o", out + ".ics"],
        "export json": ["export", "json", "-o", out + ".json"],
        "export table": ["export", "table", "agreements", "-o", out + ".csv"],
        "chart timeline": ["chart", "timeline", "--pair", "PK-KZ", *AS_OF, "-o", out + ".svg"],
        "dashboard": ["dashboard", *AS_OF, "-o", out + ".html"],
        "copy to a file": ["copy", url, str(folder / "copy.json")],
    }


def run_roles(server: Server) -> Roles:
    role = f"mou_reader_{os.getpid()}"
    full, url = new_schema(server, "readable")
    with PostgresRepository(url) as repo:
        seed_case(repo)
    empty, _ = new_schema(server, "empty")
    with admin(server) as conn:
        bare = f"bare_{os.getpid()}"
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(bare)))
    _grant(server, role, {full: "select", empty: "select", bare: "usage"})
    reader, reader_empty, reader_bare = (_as(server, role, s) for s in (full, empty, bare))
    with admin(server) as conn:
        shape, rows = catalog(conn), contents(conn)
    runner = CliRunner(env={"MOU_TRACKER_REPO": None})
    with tempfile.TemporaryDirectory(prefix="mou-pg-roles-") as name:
        folder = Path(name)
        reads = {}
        for label, arguments in _reads(reader, folder).items():
            result = runner.invoke(cli, ["--repo", reader, *arguments])
            ok = result.exit_code == 0 and result.exception is None
            reads[label] = "ok" if ok else f"exit {result.exit_code}: {_why(result)}"
            writes, example = _library_writes(reader, reader_empty, reader_bare)
        for label, arguments in _write_commands(reader, reader_empty, reader_bare, folder).items():
            result = runner.invoke(cli, arguments)
            lines = result.stderr.splitlines()
            clean = (
                result.exit_code == 1
                and len(lines) == 1
                and lines[0].startswith("mou-tracker: error: ")
                and "permission denied for " in lines[0]
                and PASSWORD not in result.output
            )
            writes[label] = "refused" if clean else f"exit {result.exit_code}: {result.output!r}"
    with admin(server) as conn:
        changed = differences(shape, catalog(conn)) + differences(rows, contents(conn))
        conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
        conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))
    return Roles(reads=reads, writes=writes, example=example, changed=changed)


def _why(result: Result) -> str:
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return f"{type(result.exception).__name__}: {result.exception}"[:300]
    return repr(result.output[-300:])


def _library_writes(reader: str, reader_empty: str, reader_bare: str) -> tuple[dict[str, str], str]:
    repo = PostgresRepository(reader)
    target = PostgresRepository(reader_empty)
    plan = repo.get_agreement(AGREEMENT)

    def batch() -> None:
        with repo.batch():
            repo.add(engagement("new-talks"))
            repo.add(agreement("new-mou"))

    calls: dict[str, Callable[[], object]] = {
        "add": lambda: repo.add(engagement("new-talks")),
        "update": lambda: repo.update(
            attrs.evolve(plan, title="Changed"), expected_version=repo.version(plan.id)
        ),
        "remove": lambda: repo.remove(ENGAGEMENT),
        "remove(expected_version=1)": lambda: repo.remove(ENGAGEMENT, expected_version=1),
        "declare_area": lambda: repo.declare_area(CooperationArea(code="new_area", label="New")),
        "batch() of two adds": batch,
        "move_engagement (a service)": lambda: move_engagement(
            repo, VISIT, "2025-12-01", decided_on="2025-12-01", reason="moved"
        ),
        "copy into the database": lambda: copy_repository(repo, target),
        "PostgresRepository.create": lambda: PostgresRepository.create(reader_bare),
    }
    found, example = {}, ""
    try:
        for label, call in calls.items():
            found[label], message = _refused(call)
            example = example or message
    finally:
        repo.close()
        target.close()
    return found, example


def _write_commands(
    reader: str, reader_empty: str, reader_bare: str, folder: Path
) -> dict[str, list[str]]:
    sample = TESTS / "data" / "gptad" / "GPTAD-sample.csv"
    return {
        "cli init": ["--repo", reader_bare, "init"],
        "cli import": ["--repo", reader, "import", str(sample), "--preset", "gptad", *AS_OF],
        "cli copy into the database": ["copy", str(folder / "copy.json"), reader_empty],
    }
