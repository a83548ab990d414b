"""What starting the command line imports: each command loads only what it uses (issue 14).

No timing here (speed targets live in benchmarks/): these tests pin *which* modules a fresh
process holds after ``import mou_tracker``, ``mou-tracker --help`` and ``mou-tracker report
pairs``, so a change that brings a heavy module back into every command fails a test.

Why each module must stay out of these commands:

- ``mou_tracker.importers``: only ``mou-tracker import`` reads CSV or TOML sources;
- ``mou_tracker.export`` and ``icalendar`` (which brings the email package): only ``export``;
- ``mou_tracker.charts``, ``matplotlib``: only ``chart`` and ``dashboard`` draw;
- ``mou_tracker.dashboard``: only ``dashboard`` writes the page;
- ``mou_tracker.storage.postgres``, ``psycopg``: only a ``postgresql://`` repository;
- ``playwright``: only the browser tests use it;
- ``pycountry``: importing it reads its distribution's metadata; country names come from its
  ISO 3166-1 table, read from its file (``mou_tracker.domain.country_names``);
- ``hashlib`` (it loads OpenSSL): nothing a report does needs a digest; a temporary file's
  random name comes from ``os.urandom``;
- the other commands' modules (``mou_tracker.cli._chart`` ...): a command imports only its own.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from mou_tracker.cli import _COMMANDS
from mou_tracker.cli._group import CONTEXT_SETTINGS, LazyGroup

NEVER = (
    "mou_tracker.importers",
    "mou_tracker.export",
    "icalendar",
    "mou_tracker.charts",
    "matplotlib",
    "mou_tracker.dashboard",
    "mou_tracker.storage.postgres",
    "psycopg",
    "playwright",
    "pycountry",
    "hashlib",
)
"""Modules neither ``import mou_tracker`` nor ``mou-tracker report pairs`` may import."""

OTHER_COMMANDS = (
    "mou_tracker.cli._chart",
    "mou_tracker.cli._copy",
    "mou_tracker.cli._dashboard",
    "mou_tracker.cli._export",
    "mou_tracker.cli._import",
    "mou_tracker.cli._records",
)
"""The modules of the commands other than ``report``."""

LIBRARY = ("mou_tracker.domain", "mou_tracker.storage", "mou_tracker.reports", "cattrs")
"""What ``import mou_tracker`` and ``mou-tracker --help`` need not import at all."""


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import docs_commands

    return docs_commands.build_seed(tmp_path_factory.mktemp("seed"))


def imported_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``code``."""
    probe = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def imported_after_command(*args: str) -> set[str]:
    """The modules a fresh process holds after running ``mou-tracker ARGS``."""
    return imported_after(
        "from mou_tracker.cli import main\n"
        "try:\n"
        f"    main({list(args)!r})\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
    )


def among(modules: set[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in packages))


def test_importing_the_package_imports_none_of_the_library_until_a_name_is_used() -> None:
    modules = imported_after("import mou_tracker")
    assert among(modules, NEVER + LIBRARY) == []


def test_using_a_name_of_the_package_imports_what_it_needs_and_no_more() -> None:
    modules = imported_after("import mou_tracker\nmou_tracker.CountryPair('PK', 'KZ')")
    assert "mou_tracker.domain.countries" in modules
    assert among(modules, NEVER) == []


def test_the_help_of_the_command_line_imports_no_command() -> None:
    modules = imported_after_command("--help")
    assert among(modules, NEVER + LIBRARY + OTHER_COMMANDS + ("mou_tracker.cli._report",)) == []


def test_the_help_of_a_report_imports_only_the_report_commands(seed: Path) -> None:
    modules = imported_after_command("--repo", str(seed), "report", "pairs", "--help")
    assert "mou_tracker.cli._report" in modules
    assert among(modules, NEVER + OTHER_COMMANDS) == []


def test_a_report_on_the_seed_store_imports_only_what_it_uses(seed: Path) -> None:
    modules = imported_after_command("--repo", str(seed), "report", "pairs")
    assert {"mou_tracker.cli._report", "mou_tracker.storage.jsonfile"} <= modules
    assert among(modules, NEVER + OTHER_COMMANDS) == []


@pytest.mark.parametrize("name", sorted(_COMMANDS))
def test_the_help_lists_each_command_by_the_summary_of_its_own_help(name: str) -> None:
    command = _COMMANDS[name].load()
    stand_in = click.Command(name, help=_COMMANDS[name].summary)
    assert not command.hidden
    assert not command.deprecated
    assert command.name == name
    for limit in (10, 30, 45, 60, 80, 1000):
        assert stand_in.get_short_help_str(limit) == command.get_short_help_str(limit)


def test_the_help_lists_a_command_the_same_before_and_after_it_is_imported() -> None:
    group = LazyGroup("g", lazy={"report": _COMMANDS["report"]}, context_settings=CONTEXT_SETTINGS)
    before = CliRunner().invoke(group, ["--help"]).output
    assert group.get_command(click.Context(group), "report") is not None
    assert "report" in group.commands
    assert CliRunner().invoke(group, ["--help"]).output == before
    assert "Print a report (status, by-year" in before
