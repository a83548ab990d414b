"""``mou-tracker dashboard``: the one-file HTML brief (:mod:`mou_tracker.dashboard`)."""

from __future__ import annotations

from pathlib import Path

import click
import pendulum

from mou_tracker.cli._app import open_repository
from mou_tracker.cli._options import as_of_option, day, file_option, filter_options
from mou_tracker.domain.filters import Filters

__all__ = ["dashboard_command"]


@click.command("dashboard")
@filter_options
@click.option(
    "--within",
    metavar="DAYS",
    type=click.IntRange(min=0),
    default=90,
    show_default=True,
    help="List the open commitments falling due within this many days as upcoming.",
)
@as_of_option("The day the brief describes.")
@file_option("The .html file to write (replaced atomically if it exists).")
@click.pass_context
def dashboard_command(
    ctx: click.Context,
    filters: Filters,
    within: int,
    as_of: pendulum.Date | None,
    output: Path,
) -> None:
    """Write a one-file HTML brief: tables, deadlines, charts and sources.

    Status by country pair and by area, the overdue and upcoming deadlines with their slips,
    the charts (inline SVG, each with its data as a table; with the charts extra installed)
    and the sources as links, in one HTML file that loads nothing from any network, prints
    well and reads on a phone. Every text is escaped and a Content-Security-Policy lets only
    the page's own script and styles run.

    \b
    Example:
      $ mou-tracker dashboard --pair PK-KZ --as-of 2025-12-15 -o brief.html
    """
    from mou_tracker.dashboard import write_dashboard  # the page's code loads only when asked

    path = write_dashboard(open_repository(ctx), output, as_of=day(as_of), within=within, **filters)
    click.echo(f"Wrote the dashboard to {path}")
