"""Sources: where a fact comes from (an article, a communique, a treaty text)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlsplit

import attrs
import pendulum

from mou_tracker.domain import _fields
from mou_tracker.domain.dates import PartialDate
from mou_tracker.domain.vocabulary import check_encodable
from mou_tracker.errors import ValidationError

__all__ = ["Source"]


def _url(_instance: object, _attribute: object, value: str | None) -> None:
    if value is None:
        return
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValidationError(f"url must be an http(s) address, got {value!r}", field="url")
    check_encodable(value, "url")


def _to_pendulum_date(value: dt.date | None) -> pendulum.Date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationError(f"accessed must be a date, got {value!r}", field="accessed")
    if isinstance(value, pendulum.Date):
        return value
    return pendulum.Date(value.year, value.month, value.day)


@attrs.frozen(kw_only=True)
class Source:
    """A citation for a fact: agreements, engagements, status changes and commitments cite them."""

    title: str = attrs.field(validator=_fields.text)
    publisher: str | None = attrs.field(default=None, validator=_fields.optional_text)
    url: str | None = attrs.field(default=None, validator=_url)
    published: PartialDate | None = attrs.field(
        default=None, converter=_fields.to_optional_partial_date
    )
    accessed: pendulum.Date | None = attrs.field(default=None, converter=_to_pendulum_date)
    """The day the source was read (web pages change)."""


def to_sources(value: Iterable[Source]) -> tuple[Source, ...]:
    return _fields.items_of(value, Source)
