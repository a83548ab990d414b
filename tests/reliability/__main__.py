"""``python -m reliability [--profile full|fast] [--only NAME ...]``: run the harnesses and
print one table of figures with their targets (``make reliability``). Exits 1 if any fails."""

from __future__ import annotations

import argparse
import importlib
import sys
import time

from tabulate import tabulate

from reliability._harness import PROFILES, Figure

HARNESSES = ("crash", "faults", "concurrency", "fuzz", "security", "postgres")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reliability", description=__doc__)
    parser.add_argument("--profile", choices=PROFILES, default="full")
    parser.add_argument("--only", nargs="*", choices=HARNESSES, default=list(HARNESSES))
    options = parser.parse_args(argv)
    figures: list[Figure] = []
    for name in options.only:
        start = time.perf_counter()
        module = importlib.import_module(f"reliability.{name}")
        found = module.figures(options.profile)
        figures += found
        print(f"{name}: {len(found)} figures in {time.perf_counter() - start:.1f} s", flush=True)
    rows = [(f.harness, f.name, f.measured, f.target, _result(f)) for f in figures]
    headers = ("harness", "figure", "measured", "target", "result")
    print(tabulate(rows, headers=headers, tablefmt="github", disable_numparse=True))
    failed = sum(not f.passed for f in figures)
    skipped = sum(not f.run for f in figures)
    met = len(figures) - failed - skipped
    print(f"{met} of {len(figures)} targets met ({options.profile} profile)")
    if skipped:
        print(f"WARNING: {skipped} figures NOT RUN (see above why)", file=sys.stderr)
    return 1 if failed else 0


def _result(figure: Figure) -> str:
    if not figure.run:
        return "NOT RUN"
    return "PASS" if figure.passed else "FAIL"


if __name__ == "__main__":
    sys.exit(main())
