"""``mou-tracker report ...``: the library's reports, rendered in any format."""

from __future__ import annotations

import click
import pendulum

from mou_tracker import reports
from mou_tracker.cli._app import (
    CONTEXT_SETTINGS,
    CliGroup,
    echo_report,
    help_without_command,
    open_repository,
)
from mou_tracker.cli._deadlines import cadence_command, deadlines_command, summary_command
from mou_tracker.cli._options import day as _day
from mou_tracker.cli._options import filter_options as _filter_options
from mou_tracker.cli._options import output_options as _output_options

__all__ = ["report_group"]


@click.group("report", cls=CliGroup, context_settings=CONTEXT_SETTINGS)
@click.pass_context
def report_group(ctx: click.Context) -> None:
    """Print a report (status, matrix, deadlines, summary, cadence, timeline).

    Every report takes --format (any tabulate format, csv, json) and --as-of (default: today).

    \b
    Examples:
      $ mou-tracker report pairs --as-of 2025-12-01
      $ mou-tracker report deadlines --within 60 --format github
      $ mou-tracker report summary --window 7 --window 30
      $ mou-tracker report cadence --pair PK-KZ
      $ mou-tracker report timeline --pair PK-KZ --format csv
    """
    help_without_command(ctx)


@report_group.command("pairs")
@_filter_options
@_output_options
@click.pass_context
def pairs_command(
    ctx: click.Context,
    country: str | None,
    pair: str | None,
    area: str | None,
    fmt: str,
    as_of: pendulum.Date | None,
) -> None:
    """Status by country pair.

    Agreements by status, open and overdue commitments and the next deadline, for each
    country pair, as of a day.

    \b
    Example:
      $ mou-tracker report pairs --country PK --as-of 2025-12-01
    """
    repo = open_repository(ctx)
    report = reports.status_by_pair(repo, as_of=_day(as_of), country=country, pair=pair, area=area)
    echo_report(report, fmt)


@report_group.command("areas")
@_filter_options
@_output_options
@click.pass_context
def areas_command(
    ctx: click.Context,
    country: str | None,
    pair: str | None,
    area: str | None,
    fmt: str,
    as_of: pendulum.Date | None,
) -> None:
    """Status by cooperation area.

    Agreements by status, pairs, open and overdue commitments and the next deadline, for
    each cooperation area, as of a day.

    \b
    Example:
      $ mou-tracker report areas --pair PK-KZ --format github
    """
    repo = open_repository(ctx)
    report = reports.status_by_area(repo, as_of=_day(as_of), country=country, pair=pair, area=area)
    echo_report(report, fmt)


@report_group.command("matrix")
@_filter_options
@_output_options
@click.pass_context
def matrix_command(
    ctx: click.Context,
    country: str | None,
    pair: str | None,
    area: str | None,
    fmt: str,
    as_of: pendulum.Date | None,
) -> None:
    """Cooperation areas by country pair.

    A matrix of country pairs (rows) by cooperation areas (columns): each cell counts the
    agreements and engagements covering the area, as of a day.

    \b
    Example:
      $ mou-tracker report matrix --country KZ --format csv
    """
    repo = open_repository(ctx)
    report = reports.pair_area_matrix(
        repo, as_of=_day(as_of), country=country, pair=pair, area=area
    )
    echo_report(report, fmt)


@report_group.command("timeline")
@click.option("--pair", metavar="PAIR", required=True, help="The country pair (PK-KZ).")
@_output_options
@click.pass_context
def timeline_command(ctx: click.Context, pair: str, fmt: str, as_of: pendulum.Date | None) -> None:
    """The dated story of one country pair.

    Engagements and their date changes, agreement status changes, progress, moves of
    deadlines and due dates between two countries, in date order; what has no date yet comes
    last, as "date not set".

    \b
    Example:
      $ mou-tracker report timeline --pair Pakistan/Kazakhstan --format html
    """
    repo = open_repository(ctx)
    echo_report(reports.timeline(repo, pair=pair, as_of=_day(as_of)), fmt)


for _command in (deadlines_command, summary_command, cadence_command):
    report_group.add_command(_command)
