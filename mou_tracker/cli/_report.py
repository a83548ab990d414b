"""``mou-tracker report ...``: every report subcommand, in the order the group's help lists them.

Each one opens the repository, calls one function of :mod:`mou_tracker.reports` and prints the
:class:`~mou_tracker.reports.Report` with :func:`~mou_tracker.cli._app.echo_report` (fitted to
the terminal unless ``--wide``).
"""

from __future__ import annotations

from collections.abc import Callable

import click

from mou_tracker import reports
from mou_tracker.cli._app import (
    CONTEXT_SETTINGS,
    CliGroup,
    help_without_command,
    open_repository,
)
from mou_tracker.cli._options import Output, filter_options, output_options
from mou_tracker.domain.filters import Filters
from mou_tracker.reports import Report

__all__ = ["report_group"]


@click.group("report", cls=CliGroup, context_settings=CONTEXT_SETTINGS)
@click.pass_context
def report_group(ctx: click.Context) -> None:
    """Print a report (status, by-year, pairs, areas, matrix, deadlines, summary, cadence,
    timeline).

    Every report takes --format (any tabulate format, csv, json) and --as-of (default: today).
    On a terminal, text tables fit its width; --wide prints them in full (as to a file or a pipe).

    \b
    Examples:
      $ mou-tracker report status --as-of 2025-12-01
      $ mou-tracker report pairs --as-of 2025-12-01
      $ mou-tracker report deadlines --within 60 --format github
      $ mou-tracker report summary --window 7 --window 30
      $ mou-tracker report cadence --pair PK-KZ
      $ mou-tracker report timeline --pair PK-KZ --format csv
    """
    help_without_command(ctx)


def _filtered_report(name: str, build: str, doc: str) -> click.Command:
    """A report subcommand taking the filters and the output options, printing the report
    function named ``build`` (imported when the command runs: each report its own module)."""

    @report_group.command(name, help=doc)
    @filter_options
    @output_options
    @click.pass_context
    def command(ctx: click.Context, filters: Filters, output: Output) -> None:
        function: Callable[..., Report] = getattr(reports, build)
        output.echo(function(open_repository(ctx), as_of=output.day, **filters))

    return command


status_command = _filtered_report(
    "status",
    "status_summary",
    """Agreements by kind and status, store-wide.

    How many agreements of each kind stand at each status, and how many engagements of each
    kind were held, as of a day. Each record counts once.

    \b
    Example:
      $ mou-tracker report status --country PK --as-of 2025-12-01
    """,
)


by_year_command = _filtered_report(
    "by-year",
    "agreements_by_year",
    """Agreements signed, entered into force and ended, by year.

    One row per year with at least one signature, entry into force or end by a day (a date
    known only to the month or year counts in its year), then the totals.

    \b
    Example:
      $ mou-tracker report by-year --country AT --format csv
    """,
)


pairs_command = _filtered_report(
    "pairs",
    "status_by_pair",
    """Status by country pair.

    Agreements by status, open and overdue commitments and the next deadline, for each
    country pair, as of a day. A record counts under each pair of its countries on different
    sides; --bilateral keeps only the records with exactly two sides.

    \b
    Examples:
      $ mou-tracker report pairs --country PK --as-of 2025-12-01
      $ mou-tracker report pairs --bilateral
    """,
)


areas_command = _filtered_report(
    "areas",
    "status_by_area",
    """Status by cooperation area.

    Agreements by status, pairs, open and overdue commitments and the next deadline, for
    each cooperation area, as of a day.

    \b
    Example:
      $ mou-tracker report areas --pair PK-KZ --format github
    """,
)


matrix_command = _filtered_report(
    "matrix",
    "pair_area_matrix",
    """Cooperation areas by country pair.

    A matrix of country pairs (rows) by cooperation areas (columns): each cell counts the
    agreements and engagements covering the area, as of a day.

    \b
    Example:
      $ mou-tracker report matrix --country KZ --format csv
    """,
)


cadence_command = _filtered_report(
    "cadence",
    "cadence",
    """How recurring commitments are kept.

    For each open recurring commitment ("consultations every 12 months"): meetings held on
    time and late, intervals missed, the last one held, the next due date, and whether it is
    on track, late or lapsed, as of a day.

    \b
    Example:
      $ mou-tracker report cadence --pair PK-KZ --as-of 2026-10-15
    """,
)


@report_group.command("deadlines")
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
def deadlines_command(ctx: click.Context, filters: Filters, within: int, output: Output) -> None:
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
    output.echo(reports.deadlines(repo, as_of=output.day, within=within, **filters))


@report_group.command("summary")
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
    ctx: click.Context, filters: Filters, windows: tuple[int, ...], output: Output
) -> None:
    """Deadlines due soon, counted by country pair.

    For each country pair: open commitments overdue, due within each window (cumulative:
    "Due within 30 days" includes those due within 7), and waiting for a date.

    \b
    Examples:
      $ mou-tracker report summary --as-of 2025-11-01
      $ mou-tracker report summary --window 14 --window 60 --format csv
    """
    windows = windows or reports.DEFAULT_WINDOWS
    repo = open_repository(ctx)
    output.echo(reports.deadline_summary(repo, as_of=output.day, windows=windows, **filters))


@report_group.command("timeline")
@click.option("--pair", metavar="PAIR", required=True, help="The country pair (PK-KZ).")
@output_options
@click.pass_context
def timeline_command(ctx: click.Context, pair: str, output: Output) -> None:
    """The dated story of one country pair.

    Engagements and their date changes, agreement status changes, progress, moves of
    deadlines and due dates between two countries, in date order; what has no date yet comes
    last, as "date not set".

    \b
    Example:
      $ mou-tracker report timeline --pair Pakistan/Kazakhstan --format html
    """
    output.echo(reports.timeline(open_repository(ctx), pair=pair, as_of=output.day))
