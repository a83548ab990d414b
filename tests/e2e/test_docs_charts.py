"""The pictures of docs/charts.md are what the library draws now (see tests/docs_charts.py)."""

from __future__ import annotations

from pathlib import Path

import docs_charts
import pytest


def test_the_committed_chart_svgs_are_fresh(tmp_path: Path) -> None:
    stale = docs_charts.stale(docs_charts.draw_all(tmp_path))
    if stale:
        pytest.fail(
            f"docs/charts is stale ({', '.join(stale)}): {docs_charts.STALE}", pytrace=False
        )


def test_a_stale_or_missing_picture_is_reported(tmp_path: Path) -> None:
    (tmp_path / "timeline.svg").write_bytes(b"<svg/>")
    (tmp_path / "old.svg").write_bytes(b"<svg/>")
    drawn = {"timeline.svg": b"<svg></svg>", "matrix.svg": b"<svg></svg>"}
    assert docs_charts.stale(drawn, tmp_path) == ["matrix.svg", "old.svg", "timeline.svg"]


def test_docs_charts_md_shows_every_committed_picture() -> None:
    page = (docs_charts.ROOT / "docs" / "charts.md").read_text(encoding="utf-8")
    for path in docs_charts.FOLDER.glob("*.svg"):
        assert f"(charts/{path.name})" in page
