"""Hostile texts, and a repository that carries them through the normal API.

:func:`formula_texts` start like a spreadsheet formula (``=``, ``+``, ``-``, ``@``, a tab, CR,
NUL, or a leading ``'`` that must survive the round trip); :func:`markup_texts` are full of HTML
and Markdown syntax. :func:`plant` puts five texts into each pair of records (agreement title,
signature place and notes, commitment text, engagement title) and declares cooperation areas
whose labels are hostile too (they become headers of the area matrix), so the texts reach every
report and export the way a user's data would.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import attrs

from mou_tracker import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Commitment,
    CooperationArea,
    Deadline,
    Engagement,
    EngagementKind,
    Party,
    Repository,
    StatusChange,
)

__all__ = [
    "FORMULA_TRIGGERS",
    "PER_UNIT",
    "Planted",
    "formula_texts",
    "markup_texts",
    "plant",
]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
"""What a spreadsheet may run as a formula when a cell starts with it."""
PER_UNIT = 5
"""Texts planted per agreement-and-engagement pair."""
AREAS = 5

_FORMULA_BODY = (
    "1+1", "SUM(A1:A9)", 'HYPERLINK("http://x.example","click")', "cmd|' /C calc'!A0", "A1",
    ",", ", ", '"', '""', "'", "\n", "\r\n", "\r", "\t", "=", "+", "-", "@", ";", " ", "é",
    "—", "\U0001f600", "abc", "Tashkent", "0", "99", "\\", "|", "<", "&",
)  # fmt: skip
_MARKUP_BODY = (
    "<script>alert(1)</script>", "</td>", "</table>", "<tr>", "<td>", "<!--", "-->",
    "<![CDATA[", "]]>", "&", "&amp;", "&lt;", "&#60;", "&#x3c;", '"', "'",
    "<img src=x onerror=alert(1)>", "<b>", "</b>", "|", "||", "\\", "\\\\", "\\|", "`", "``",
    "\\`", "*", "_", "[x](javascript:alert(1))", "<http://x.example>", "\n", "\t", " ", "  ",
    "a", "Kazakhstan", "é", "\U0001f600", "\x1b[31m", "\u2028", "\x00", "<", ">", "=",
)  # fmt: skip


def _text(rng: random.Random, head: str, body: Sequence[str]) -> str:
    text = head + "".join(rng.choice(body) for _ in range(rng.randint(1, 10)))
    return text if text.strip() else text + "x"  # titles must not be blank


def formula_texts(rng: random.Random, count: int) -> list[str]:
    """``count`` texts starting with a formula trigger (one in eight with ``'`` first)."""
    heads = (*FORMULA_TRIGGERS, "'")
    texts = []
    for _ in range(count):
        head = rng.choice(heads) + (rng.choice(heads) if rng.random() < 0.3 else "")
        texts.append(_text(rng, head, _FORMULA_BODY))
    return texts


def markup_texts(rng: random.Random, count: int) -> list[str]:
    """``count`` texts made of HTML and Markdown syntax, quotes, backslashes and line breaks."""
    return [_text(rng, "", _MARKUP_BODY) for _ in range(count)]


@attrs.frozen
class Planted:
    """Where each planted text went: ``(table, record id, column) -> text``."""

    cells: dict[tuple[str, str, str], str]
    labels: tuple[str, ...]


_PARTIES = (Party(country="PK"), Party(country="KZ"))


def plant(repo: Repository, texts: Sequence[str], labels: Sequence[str]) -> Planted:
    """Add ``len(texts) / PER_UNIT`` agreements and as many engagements carrying ``texts``, and
    declare :data:`AREAS` areas labelled with ``labels``, in one batch."""
    if len(texts) % PER_UNIT or len(labels) != AREAS:
        raise ValueError(f"give a multiple of {PER_UNIT} texts and {AREAS} labels")
    cells: dict[tuple[str, str, str], str] = {}
    with repo.batch():
        for number, label in enumerate(labels):
            repo.declare_area(CooperationArea(code=f"hostile_{number}", label=label))
        for unit in range(len(texts) // PER_UNIT):
            title, place, notes, promise, event = texts[unit * PER_UNIT : (unit + 1) * PER_UNIT]
            areas = {f"hostile_{unit % AREAS}", "trade"}
            agreement_id, engagement_id = f"a{unit:05d}", f"e{unit:05d}"
            repo.add(
                Agreement(
                    id=agreement_id,
                    kind=AgreementKind.MOU,
                    title=title,
                    parties=_PARTIES,
                    history=[StatusChange(status=AgreementStatus.SIGNED, date="2025-01-01")],
                    signature_place=place,
                    notes=notes,
                    areas=areas,
                    commitments=[
                        Commitment(id="c", text=promise, deadline=Deadline(due="2025-06"))
                    ],
                )
            )
            repo.add(
                Engagement(
                    id=engagement_id,
                    kind=EngagementKind.TALKS,
                    title=event,
                    date="2025-03-01",
                    parties=_PARTIES,
                    areas=areas,
                )
            )
            cells |= {
                ("agreements", agreement_id, "title"): title,
                ("agreements", agreement_id, "signature_place"): place,
                ("agreements", agreement_id, "notes"): notes,
                ("commitments", agreement_id, "text"): promise,
                ("engagements", engagement_id, "title"): event,
            }
    return Planted(cells=cells, labels=tuple(labels))
