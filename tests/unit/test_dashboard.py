"""The dashboard without a browser: what the HTML holds, its escaping and its CSP."""

from __future__ import annotations

import base64
import hashlib
import re
import runpy
import sys
import types
from html.parser import HTMLParser
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner
from hostile_store import AS_OF, hostile_store, promises

from mou_tracker import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    InMemoryRepository,
    JsonRepository,
    Party,
    Source,
    StatusChange,
)
from mou_tracker.cli import cli
from mou_tracker.dashboard import render_dashboard, write_dashboard
from mou_tracker.dashboard.csp import element_text
from mou_tracker.dashboard.figures import chart_sections
from mou_tracker.dashboard.markup import element, link
from mou_tracker.dashboard.sources import source_list
from mou_tracker.dashboard.tables import MAX_ROWS, table
from mou_tracker.domain.filters import Filters
from mou_tracker.errors import MouTrackerError
from mou_tracker.reports import status_by_area
from mou_tracker.reports.escaping import flat

DAY = pendulum.Date(2025, 10, 15)


class Page(HTMLParser):
    """What a browser's parser finds: elements with their attributes, texts, and the text
    inside each ``<script>`` and ``<style>``."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self.inline: dict[str, list[str]] = {"script": [], "style": []}
        self._open: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._open.append(tag)
        if tag in self.inline:
            self.inline[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1] in self.inline:
            self.inline[self._open[-1]][-1] += data
        else:
            self.texts.append(data)

    def policy(self) -> dict[str, list[str]]:
        (content,) = [
            a["content"]
            for t, a in self.tags
            if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
        ]
        assert content is not None
        return {
            name: values
            for name, *values in (part.split() for part in content.split(";") if part.strip())
        }


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.fixture
def seed(seed_example_store: Path) -> JsonRepository:
    return JsonRepository(seed_example_store)


@pytest.fixture(scope="module")
def seed_example_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "seed.json"
    example = Path(__file__).resolve().parents[2] / "examples" / "pakistan_kazakhstan_2025.py"
    module = runpy.run_path(str(example))
    repo = JsonRepository(path)
    module["record_the_case"](repo)
    module["follow_up"](repo)
    return path


def test_every_hostile_text_of_the_store_is_text_in_the_page_and_no_markup() -> None:
    repo, texts = hostile_store()
    page = Page(render_dashboard(repo, as_of=AS_OF))
    assert [t for t, _ in page.tags].count("script") == 1  # the sorting script only
    assert not {t for t, _ in page.tags} & {"img", "iframe", "textarea", "object", "embed"}
    assert not [n for _, a in page.tags for n in a if n.startswith("on")]
    shown = " | ".join(page.texts)
    for promise in promises(texts):
        assert flat(promise) in shown
    assert all(flat(label) in shown for label in texts[:3])  # area labels too


def test_the_csp_allows_exactly_the_inline_script_and_style_by_their_hashes(
    seed: JsonRepository,
) -> None:
    page = Page(render_dashboard(seed, as_of=DAY))
    policy = page.policy()
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == [_hash(s) for s in page.inline["script"]]
    assert sorted(policy["style-src"]) == sorted({_hash(s) for s in page.inline["style"]})
    assert policy["img-src"] == ["data:"]
    assert policy["base-uri"] == policy["form-action"] == ["'none'"]
    assert "'unsafe-inline'" not in " ".join(v for vs in policy.values() for v in vs)
    assert not [a for _, a in page.tags if "style" in a]  # no style attribute anywhere


def test_the_page_loads_nothing_from_a_network_only_links_to_sources(
    seed: JsonRepository,
) -> None:
    markup = render_dashboard(seed, as_of=DAY)
    page = Page(markup)
    loading = [
        (tag, name, value)
        for tag, attributes in page.tags
        for name, value in attributes.items()
        if name in {"src", "href", "srcset", "data", "action", "poster", "xlink:href"}
        and not (tag == "a" and name == "href")
        and not (tag == "use" and value.startswith("#"))  # a chart's reference to itself
        and not (tag == "image" and value.startswith("data:"))  # inline, allowed by img-src
    ]
    assert loading == []
    assert not {t for t, _ in page.tags} & {"link", "iframe", "base", "form"}
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", " ".join(page.inline["style"]))
    hrefs = [a["href"] for t, a in page.tags if t == "a" and a.get("href")]
    assert all(h.startswith(("#", "http://", "https://")) for h in hrefs if h)


def test_without_the_sorting_script_the_tables_are_all_there(seed: JsonRepository) -> None:
    with_script = Page(render_dashboard(seed, as_of=DAY))
    without = Page(render_dashboard(seed, as_of=DAY, script=False))
    assert without.inline["script"] == []
    assert without.policy()["script-src"] == ["'none'"]
    assert [t for t, _ in without.tags].count("table") == [t for t, _ in with_script.tags].count(
        "table"
    )
    assert [t for t in without.texts if t.strip()] == [t for t in with_script.texts if t.strip()]


def test_the_status_by_area_table_holds_every_row_of_the_report(seed: JsonRepository) -> None:
    report = status_by_area(seed, as_of=DAY)
    markup = render_dashboard(seed, as_of=DAY)
    assert f'data-rows="{len(report.rows)}"' in markup
    for row in report.rows:
        assert f"<td>{row[0]}</td>" in markup


def test_a_long_table_is_cut_with_a_row_saying_how_many_more() -> None:
    rows = [(f"r{i}", i) for i in range(MAX_ROWS + 50)]
    markup = table("Many", ("Name", "Count"), rows)
    assert markup.count("<tr>") == MAX_ROWS + 2  # the header, the rows shown, the last row
    assert "and 50 more" in markup
    assert '<th scope="col" class="num">Count</th>' in markup


def test_only_http_and_https_addresses_become_links() -> None:
    assert link("javascript:alert(1)", "x") == "x"
    assert link("data:text/html,<script>", "<b>") == "&lt;b&gt;"
    assert link('https://x.example/"><script>', "t") == (
        '<a href="https://x.example/&quot;&gt;&lt;script&gt;" rel="noopener noreferrer">t</a>'
    )
    assert element("p", "a\x1b[31mb\nc") == "<p>a [31mb c</p>"


def test_sources_are_listed_once_with_the_records_citing_them() -> None:
    repo = InMemoryRepository()
    source = Source(title="<Communiqué>", url="https://example.org/a?b=1&c=2")
    for number in (1, 2):
        repo.add(
            Agreement(
                id=f"a{number}",
                kind=AgreementKind.MOU,
                title="t",
                parties=(Party(country="PK"), Party(country="KZ")),
                history=[StatusChange(status=AgreementStatus.SIGNED, date="2025-01-01")],
                sources=[source],
            )
        )
    markup = source_list(list(repo.records()))
    assert markup.count("<li>") == 1
    assert 'href="https://example.org/a?b=1&amp;c=2"' in markup
    assert "&lt;Communiqué&gt;" in markup
    assert "cited by a1, a2" in markup


def test_without_the_charts_module_each_chart_section_is_its_table_with_a_note(
    seed: JsonRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "mou_tracker.charts", None)  # import fails
    sections = chart_sections(seed, DAY, Filters())
    assert [s.id for s in sections] == [
        "chart-timeline",
        "chart-matrix",
        "chart-deadlines",
        "chart-by-year",
    ]
    assert all(s.svg is None for s in sections)
    assert all("pip install 'mou-tracker[charts]'" in (s.note or "") for s in sections)
    assert all("<table" in s.tables for s in sections)


class _FakeChart:
    description = "A chart of <things>."

    def svg(self, *, id_prefix: str) -> str:
        return (
            f'<svg role="img" aria-labelledby="{id_prefix}title"><title id="{id_prefix}title">'
            "T</title><defs><style>*{stroke-linejoin: round}</style></defs>"
            '<path style="fill: #1f77b4; stroke: none" d="M0 0"/></svg>'
        )


def test_a_drawn_chart_is_inlined_with_presentation_attributes_and_its_style_hashed(
    seed: JsonRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    charts = types.ModuleType("mou_tracker.charts")
    for name in ("timeline", "matrix", "deadlines", "by_year"):
        setattr(charts, name, lambda repo, **kw: _FakeChart())
    monkeypatch.setitem(sys.modules, "mou_tracker.charts", charts)
    markup = render_dashboard(seed, as_of=DAY)
    page = Page(markup)
    assert '<path fill="#1f77b4" stroke="none" d="M0 0"/>' in markup
    assert markup.count("<figcaption>A chart of &lt;things&gt;.</figcaption>") == 4
    assert _hash("*{stroke-linejoin: round}") in page.policy()["style-src"]
    assert not [a for _, a in page.tags if "style" in a]


def test_a_chart_that_declines_to_draw_leaves_its_table_and_says_why(
    seed: JsonRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(repo: object, **kw: object) -> None:
        raise MouTrackerError("too many bars: use a filter")

    charts = types.ModuleType("mou_tracker.charts")
    charts.matrix = refuse  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "mou_tracker.charts", charts)
    (matrix,) = [s for s in chart_sections(seed, DAY, Filters()) if s.id == "chart-matrix"]
    assert matrix.svg is None
    assert "too many bars: use a filter" in (matrix.note or "")


def test_the_dashboard_command_writes_the_page_and_says_where(
    seed_example_store: Path, tmp_path: Path
) -> None:
    out = tmp_path / "brief.html"
    result = CliRunner().invoke(
        cli,
        [
            *("--repo", str(seed_example_store), "dashboard", "--pair", "PK-KZ"),
            *("--as-of", "2025-12-15", "-o", str(out)),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote the dashboard to {out}\n"
    assert "Relations brief (pair Kazakhstan–Pakistan)" in out.read_text(encoding="utf-8")


def test_write_dashboard_returns_the_path_it_wrote(seed: JsonRepository, tmp_path: Path) -> None:
    path = write_dashboard(seed, tmp_path / "b.html", as_of=DAY, country="KZ")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_chart_needing_a_missing_library_or_failing_to_render_leaves_its_table(
    seed: JsonRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_matplotlib(repo: object, **kw: object) -> None:
        raise ImportError("No module named 'matplotlib'")

    class Unrenderable:
        description = "d"

        def svg(self, *, id_prefix: str) -> str:
            raise MouTrackerError("cannot render")

    charts = types.ModuleType("mou_tracker.charts")
    charts.matrix = no_matplotlib  # type: ignore[attr-defined]
    charts.by_year = lambda repo, **kw: Unrenderable()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "mou_tracker.charts", charts)
    sections = {s.id: s for s in chart_sections(seed, DAY, Filters(area="trade"))}
    assert "pip install 'mou-tracker[charts]'" in (sections["chart-matrix"].note or "")
    assert "cannot render" in (sections["chart-by-year"].note or "")
    assert "no deadlines chart" in (sections["chart-deadlines"].note or "")
    assert all(s.svg is None for s in sections.values())


def test_an_svg_style_element_is_hashed_as_the_browser_reads_it() -> None:
    assert element_text("<![CDATA[a > b]]>") == "a > b"
    assert element_text("a &gt; b") == "a > b"


def test_an_address_that_cannot_be_parsed_is_text() -> None:
    assert link("http://[", "t") == "t"
