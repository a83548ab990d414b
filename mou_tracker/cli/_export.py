"""``mou-tracker export ...``: the repository in formats other programs read (calendars)."""

from __future__ import annotations

from pathlib import Path

import click
import pendulum

from mou_tracker.cli._app import (
    CONTEXT_SETTINGS,
    CliGroup,
    choose_format,
    help_without_command,
    open_repository,
)
from mou_tracker.cli._options import as_of_option, day, file_option, filter_options
from mou_tracker.domain.filters import Filters
from mou_tracker.export import export_ics
from mou_tracker.export.tables import TABLES
from mou_tracker.storage.atomic import atomic_write
from mou_tracker.storage.document import Stored, encode
from mou_tracker.storage.repository import Repository

__all__ = ["export_group"]


@click.group("export", cls=CliGroup, context_settings=CONTEXT_SETTINGS)
@click.pass_context
def export_group(ctx: click.Context) -> None:
    """Export the repository for other programs (calendars, spreadsheets, backups).

    \b
    Examples:
      $ mou-tracker export ics --output pk-kz.ics
      $ mou-tracker export table commitments --output commitments.csv
      $ mou-tracker export json --output backup.json
      $ mou-tracker export ics --pair PK-KZ --area trade --output pk-kz-trade.ics
    """
    help_without_command(ctx)


@export_group.command("ics")
@file_option("The .ics file to write (replaced atomically if it exists).")
@as_of_option(
    "The day of the export: due dates as they stood that day, next due dates of recurring "
    "commitments counted from it; it stamps the events."
)
@filter_options
@click.pass_context
def ics_command(
    ctx: click.Context, output: Path, as_of: pendulum.Date | None, filters: Filters
) -> None:
    """Write deadlines and engagements as an iCalendar (.ics) file.

    Every open commitment's deadline (on the last day it may be: "Nov 2025" on 30 November)
    and the next due date of each recurring commitment, plus every engagement with a date
    (spanning its whole month when only the month is known), as all-day events. Deadlines
    whose date is not set yet are left out and counted. Re-importing the file updates the
    events instead of duplicating them.

    \b
    Example:
      $ mou-tracker export ics --country PK --as-of 2025-10-01 --output pakistan.ics
    """
    export = export_ics(open_repository(ctx), as_of=day(as_of), **filters)
    export.write(output)
    noun = "event" if export.events == 1 else "events"
    click.echo(f"Wrote {export.events} {noun} to {output}")
    if export.undated:
        deadlines = "deadline" if export.undated == 1 else "deadlines"
        click.echo(
            f"Left out {export.undated} {deadlines} whose date is not set "
            "(tied to an engagement with no date)."
        )


_OUTPUT = file_option("The file to write (replaced atomically if it exists).")


@export_group.command("table")
@click.argument("name", type=click.Choice(sorted(TABLES)))
@choose_format(["csv", "json"], "csv", "CSV (formula-safe) or JSON.")
@as_of_option("The day statuses and due dates are as of.")
@_OUTPUT
@click.pass_context
def table_command(
    ctx: click.Context, name: str, fmt: str, as_of: pendulum.Date | None, output: Path
) -> None:
    """Write every agreement, engagement or commitment as a CSV or JSON table.

    CSV cells that a spreadsheet would run as a formula (starting with = + - @, a tab...)
    get a leading quote. Statuses and due dates are as of --as-of.

    \b
    Example:
      $ mou-tracker export table agreements --format csv --output agreements.csv
    """
    repo = open_repository(ctx)
    report = TABLES[name](repo, as_of=day(as_of))
    atomic_write(output, report.render(fmt).encode("utf-8"))
    click.echo(f"Wrote {len(report.rows)} {name} to {output}")


@export_group.command("json")
@_OUTPUT
@click.pass_context
def json_command(ctx: click.Context, output: Path) -> None:
    """Write the whole repository as one canonical JSON document (a backup or a copy to share).

    The same format as the repository file, with any journal folded in; it can be opened
    with --repo.

    \b
    Example:
      $ mou-tracker export json --output backup.json
    """
    repo = open_repository(ctx)
    atomic_write(output, encode(repo.areas, _stored(repo)))
    click.echo(f"Wrote {len(repo)} records to {output}")


def _stored(repo: Repository) -> list[Stored]:
    return [Stored(record=r, version=repo.version(r.id)) for r in repo.records()]
