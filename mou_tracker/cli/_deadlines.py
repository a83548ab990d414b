"""``mou-tracker report deadlines | summary | cadence``: what falls due, and when."""

from __future__ import annotations

import click
import pendulum

from mou_tracker import reports
from mou_tracker.cli._app import echo_report, open_repository
from mou_tracker.cli._options import day, filter_options, output_options

__all__ = ["cadence_command", "deadlines_command", "summary_command"]


@click.command("deadlines")
@filter_options
@click.option(
    "--within",
    metavar="DAYS",
    type=click.IntRange(min=0),
    default=30,
    show_default=True,
    help="Also list open commitments falling due within this many days.",
)
@output_options
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

    Open commitments whose deadline has passed, or falls within --within days, as of a day,
    with the date first set and how many times it slipped. A deadline tied to an engagement
    follows the engagement's date; while that date is not set it is always listed, as
    "date not set". A recurring commitment is listed by its next due date (late or lapsed
    once past it).

    A deadline known only to the month ("2025-11") falls due at the end of that month.

    \b
    Example:
      $ mou-tracker report deadlines --as-of 2025-11-15 --within 60
    """
    repo = open_repository(ctx)
    report = reports.deadlines(
        repo, as_of=day(as_of), within=within, country=country, pair=pair, area=area
    )
    echo_report(report, fmt)


@click.command("summary")
@filter_options
@click.option(
    "--window",
    "windows",
    metavar="DAYS",
    type=click.IntRange(min=0),
    multiple=True,
    help="A due-soon window in days (repeatable).  [default: 7, 30, 90]",
)
@output_options
@click.pass_context
def summary_command(
    ctx: click.Context,
    country: str | None,
    pair: str | None,
    area: str | None,
    windows: tuple[int, ...],
    fmt: str,
    as_of: pendulum.Date | None,
) -> None:
    """Deadlines due soon, counted by country pair.

    For each country pair: open commitments overdue, due within each window (cumulative:
    "Due within 30 days" includes those due within 7), and waiting for a date.

    \b
    Examples:
      $ mou-tracker report summary --as-of 2025-11-01
      $ mou-tracker report summary --window 14 --window 60 --format csv
    """
    repo = open_repository(ctx)
    report = reports.deadline_summary(
        repo,
        as_of=day(as_of),
        country=country,
        pair=pair,
        area=area,
        windows=windows or reports.DEFAULT_WINDOWS,
    )
    echo_report(report, fmt)


@click.command("cadence")
@filter_options
@output_options
@click.pass_context
def cadence_command(
    ctx: click.Context,
    country: str | None,
    pair: str | None,
    area: str | None,
    fmt: str,
    as_of: pendulum.Date | None,
) -> None:
    """How recurring commitments are kept.

    For each open recurring commitment ("consultations every 12 months"): meetings held on
    time and late, intervals missed, the last one held, the next due date, and whether it is
    on track, late or lapsed, as of a day.

    \b
    Example:
      $ mou-tracker report cadence --pair PK-KZ --as-of 2026-10-15
    """
    repo = open_repository(ctx)
    report = reports.cadence(repo, as_of=day(as_of), country=country, pair=pair, area=area)
    echo_report(report, fmt)
