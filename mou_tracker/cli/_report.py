"""``mou-tracker report ...``: the library's reports, rendered in any format."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click
import pendulum

from mou_tracker import reports
from mou_tracker.cli._app import (
    CONTEXT_SETTINGS,
    CliGroup,
    DayType,
    echo_report,
    format_option,
    help_without_command,
    open_repository,
    today,
)

__all__ = ["report_group"]

F = TypeVar("F", bound=Callable[..., Any])


def _output_options(function: F) -> F:
    """``--format`` and ``--as-of``, shared by every report."""
    function = click.option(
        "--as-of",
        "as_of",
        type=DayType(),
        default=None,
        help="The day to report on.  [default: today]",
    )(function)
    return format_option(function)


def _filter_options(function: F) -> F:
    """``--country``, ``--pair`` and ``--area``."""
    for option in reversed(
        (
            click.option(
                "--country", metavar="COUNTRY", help="Only records with this party (PK, Pakistan)."
            ),
            click.option(
                "--pair", metavar="PAIR", help="Only records with both countries (PK-KZ)."
            ),
            click.option("--area", metavar="AREA", help="Only this cooperation area code."),
        )
    ):
        function = option(function)
    return function


def _day(as_of: pendulum.Date | None) -> pendulum.Date:
    return today() if as_of is None else as_of


@click.group("report", cls=CliGroup, context_settings=CONTEXT_SETTINGS)
@click.pass_context
def report_group(ctx: click.Context) -> None:
    """Print a report (status, matrix, deadlines, timeline).

    Every report takes --format (any tabulate format, csv, json) and --as-of (default: today).

    \b
    Examples:
      $ mou-tracker report pairs --as-of 2025-12-01
      $ mou-tracker report deadlines --within 60 --format github
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


@report_group.command("deadlines")
@_filter_options
@click.option(
    "--within",
    metavar="DAYS",
    type=click.IntRange(min=0),
    default=30,
    show_default=True,
    help="Also list open commitments falling due within this many days.",
)
@_output_options
@click.pass_context
def deadlines_command(
    ctx: click.Context,
    country: str | None,
    pair: str | None,
    area: str | None,
    within: int,
    fmt: str,
    as_of: pendulum.Date | None,
) -> None:
    """Overdue and upcoming deadlines.

    Open commitments whose deadline has passed, or falls within --within days, as of a day.

    A deadline known only to the month ("2025-11") falls due at the end of that month.

    \b
    Example:
      $ mou-tracker report deadlines --as-of 2025-11-15 --within 60
    """
    repo = open_repository(ctx)
    report = reports.deadlines(
        repo, as_of=_day(as_of), within=within, country=country, pair=pair, area=area
    )
    echo_report(report, fmt)


@report_group.command("timeline")
@click.option("--pair", metavar="PAIR", required=True, help="The country pair (PK-KZ).")
@_output_options
@click.pass_context
def timeline_command(ctx: click.Context, pair: str, fmt: str, as_of: pendulum.Date | None) -> None:
    """The dated story of one country pair.

    Engagements, agreement status changes and deadlines between two countries, in date order.

    \b
    Example:
      $ mou-tracker report timeline --pair Pakistan/Kazakhstan --format html
    """
    repo = open_repository(ctx)
    echo_report(reports.timeline(repo, pair=pair, as_of=_day(as_of)), fmt)
