"""``python -m reliability [--profile full|fast] [--only NAME ...]``: run the harnesses and
print one table of figures with their targets (``make reliability``). Exits 1 if any fails."""

from __future__ import annotations

import argparse
import importlib
import sys
import time

from tabulate import tabulate

from reliability._harness import PROFILES, Figure

HARNESSES = ("crash", "faults", "concurrency", "fuzz", "security")


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
    rows = [
        (f.harness, f.name, f.measured, f.target, "PASS" if f.passed else "FAIL") for f in figures
    ]
    headers = ("harness", "figure", "measured", "target", "result")
    print(tabulate(rows, headers=headers, tablefmt="github", disable_numparse=True))
    failed = sum(not f.passed for f in figures)
    print(f"{len(figures) - failed} of {len(figures)} targets met ({options.profile} profile)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
