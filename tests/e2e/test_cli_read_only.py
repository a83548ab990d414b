"""Every read command works on a store the user may only read, and changes nothing there.

The store (files 0444 in a 0555 directory, in both storage modes, with a crashed save's
temporary file beside it) is read by every command twice: by this process, which as root could
write anyway, so only the before-and-after fingerprint of the directory holds it to "changes
nothing"; then by a user who may not write (``nobody``, see ``tests/readers.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from readers import as_reader, build_store, fingerprint, protect, shared_directory

from mou_tracker import Agreement
from mou_tracker.cli import cli

AS_OF = "2025-10-15"


def read_commands(agreement_id: str, out: Path) -> list[list[str]]:
    """Every command that only reads the store (exports write outside it, to ``out``)."""
    return [
        ["list"],
        ["list", "--country", "PK", "--format", "json"],
        ["show", f"{agreement_id}-0"],
        ["show", f"{agreement_id}-1", "--format", "json"],
        ["validate"],
        *(
            ["report", name, "--as-of", AS_OF]
            for name in ("pairs", "areas", "matrix", "deadlines", "summary", "cadence")
        ),
        ["report", "timeline", "--pair", "PK-KZ", "--as-of", AS_OF],
        ["export", "ics", "--as-of", AS_OF, "--output", str(out / "deadlines.ics")],
        *(
            ["export", "table", name, "--as-of", AS_OF, "--output", str(out / f"{name}.csv")]
            for name in ("agreements", "engagements", "commitments")
        ),
        ["export", "json", "--output", str(out / "copy.json")],
    ]


def run_all(store: Path, commands: list[list[str]]) -> list[list[object]]:
    """(exit status, output) of each command, run in this process."""
    runner = CliRunner()
    results: list[list[object]] = []
    for command in commands:
        result = runner.invoke(cli, ["--repo", str(store), *command])
        results.append([result.exit_code, result.output])
    return results


@pytest.fixture(params=["snapshot", "journal"])
def protected(request: pytest.FixtureRequest, agreement: Agreement) -> Iterator[Path]:
    with shared_directory() as base:
        store = build_store(base / "store", agreement, request.param)
        protect(store.parent)
        yield store


def test_every_read_command_works_on_a_store_no_one_may_write_and_changes_nothing(
    protected: Path, agreement: Agreement
) -> None:
    out = protected.parent.parent / "out"
    before = fingerprint(protected.parent)
    commands = read_commands(agreement.id, out / "mine")
    (out / "mine").mkdir()
    mine = run_all(protected, commands)
    assert [(command[:2], status) for command, (status, _) in zip(commands, mine, strict=True)] == [
        (command[:2], 0) for command in commands
    ]
    assert fingerprint(protected.parent) == before
    theirs_out = out / "theirs"
    theirs_out.mkdir(mode=0o777)
    theirs_out.chmod(0o777)
    theirs = as_reader(lambda: run_all(protected, read_commands(agreement.id, theirs_out)))
    assert [
        [status, str(text).replace(str(theirs_out), str(out / "mine"))] for status, text in theirs
    ] == mine
    assert fingerprint(protected.parent) == before
    assert (theirs_out / "copy.json").read_bytes() == (out / "mine" / "copy.json").read_bytes()


def test_validate_reads_the_snapshot_and_the_journal_once_each(
    protected: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    real_open = Path.open

    def counting_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(self.name)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", counting_open)
    [[status, text]] = run_all(protected, [["validate"]])
    assert (status, text) == (0, f"{protected}: OK (3 agreements, 0 engagements)\n")
    assert sorted(opened) == ["store.json", "store.json.journal"]
