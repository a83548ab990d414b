"""The dashboard in a real browser: headless Chromium, offline, from ``file://``.

The seed dashboard is the one ``make demo`` writes (the example, as of 15 December 2025);
the hostile one carries the security harness's markup and formula texts in every field the
page shows. Screenshots are saved under ``build/`` (``dashboard-1280.png``,
``dashboard-390.png``). See :mod:`browser` for how Chromium is started (and skipped).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pendulum
import pytest
from browser import chromium, png_colours, visit
from hostile_store import AS_OF, hostile_store, promises

from mou_tracker import JsonRepository
from mou_tracker.dashboard import render_dashboard
from mou_tracker.domain.due_status import DueState
from mou_tracker.reports import deadlines, status_by_area, status_by_pair
from mou_tracker.reports.escaping import flat

ROOT = Path(__file__).resolve().parents[2]
SEED_AS_OF = pendulum.Date(2025, 12, 15)
SEED_WITHIN = 120


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as started:
        yield started


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed store and its dashboard, written by the example as ``make demo`` runs it."""
    store = tmp_path_factory.mktemp("seed") / "pakistan-kazakhstan.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "pakistan_kazakhstan_2025.py"), str(store)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"Wrote the dashboard to {store.with_suffix('.html')}" in result.stdout
    return store


def _normal(text: str) -> str:
    return " ".join(flat(text).split())


def test_the_seed_dashboard_loads_offline_with_a_silent_console_and_no_request_leaving_the_file(
    browser: Any, seed: Path
) -> None:
    page = seed.with_suffix(".html")
    with visit(browser, page) as seen:
        assert seen.console == []  # a load the CSP blocked would be reported here
        assert seen.errors == []
        assert seen.requests == [page.resolve().as_uri()]


def test_the_sorting_script_runs_under_the_csp_and_sorts_a_table_by_a_clicked_header(
    browser: Any, seed: Path
) -> None:
    with visit(browser, seed.with_suffix(".html")) as seen:
        assert seen.page.evaluate("document.documentElement.classList.contains('sorting')")
        table = seen.page.locator("table", has_text="Timeline: Kazakhstan").first
        header = table.locator("thead th").nth(2)  # Record
        header.locator("button").click()
        assert header.get_attribute("aria-sort") == "ascending"
        records = table.locator("tbody tr td:nth-child(3)").all_text_contents()
        assert records == sorted(records, key=str.lower)
        assert seen.console == []


def test_the_seed_dashboard_shows_the_counts_and_rows_of_the_reports(
    browser: Any, seed: Path
) -> None:
    repo = JsonRepository(seed)
    due = deadlines(repo, as_of=SEED_AS_OF, within=SEED_WITHIN)
    state = due.headers.index("State")
    late = {DueState.OVERDUE, DueState.LATE, DueState.LAPSED}
    expected = {
        "pairs": len(status_by_pair(repo, as_of=SEED_AS_OF).rows),
        "overdue": sum(row[state] in late for row in due.rows),
        "soon": sum(row[state] == DueState.DUE for row in due.rows),
        "not-set": sum(row[state] == DueState.NOT_SET for row in due.rows),
        "slipped": sum(bool(row[due.headers.index("Slipped")]) for row in due.rows),
    }
    assert (expected["soon"], expected["slipped"]) == (1, 1)  # the slip to Q1 2026
    with visit(browser, seed.with_suffix(".html")) as seen:
        shown = {
            key: int(seen.page.locator(f'dd[data-count="{key}"]').text_content())
            for key in expected
        }
        assert shown == expected
        areas = status_by_area(repo, as_of=SEED_AS_OF)
        rows = seen.page.locator("table", has_text="Status by cooperation area").first
        assert rows.locator("tbody tr").count() == len(areas.rows)
        cells = [_normal(t) for t in rows.locator("tbody tr td:first-child").all_text_contents()]
        assert cells == [str(row[0]) for row in areas.rows]
        soon = seen.page.locator("table", has_text=f"Due within {SEED_WITHIN} days").first
        (row,) = (r for r in due.rows if r[state] == DueState.DUE)
        texts = [_normal(t) for t in soon.locator("tbody tr td").all_text_contents()]
        assert (texts[0], *texts[-2:]) == ("Q1 2026", "Nov 2025", "1")  # original due, slips
        assert len(texts) == len(row) - len(due.data_only)  # the Codes column is for scripts
        links = seen.page.locator("#sources a")
        assert links.count() == 0 or all(
            href.startswith(("http://", "https://"))
            for href in (links.nth(i).get_attribute("href") for i in range(links.count()))
        )
        assert "Dar, Kazakh Counterpart" in seen.page.locator("#sources").text_content()


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_of_the_seed_dashboard_are_not_blank_and_fit_the_width(
    browser: Any, seed: Path, width: int
) -> None:
    with visit(browser, seed.with_suffix(".html"), width=width) as seen:
        shot = seen.page.screenshot(full_page=True)
        page_width = seen.page.evaluate("document.documentElement.scrollWidth")
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / f"dashboard-{width}.png").write_bytes(shot)
    colours, inked, shot_width = png_colours(browser, shot)
    assert shot_width == width
    assert colours > 20  # text, borders, bands and links: a blank page has one or two
    assert inked > 0.02
    assert page_width <= width  # wide tables scroll in their own box, not the page


def test_printed_each_section_starts_on_a_new_page(browser: Any, seed: Path) -> None:
    with visit(browser, seed.with_suffix(".html")) as seen:
        seen.page.emulate_media(media="print")
        breaks = seen.page.evaluate(
            "[...document.querySelectorAll('main > section')]"
            ".map(s => getComputedStyle(s).breakBefore)"
        )
        nav = seen.page.evaluate("getComputedStyle(document.querySelector('nav')).display")
    assert (breaks[0], set(breaks[1:])) == ("auto", {"page"})
    assert nav == "none"


def test_hostile_texts_show_as_text_and_no_injected_script_or_handler_runs(
    browser: Any, tmp_path: Path
) -> None:
    repo, texts = hostile_store()
    page = tmp_path / "hostile.html"
    page.write_text(render_dashboard(repo, as_of=AS_OF), encoding="utf-8")
    with visit(browser, page) as seen:
        seen.page.wait_for_timeout(200)  # let any handler that slipped through fire
        assert seen.console == []
        assert seen.errors == []
        assert seen.dialogs == []
        assert seen.page.evaluate("window.pwned") is None
        assert seen.requests == [page.resolve().as_uri()]
        assert seen.page.locator("main script, main img, main iframe, main [onerror]").count() == 0
        shown = {_normal(t) for t in seen.text("td")}
    assert all(_normal(promise) in shown for promise in promises(texts))


def test_the_csp_blocks_a_script_even_if_escaping_were_bypassed(
    browser: Any, seed: Path, tmp_path: Path
) -> None:
    page = seed.with_suffix(".html").read_text(encoding="utf-8")
    injected = (
        "<script>window.pwned = 1; console.log('pwned')</script>"
        "<img src=x onerror=\"window.pwned = 2; console.log('pwned')\">"
        '<a id="js" href="javascript:window.pwned = 3">x</a>'
    )
    broken = tmp_path / "bypassed.html"
    broken.write_text(page.replace("</main>", injected + "</main>", 1), encoding="utf-8")
    with visit(browser, broken) as seen:
        seen.page.locator("#js").click()
        seen.page.wait_for_timeout(200)
        assert seen.page.evaluate("window.pwned") is None
        messages = [text for kind, text in seen.console]
    assert "pwned" not in messages
    blocked = [m for m in messages if "Content Security Policy" in m]
    for what in ("inline script", "Loading the image", "inline event handler", "JavaScript URL"):
        assert any(what in m for m in blocked), what
