"""HTML and Markdown output of every report, with hostile texts in titles, notes and labels.

HTML: each report's ``html`` rendering is parsed with :mod:`html.parser`; only the tags the
renderer writes may appear (``h2 p table thead tbody tr th td ul li``, ``style`` text alignment
on cells), and the decoded text of the title, headers, cells and notes must equal the report's
own values (control characters shown as spaces, as documented; tabulate trims cell edges).

Markdown (``pipe``, ``github``): every table line must split into exactly one cell per header
under two real readers' rules: GFM's (cmark-gfm, markdown-it: a ``|`` is a separator unless a
backslash stands just before it) and Python-Markdown's (backslash pairs are literal backslashes,
and pipes inside backtick code spans, which may run across cells, do not separate); no ``<``
may appear at all, so no raw HTML tag can pass.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from html.parser import HTMLParser
from typing import TypeVar

import attrs
from tabulate import tabulate

import mou_tracker.reports.escaping as escaping_module
import mou_tracker.reports.report as report_module
from mou_tracker.reports import Report

__all__ = [
    "HtmlCheck",
    "MarkdownCheck",
    "check_html",
    "check_markdown",
    "gfm_cells",
    "no_markdown_escaping",
    "pipe_only_escaping",
    "python_markdown_cells",
    "rendered",
    "unsafe_html",
]

_ALLOWED = frozenset({"h2", "p", "table", "thead", "tbody", "tr", "th", "td", "ul", "li"})
_TEXT_TAGS = frozenset({"h2", "p", "th", "td", "li"})
_ALIGN = re.compile(r"text-align: (left|right|center);")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def _flat(text: str) -> str:
    return _CONTROL.sub(" ", text)


class _Page(HTMLParser):
    """What a report's HTML holds: its texts by place, and anything unexpected."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.unexpected: list[str] = []
        self.texts: dict[str, list[str]] = {tag: [] for tag in _TEXT_TAGS}
        self.rows = 0
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ALLOWED:
            self.unexpected.append(f"<{tag}>")
        for name, value in attrs:
            if tag not in ("th", "td") or name != "style" or not _ALIGN.fullmatch(value or ""):
                self.unexpected.append(f"<{tag} {name}={value!r}>")
        if tag == "tr":
            self.rows += 1
        if tag in _TEXT_TAGS:
            if self._open is not None:
                self.unexpected.append(f"<{tag}> inside a text")
            self._open = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.unexpected.append(f"<{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if tag in _TEXT_TAGS and self._open is not None:
            self.texts[tag].append("".join(self._open))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)
        elif data.strip():
            self.unexpected.append(f"text outside the table: {data[:40]!r}")

    def handle_comment(self, data: str) -> None:
        self.unexpected.append("<!--")

    def handle_decl(self, decl: str) -> None:
        self.unexpected.append("<!")

    def unknown_decl(self, data: str) -> None:
        self.unexpected.append("<![")

    def handle_pi(self, data: str) -> None:
        self.unexpected.append("<?")


@attrs.frozen
class HtmlCheck:
    texts: int
    """Title, header, cell and note texts compared."""
    mismatched: int
    unexpected: int
    """Tags, attributes, comments or declarations the renderer never writes."""
    reached: frozenset[str]
    """Planted texts found (whole) in some cell."""


def check_html(pages: Mapping[str, tuple[str, Report]], planted: set[str]) -> HtmlCheck:
    """Parse each ``(html, report)`` page and compare its texts with the report's own values."""
    texts = mismatched = unexpected = 0
    shown: set[str] = set()
    for html, report in pages.values():
        page = _Page()
        page.feed(html)
        page.close()
        expected = {
            "h2": [_flat(report.title)],
            "p": [f"as of {report.as_of.isoformat()}"],
            "th": [_flat(h).strip() for h in _shown(report, report.headers)],
            "td": [_cell(c) for row in report.rows for c in _shown(report, row)],
            "li": [_flat(n) for n in report.notes],
        }
        for tag, values in expected.items():
            found = [t.strip() if tag in ("th", "td") else t for t in page.texts[tag]]
            texts += len(values)
            mismatched += abs(len(found) - len(values))
            mismatched += sum(a != b for a, b in zip(found, values, strict=False))
        unexpected += len(page.unexpected) + abs(page.rows - 1 - len(report.rows))
        shown.update(t.strip() for t in page.texts["td"] + page.texts["th"])
    reached = frozenset(text for text in planted if _flat(text).strip() in shown)
    return HtmlCheck(texts, mismatched, unexpected, reached)


def rendered(reports: Mapping[str, Report]) -> dict[str, tuple[str, Report]]:
    """Each report with its own ``html`` rendering, ready for :func:`check_html`."""
    return {name: (report.render("html"), report) for name, report in reports.items()}


T = TypeVar("T")


def _shown(report: Report, cells: Sequence[T]) -> list[T]:
    """The cells of the columns a text table shows (not the data-only ones)."""
    return [c for h, c in zip(report.headers, cells, strict=True) if h not in report.data_only]


def _cell(value: str | int | None) -> str:
    return "" if value is None else _flat(str(value)).strip()


@contextlib.contextmanager
def unsafe_html() -> Iterator[None]:
    """Planted bug: reports rendered with tabulate's ``unsafehtml`` (a negative control)."""

    def unescaped(*args: object, tablefmt: str = "simple", **kwargs: object) -> str:
        fmt = "unsafehtml" if tablefmt == "html" else tablefmt
        return tabulate(*args, tablefmt=fmt, **kwargs)  # type: ignore[arg-type]

    saved = report_module.tabulate
    report_module.tabulate = unescaped  # type: ignore[assignment]
    try:
        yield
    finally:
        report_module.tabulate = saved


# -- Markdown --------------------------------------------------------------------------------


def gfm_cells(line: str) -> int:
    """Cells in a table line as GFM reads it: split at each ``|`` without a backslash just
    before it; a leading and a trailing pipe close the row."""
    row = line.strip()
    parts = re.split(r"(?<!\\)\|", row)
    if parts and not parts[0].strip() and row.startswith("|"):
        parts = parts[1:]
    if parts and not parts[-1].strip() and re.search(r"(?<!\\)\|$", row):
        parts = parts[:-1]
    return len(parts)


_PYMD_TOKEN = re.compile(r"(\\\\)|(\\`+)|(`+)|(\\\|)|(\|)")
_PYMD_END = re.compile(r"(?<!\\)(?:\\\\)*\|$")


def python_markdown_cells(line: str) -> int:
    """Cells in a table line as Python-Markdown's ``tables`` extension reads it.

    Its rules: the outer pipes are dropped; then the line is read in tokens, a backslash pair
    being one literal backslash; a backtick run (one escaped by a backslash counts one shorter,
    and cannot open) opens a code span closed by the next run of the same length; a pipe
    separates cells unless it is escaped or inside such a span.
    """
    row = line.strip(" ")
    if row.startswith("|"):
        row = row[1:]
    row = _PYMD_END.sub("", row)
    runs: list[tuple[int, bool, int, int]] = []  # (length, escaped, start, end)
    pipes: list[int] = []
    for token in _PYMD_TOKEN.finditer(row):
        if token[2]:
            runs.append((len(token[2]) - 1, True, token.start(2), token.end(2) - 1))
        elif token[3]:
            runs.append((len(token[3]), False, token.start(3), token.end(3) - 1))
        elif token[5]:
            pipes.append(token.start(5))
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        length, escaped, start, _ = runs[index]
        opening = length - 1 if escaped else length
        close = next((j for j in range(index + 1, len(runs)) if runs[j][0] == opening), None)
        if opening == 0 or close is None:
            index += 1
            continue
        spans.append((start, runs[close][3]))
        index = close + 1
    return 1 + sum(not any(a <= pipe <= b for a, b in spans) for pipe in pipes)


@attrs.frozen
class MarkdownCheck:
    rows: int
    """Table lines read (by each of the two rules)."""
    gfm_changed: int
    python_markdown_changed: int
    raw_angle_brackets: int
    """Outputs in which a ``<`` appears."""


def check_markdown(
    reports: Mapping[str, Report], formats: tuple[str, ...] = ("pipe", "github")
) -> MarkdownCheck:
    rows = gfm = pymd = angles = 0
    for report in reports.values():
        width = len(report.headers) - len(report.data_only)
        for fmt in formats:
            text = report.render(fmt)
            angles += "<" in text
            parts = text.split("\n\n")
            table = parts[1].splitlines() if len(parts) > 1 else []
            if len(table) != len(report.rows) + 2:  # a line break got into a cell
                gfm += 1
                pymd += 1
            for line in table:
                rows += 1
                gfm += gfm_cells(line) != width
                pymd += python_markdown_cells(line) != width
    return MarkdownCheck(rows, gfm, pymd, angles)


@contextlib.contextmanager
def _escapes(table: Mapping[str, Callable[[str], str]]) -> Iterator[None]:
    saved = escaping_module._CELL_ESCAPES
    escaping_module._CELL_ESCAPES = table
    try:
        yield
    finally:
        escaping_module._CELL_ESCAPES = saved


def no_markdown_escaping() -> contextlib.AbstractContextManager[None]:
    """Planted bug: Markdown cells written as they are (a negative control)."""
    return _escapes({})


def pipe_only_escaping() -> contextlib.AbstractContextManager[None]:
    """Planted bug: only ``|`` and ``<`` escaped, backslashes and backticks left alone (the
    library's rule before this harness; a negative control for Python-Markdown's reading)."""

    def escape(text: str) -> str:
        return text.replace("|", "\\|").replace("<", "&lt;")

    return _escapes({"pipe": escape, "github": escape})
