"""A tiny escaping template helper: every text is escaped unless it is :class:`Markup`.

Text from the store reaches the page only through :func:`escape` (``html.escape`` with
``quote=True``, after control characters become spaces) or :func:`element`, which escapes
every child that is not already :class:`Markup` and every attribute value (always quoted):

>>> str(element("td", "<script>alert(1)</script>", title='a "b"'))
'<td title="a &quot;b&quot;">&lt;script&gt;alert(1)&lt;/script&gt;</td>'
>>> str(link("javascript:alert(1)", "x")), str(link("https://example.org/?a=1&b=2", "y"))
('x', '<a href="https://example.org/?a=1&amp;b=2" rel="noopener noreferrer">y</a>')
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from urllib.parse import urlsplit

from mou_tracker.reports.escaping import flat

__all__ = ["Child", "Markup", "element", "escape", "join", "link", "safe_url"]


class Markup(str):
    """Text that is already HTML (built by this module or by trusted code): never escaped
    again. Build it with :func:`element`, :func:`escape` or :func:`join`; wrap a literal
    only when it holds no data."""

    __slots__ = ()


Child = Markup | str | int | None
"""What an element may hold: markup, text (escaped), a number, or nothing."""


def escape(value: str | int | None) -> Markup:
    """``value`` as HTML text: control characters (line breaks, terminal escapes, NUL) become
    spaces, then ``&``, ``<``, ``>``, ``"`` and ``'`` become entities. ``None`` is empty."""
    if value is None:
        return Markup("")
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(flat(str(value)), quote=True))


def join(children: Iterable[Child], separator: str = "") -> Markup:
    """The children, each escaped unless it is :class:`Markup`, one after the other."""
    return Markup(Markup(separator).join(escape(child) for child in children))


def element(tag: str, *children: Child, **attributes: str | int | bool | None) -> Markup:
    """``<tag attr="...">children</tag>``. Attribute names come from code (``class_`` is
    ``class``, ``aria_label`` is ``aria-label``); their values are escaped and double-quoted;
    ``True`` writes a bare attribute, ``None`` or ``False`` leaves it out."""
    parts = [tag]
    for name, value in attributes.items():
        if value is None or value is False:
            continue
        name = name.rstrip("_").replace("_", "-")
        parts.append(name if value is True else f'{name}="{escape(value)}"')
    return Markup(f"<{' '.join(parts)}>{join(children)}</{tag}>")


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an ``http`` or ``https`` address with a host, else None."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def link(url: str | None, text: str) -> Markup:
    """A link to ``url`` when it is an http(s) address, else ``text`` alone (escaped): a
    ``javascript:`` or ``data:`` address is never a link."""
    target = safe_url(url)
    if target is None:
        return escape(text)
    return element("a", text, href=target, rel="noopener noreferrer")
