"""Hostile ids and hostile texts through every entry point of :class:`PostgresRepository`.

The ids are the security harness's (:data:`HOSTILE_IDS`) plus :data:`SQL_PAYLOADS`, strings
that would break out of a quoted SQL literal, an identifier, a dollar-quoted body or a
placeholder; they go to ``get``, ``version``, ``in``, ``add``, ``update``, ``remove``, every
field of a ``RecordFilter`` given to ``records`` and, as keywords, to ``agreements`` and
``engagements``, ``declare_area``, and the commands that take an id or a filter. The texts (the
CSV and markup corpora, and the payloads again) are written by ``add``, ``update`` and
``declare_area`` and read back by ``get``, ``records``, ``agreements`` and ``areas``.

Before and after, :func:`catalog` takes the database's shape (schemas, tables and columns,
indexes, triggers, functions, roles) and :func:`contents` a digest of every row of every table;
both must be unchanged except for the rows the text writes were meant to change, and every text
must come back exactly. The negative control (:func:`unsafe_lookups`) looks the payloads up
with a query built by string formatting, as no code of the library may, and the same
comparisons must see what it did.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import attrs
from click.testing import CliRunner
from psycopg import Connection, sql

from mou_tracker import (
    Agreement,
    CooperationArea,
    Engagement,
    MouTrackerError,
    PostgresRepository,
)
from mou_tracker.cli import cli
from mou_tracker.domain.filters import RecordFilter
from reliability._pg_server import Server, admin, new_schema
from reliability._security_data import AREAS, PER_UNIT, formula_texts, markup_texts, plant
from reliability._security_ids import clean_error
from reliability._security_world import (
    ACCEPTED,
    HOSTILE_IDS,
    REJECTED,
    SAFE,
    forged_engagement,
    outcome,
    records,
)

SQL_PAYLOADS: tuple[str, ...] = (
    "' OR '1'='1", "x' OR 1=1 --", "x'; DROP TABLE mou_anchors; --",
    "x'; DELETE FROM mou_records WHERE id <> 'x'; --",
    "x'; UPDATE mou_records SET kind = 'pwned'; --",
    "x'; CREATE ROLE mou_pwned; --",
    "x'; CREATE FUNCTION mou_pwned() RETURNS int LANGUAGE sql AS 'SELECT 1'; --",
    "x'; ALTER TABLE mou_records ADD COLUMN pwned int; --", "x'); DROP TABLE mou_meta; --",
    "x\\'; DROP TABLE mou_areas; --", "$$; DROP TABLE mou_areas; $$",
    "x' UNION SELECT rolname FROM pg_roles --",
    'x"; DROP TABLE "mou_records', "%s", "%(id)s", "%%s", "{}", "{0}", "E'\\x27'", "x'::int",
    "';\x00", "'||pg_sleep(0)||'", "/*", "*/", "--", ";", "'", '"', "\\", "$1", "?",
)  # fmt: skip
"""Strings that do harm where input is formatted into SQL (tried on the control's schema)."""

HOSTILE = HOSTILE_IDS + SQL_PAYLOADS
SYSTEM = ("pg_catalog", "information_schema", "pg_toast")


def catalog(conn: Connection[Any]) -> dict[str, list[tuple[Any, ...]]]:
    """The database's shape: everything an injected statement could add, drop or alter."""
    queries = {
        "schemas": "SELECT nspname FROM pg_namespace ORDER BY 1",
        "columns": "SELECT table_schema, table_name, column_name, data_type, is_nullable "
        "FROM information_schema.columns WHERE table_schema <> ALL(%s) ORDER BY 1, 2, 3",
        "indexes": "SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes "
        "WHERE schemaname <> ALL(%s) ORDER BY 1, 2, 3",
        "triggers": "SELECT tgrelid::regclass::text, tgname FROM pg_trigger ORDER BY 1, 2",
        "functions": "SELECT n.nspname, p.proname, pg_get_function_arguments(p.oid) FROM pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname <> ALL(%s) ORDER BY 1, 2, 3",
        "roles": "SELECT rolname, rolsuper, rolcanlogin, rolcreaterole, rolcreatedb "
        "FROM pg_roles ORDER BY 1",
        "grants": "SELECT grantee, table_schema, table_name, privilege_type "
        "FROM information_schema.role_table_grants WHERE table_schema <> ALL(%s) "
        "ORDER BY 1, 2, 3, 4",
    }
    return {
        name: conn.execute(query, [list(SYSTEM)] if "%s" in query else None).fetchall()
        for name, query in queries.items()
    }


def contents(conn: Connection[Any], leave_out: str | None = None) -> dict[str, str]:
    """``schema.table`` -> a digest of all its rows, for every table outside the system
    schemas (and outside ``leave_out``)."""
    tables = conn.execute(
        "SELECT table_schema, table_name FROM information_schema.tables "
        "WHERE table_schema <> ALL(%s) AND table_type = 'BASE TABLE' ORDER BY 1, 2",
        [[*SYSTEM, leave_out or ""]],
    ).fetchall()
    found = {}
    for schema, table in tables:
        query = sql.SQL(
            "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '')"
            " FROM {} AS t"
        ).format(sql.Identifier(schema, table))
        found[f"{schema}.{table}"] = conn.execute(query).fetchall()[0][0]
    return found


def differences(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What changed between two :func:`catalog` or :func:`contents` results."""
    return [
        key for key in sorted(before.keys() | after.keys()) if before.get(key) != after.get(key)
    ]


# -- the trials -----------------------------------------------------------------------------------

Call = Callable[[str], str]

_FILTER_FIELDS = ("country", "pair", "area", "kinds", "statuses", "signed_from", "signed_to")


def _ids_only(repo: PostgresRepository, hostile: str, planted: str) -> str:
    """``ids={hostile, planted}`` keeps exactly the planted record (a hostile id is an id
    that is not stored: it matches nothing, never raises)."""
    try:
        found = [r.id for r in repo.records(where=RecordFilter(ids={hostile, planted}))]
    except Exception as exc:
        return f"crashed ({type(exc).__name__})"
    return SAFE if found == [planted] else f"returned {found[:3]}"


def _contains(repo: PostgresRepository, hostile: str) -> str:
    try:
        return ACCEPTED if hostile in repo else REJECTED
    except Exception as exc:
        return f"crashed ({type(exc).__name__})"


def entries(repo: PostgresRepository, planted: str) -> dict[str, Call]:
    """Every entry point of the repository that takes an id or a filter value."""
    found: dict[str, Call] = {
        "get": lambda h: outcome(lambda: repo.get(h)),
        "version": lambda h: outcome(lambda: repo.version(h)),
        "get_agreement": lambda h: outcome(lambda: repo.get_agreement(h)),
        "get_engagement": lambda h: outcome(lambda: repo.get_engagement(h)),
        "`in` (answers False)": lambda h: _contains(repo, h),
        "remove": lambda h: outcome(lambda: repo.remove(h)),
        "remove(expected_version=1)": lambda h: outcome(lambda: repo.remove(h, expected_version=1)),
        "update(forged record)": lambda h: outcome(
            lambda: repo.update(forged_engagement(h), expected_version=1)
        ),
        "add(forged record)": lambda h: outcome(lambda: repo.add(forged_engagement(h))),
        "records(where=ids)": lambda h: _ids_only(repo, h, planted),
    }
    for name in _FILTER_FIELDS:
        found[f"records(where={name}=)"] = _filter_call(repo, name)
        found[f"agreements({name}=)"] = _keyword_call(repo, repo.agreements, Agreement, name)
        found[f"engagements({name}=)"] = _keyword_call(repo, repo.engagements, Engagement, name)
    return found


def _filter_call(repo: PostgresRepository, name: str) -> Call:
    """Refused by the filter (the library's error), or accepted (a valid value, ``Pk-kz`` for
    a pair, ``con`` for an area) with what a scan of every record gives."""

    def call(hostile: str) -> str:
        found: list[Any] = []
        result = outcome(
            lambda: found.extend(repo.records(where=RecordFilter(**{name: hostile}))),
            MouTrackerError,
        )
        if result != ACCEPTED:
            return result
        scan = [r for r in repo.records() if RecordFilter(**{name: hostile}).matches(r)]
        return SAFE if found == scan else f"returned {len(found)}, a scan {len(scan)}"

    return call


def _keyword_call(
    repo: PostgresRepository, select: Callable[..., list[Any]], cls: type, name: str
) -> Call:
    def call(hostile: str) -> str:
        found: list[Any] = []
        result = outcome(lambda: found.extend(select(**{name: hostile})), MouTrackerError)
        if result != ACCEPTED:
            return result
        keep = RecordFilter(**{name: hostile})
        scan = [r for r in repo.records() if isinstance(r, cls) and keep.matches(r)]
        return SAFE if found == scan else f"returned {len(found)}, a scan {len(scan)}"

    return call


def declare_areas(repo: PostgresRepository, hostile: str) -> str:
    """``declare_area`` with a hostile code: refused, or (a valid code such as ``con``)
    declared and read back with that very code."""
    result = outcome(
        lambda: repo.declare_area(CooperationArea(code=hostile, label=hostile)), MouTrackerError
    )
    if result != ACCEPTED:
        return result
    areas = repo.areas
    return SAFE if hostile in areas and areas[hostile].label == hostile else "not read back"


def cli_entries(url: str) -> dict[str, Callable[[str], list[str]]]:
    repo = ["--repo", url]
    return {
        "cli show": lambda h: [*repo, "show", "--", h],
        "cli list --country": lambda h: [*repo, "list", "--country", h],
        "cli list --area": lambda h: [*repo, "list", "--area", h],
        "cli report pairs --pair": lambda h: [*repo, "report", "pairs", "--pair", h],
        "cli report deadlines --area": lambda h: [*repo, "report", "deadlines", "--area", h],
    }


@attrs.frozen(kw_only=True)
class Hostile:
    calls: int
    unsafe: list[tuple[str, str, str]]
    """(entry, hostile value, outcome) of the calls neither refused nor harmless."""
    entries: int
    texts: int
    checks: int
    """Texts compared after reading them back (each planted text three ways, each area label,
    each updated title and notes)."""
    mismatched: list[str]
    """Texts that did not come back exactly (where)."""
    catalog_changed: list[str]
    rows_changed: list[str]
    """Tables of other schemas, or of the repository after the refused calls, that changed."""

    @property
    def clean(self) -> bool:
        return not (self.unsafe or self.mismatched or self.catalog_changed or self.rows_changed)


def hostile_texts(rng: random.Random, count: int) -> list[str]:
    texts = [*SQL_PAYLOADS, *formula_texts(rng, count), *markup_texts(rng, count)]
    texts = [t if t.strip() else t + "x" for t in texts]
    return texts[: len(texts) - len(texts) % PER_UNIT]


def run_hostile(server: Server, *, texts: int, rng: random.Random, cli_ids: int) -> Hostile:
    """Plant hostile texts, try every hostile value at every entry point, write more texts,
    and compare the database before and after. ``cli_ids``: how many hostile values (a
    sample) also go through each command (a command is slower than a call)."""
    _, bystander = new_schema(server, "bystander")
    with PostgresRepository(bystander) as other, other.batch():
        for record in records():
            other.add(record)
    schema, url = new_schema(server, "hostile")
    with admin(server) as conn:
        shape, others = catalog(conn), contents(conn, leave_out=schema)
    repo = PostgresRepository(url)
    try:
        written = hostile_texts(rng, texts)
        labels = [*SQL_PAYLOADS[:AREAS]]
        planted = plant(repo, written, labels)
        with admin(server) as conn:
            mine = contents(conn)
        unsafe: list[tuple[str, str, str]] = []
        calls = entries(repo, "a00000")
        for name, call in calls.items():
            for hostile in HOSTILE:
                result = call(hostile)
                if result not in (REJECTED, SAFE):
                    unsafe.append((name, hostile, result))
        runner = CliRunner(env={"MOU_TRACKER_REPO": None})
        sample = rng.sample([h for h in HOSTILE if "\x00" not in h], cli_ids)
        commands = cli_entries(url)
        for name, arguments in commands.items():
            for hostile in sample:
                result = runner.invoke(cli, arguments(hostile))
                ran = result.exit_code == 0 and result.exception is None  # a valid value
                if not (ran or clean_error(result)):
                    unsafe.append((name, hostile, f"exit {result.exit_code}: {result.output!r}"))
        with admin(server) as conn:
            after_refusals = contents(conn)
        changed = [f"{k} (after refused calls)" for k in differences(mine, after_refusals)]
        for hostile in HOSTILE:  # after the comparison: a valid code is declared
            result = declare_areas(repo, hostile)
            if result not in (REJECTED, SAFE):
                unsafe.append(("declare_area", hostile, result))
        mismatched = _round_trip(repo, planted.cells, planted.labels)
        updated = _updates(repo, rng.sample(written, len(written)))
        mismatched += updated[0]
        with admin(server) as conn:
            changed += differences(others, contents(conn, leave_out=schema))
            shape_changed = differences(shape, catalog(conn))
    finally:
        repo.close()
    return Hostile(
        calls=(len(calls) + 1) * len(HOSTILE) + len(commands) * len(sample),
        unsafe=unsafe,
        entries=len(calls) + 1 + len(commands),
        texts=len(written) + AREAS,
        checks=3 * len(planted.cells) + AREAS + 2 * updated[1],
        mismatched=mismatched,
        catalog_changed=shape_changed,
        rows_changed=changed,
    )


def _round_trip(
    repo: PostgresRepository, cells: dict[tuple[str, str, str], str], labels: tuple[str, ...]
) -> list[str]:
    """Each planted text as ``get``, ``records`` and ``agreements`` read it back."""
    wrong = []
    listed = {r.id: r for r in repo.records()}
    agreements = {a.id: a for a in repo.agreements()}
    for (table, record_id, column), text in cells.items():
        for how, record in (
            ("get", repo.get(record_id)),
            ("records", listed[record_id]),
            ("agreements", agreements.get(record_id, listed[record_id])),
        ):
            value = (
                record.commitments[0].text if table == "commitments" else getattr(record, column)
            )
            if value != text:
                wrong.append(f"{how} {record_id}.{column}: {value!r} != {text!r}")
    areas = repo.areas
    for number, label in enumerate(labels):
        if areas[f"hostile_{number}"].label != label:
            wrong.append(f"area hostile_{number}: {areas[f'hostile_{number}'].label!r}")
    return wrong


def _updates(repo: PostgresRepository, texts: list[str]) -> tuple[list[str], int]:
    """Update each planted record with another text (title and notes), read it back: what
    came back wrong, and how many records were updated."""
    wrong = []
    updated = list(zip(list(repo.records()), texts, strict=False))
    for record, text in updated:
        assert isinstance(record, Agreement | Engagement)
        changed = attrs.evolve(record, title=text, notes=text[::-1])
        repo.update(changed, expected_version=repo.version(record.id))
        again = repo.get(record.id)
        if (again.title, again.notes) != (text, text[::-1]):
            wrong.append(f"update {record.id}: {again.title!r} != {text!r}")
    return wrong, len(updated)


# -- the negative control -------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Unsafe:
    leaked: int
    """Lookups that returned rows other than the one asked for."""
    catalog_changed: list[str]
    rows_changed: list[str]

    @property
    def caught(self) -> bool:
        return bool(self.leaked or self.catalog_changed or self.rows_changed)


def unsafe_lookups(server: Server) -> Unsafe:
    """The planted bug: look each payload up with ``f"... WHERE id = '{payload}'"`` (what the
    library never does), in a schema of its own; the harness's comparisons must see it."""
    schema, url = new_schema(server, "unsafe")
    with PostgresRepository(url) as repo, repo.batch():
        for record in records():
            repo.add(record)
    with admin(server) as conn:
        shape, rows = catalog(conn), contents(conn)
    leaked = 0
    try:
        with admin(server, url) as conn:
            for payload in SQL_PAYLOADS:
                leaked += _unsafe_lookup(conn, payload)
        with admin(server) as conn:
            return Unsafe(
                leaked=leaked,
                catalog_changed=differences(shape, catalog(conn)),
                rows_changed=differences(rows, contents(conn)),
            )
    finally:
        with admin(server) as conn:
            conn.execute("DROP ROLE IF EXISTS mou_pwned")
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


def _unsafe_lookup(conn: Connection[Any], payload: str) -> int:
    query = f"SELECT id FROM mou_records WHERE id = '{payload}'"  # noqa: S608 - the planted bug
    try:
        rows = conn.execute(query.encode()).fetchall()  # type: ignore[call-overload]
    except Exception:  # a syntax error: harmless here, the point is the payloads that run
        return 0
    return int(any(row[0] != payload for row in rows))
