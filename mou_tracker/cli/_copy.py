"""``copy SRC DST``: a whole repository from one store to another (a file, a database)."""

from __future__ import annotations

from pathlib import Path

import click

from mou_tracker.cli._app import CliError, RepoType, shown_location
from mou_tracker.errors import StorageError
from mou_tracker.storage import open_repository
from mou_tracker.storage.copying import check_same, copy_repository

__all__ = ["copy_command"]


@click.command("copy")
@click.argument("source", type=RepoType())
@click.argument("target", type=RepoType())
def copy_command(source: Path | str, target: Path | str) -> None:
    """Copy a whole repository: every record with its version, and the declared areas.

    SRC and DST are each a JSON file or a postgresql:// URL. DST must be empty: a file that
    does not exist yet, or a database where 'init' created an empty repository. The copy is
    one transaction on DST: on any failure DST is left as it was. Afterwards DST is read
    again and must hold exactly the records, versions and areas read from SRC.

    \b
    Examples:
      $ mou-tracker copy pk-kz.json postgresql://editor@db.example/mou
      $ mou-tracker copy postgresql://reader@db.example/mou backup.json
    """
    if isinstance(source, Path) and not source.exists():
        raise CliError(f"no repository at {source}")
    src = open_repository(source, read_only=True)
    dst = open_repository(target)
    try:
        count = copy_repository(src, dst)
        dst.close()
        again = open_repository(target, read_only=True)  # a fresh handle reads what was stored
        try:
            check_same(list(src._versioned()), src.areas.extra, again)
        except StorageError:
            raise StorageError(
                f"{shown_location(target)} was written but does not read back as "
                f"{shown_location(source)}; check both"
            ) from None
        finally:
            again.close()
    finally:
        src.close()
        dst.close()
    click.echo(
        f"Copied {count} record{'' if count == 1 else 's'} "
        f"from {shown_location(source)} to {shown_location(target)}"
    )
