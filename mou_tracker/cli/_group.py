"""What the top of the command line needs before any command runs: its names, the group class
that maps errors to one line, the ``--repo`` type, and :class:`LazyGroup`, which imports a
sub-command's module only when that command is used.

This module imports nothing of the library but its errors, so ``mou-tracker --help`` (and every
command, before its own module is imported) starts as fast as click does. The commands' shared
helpers live in :mod:`mou_tracker.cli._app`.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from gettext import gettext as _
from pathlib import Path
from typing import IO, Any

import click

from mou_tracker.errors import MouTrackerError

__all__ = [
    "CONTEXT_SETTINGS",
    "DEFAULT_REPO",
    "PROG",
    "REPO_ENV",
    "CliError",
    "CliGroup",
    "LazyCommand",
    "LazyGroup",
    "RepoType",
    "help_without_command",
]

PROG = "mou-tracker"
DEFAULT_REPO = "mou-tracker.json"
REPO_ENV = "MOU_TRACKER_REPO"
CONTEXT_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class CliError(click.ClickException):
    """An error shown as one line, ``mou-tracker: error: <message>``, with exit status 1."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"{PROG}: error: {self.format_message()}", file=file, err=file is None)


def _as_cli_error(exc: click.ClickException) -> CliError:
    """Turn click's own errors (usage errors print a usage block) into one clean line."""
    if isinstance(exc, CliError):
        return exc
    message = exc.format_message()
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click.UsageError) and ctx is not None:
        message = f"{message.rstrip('.')}; see '{ctx.command_path} --help'"
    return CliError(message)


class CliGroup(click.Group):
    """A click group that maps every expected error to :class:`CliError`, in one place.

    Errors while parsing the group's own options surface in :meth:`make_context`; everything
    below the group (sub-command parsing and the commands themselves) runs inside :meth:`invoke`.
    Called without a sub-command, the group prints its help on standard output and exits 0.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("invoke_without_command", True)
        super().__init__(*args, **kwargs)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.ClickException as exc:
            raise _as_cli_error(exc) from exc

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MouTrackerError as exc:
            raise CliError(str(exc)) from exc
        except click.ClickException as exc:
            raise _as_cli_error(exc) from exc


class LazyCommand:
    """Where a sub-command is defined (``module``, and its ``attribute`` there) and its
    ``summary``: the short help the group lists, exactly as click would shorten the command's
    own help (a test holds each summary to its command)."""

    def __init__(self, module: str, attribute: str, summary: str) -> None:
        self.module, self.attribute, self.summary = module, attribute, summary

    def load(self) -> click.Command:
        command = getattr(importlib.import_module(self.module), self.attribute)
        if not isinstance(command, click.Command):  # pragma: no cover - a wrong table entry
            raise TypeError(f"{self.module}.{self.attribute} is not a click command")
        return command


class LazyGroup(CliGroup):
    """A :class:`CliGroup` whose sub-commands (``lazy``: name -> :class:`LazyCommand`) are
    imported when first used, click's "lazily loading subcommands" pattern. Its help lists
    each one by its summary without importing it; ``mou-tracker CMD ...`` imports only CMD's
    module."""

    def __init__(self, *args: Any, lazy: Mapping[str, LazyCommand], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            self.add_command(self.lazy[cmd_name].load(), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands section, as click writes it, from the summaries of those not
        imported yet (a stand-in command carrying the summary shortens it as click does)."""
        rows: list[tuple[str, click.Command]] = []
        for name in self.list_commands(ctx):
            command = self.commands.get(name)
            if command is None and name in self.lazy:
                command = click.Command(name, help=self.lazy[name].summary)
            if command is not None and not command.hidden:
                rows.append((name, command))
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section(_("Commands")):  # as click words it
                formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in rows])


def help_without_command(ctx: click.Context) -> None:
    """In a group's callback: print the help and exit 0 when no sub-command was given."""
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())
        ctx.exit(0)


class RepoType(click.ParamType[Path | str]):
    """A repository: a ``postgresql://`` URL (kept as text), else a file path."""

    name = "PATH|URL"
    _path = click.Path(path_type=Path, dir_okay=False)

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Path | str:
        from mou_tracker.storage.opening import is_postgres_url  # the storage, once a command runs

        if is_postgres_url(value):
            return str(value)
        return self._path.convert(value, param, ctx)
