"""Escaping report text for each output: table markup, control characters, CSV formulas."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import attrs

__all__ = ["flat", "neutralise_formula", "text_escaper", "unneutralise_formula"]

_MARKDOWN_SPECIAL = re.compile(r"(\\*)([|`<])")
_MARKDOWN_ESCAPES = {"|": "\\|", "`": "\\`", "<": "&lt;"}


def _escape_markdown(text: str) -> str:
    """Markdown table cells: ``|`` -> ``\\|``, a backtick -> ``\\```, ``<`` -> ``&lt;``, and any
    backslashes just before one of them doubled.

    GFM splits a row at every ``|`` not preceded by a backslash; Python-Markdown first pairs
    backslashes (``\\\\`` is a literal one) and keeps pipes inside backtick code spans, which may
    run across cells. With every pipe and backtick escaped by a backslash of its own, both read
    the same cells, and ``<`` can never open an HTML tag.
    """
    return _MARKDOWN_SPECIAL.sub(lambda m: m[1] * 2 + _MARKDOWN_ESCAPES[m[2]], text)


def _replacing(table: Mapping[str, str]) -> Callable[[str], str]:
    def escape(text: str) -> str:
        for char, replacement in table.items():
            text = text.replace(char, replacement)
        return text

    return escape


_CELL_ESCAPES: Mapping[str, Callable[[str], str]] = {
    # Table markup whose cell separator is "|": an unescaped "|" in a cell would add a column.
    "pipe": _escape_markdown,
    "github": _escape_markdown,
    "jira": _replacing({"|": "\\|"}),
    "mediawiki": _replacing({"|": "&#124;"}),
    "orgtbl": _replacing({"|": "\\vert{}"}),
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
"""Line breaks, tabs and other control characters (terminal escape sequences start with one)."""
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0", "'")
"""A spreadsheet may run a cell starting with one of these as a formula (CSV injection)."""


def flat(text: str) -> str:
    return _CONTROL.sub(" ", text)


def text_escaper(fmt: str) -> _Escaper:
    """Flattens control characters, then applies ``fmt``'s cell escapes (if it has any)."""
    return _Escaper(_CELL_ESCAPES.get(fmt))


@attrs.frozen
class _Escaper:
    """Flattens control characters, then applies a format's escapes (if it has any)."""

    escape: Callable[[str], str] | None

    def __call__(self, text: str) -> str:
        text = flat(text)
        return text if self.escape is None else self.escape(text)


def neutralise_formula(text: str) -> str:
    """``text`` as written to a CSV cell: with a leading ``'`` when it starts with ``=``,
    ``+``, ``-``, ``@``, a tab, a carriage return, a NUL or ``'`` (so a spreadsheet shows it
    as text instead of running it as a formula), else unchanged.

    A leading ``'`` is itself escaped, so :func:`unneutralise_formula` recovers every text
    exactly:

    >>> neutralise_formula("=HYPERLINK(1)"), neutralise_formula("'quoted"), neutralise_formula("a")
    ("'=HYPERLINK(1)", "''quoted", 'a')
    """
    return "'" + text if text.startswith(_FORMULA_TRIGGERS) else text


def unneutralise_formula(cell: str) -> str:
    """The original text of a CSV cell written by :meth:`Report.to_csv`: one leading ``'``
    removed, if there is one.

    >>> unneutralise_formula("'=HYPERLINK(1)"), unneutralise_formula("''quoted")
    ('=HYPERLINK(1)', "'quoted")
    """
    return cell[1:] if cell.startswith("'") else cell
