"""Field helpers shared by the domain classes: converters and validators, no I/O."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import attrs

from mou_tracker.domain.countries import Country, Party
from mou_tracker.domain.dates import PartialDate
from mou_tracker.domain.vocabulary import CooperationArea, check_encodable, validate_slug
from mou_tracker.errors import ValidationError

T = TypeVar("T")


def to_tuple(value: Iterable[T]) -> tuple[T, ...]:
    """Accept any iterable (but not a bare string) and keep it as an immutable tuple."""
    if isinstance(value, str | bytes):
        raise ValidationError(f"expected a collection, got the text {value!r}")
    return tuple(value)


def items_of(value: Iterable[T], cls: type[T]) -> tuple[T, ...]:
    """``value`` as a tuple, checking each item's type (so a dict given where a domain object is
    expected fails here, with a clear message, and not later). mypy's attrs plugin needs each
    field's converter to be a named function: the record modules wrap this in one-liners."""
    items = to_tuple(value)
    for item in items:
        if not isinstance(item, cls):
            raise ValidationError(f"expected {cls.__name__} items, got {type(item).__name__}")
    return items


NO_AREAS: frozenset[str] = frozenset()
"""No area: one shared empty set (most commitments name no area of their own)."""


def to_areas(value: Iterable[str | CooperationArea]) -> frozenset[str]:
    """Area codes from codes or :class:`CooperationArea` values (which codes exist is checked by
    the repository's vocabulary, which knows the declared extras)."""
    if isinstance(value, str | bytes):
        raise ValidationError(f"areas must be a collection of codes, got the text {value!r}")
    areas = frozenset(v.code if isinstance(v, CooperationArea) else v for v in value)
    return areas or NO_AREAS


def to_countries(value: Iterable[Country | str]) -> tuple[Country, ...]:
    return tuple(v if isinstance(v, Country) else Country.parse(v) for v in to_tuple(value))


def to_partial_date(value: PartialDate | str) -> PartialDate:
    return value if isinstance(value, PartialDate) else PartialDate.parse(value)


def to_optional_partial_date(value: PartialDate | str | None) -> PartialDate | None:
    return None if value is None else to_partial_date(value)


def slug(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    validate_slug(value, what=attribute.name)


def text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Required, non-blank text."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{attribute.name} must be non-empty text", field=attribute.name)
    check_encodable(value, attribute.name)


def optional_text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        text(_instance, attribute, value)


_GOOD_CODES: set[str] = set()
"""Area codes already checked (a hot path when loading large repositories)."""


def area_codes(_instance: object, attribute: attrs.Attribute[Any], value: frozenset[str]) -> None:
    for code in value:
        if code not in _GOOD_CODES:
            CooperationArea(code=code, label=code)  # validates the code's shape
            if len(_GOOD_CODES) < 10_000:
                _GOOD_CODES.add(code)


def member_of(cls: type[enum.Enum]) -> Callable[[object, attrs.Attribute[Any], object], None]:
    """A validator: the value is a member of the enum ``cls`` (a plain string is not)."""

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, cls):
            raise ValidationError(
                f"{attribute.name} must be {_article(cls.__name__)} {cls.__name__}, got {value!r}",
                field=attribute.name,
            )

    return check


def optional_instance(cls: type) -> Callable[[object, attrs.Attribute[Any], object], None]:
    """A validator: the value is None or an instance of ``cls`` (no duck typing of strings)."""

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and not isinstance(value, cls):
            raise ValidationError(
                f"{attribute.name} must be {_article(cls.__name__)} {cls.__name__}, got {value!r}",
                field=attribute.name,
            )

    return check


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def unique_ids(what: str, ids: Sequence[str]) -> None:
    if len(ids) < 2 or len(set(ids)) == len(ids):
        return
    seen: set[str] = set()
    for record_id in ids:
        if record_id in seen:
            raise ValidationError(f"duplicate {what} id {record_id!r}", field=what)
        seen.add(record_id)


def to_parties(value: Iterable[Party]) -> tuple[Party, ...]:
    return items_of(value, Party)


def to_ids(value: Iterable[str]) -> tuple[str, ...]:
    return items_of(value, str)
