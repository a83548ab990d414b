"""Headless Chromium for the dashboard's browser tests, with no network at all.

Debian's ``chromium`` (``/usr/bin/chromium``, or ``$MOU_TRACKER_CHROMIUM``), driven by the
``playwright`` package with that executable: nothing is downloaded. The browser runs with
background networking off and every host name resolving to nothing, so neither the page nor
the browser itself can reach a network; every request is recorded all the same.

:func:`chromium` starts it, or skips the test saying why (``make test`` installs chromium when
it runs as root); under ``CI=true`` a missing browser fails the test instead. :func:`visit`
opens a file and records what the console said, the page errors, the dialogs and the
requests. :func:`png_colours` counts a screenshot's colours (in the browser: no imaging
library).
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("MOU_TRACKER_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND",
]


def _unavailable() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium; make test does it as root)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing (pip install -e '.[dev]')"
    return None


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium browser (playwright's ``Browser``), or the test is skipped (failed
    under ``CI=true``) when there is none."""
    problem = _unavailable()
    if problem is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and the browser tests cannot run: {problem}")
        pytest.skip(f"BROWSER TESTS NOT RUN: {problem}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Visit:
    """One page opened in the browser, and what happened while it loaded."""

    page: Any
    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def text(self, selector: str) -> list[str]:
        """The text of every element matching ``selector``."""
        return [str(t) for t in self.page.locator(selector).all_text_contents()]


@contextmanager
def visit(browser: Any, path: Path, *, width: int = 1280, height: int = 900) -> Iterator[Visit]:
    """``path`` opened from ``file://`` in a fresh context ``width`` pixels wide."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    seen = Visit(page)
    page.on("console", lambda m: seen.console.append((m.type, m.text)))
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    page.on("request", lambda r: seen.requests.append(r.url))

    def dismiss(dialog: Any) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    try:
        page.goto(path.resolve().as_uri(), wait_until="load")
        yield seen
    finally:
        context.close()


_COUNT_COLOURS = """async (url) => {
  const image = new Image();
  image.src = url;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const pixels = context.getImageData(0, 0, image.width, image.height).data;
  const colours = new Set();
  let coloured = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    const rgb = (pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2];
    colours.add(rgb);
    if (rgb !== 0xffffff) { coloured += 1; }
  }
  return [colours.size, coloured / (pixels.length / 4), image.width];
}"""


def png_colours(browser: Any, png: bytes) -> tuple[int, float, int]:
    """A screenshot's number of distinct colours, share of pixels that are not white, and
    width, counted by the browser itself on a blank page (no imaging library needed)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        url = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        colours, share, width = page.evaluate(_COUNT_COLOURS, url)
        return int(colours), float(share), int(width)
    finally:
        context.close()
