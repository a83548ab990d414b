"""The ``mou-tracker`` command line: a thin shell over the library.

``main`` is the console entry point; ``cli`` is the click group (use it with
``click.testing.CliRunner``). One module per group of commands:

- ``_records``: ``init``, ``list``, ``show``, ``validate``;
- ``_report``: the ``report`` group and every one of its subcommands;
- ``_export`` and ``_import``: ``export ...`` and ``import``; ``_copy``: ``copy``;
- ``_chart``: ``chart ...`` (matplotlib is imported only when a chart is drawn);
- ``_dashboard``: ``dashboard`` (the one-file HTML brief);
- ``_group`` (the group classes, errors, ``--repo``), ``_app`` (opening the repository,
  ``echo_report``) and ``_options`` (options shared by the reports) serve them all; ``_text``
  writes a record as text for ``show``.

Each command's module is imported only when that command runs (``_COMMANDS``), so a
command loads only what it uses and ``mou-tracker --help`` loads none of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from mou_tracker import __version__
from mou_tracker.cli._group import (
    CONTEXT_SETTINGS,
    DEFAULT_REPO,
    PROG,
    REPO_ENV,
    CliError,
    LazyCommand,
    LazyGroup,
    RepoType,
    help_without_command,
)

__all__ = ["CliError", "cli", "main"]

_COMMANDS = {
    "chart": LazyCommand(
        "mou_tracker.cli._chart",
        "chart_group",
        "Draw a chart to an SVG, PNG or PDF file (needs: pip install 'mou-tracker[charts]').",
    ),
    "copy": LazyCommand(
        "mou_tracker.cli._copy",
        "copy_command",
        "Copy a whole repository: every record with its version, and the declared areas.",
    ),
    "dashboard": LazyCommand(
        "mou_tracker.cli._dashboard",
        "dashboard_command",
        "Write a one-file HTML brief: tables, deadlines, charts and sources.",
    ),
    "export": LazyCommand(
        "mou_tracker.cli._export",
        "export_group",
        "Export the repository for other programs (calendars, spreadsheets, backups).",
    ),
    "import": LazyCommand(
        "mou_tracker.cli._import",
        "import_command",
        "Import agreements from a CSV file, saying what was not taken and why.",
    ),
    "init": LazyCommand(
        "mou_tracker.cli._records",
        "init_command",
        "Create an empty repository: a file, or the tables in a PostgreSQL database.",
    ),
    "list": LazyCommand(
        "mou_tracker.cli._records", "list_command", "List agreements and engagements."
    ),
    "report": LazyCommand(
        "mou_tracker.cli._report",
        "report_group",
        "Print a report (status, by-year, pairs, areas, matrix, deadlines, summary, cadence,"
        " timeline).",
    ),
    "show": LazyCommand(
        "mou_tracker.cli._records", "show_command", "Show one agreement or engagement."
    ),
    "validate": LazyCommand(
        "mou_tracker.cli._records", "validate_command", "Check the repository for problems."
    ),
}
"""Every command: where it is defined, and the summary ``mou-tracker --help`` lists it by.
A command's module is imported only when that command runs (or its own help is asked for)."""


@click.group(PROG, cls=LazyGroup, lazy=_COMMANDS, context_settings=CONTEXT_SETTINGS)
@click.option(
    "--repo",
    type=RepoType(),
    default=DEFAULT_REPO,
    envvar=REPO_ENV,
    show_default=True,
    show_envvar=True,
    help="The repository: a JSON file, or a PostgreSQL database as a postgresql:// URL.",
)
@click.version_option(__version__, "--version", prog_name=PROG, message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context, repo: Path | str) -> None:
    """Track what two countries signed, which cooperation areas it covers, who promised what
    by when, and what is late.

    Every command reads the repository given by --repo (or MOU_TRACKER_REPO): a JSON file,
    or a PostgreSQL database given by its URL (see docs/postgres.md).

    \b
    Examples:
      $ mou-tracker init
      $ mou-tracker list --pair PK-KZ
      $ mou-tracker show pk-kz-action-plan-2025
      $ mou-tracker report deadlines --within 60
      $ MOU_TRACKER_REPO=pk-kz.json mou-tracker validate
      $ mou-tracker --repo postgresql://editor@db.example/mou list
    """
    help_without_command(ctx)


def main(args: Sequence[str] | None = None) -> None:
    """Run the command line (``args`` default to ``sys.argv[1:]``) and exit."""
    cli.main(args=args, prog_name=PROG)
