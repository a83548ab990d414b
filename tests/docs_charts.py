"""The pictures of docs/charts.md: every chart of the seed case, committed as SVG.

``python tests/docs_charts.py --update`` (``make charts``) draws them again into
``docs/charts/``: the seed store (as ``make demo`` writes it) as of :data:`AS_OF`, and, for the
chart made for whole datasets, a seeded synthetic store of :data:`SYNTHETIC` agreements
(``benchmarks.generate``). ``python tests/docs_charts.py`` checks that the committed files
are what the library draws now (exit status 1 when stale); ``tests/e2e/test_docs_charts.py``
runs the check.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pendulum

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from docs_commands import build_seed

from benchmarks.generate import records
from mou_tracker import InMemoryRepository, JsonRepository, Repository, charts

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "docs" / "charts"
AS_OF = pendulum.Date(2025, 12, 15)
SYNTHETIC = 1000
STALE = "run 'make charts' to draw them again, and review the pictures"

Draw = Callable[[Repository], charts.Chart[object]]
SEED_CHARTS: dict[str, Draw] = {
    "timeline.svg": lambda repo: charts.timeline(repo, as_of=AS_OF, pair="PK-KZ"),
    "matrix.svg": lambda repo: charts.matrix(repo, as_of=AS_OF),
    "deadlines.svg": lambda repo: charts.deadlines(repo, as_of=AS_OF),
    "by-year.svg": lambda repo: charts.by_year(repo, as_of=AS_OF),
}
DATASET_CHARTS: dict[str, Draw] = {
    "by-year-dataset.svg": lambda repo: charts.by_year(repo, as_of=AS_OF, by="kind"),
}


def synthetic() -> InMemoryRepository:
    """The seeded synthetic dataset (the same records on every machine)."""
    repo = InMemoryRepository()
    with repo.batch():
        for record in records(SYNTHETIC):
            repo.add(record)
    return repo


def draw_all(directory: Path) -> dict[str, bytes]:
    """Every picture of the page, by file name (the seed store is built in ``directory``)."""
    seed = JsonRepository(build_seed(directory), read_only=True)
    drawn = {name: draw(seed).to_bytes("svg") for name, draw in SEED_CHARTS.items()}
    dataset = synthetic()
    drawn.update({name: draw(dataset).to_bytes("svg") for name, draw in DATASET_CHARTS.items()})
    return drawn


def stale(drawn: dict[str, bytes], folder: Path = FOLDER) -> list[str]:
    """The names of the committed pictures that differ from ``drawn`` (or are missing), and of
    committed SVG files no chart draws."""
    found = {path.name for path in folder.glob("*.svg")}
    differ = [
        name
        for name, data in drawn.items()
        if not (folder / name).is_file() or (folder / name).read_bytes() != data
    ]
    return sorted({*differ, *(found - drawn.keys())})


def main(arguments: Sequence[str]) -> int:
    with tempfile.TemporaryDirectory() as directory:
        drawn = draw_all(Path(directory))
    if "--update" in arguments:
        FOLDER.mkdir(parents=True, exist_ok=True)
        for path in FOLDER.glob("*.svg"):
            if path.name not in drawn:
                path.unlink()
        for name, data in drawn.items():
            (FOLDER / name).write_bytes(data)
        print(f"Wrote {len(drawn)} charts to {FOLDER.relative_to(ROOT)}")
        return 0
    late = stale(drawn)
    if late:
        print(f"Stale charts in docs/charts: {', '.join(late)}: {STALE}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
