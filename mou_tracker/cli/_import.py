"""``mou-tracker import``: a CSV file in, by a TOML mapping or a built-in preset."""

from __future__ import annotations

from pathlib import Path

import click
import pendulum

from mou_tracker.cli._app import (
    CliError,
    DayType,
    echo_report,
    format_option,
    open_repository,
    wide_option,
)
from mou_tracker.cli._app import today as read_today
from mou_tracker.importers import PRESETS, ImportMapping, import_file, load_mapping

__all__ = ["import_command"]

_FILE = click.Path(path_type=Path, dir_okay=False, exists=True)


@click.command("import")
@click.argument("file", metavar="FILE", type=_FILE)
@click.option(
    "--mapping",
    "mapping_path",
    metavar="MAPPING.toml",
    type=_FILE,
    help="How to read FILE: a TOML mapping (see docs/importing.md).",
)
@click.option(
    "--preset",
    type=click.Choice(sorted(PRESETS)),
    help="A built-in mapping instead of --mapping: ggo (with --parties) or gptad.",
)
@click.option(
    "--parties",
    "parties_path",
    metavar="FILE",
    type=_FILE,
    help="The parties file, for a mapping that joins one (the GGO parties table).",
)
@click.option("--strict", is_flag=True, help="Stop at the first problem and write nothing.")
@click.option(
    "--as-of",
    "as_of",
    type=DayType(),
    default=None,
    help="The day statuses are derived for (an end date on or before it has passed).  "
    "[default: today]",
)
@click.option(
    "--report-csv",
    "report_csv",
    metavar="PATH",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write every rejected row, merged duplicate and note to this CSV file.",
)
@format_option
@wide_option
@click.pass_context
def import_command(
    ctx: click.Context,
    file: Path,
    mapping_path: Path | None,
    preset: str | None,
    parties_path: Path | None,
    strict: bool,
    as_of: pendulum.Date | None,
    report_csv: Path | None,
    fmt: str,
    wide: bool,
) -> None:
    """Import agreements from a CSV file, saying what was not taken and why.

    Valid rows are saved together, in one transaction; each rejected row is reported with
    its row number (the line it starts on: the header is line 1), column, value and reason;
    a stray quote costs only its own line. Importing the same file again changes nothing: ids
    come from the source's keys, and unchanged records are not rewritten. Prints the rows by
    outcome and the rejected rows by reason.

    \b
    Examples:
      $ mou-tracker import treaties.csv --mapping treaties.toml --report-csv rejected.csv
      $ mou-tracker import GPTAD.csv --preset gptad --as-of 2025-10-05
      $ mou-tracker import GGO_agreements.csv --preset ggo --parties GGO_parties.csv
    """
    mapping = _mapping(mapping_path, preset)
    repo = open_repository(ctx, writable=True)
    day = read_today() if as_of is None else as_of
    report = import_file(file, mapping, repo, as_of=day, parties=parties_path, strict=strict)
    echo_report(report.summary(), fmt, wide=wide)
    if report_csv is not None:
        try:
            report_csv.write_text(report.issues().to_csv(), encoding="utf-8", newline="")
        except OSError as exc:
            raise CliError(f"{report_csv}: cannot write ({exc.strerror or exc})") from exc
        click.echo(f"Wrote the row report to {report_csv}", err=True)
    elif report.rejected:
        click.echo(
            f"{len(report.rejected_rows)} rows were rejected; --report-csv PATH lists each "
            "with its reason",
            err=True,
        )


def _mapping(mapping_path: Path | None, preset: str | None) -> ImportMapping:
    if (mapping_path is None) == (preset is None):
        raise CliError("give either --mapping MAPPING.toml or --preset NAME")
    if preset is not None:
        return PRESETS[preset]
    assert mapping_path is not None  # noqa: S101 - checked above
    return load_mapping(mapping_path)
