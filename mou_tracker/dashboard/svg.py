"""Inline SVG that the page's Content-Security-Policy lets the browser draw.

matplotlib writes ``style="fill: #1f77b4; stroke: none"`` attributes. A CSP that allows
styles only by hash blocks every ``style`` attribute (allowing them needs ``'unsafe-inline'``
for all styles, or ``'unsafe-hashes'``), while SVG *presentation attributes*
(``fill="#1f77b4"``) are not styles at all and no CSP governs them. :func:`presentational`
rewrites each style attribute as presentation attributes, so the page keeps a CSP without
``'unsafe-inline'``. ``<style>`` elements stay: their text is hashed into the CSP.
"""

from __future__ import annotations

import re

from mou_tracker.dashboard.markup import escape

__all__ = ["presentational", "style_texts"]

_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style>", re.DOTALL)
_FONT = re.compile(
    r"^(?:(?P<style>normal|italic|oblique)\s+)?(?:(?P<weight>normal|bold|bolder|lighter|\d{3})\s+)?"
    r"(?P<size>[\d.]+(?:px|pt|em|%))(?:/[\d.]+\S*)?\s+(?P<family>.+)$"
)
_PRESENTATION = frozenset(
    {
        "alignment-baseline", "baseline-shift", "clip-path", "clip-rule", "color",
        "dominant-baseline", "display", "fill", "fill-opacity", "fill-rule", "filter",
        "font-family", "font-size", "font-stretch", "font-style", "font-variant",
        "font-weight", "letter-spacing", "marker-end", "marker-mid", "marker-start", "mask",
        "opacity", "overflow", "paint-order", "shape-rendering", "stop-color", "stop-opacity",
        "stroke", "stroke-dasharray", "stroke-dashoffset", "stroke-linecap",
        "stroke-linejoin", "stroke-miterlimit", "stroke-opacity", "stroke-width",
        "text-anchor", "text-decoration", "visibility", "white-space", "word-spacing",
        "writing-mode",
    }
)  # fmt: skip
"""The CSS properties that SVG also takes as attributes."""


def _declarations(style: str) -> list[tuple[str, str]]:
    found = []
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip().lower(), value.strip()
        if not name or not value:
            continue
        if name == "font":
            match = _FONT.match(value)
            if match is None:
                continue
            found += [
                (f"font-{part}", match[part])
                for part in ("style", "weight", "size", "family")
                if match[part]
            ]
        elif name in _PRESENTATION:
            found.append((name, value))
    return found


def _attributes(match: re.Match[str]) -> str:
    style = match[1].replace("&quot;", '"').replace("&#39;", "'").replace("&amp;", "&")
    return "".join(f' {name}="{escape(value)}"' for name, value in _declarations(style))


def presentational(svg: str) -> str:
    """``svg`` with every ``style="..."`` attribute rewritten as presentation attributes
    (a property SVG does not take as an attribute is dropped).

    >>> presentational('<path style="fill: #fff; stroke-width: 0.8"/>')
    '<path fill="#fff" stroke-width="0.8"/>'
    >>> presentational('<text style="font: 10px \\'DejaVu Sans\\'; text-anchor: middle">a</text>')
    '<text font-size="10px" font-family="&#x27;DejaVu Sans&#x27;" text-anchor="middle">a</text>'
    """
    return _STYLE_ATTRIBUTE.sub(_attributes, svg)


def style_texts(markup: str) -> list[str]:
    """The text of every ``<style>`` element of ``markup`` (to hash into the CSP)."""
    return _STYLE_ELEMENT.findall(markup)
