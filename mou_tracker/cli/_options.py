"""Options shared by the ``report`` commands: ``--format``, ``--as-of`` and the filters."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click
import pendulum

from mou_tracker.cli._app import DayType, format_option, today, wide_option

__all__ = ["day", "filter_options", "output_options"]

F = TypeVar("F", bound=Callable[..., Any])


def output_options(function: F) -> F:
    """``--format``, ``--wide`` and ``--as-of``, shared by every report."""
    function = click.option(
        "--as-of",
        "as_of",
        type=DayType(),
        default=None,
        help="The day to report on.  [default: today]",
    )(function)
    return format_option(wide_option(function))


def filter_options(function: F) -> F:
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


def day(as_of: pendulum.Date | None) -> pendulum.Date:
    """``--as-of``, or today (the command line is the only layer that reads the clock)."""
    return today() if as_of is None else as_of
