"""``mou-tracker chart ...``: a chart of :mod:`mou_tracker.charts` written to an SVG, PNG or PDF
file. matplotlib (the ``charts`` extra) is imported only when a chart is drawn."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import click
import pendulum

from mou_tracker.charts.chart import format_of
from mou_tracker.cli._app import CONTEXT_SETTINGS, CliGroup, help_without_command, open_repository
from mou_tracker.cli._options import as_of_option, day, file_option, filter_options
from mou_tracker.domain.filters import Filters

__all__ = ["chart_group"]

_OUTPUT = "The file to write: .svg, .png or .pdf (replaced atomically if it exists)."
_AS_OF = "The day the chart shows."


@click.group("chart", cls=CliGroup, context_settings=CONTEXT_SETTINGS)
@click.pass_context
def chart_group(ctx: click.Context) -> None:
    """Draw a chart to an SVG, PNG or PDF file (needs: pip install 'mou-tracker[charts]').

    The format follows the file's suffix. Every chart takes the report filters and --as-of.

    \b
    Examples:
      $ mou-tracker chart timeline --pair PK-KZ --as-of 2025-12-15 -o timeline.svg
      $ mou-tracker chart matrix -o matrix.png
      $ mou-tracker chart deadlines --country PK -o deadlines.pdf
      $ mou-tracker chart by-year --by kind -o by-year.svg
    """
    help_without_command(ctx)


def _draw(
    ctx: click.Context,
    name: str,
    output: Path,
    as_of: pendulum.Date | None,
    filters: Filters,
    **options: Any,
) -> None:
    format_of(output)  # before drawing: a wrong suffix fails at once
    charts = importlib.import_module("mou_tracker.charts")
    chart = getattr(charts, name)(open_repository(ctx), as_of=day(as_of), **filters, **options)
    chart.save(output)
    click.echo(f"Wrote {chart.title} to {output}")


@chart_group.command("timeline")
@filter_options
@as_of_option(_AS_OF)
@file_option(_OUTPUT)
@click.pass_context
def timeline_command(
    ctx: click.Context, filters: Filters, as_of: pendulum.Date | None, output: Path
) -> None:
    """A pair's or a country's agreements, engagements and open deadlines on one time axis.

    Each agreement is a bar from its signature (hatched until it entered into force) to its
    end or the as-of day, coloured by its status; engagements are diamonds; each open
    commitment's due date is a band at its precision ("Nov 2025" spans November), with the
    date first set and an arrow when it slipped; a dotted line marks the as-of day. More than
    60 agreements and commitments ask for a narrower filter.

    \b
    Example:
      $ mou-tracker chart timeline --pair PK-KZ --as-of 2025-12-15 -o timeline.svg
    """
    _draw(ctx, "timeline", output, as_of, filters)


@chart_group.command("matrix")
@filter_options
@as_of_option(_AS_OF)
@file_option(_OUTPUT)
@click.pass_context
def matrix_command(
    ctx: click.Context, filters: Filters, as_of: pendulum.Date | None, output: Path
) -> None:
    """Country pairs against cooperation areas as a heat map (the matrix report).

    Beyond 40 pairs or areas, the largest are kept and the title says so.

    \b
    Example:
      $ mou-tracker chart matrix --country KZ -o matrix.png
    """
    _draw(ctx, "matrix", output, as_of, filters)


@chart_group.command("deadlines")
@filter_options
@as_of_option(_AS_OF)
@file_option(_OUTPUT)
@click.pass_context
def deadlines_command(
    ctx: click.Context, filters: Filters, as_of: pendulum.Date | None, output: Path
) -> None:
    """Open commitments by the month they fall due, overdue and "date not set" apart.

    \b
    Example:
      $ mou-tracker chart deadlines --as-of 2025-12-15 -o deadlines.pdf
    """
    _draw(ctx, "deadlines", output, as_of, filters)


@chart_group.command("by-year")
@filter_options
@click.option(
    "--by",
    type=click.Choice(["status", "kind"]),
    default="status",
    show_default=True,
    help="Stack the bars by the agreements' status on the day, or by their kind.",
)
@as_of_option(_AS_OF)
@file_option(_OUTPUT)
@click.pass_context
def by_year_command(
    ctx: click.Context, filters: Filters, by: str, as_of: pendulum.Date | None, output: Path
) -> None:
    """Agreements signed and entered into force per year (five, ten... years a bar over a
    long span).

    \b
    Example:
      $ mou-tracker chart by-year --by kind -o by-year.svg
    """
    _draw(ctx, "by_year", output, as_of, filters, by=by)
