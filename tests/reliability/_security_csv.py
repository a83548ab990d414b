"""CSV injection: texts that start like formulas, through every CSV the library writes.

Paths: each report's and table's ``to_csv()`` in process; the command line's
``export table NAME --format csv``, ``list --format csv`` and ``report ... --format csv`` on a
JSON repository; and ``import --report-csv`` (rejected cells written back out). Every cell read
back with the :mod:`csv` module is checked: none may start with a trigger, and every planted
text must come back exactly through :func:`~mou_tracker.reports.unneutralise_formula`.
"""

from __future__ import annotations

import contextlib
import csv
import io
import random
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs
from click.testing import CliRunner

import mou_tracker.reports.escaping as escaping_module
import mou_tracker.reports.report as report_module
from mou_tracker import InMemoryRepository, JsonRepository, Repository
from mou_tracker import reports as library_reports
from mou_tracker.cli import cli
from mou_tracker.export.tables import TABLES
from mou_tracker.reports import Report, unneutralise_formula
from reliability._security_data import (
    AREAS,
    FORMULA_TRIGGERS,
    PER_UNIT,
    Planted,
    formula_texts,
    plant,
)
from reliability._security_world import AS_OF

__all__ = [
    "CsvCheck",
    "check_csv",
    "every_report",
    "no_neutralisation",
    "quote_not_escaped",
]

_KEYS = {"agreements": "id", "engagements": "id", "commitments": "record"}
"""The column naming the record in each table."""
_REPORT_COMMANDS = (
    ("report", "pairs"),
    ("report", "areas"),
    ("report", "matrix"),
    ("report", "deadlines"),
    ("report", "summary"),
    ("report", "timeline", "--pair", "PK-KZ"),
)


@attrs.frozen
class CsvCheck:
    """Cells read back, how many start with a trigger, and planted texts recovered."""

    cells: int
    triggered: int
    planted: int
    recovered: int


def every_report(repo: Repository) -> list[Report]:
    """Every report and table of the library, as of :data:`AS_OF`."""
    found = [TABLES[name](repo, as_of=AS_OF) for name in sorted(TABLES)]
    found += [
        library_reports.status_by_pair(repo, as_of=AS_OF),
        library_reports.status_by_area(repo, as_of=AS_OF),
        library_reports.pair_area_matrix(repo, as_of=AS_OF),
        library_reports.deadlines(repo, as_of=AS_OF, within=365),
        library_reports.deadline_summary(repo, as_of=AS_OF),
        library_reports.cadence(repo, as_of=AS_OF),
        library_reports.timeline(repo, pair="PK-KZ", as_of=AS_OF),
    ]
    return found


_NUMBER = re.compile(r"-?[0-9]+")


def _triggers(cell: str) -> bool:
    """Whether a spreadsheet could run ``cell``: it starts with a trigger and is not one of the
    library's own integers (``-3`` days left), which a spreadsheet reads as the number it is;
    a text ``-3`` would have been written ``'-3``."""
    return cell.startswith(FORMULA_TRIGGERS) and not _NUMBER.fullmatch(cell)


def _read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@attrs.define
class _Tally:
    planted: Planted
    cells: int = 0
    triggered: int = 0
    recovered: int = 0
    expected: int = 0

    def table(self, rows: list[list[str]], name: str | None) -> None:
        """Count one CSV's cells; with a table ``name``, match the planted texts too."""
        for row in rows:
            self.cells += len(row)
            self.triggered += sum(_triggers(cell) for cell in row)
        if name is None or not rows:
            return
        header, body = rows[0], rows[1:]
        key = header.index(_KEYS[name])
        for row in body:
            for column, cell in zip(header, row, strict=True):
                original = self.planted.cells.get((name, row[key], column))
                if original is not None:
                    self.expected += 1
                    self.recovered += unneutralise_formula(cell) == original

    def result(self) -> CsvCheck:
        return CsvCheck(self.cells, self.triggered, self.expected, self.recovered)


def check_csv(directory: Path, count: int, *, seed: int, with_cli: bool = True) -> CsvCheck:
    """Plant ``count`` formula-like texts (and hostile area labels) and read back every CSV."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    texts = formula_texts(rng, count - count % PER_UNIT)
    labels = formula_texts(rng, AREAS)
    repo = InMemoryRepository()
    tally = _Tally(plant(repo, texts, labels))
    for report in every_report(repo):
        name = report.title.lower() if report.title.lower() in TABLES else None
        tally.table(_read(report.to_csv()), name)
    if with_cli:
        _cli_csv(directory, texts, labels, tally)
        _import_csv(directory, rng, tally)
    return tally.result()


def _cli_csv(directory: Path, texts: Sequence[str], labels: Sequence[str], tally: _Tally) -> None:
    store = directory / "csv-store.json"
    plant(JsonRepository(store), texts, labels)
    runner = CliRunner(env={"MOU_TRACKER_REPO": None})
    base = ["--repo", str(store)]
    for name in sorted(TABLES):
        output = directory / f"{name}.csv"
        arguments = [*base, "export", "table", name, "--as-of", "2025-10-15", "-o", str(output)]
        _invoke(runner, arguments)
        tally.table(_read(output.read_bytes().decode("utf-8")), name)
    for command in (("list",), *_REPORT_COMMANDS):
        arguments = [*base, *command, "--format", "csv"]
        if command != ("list",):
            arguments += ["--as-of", "2025-10-15"]
        tally.table(_read(_invoke(runner, arguments)), None)


def _invoke(runner: CliRunner, arguments: list[str]) -> str:
    result = runner.invoke(cli, arguments)
    if result.exit_code != 0:
        raise RuntimeError(f"mou-tracker {' '.join(arguments)} failed: {result.output}")
    return result.stdout_bytes.decode("utf-8")  # .stdout turns CRLF (and so CSV) into LF


def _import_csv(directory: Path, rng: random.Random, tally: _Tally) -> None:
    """Rows whose title and signature cells start like formulas; the rejected cells come back
    out in ``--report-csv``, which must be as safe as any export."""
    source, issues = directory / "formulas.csv", directory / "issues.csv"
    mapping = directory / "formulas.toml"
    mapping.write_text(
        'title = "Title"\n[id]\ncolumns = ["Ref"]\n[parties]\ncolumns = ["A", "B"]\n'
        '[dates]\nsignature = { column = "Signed" }\n',
        "utf-8",
    )
    cells = formula_texts(rng, 100)
    with source.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["Ref", "Title", "A", "B", "Signed"])
        writer.writerows(
            [f"r{n}", cell, "PK", "KZ", cell if n % 2 else "2025-01-01"]
            for n, cell in enumerate(cells)
        )
    store = directory / "import-store.json"
    JsonRepository.create(store)
    arguments = ["--repo", str(store), "import", str(source), "--mapping", str(mapping)]
    _invoke(CliRunner(), [*arguments, "--report-csv", str(issues), "--as-of", "2025-10-15"])
    tally.table(_read(issues.read_bytes().decode("utf-8")), None)


@contextlib.contextmanager
def no_neutralisation() -> Iterator[None]:
    """Planted bug: CSV cells written as they are (a negative control)."""
    saved = report_module.neutralise_formula
    report_module.neutralise_formula = lambda text: text  # type: ignore[assignment]
    try:
        yield
    finally:
        report_module.neutralise_formula = saved  # type: ignore[assignment]


@contextlib.contextmanager
def quote_not_escaped() -> Iterator[None]:
    """Planted bug: a leading ``'`` in the original is not escaped, so removing the
    neutralising quote loses it (a negative control)."""
    saved = escaping_module._FORMULA_TRIGGERS
    escaping_module._FORMULA_TRIGGERS = FORMULA_TRIGGERS
    try:
        yield
    finally:
        escaping_module._FORMULA_TRIGGERS = saved
