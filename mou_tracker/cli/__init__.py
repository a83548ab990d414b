"""The ``mou-tracker`` command line: a thin shell over the library.

``main`` is the console entry point; ``cli`` is the click group (use it with
``click.testing.CliRunner``). One module per group of commands:

- ``_records``: ``init``, ``list``, ``show``, ``validate``;
- ``_report``: the ``report`` group and every one of its subcommands;
- ``_export`` and ``_import``: ``export ...`` and ``import``; ``_copy``: ``copy``;
- ``_chart``: ``chart ...`` (matplotlib is imported only when a chart is drawn);
- ``_dashboard``: ``dashboard`` (the one-file HTML brief);
- ``_app`` (the group class, errors, ``echo_report``) and ``_options`` (options shared by the
  reports) serve them all; ``_text`` writes a record as text for ``show``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from mou_tracker import __version__
from mou_tracker.cli._app import (
    CONTEXT_SETTINGS,
    DEFAULT_REPO,
    PROG,
    REPO_ENV,
    CliError,
    CliGroup,
    RepoType,
    help_without_command,
)
from mou_tracker.cli._chart import chart_group
from mou_tracker.cli._copy import copy_command
from mou_tracker.cli._dashboard import dashboard_command
from mou_tracker.cli._export import export_group
from mou_tracker.cli._import import import_command
from mou_tracker.cli._records import init_command, list_command, show_command, validate_command
from mou_tracker.cli._report import report_group

__all__ = ["CliError", "cli", "main"]


@click.group(PROG, cls=CliGroup, context_settings=CONTEXT_SETTINGS)
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


for _command in (init_command, list_command, show_command, validate_command, report_group):
    cli.add_command(_command)
cli.add_command(export_group)
cli.add_command(chart_group)
cli.add_command(import_command)
cli.add_command(copy_command)
cli.add_command(dashboard_command)


def main(args: Sequence[str] | None = None) -> None:
    """Run the command line (``args`` default to ``sys.argv[1:]``) and exit."""
    cli.main(args=args, prog_name=PROG)
