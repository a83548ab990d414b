"""The sources the page cites: every source of the records it covers, once each."""

from __future__ import annotations

from collections.abc import Iterator

from mou_tracker.dashboard.markup import Markup, element, escape, join, link, safe_url
from mou_tracker.domain import Agreement, Engagement, Record, Source

__all__ = ["MAX_CITING", "MAX_SOURCES", "cited", "source_list"]

MAX_SOURCES = 300
"""The most sources the page lists; the rest are counted."""
MAX_CITING = 10
"""The most records named as citing one source; the rest are counted."""


def _of(record: Record) -> Iterator[Source | None]:
    yield from record.sources
    if isinstance(record, Agreement):
        yield from (change.source for change in record.history)
    if isinstance(record, Engagement):
        yield from (change.source for change in record.date_changes)
    for commitment in record.commitments:
        yield from commitment.sources
        if commitment.deadline is not None:
            yield from (move.source for move in commitment.deadline.reschedules)


def cited(records: list[Record]) -> list[tuple[Source, list[str]]]:
    """Each source with the ids of the records citing it, in the order first cited."""
    found: dict[Source, list[str]] = {}
    for record in records:
        for source in _of(record):
            if source is None:
                continue
            ids = found.setdefault(source, [])
            if not ids or ids[-1] != record.id:  # a record's sources come one after another
                ids.append(record.id)
    return list(found.items())


def _item(source: Source, ids: list[str]) -> Markup:
    details = [
        part
        for part in (
            source.publisher,
            None if source.published is None else str(source.published),
            None if source.accessed is None else f"read {source.accessed.isoformat()}",
        )
        if part
    ]
    words = [link(source.url, source.title)]
    if details:
        words.append(escape(f" ({', '.join(details)})"))
    if source.url is not None and safe_url(source.url) is None:
        words.append(escape(f" {source.url}"))
    citing = ", ".join(ids[:MAX_CITING])
    if len(ids) > MAX_CITING:
        citing += f" and {len(ids) - MAX_CITING:,} more"
    words.append(element("span", f" cited by {citing}", class_="cited"))
    return element("li", join(words))


def source_list(records: list[Record]) -> Markup:
    """The sources as a list of links (only http and https addresses are links)."""
    sources = cited(records)
    if not sources:
        return element("p", "No record cites a source.")
    items = [_item(source, ids) for source, ids in sources[:MAX_SOURCES]]
    if len(sources) > MAX_SOURCES:
        items.append(element("li", f"and {len(sources) - MAX_SOURCES} more"))
    return element("ol", join(items), class_="sources")
