"""What the generator (:mod:`tools.gen_prechecked`) knows of the model: which classes it
starts from, which converters only normalise, which validators have a quick
condition or a verdict per value, and which validators a value surely passes."""

from __future__ import annotations

import enum
import types
from collections.abc import Callable
from typing import Any, Union, get_args, get_origin

import attrs

from mou_tracker.domain import Agreement, Country, Engagement, PartialDate

__all__ = [
    "NORMALISERS",
    "PURE",
    "QUICK",
    "ROOTS",
    "TEXTS",
    "implied",
    "passes_on",
    "split_optional",
    "supported",
]

ROOTS: tuple[type, ...] = (Agreement, Engagement)
TEXTS: tuple[type, ...] = (PartialDate, Country)
"""attrs classes the converter reads from a text (its own hooks, used here too)."""

NORMALISERS = frozenset(
    {
        "mou_tracker.domain._fields.to_partial_date",
        "mou_tracker.domain._fields.to_optional_partial_date",
        "mou_tracker.domain._fields.to_areas",
        "mou_tracker.domain._fields.to_countries",
        "mou_tracker.domain._fields.to_parties",
        "mou_tracker.domain._fields.to_ids",
        "mou_tracker.domain.agreements._history",
        "mou_tracker.domain.agreements._relations",
        "mou_tracker.domain.commitments._progressnotes",
        "mou_tracker.domain.commitments.to_commitments",
        "mou_tracker.domain.countries._to_country",
        "mou_tracker.domain.deadlines._reschedules",
        "mou_tracker.domain.deadlines._kinds",
        "mou_tracker.domain.engagements._date_changes",
        "mou_tracker.domain.sources._to_pendulum_date",
        "mou_tracker.domain.sources.to_sources",
    }
)
"""Field converters that, given a value of the field's type built here, return an equal value
of the same type (they turn lists into tuples, texts into dates..., and check item types).
Any other converter is run (``test_prechecked`` checks the list against the model)."""

QUICK = {
    "mou_tracker.domain._fields.text": "{x} and {x}.isascii() and not {x}.isspace()",
    "mou_tracker.domain._fields.optional_text": (
        "{x} is None or ({x} and {x}.isascii() and not {x}.isspace())"
    ),
    "mou_tracker.domain.sources._url": "{x} is None or URL({x}) is not None",
}
"""Validators of text fields, and a condition on the text built here under which they pass:
they run only when it does not hold (a plain http(s) address for ``_url``: any address whose
host has no port, brackets or other characters than these is one ``urlsplit`` takes)."""
PURE = frozenset({"mou_tracker.domain._fields.slug"})
"""Validators whose verdict depends on the value alone: within a load, each value passes once
(commitment ids repeat from record to record)."""


class _Poisoned:
    """Stands for the instance when a validator is tried on a default: it has no fields."""

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(name)


def passes_on(validator: Callable[..., Any], field: attrs.Attribute[Any], value: Any) -> bool:
    """Whether ``validator`` accepts ``value`` without looking at the instance."""
    try:
        validator(_Poisoned(), field, value)
    except Exception:
        return False
    return True


def split_optional(t: Any) -> tuple[bool, Any]:
    """Whether ``t`` is ``X | None``, and ``X`` (``t`` itself if not)."""
    args = get_args(t)
    if (get_origin(t) is Union or get_origin(t) is types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return True, rest[0] if len(rest) == 1 else Union[tuple(rest)]  # noqa: UP007
    return False, t


def implied(validator: Callable[..., Any], field: attrs.Attribute[Any], t: Any) -> bool:
    """Whether ``validator`` accepts every value structuring gives a field of type ``t``: an
    enum's members (and None when optional), each tried."""
    optional, inner = split_optional(t)
    if not (isinstance(inner, type) and issubclass(inner, enum.Enum)):
        return False
    values = [*inner, *([None] if optional else [])]
    return all(passes_on(validator, field, value) for value in values)


def supported(cls: type) -> bool:
    """Whether the generator builds ``cls`` itself (else it uses the converter's hook)."""
    return not hasattr(cls, "__attrs_pre_init__") and all(
        f.init
        and f.kw_only
        and f.alias == f.name
        and not isinstance(f.converter, attrs.Converter)
        and not (isinstance(f.default, attrs.Factory) and f.default.takes_self)  # type: ignore[arg-type]
        for f in attrs.fields(cls)
    )
