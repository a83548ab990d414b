"""Does the fault loop reach every ``except`` handler and ``finally`` body of the I/O modules?

The handlers are found with :mod:`ast` (the first line of each handler's and ``finally``'s body)
and looked up in coverage data:

- ``python -m reliability.fault_coverage --data-file FILE`` checks data recorded by, for
  example, ``coverage run --data-file=FILE -m pytest tests/reliability/test_faults.py``;
- ``python -m reliability.fault_coverage --run`` runs the fault loop alone under coverage
  (in this process, which must not be under coverage already) and checks it.

Prints one line per handler and exits 1 if any is not reached.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from collections.abc import Iterable
from pathlib import Path

import attrs

from reliability._harness import ROOT

IO_MODULES = tuple(
    ROOT / "mou_tracker" / "storage" / name
    for name in ("atomic.py", "journal.py", "jsonfile.py", "loading.py", "pinning.py")
)


@attrs.frozen(kw_only=True)
class Handler:
    path: Path
    line: int
    """The first line of the handler's body."""
    kind: str
    """``except OSError`` or ``finally``."""

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line} ({self.kind})"


def handlers(path: Path) -> list[Handler]:
    """Every ``except`` handler and ``finally`` body in the module at ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Try | ast.TryStar):
            for handler in node.handlers:
                caught = "" if handler.type is None else f" {ast.unparse(handler.type)}"
                found.append(
                    Handler(path=path, line=handler.body[0].lineno, kind=f"except{caught}")
                )
            if node.finalbody:
                found.append(Handler(path=path, line=node.finalbody[0].lineno, kind="finally"))
    return sorted(found, key=lambda h: (str(h.path), h.line))


def all_handlers() -> list[Handler]:
    return [handler for module in IO_MODULES for handler in handlers(module)]


def unreached(executed: dict[Path, set[int]], found: Iterable[Handler]) -> list[Handler]:
    return [h for h in found if h.line not in executed.get(h.path, set())]


def executed_lines(data_file: str) -> dict[Path, set[int]]:
    """The lines of the I/O modules that ran, from a coverage data file."""
    from coverage import CoverageData

    data = CoverageData(basename=data_file)
    data.read()
    return {module: set(data.lines(str(module)) or ()) for module in IO_MODULES}


def run_loop_under_coverage() -> dict[Path, set[int]]:
    """Run the fault loop alone under coverage; the lines of the I/O modules that ran."""
    from coverage import Coverage

    cov = Coverage(data_file=None, config_file=False, include=[str(m) for m in IO_MODULES])
    cov.start()
    try:
        from reliability.fault_loop import run_loop

        run_loop()
    finally:
        cov.stop()
    data = cov.get_data()
    return {module: set(data.lines(str(module)) or ()) for module in IO_MODULES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reliability.fault_coverage")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--data-file", help="coverage data recorded by coverage run")
    source.add_argument("--run", action="store_true", help="run the fault loop alone, measured")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    options = parser.parse_args(argv)
    executed = run_loop_under_coverage() if options.run else executed_lines(options.data_file)
    found = all_handlers()
    missed = unreached(executed, found)
    if options.json:
        print(json.dumps({"handlers": len(found), "unreached": [str(h) for h in missed]}))
    else:
        for handler in found:
            print(f"{'MISSED ' if handler in missed else 'reached'} {handler}")
        print(f"{len(found) - len(missed)} of {len(found)} except/finally bodies reached")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
