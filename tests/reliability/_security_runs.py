"""The security harness's runs: each returns raw results (counts, lists, trials) for
``security.figures`` and ``test_security.py``."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import tempfile
from collections.abc import Sequence
from pathlib import Path

import attrs
import click
from click.testing import CliRunner

from mou_tracker import InMemoryRepository, JsonRepository, ValidationError
from mou_tracker.cli import cli
from mou_tracker.reports import FORMATS, Report
from reliability._harness import Profile, scale
from reliability._security_code import BANNED_CALLS, bandit_selected, banned_names, ruff_codes
from reliability._security_csv import (
    CsvCheck,
    check_csv,
    every_report,
)
from reliability._security_data import AREAS, PER_UNIT, markup_texts, plant
from reliability._security_files import (
    FilePerRecordRepository,
    file_trials,
    import_trials,
    path_trials,
)
from reliability._security_ids import (
    FORGED_ENTRIES,
    Trial,
    clean_error,
    cli_trials,
    library_trials,
    process_trials,
    store,
)
from reliability._security_markup import (
    HtmlCheck,
    check_html,
)
from reliability._security_sandbox import changes, sandbox, watched_outside
from reliability._security_world import HOSTILE_IDS, RELATIVE_IDS, permissive_ids

SEED = 20250909


@attrs.frozen
class IdReport:
    trials: list[Trial]
    """Library, command line and process trials."""
    stored: list[Trial]
    """Hostile ids inside repository files (snapshot and journal)."""
    imported: list[Trial]
    outside: list[str]
    """Files changed outside the store directory (and watched system files) by all of it."""
    store_changed: list[str]
    """Files of the store changed by refused calls or by reading bad files."""


def hostile_ids(profile: Profile, ids: Sequence[str] = HOSTILE_IDS) -> IdReport:
    """Every hostile id through every entry point, in a sandbox watched before and after."""
    processes = ids[: scale(profile, fast=3, full=len(ids))]
    with sandbox() as box:
        (box.store / "forged").mkdir()  # stores fed forged records (their own figure)
        repo = store(box)
        watched, before = watched_outside(), box.snapshot()
        trials = library_trials(box, ids, repo)
        trials += cli_trials(box, ids)
        trials += process_trials(box, processes)
        middle = box.snapshot()
        moved = changes(box, before, middle)
        stored, read_changes = file_trials(box, ids)
        imported = import_trials(box, ids)
        # The bad files and the import's source are written on purpose (``base/``, the CSV).
        written = ("base", "hostile-keys.csv")
        later = changes(box, middle, box.snapshot()).outside
        outside = [*moved.outside, *(p for p in later if p.split(os.sep)[0] not in written)]
        if watched_outside() != watched:
            outside.append("/etc (a watched file changed)")
        forged = str((box.store / "forged").relative_to(box.root))
        kept = [p for p in moved.in_store if not p.startswith(forged)]
        if [r.id for r in JsonRepository(repo.path).records()] != [r.id for r in repo.records()]:
            kept.append("store.json (its records changed)")
        return IdReport(trials, stored, imported, outside, kept + read_changes)


def files_named_after_ids(naive: bool = False) -> list[str]:
    """With id validation off, the files a store changes outside its directory while records
    with traversal-like ids are added, read, exported and removed. ``naive``: the planted
    file-per-record store instead of the JSON repository."""
    with sandbox() as box, permissive_ids():
        repo = (
            FilePerRecordRepository(box.store, box.root)
            if naive
            else JsonRepository(box.store / "store.json")
        )
        return path_trials(box, RELATIVE_IDS, repo)


def permissive_acceptances() -> list[Trial]:
    """Negative control: with a validator that accepts anything, the library trials and the
    stored files accept hostile ids."""
    with sandbox() as box, permissive_ids():
        (box.store / "forged").mkdir()
        trials = library_trials(box, RELATIVE_IDS, store(box))
        trials += file_trials(box, RELATIVE_IDS, with_cli=False)[0]
    return [t for t in trials if not t.safe and t.entry not in FORGED_ENTRIES]


@click.group()
@click.option("--repo", type=click.Path(path_type=Path))
@click.pass_context
def _bare(ctx: click.Context, repo: Path) -> None:
    ctx.obj = repo


@_bare.command("show")
@click.option("--format", "fmt", default="text")
@click.argument("record_id")
@click.pass_obj
def _bare_show(repo: Path, fmt: str, record_id: str) -> None:
    """Planted bug: a command outside the CLI's error handling (a negative control)."""
    click.echo(JsonRepository(repo).get(record_id).title)


def unclean_without_error_handling() -> tuple[int, int]:
    """Negative control: ``show`` without the CLI's error mapping; (unclean, tried)."""
    with sandbox() as box:
        store(box)
        trials = [t for t in cli_trials(box, HOSTILE_IDS, _bare) if t.entry == "cli show"]
    return sum(not t.safe for t in trials), len(trials)


def csv_strings(profile: Profile) -> int:
    """How many formula-like texts :func:`csv_injection` plants."""
    return scale(profile, fast=1_000, full=10_000)


def csv_injection(profile: Profile, *, with_cli: bool = True) -> CsvCheck:
    count = csv_strings(profile)
    with tempfile.TemporaryDirectory(prefix="mou-security-csv-") as directory:
        return check_csv(Path(directory), count, seed=SEED, with_cli=with_cli)


def markup_reports(profile: Profile) -> tuple[dict[str, Report], set[str]]:
    """Every report of a repository full of HTML and Markdown syntax, and the planted texts."""
    rng = random.Random(SEED + 1)  # noqa: S311 - reproducible test data, not secrets
    count = scale(profile, fast=1_000, full=10_000)
    texts = markup_texts(rng, count - count % PER_UNIT)
    labels = markup_texts(rng, AREAS)
    repo = InMemoryRepository()
    plant(repo, texts, labels)
    return {report.title: report for report in every_report(repo)}, {*texts, *labels}


def list_report_html() -> HtmlCheck:
    """``mou-tracker list --format html`` compared with ``--format json`` of the same list."""
    rng = random.Random(SEED + 2)  # noqa: S311 - reproducible test data, not secrets
    texts, labels = markup_texts(rng, 50), markup_texts(rng, AREAS)
    runner = CliRunner(env={"MOU_TRACKER_REPO": None})
    with tempfile.TemporaryDirectory(prefix="mou-security-list-") as directory:
        path = Path(directory) / "store.json"
        plant(JsonRepository(path), texts, labels)
        html = runner.invoke(cli, ["--repo", str(path), "list", "--format", "html"]).stdout
        data = json.loads(
            runner.invoke(cli, ["--repo", str(path), "list", "--format", "json"]).stdout
        )
    report = Report(
        title=data["title"],
        as_of=dt.date.fromisoformat(data["as_of"]),
        headers=data["headers"],
        rows=[[row[h] for h in data["headers"]] for row in data["rows"]],
        notes=data["notes"],
    )
    return check_html({"list": (html, report)}, {*texts, *labels})


def unsafe_formats_refused() -> tuple[int, int]:
    """(refused, tried): ``unsafehtml`` and ``latex_raw`` are not offered by the library or by
    the command line."""
    runner = CliRunner(env={"MOU_TRACKER_REPO": None})
    report = Report(title="T", as_of=dt.date(2025, 10, 15), headers=("a",), rows=[("<b>",)])
    checks = []
    with sandbox() as box:
        repo = ["--repo", str(store(box).path)]  # a real store: only the format can fail
        for fmt in ("unsafehtml", "latex_raw"):
            checks.append(fmt not in FORMATS)
            try:
                report.render(fmt)
            except ValidationError:
                checks.append(True)
            else:
                checks.append(False)
            timeline = ["report", "timeline", "--pair", "PK-KZ"]
            for command in (["list"], ["report", "pairs"], timeline):
                result = runner.invoke(cli, [*repo, *command, "--format", fmt])
                refused = f"Invalid value for '--format': {fmt!r}" in result.stderr
                checks.append(clean_error(result) and refused)
    return sum(checks), len(checks)


@attrs.frozen
class CodeCheck:
    flagged: int
    """Banned calls flagged by ruff with the project's configuration."""
    selected: bool
    names: list[str]
    """Banned names found in the package."""


def banned_code(extra: Sequence[str] = ()) -> CodeCheck:
    flagged = sum(code in ruff_codes(snippet, extra) for code, snippet in BANNED_CALLS)
    return CodeCheck(flagged, bandit_selected(), banned_names())


def planted_names_found() -> list[str]:
    """Negative control: the scan finds a planted ``pickle.loads``."""
    with tempfile.TemporaryDirectory(prefix="mou-security-scan-") as directory:
        (Path(directory) / "planted.py").write_text("import pickle\npickle.loads(b'')\n")
        return banned_names(Path(directory))
