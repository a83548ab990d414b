"""Commands on the repository file and its records: ``init``, ``list``, ``show``, ``validate``."""

from __future__ import annotations

from pathlib import Path

import click
import pendulum

from mou_tracker.cli._app import (
    CliError,
    choose_format,
    echo_report,
    existing_repository_path,
    format_option,
    open_repository,
    repository_path,
    shown_location,
    today,
    wide_option,
)
from mou_tracker.cli._options import as_of_option, filter_options
from mou_tracker.cli._text import describe_record
from mou_tracker.domain import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    EngagementKind,
)
from mou_tracker.domain.filters import Filters, RecordFilter
from mou_tracker.export.tables import records_table
from mou_tracker.storage import create_repository, inspect_file, record_to_json

__all__ = ["init_command", "list_command", "show_command", "validate_command"]

_KINDS = tuple(dict.fromkeys(k.value for k in (*AgreementKind, *EngagementKind)))
_STATUSES = tuple(s.value for s in AgreementStatus)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@click.command("init")
@click.pass_context
def init_command(ctx: click.Context) -> None:
    """Create an empty repository: a file, or the tables in a PostgreSQL database.

    An existing repository is never overwritten.

    \b
    Examples:
      $ mou-tracker --repo pk-kz.json init
      Created an empty repository at pk-kz.json
      $ mou-tracker --repo postgresql://editor@db.example/mou init
    """
    location = repository_path(ctx)
    if isinstance(location, Path) and not location.parent.is_dir():
        raise CliError(f"{location}: the directory {location.parent} does not exist")
    create_repository(location).close()
    click.echo(f"Created an empty repository at {shown_location(location)}")


@click.command("list")
@filter_options
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(_KINDS),
    help="Keep records of this kind (repeatable).",
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(_STATUSES),
    help="Keep agreements whose current status is this one (repeatable; leaves out engagements).",
)
@format_option
@wide_option
@click.pass_context
def list_command(
    ctx: click.Context,
    filters: Filters,
    kinds: tuple[str, ...],
    statuses: tuple[str, ...],
    fmt: str,
    wide: bool,
) -> None:
    """List agreements and engagements.

    Agreements come first, then engagements, each sorted by id. The date is the signature
    date of an agreement (empty while it is not signed) or the date of an engagement ("date
    not set" while it has none), shown as precisely as it is known ("9 Sep 2025",
    "Nov 2025"). The status is an agreement's current status.

    \b
    Examples:
      $ mou-tracker list --pair PK-KZ
      $ mou-tracker list --country Pakistan --kind action_plan --kind mou
      $ mou-tracker list --status signed --status in_force --format csv
    """
    repo = open_repository(ctx)
    where = RecordFilter(**filters, kinds=kinds, statuses=statuses)
    if where.area is not None:
        repo.areas.check([where.area])
    echo_report(records_table(repo, as_of=today(), where=where), fmt, wide=wide)


@click.command("show")
@click.argument("record_id", metavar="ID")
@choose_format(
    ["text", "json"], "text", "text: readable; json: the record as stored in the repository file."
)
@as_of_option("The day open commitments are shown as standing on (due, overdue...).")
@click.pass_context
def show_command(ctx: click.Context, record_id: str, fmt: str, as_of: pendulum.Date | None) -> None:
    """Show one agreement or engagement.

    The text form lists the parties and their institutions, the status history (or an
    engagement's date changes), the areas, the commitments with their deadlines (a deadline
    tied to an engagement with the date it resolves to, and every reschedule), recurrences
    and status, where each open commitment stands on --as-of (due soon, overdue, date not set:
    the reports' rule), the deadlines tied to an engagement, and the sources.

    \b
    Examples:
      $ mou-tracker show pk-kz-action-plan-2025 --as-of 2025-12-15
      $ mou-tracker show pk-kz-talks-2025-09-09 --format json
    """
    repo = open_repository(ctx)
    record = repo.get(record_id)
    if fmt == "json":
        click.echo(record_to_json(record))
    else:
        records = list(repo.records())
        click.echo(
            describe_record(record, repo.areas, records, today() if as_of is None else as_of)
        )


@click.command("validate")
@click.pass_context
def validate_command(ctx: click.Context) -> None:
    """Check the repository for problems.

    Prints every problem of a file on its own line, with the record and the JSON path at
    fault; in a database, reads every record and stops at the first problem.
    Exits with status 1 when there is any problem, 0 when the repository is valid.

    \b
    Example:
      $ mou-tracker --repo pk-kz.json validate
      pk-kz.json: OK (1 agreement, 1 engagement)
    """
    path = existing_repository_path(ctx)
    if isinstance(path, Path):
        check = inspect_file(path)  # reads the file once, and writes nothing
        if check.problems:
            for problem in check.problems:
                click.echo(str(problem))
            click.echo(f"{path}: {_plural(len(check.problems), 'problem')}")
            ctx.exit(1)
        records = list(check.records)
    else:  # a database: every row is read and checked (the first problem is the error)
        records = list(open_repository(ctx).records())
    agreements = sum(isinstance(r, Agreement) for r in records)
    click.echo(
        f"{shown_location(path)}: OK ({_plural(agreements, 'agreement')}, "
        f"{_plural(len(records) - agreements, 'engagement')})"
    )
