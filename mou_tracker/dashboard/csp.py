r"""The page's Content-Security-Policy: no network load at all, and only the page's own
script and styles, each allowed by the SHA-256 of its exact text.

- ``default-src 'none'``: no fetch, image, font, frame, media, worker or connection, except
- ``script-src 'sha256-...'``: the sorting script, and nothing else (no injected
  ``<script>``, no ``onerror=`` handler, no ``javascript:`` link can run);
- ``style-src 'sha256-...'``: the page's stylesheet and the charts' ``<style>`` elements;
  no ``style`` attribute (the charts' are rewritten as SVG presentation attributes, which
  no CSP governs: see :mod:`mou_tracker.dashboard.svg`);
- ``img-src data:``: images embedded in the page itself only;
- ``base-uri 'none'; form-action 'none'``: no ``<base>`` to redirect links, no form to send.

>>> print(policy(scripts=["x"], styles=[]).replace("; ", ";\n"))
default-src 'none';
script-src 'sha256-LXEWQrcmsEQBYnyp+6wy9chTD7GQPMTbAiWHF5IaSIE=';
style-src 'none';
img-src data:;
base-uri 'none';
form-action 'none'
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Iterable

__all__ = ["policy", "source_hash"]


def source_hash(text: str) -> str:
    """``'sha256-<base64>'`` of ``text`` encoded as UTF-8, as a CSP source expression."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def element_text(markup: str) -> str:
    """What a browser hashes for an inline ``<style>``: the element's text as parsed (an SVG
    ``<style>`` may hold a CDATA section or entities)."""
    if markup.strip().startswith("<![CDATA[") and markup.rstrip().endswith("]]>"):
        start, end = markup.index("<![CDATA[") + 9, markup.rindex("]]>")
        return markup[: start - 9] + markup[start:end] + markup[end + 3 :]
    return html.unescape(markup)


def _sources(texts: Iterable[str]) -> str:
    hashes = sorted({source_hash(text) for text in texts})
    return " ".join(hashes) if hashes else "'none'"


def policy(*, scripts: Iterable[str], styles: Iterable[str]) -> str:
    """The policy allowing exactly these inline scripts and styles (their texts)."""
    return (
        f"default-src 'none'; script-src {_sources(scripts)}; style-src {_sources(styles)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
