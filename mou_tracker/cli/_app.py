"""What the commands share: the group and its errors (from :mod:`mou_tracker.cli._group`),
option types, opening the repository, printing a report.

Every :class:`~mou_tracker.errors.MouTrackerError` and every click usage error ends as one line on
standard error, ``mou-tracker: error: <message>``, with exit status 1 (see :class:`CliError`).
This is also the only layer allowed to read the clock (:func:`today`).
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click
import pendulum

from mou_tracker.cli._group import (
    CONTEXT_SETTINGS,
    DEFAULT_REPO,
    PROG,
    REPO_ENV,
    CliError,
    CliGroup,
    RepoType,
    help_without_command,
)
from mou_tracker.reports import FORMATS, Report
from mou_tracker.storage import Repository
from mou_tracker.storage import open_repository as open_store
from mou_tracker.storage.opening import show

__all__ = [
    "CONTEXT_SETTINGS",
    "DEFAULT_REPO",
    "PROG",
    "REPO_ENV",
    "CliError",
    "CliGroup",
    "DayType",
    "RepoType",
    "choose_format",
    "echo_report",
    "existing_repository_path",
    "format_option",
    "help_without_command",
    "open_repository",
    "repository_path",
    "shown_location",
    "terminal_width",
    "today",
    "wide_option",
]


def choose_format(choices: Sequence[str], default: str, help: str) -> Callable[[Any], Any]:
    """``--format``, one of ``choices`` (a reusable decorator)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        metavar="FORMAT" if len(choices) > 4 else None,
        help=help,
    )


format_option = choose_format(
    FORMATS, "simple", "csv, json, or a table format: simple, plain, github, grid, html, latex, ..."
)
"""``--format``: any name in :data:`mou_tracker.reports.FORMATS` (a reusable decorator)."""

wide_option = click.option(
    "--wide",
    is_flag=True,
    help="On a terminal, print every column in full instead of fitting its width "
    "(output to a file or a pipe is always in full).",
)
"""``--wide``: do not fit a text table to the terminal (a reusable decorator)."""

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class DayType(click.ParamType[pendulum.Date]):
    """A calendar day written ``YYYY-MM-DD``, converted to a :class:`pendulum.Date`."""

    name = "YYYY-MM-DD"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> pendulum.Date:
        if isinstance(value, pendulum.Date):
            return value
        match = _DAY.match(str(value).strip())
        if match is None:
            self.fail(f"expected a day as YYYY-MM-DD, got {value!r}", param, ctx)
        year, month, day = (int(part) for part in match.groups())
        try:
            return pendulum.Date(year, month, day)
        except ValueError as exc:
            self.fail(f"{value!r} is not a calendar day ({exc})", param, ctx)


def today() -> pendulum.Date:
    """The local calendar day. Only the command line reads the clock; it passes ``as_of`` down."""
    return pendulum.today().date()


def repository_path(ctx: click.Context) -> Path | str:
    """The repository chosen with ``--repo`` (or ``MOU_TRACKER_REPO``): a file path, or a
    ``postgresql://`` URL."""
    location: Path | str = ctx.find_root().params["repo"]
    return location


def shown_location(location: Path | str) -> str:
    """The repository's location as it may be printed (a URL without its password)."""
    return show(location)


def existing_repository_path(ctx: click.Context) -> Path | str:
    """The repository, which must exist: only ``init`` creates one (a database is checked
    when it is opened)."""
    location = repository_path(ctx)
    if isinstance(location, Path) and not location.exists():
        raise CliError(f"no repository at {location}; create one with '{PROG} init'")
    return location


def open_repository(ctx: click.Context, *, writable: bool = False) -> Repository:
    """Open the existing repository, a file or a database (a missing file is an error, never
    created here); it is closed when the command ends.

    Read-only unless ``writable``: the commands that only read (``list``, ``show``,
    ``report``, ``export``) work on a store the user may not write, and change nothing there
    (on PostgreSQL, in a read-only session).
    """
    repo = open_store(existing_repository_path(ctx), read_only=not writable)
    ctx.call_on_close(repo.close)
    return repo


def terminal_width() -> int | None:
    """The terminal's width (``COLUMNS`` when set) if standard output is a terminal, else None:
    output to a file or a pipe is never fitted."""
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


def echo_report(report: Report, fmt: str, *, wide: bool = False) -> None:
    """Print a report in ``fmt`` (any name in :data:`~mou_tracker.reports.FORMATS`); on a
    terminal, text tables fit its width unless ``wide``."""
    width = None if wide else terminal_width()
    click.echo(report.render(fmt, width=width).rstrip("\n"))
