"""Options shared by the ``report`` commands: the filters, and ``--format``, ``--wide`` and
``--as-of``. Each decorator gathers its options into one argument of the command: ``filters``
(a :class:`~mou_tracker.domain.filters.Filters` to pass on as keywords) and ``output`` (an
:class:`Output` that knows the day and prints the report)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import click
import pendulum

from mou_tracker.cli._app import DayType, echo_report, format_option, today, wide_option
from mou_tracker.domain.filters import Filters
from mou_tracker.reports import Report

__all__ = [
    "Output",
    "as_of_option",
    "day",
    "file_option",
    "filter_options",
    "output_options",
]


@attrs.frozen
class Output:
    """``--format``, ``--wide`` and ``--as-of`` of one command."""

    fmt: str
    wide: bool
    as_of: pendulum.Date | None

    @property
    def day(self) -> pendulum.Date:
        return day(self.as_of)

    def echo(self, report: Report) -> None:
        echo_report(report, self.fmt, wide=self.wide)


def output_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """``--format``, ``--wide`` and ``--as-of``, gathered into ``output``: shared by every
    report."""

    @functools.wraps(function)
    def command(*args: Any, fmt: str, wide: bool, as_of: pendulum.Date | None, **kw: Any) -> Any:
        return function(*args, output=Output(fmt, wide, as_of), **kw)

    decorated: Any = as_of_option("The day to report on.")(command)
    return format_option(wide_option(decorated))  # type: ignore[no-any-return]


def filter_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """``--country``, ``--pair``, ``--area`` and ``--bilateral``, gathered into ``filters``."""

    @functools.wraps(function)
    def command(
        *args: Any,
        country: str | None,
        pair: str | None,
        area: str | None,
        bilateral: bool,
        **kw: Any,
    ) -> Any:
        filters = Filters(country=country, pair=pair, area=area, bilateral=bilateral)
        return function(*args, filters=filters, **kw)

    decorated: Any = command
    for option in reversed(
        (
            click.option(
                "--country", metavar="COUNTRY", help="Only records with this party (PK, Pakistan)."
            ),
            click.option(
                "--pair", metavar="PAIR", help="Only records with both countries (PK-KZ)."
            ),
            click.option("--area", metavar="AREA", help="Only this cooperation area code."),
            click.option(
                "--bilateral",
                is_flag=True,
                help="Only records with exactly two sides (two countries, or BLEU and France).",
            ),
        )
    ):
        decorated = option(decorated)
    return decorated  # type: ignore[no-any-return]


def as_of_option(help: str) -> Callable[[Any], Any]:
    """``--as-of YYYY-MM-DD``, today when not given."""
    return click.option(
        "--as-of", "as_of", type=DayType(), default=None, help=f"{help}  [default: today]"
    )


def file_option(help: str) -> Callable[[Any], Any]:
    """``--output FILE`` / ``-o FILE``: a file to write, required."""
    return click.option(
        "--output",
        "-o",
        "output",
        metavar="FILE",
        type=click.Path(path_type=Path, dir_okay=False),
        required=True,
        help=help,
    )


def day(as_of: pendulum.Date | None) -> pendulum.Date:
    """``--as-of``, or today (the command line is the only layer that reads the clock)."""
    return today() if as_of is None else as_of
