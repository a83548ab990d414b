"""The one private, strict cattrs converter between domain objects and JSON-ready values.

Strict means: no coercion (``"5"`` is not an int, ``1`` is not ``True``, a text is not a list),
unknown keys are rejected, and every error carries its JSON path through
:func:`describe_errors`. pendulum dates come back as pendulum dates.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Callable, Iterable
from typing import Any, get_args, get_origin

import attrs
import cattrs
import pendulum
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn
from cattrs.v import format_exception, transform_error

from mou_tracker.domain import (
    AgreementKind,
    AgreementStatus,
    AnchorRelation,
    CommitmentStatus,
    Country,
    EngagementKind,
    IntervalUnit,
    PartialDate,
    Precision,
    RelationKind,
)
from mou_tracker.errors import MouTrackerError, UnknownCountryError, ValidationError

__all__ = ["MAX_JSON_INT", "describe_errors", "extra_fields", "make_converter", "show_key"]

MAX_JSON_INT = 2**53 - 1
"""The largest integer (either way) every JSON reader keeps exact (RFC 7493, I-JSON); larger
ones are refused when read, and so never reach a save (orjson cannot even write beyond 64 bits)."""

_ENUMS: tuple[type[enum.Enum], ...] = (
    AnchorRelation,
    IntervalUnit,
    AgreementKind,
    AgreementStatus,
    CommitmentStatus,
    EngagementKind,
    Precision,
    RelationKind,
)
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class StrictTypeError(TypeError):
    """A JSON value has the wrong JSON type (raised inside structuring hooks)."""


def _json_type(value: object) -> str:
    names = {str: "text", bool: "a boolean", int: "an integer", float: "a number", list: "a list"}
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "an object"
    return names.get(type(value), type(value).__name__)


def _strict(expected: type, name: str) -> Callable[[Any, Any], Any]:
    def hook(value: Any, _type: Any) -> Any:
        if type(value) is not expected:
            raise StrictTypeError(f"expected {name}, got {_json_type(value)}")
        return value

    return hook


def _structure_int(value: Any, _type: Any) -> int:
    if type(value) is not int:
        raise StrictTypeError(f"expected an integer, got {_json_type(value)}")
    if not -MAX_JSON_INT <= value <= MAX_JSON_INT:
        raise ValueError(f"integer out of range (at most {MAX_JSON_INT:,} either way)")
    return value


def _structure_partial_date(value: Any, _type: Any) -> PartialDate:
    if type(value) is not str:
        raise StrictTypeError(f"expected a date as text, got {_json_type(value)}")
    return PartialDate.parse(value)


def _structure_country(value: Any, _type: Any) -> Country:
    if type(value) is not str:
        raise StrictTypeError(f"expected an alpha-2 country code, got {_json_type(value)}")
    try:
        return Country.of(value)
    except UnknownCountryError as exc:  # the JSON value is the code itself: no field below it
        raise UnknownCountryError(str(exc)) from None


def _structure_pendulum_date(value: Any, _type: Any) -> pendulum.Date:
    if type(value) is not str or not _ISO_DAY.fullmatch(value):
        raise StrictTypeError(f"expected a day as YYYY-MM-DD text, got {value!r}")
    year, month, day = map(int, value.split("-"))
    try:
        return pendulum.Date(year, month, day)
    except ValueError:
        raise ValueError(f"invalid day {value!r}") from None


def _enum_hook(cls: type[enum.Enum]) -> Callable[[Any, Any], Any]:
    values = {member.value: member for member in cls}

    def hook(value: Any, _type: Any) -> Any:
        if type(value) is not str or value not in values:
            choices = ", ".join(sorted(values))
            raise ValueError(f"expected one of {choices}; got {value!r}")
        return values[value]

    return hook


def _enum_value(member: enum.Enum) -> Any:
    return member.value


def _is_collection(t: Any) -> bool:
    origin = get_origin(t)
    if origin is frozenset:
        return True
    args = get_args(t)
    return origin is tuple and len(args) == 2 and args[1] is Ellipsis


def _collection_hook(t: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    origin = get_origin(t)
    element = get_args(t)[0]
    element_hook = converter.get_structure_hook(element)
    if not converter.detailed_validation:
        return _fast_collection_hook(origin is frozenset, element, element_hook)

    def hook(value: Any, _type: Any) -> Any:
        if type(value) is not list:
            raise StrictTypeError(f"expected a list, got {_json_type(value)}")
        items: list[Any] = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            try:
                items.append(element_hook(item, element))
            except Exception as exc:  # collected and re-raised as a group, with the index
                exc.__notes__ = [
                    *getattr(exc, "__notes__", []),
                    IterableValidationNote(f"Structuring {t} @ index {index}", index, element),
                ]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {t!r}", errors, t)
        if origin is frozenset:
            result = frozenset(items)
            if len(result) != len(items):
                raise ValueError("a value is listed twice")
            return result
        return tuple(items)

    return hook


def _fast_collection_hook(
    is_set: bool, element: Any, element_hook: Callable[[Any, Any], Any]
) -> Callable[[Any, Any], Any]:
    """The same checks without collecting every error (the detailed converter explains)."""

    def hook(value: Any, _type: Any) -> Any:
        if type(value) is not list:
            raise StrictTypeError(f"expected a list, got {_json_type(value)}")
        items = [element_hook(item, element) for item in value]
        if not is_set:
            return tuple(items)
        result = frozenset(items)
        if len(result) != len(items):
            raise ValueError("a value is listed twice")
        return result

    return hook


def _unstructure_collection(value: Iterable[Any], unstructure: Callable[[Any], Any]) -> list[Any]:
    items = [unstructure(v) for v in value]
    if isinstance(value, frozenset):
        items.sort(key=str)  # one text form: sets are written sorted
    return items


@functools.cache
def make_converter(*, detailed: bool = True) -> cattrs.Converter:
    """Build the converter once (on first use) and share it; it is never modified afterwards.

    ``detailed=False`` gives the same strict converter without cattrs' detailed validation: it
    is faster, for bulk loads, and its errors carry no path, so a failure is structured again
    with the detailed one to report where it is.
    """
    converter = cattrs.Converter(
        forbid_extra_keys=True, omit_if_default=True, detailed_validation=detailed
    )
    # Hooks registered by type win over cattrs' own; bool is registered apart from int, and each
    # enum apart from str (StrEnum is a str subclass), so the most specific hook always applies.
    for exact, name in ((str, "text"), (bool, "true or false")):
        converter.register_structure_hook(exact, _strict(exact, name))
    converter.register_structure_hook(int, _structure_int)
    for enum_class in _ENUMS:
        converter.register_structure_hook(enum_class, _enum_hook(enum_class))
        converter.register_unstructure_hook(enum_class, _enum_value)
    converter.register_structure_hook(PartialDate, _structure_partial_date)
    converter.register_unstructure_hook(PartialDate, PartialDate.isoformat)
    converter.register_structure_hook(Country, _structure_country)
    converter.register_unstructure_hook(Country, lambda c: c.code)
    converter.register_structure_hook(pendulum.Date, _structure_pendulum_date)
    converter.register_unstructure_hook(pendulum.Date, lambda d: d.isoformat())
    converter.register_structure_hook_factory(_is_collection, _collection_hook)
    if detailed:  # it runs only to explain a failure, so it may spend a check per object
        converter.register_structure_hook_factory(attrs.has, _object_hook)
    converter.register_unstructure_hook_factory(
        _is_collection,
        lambda _t, c: lambda value: _unstructure_collection(value, c.unstructure),
    )
    return converter


def _object_hook(cls: type, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    """cattrs' generated hook for an attrs class, refusing anything but a JSON object first (a
    list or text there would otherwise fail inside the hook with an unhelpful message)."""
    structure: Callable[[Any, Any], Any] = make_dict_structure_fn(cls, converter)

    def hook(value: Any, _type: Any) -> Any:
        if type(value) is not dict:
            raise StrictTypeError(f"expected an object, got {_json_type(value)}")
        return structure(value, _type)

    return hook


_FIELD_MARK = "\x1f"  # separates a message from the field it names, inside describe_errors


def show_key(key: str) -> str:
    """A key of the file as a message shows it: as is when plain, else quoted and escaped (a
    key can hold anything, control characters and our own field mark included)."""
    if key and key.isprintable() and not any(c in key for c in ",()'\"") and key.strip() == key:
        return key
    return ascii(key)


def extra_fields(keys: Iterable[str]) -> str:
    return f"extra fields found ({', '.join(show_key(k) for k in sorted(keys))})"


def _format(exc: BaseException, type_: type | None) -> str:
    if isinstance(exc, ValidationError) and exc.field and exc.field.isidentifier():
        return f"{exc}{_FIELD_MARK}{exc.field}"
    if isinstance(exc, ForbiddenExtraKeysError):
        return extra_fields(exc.extra_fields)
    if isinstance(exc, MouTrackerError | StrictTypeError):
        return str(exc)
    if (
        isinstance(exc, ValueError)
        and exc.args
        and isinstance(exc.args[0], str)
        and not exc.args[0].startswith("While structuring")
    ):
        return str(exc)
    return format_exception(exc, type_)


def describe_errors(exc: BaseException, json_path: str) -> list[tuple[str, str]]:
    """Turn a structuring error into ``(reason, json_path)`` pairs, one per problem."""
    if isinstance(exc, ClassValidationError | IterableValidationError):
        lines = transform_error(exc, path=json_path, format_exception=_format)
    else:
        lines = [f"{_format(exc, None)} @ {json_path}"]
    pairs = []
    for line in lines:
        reason, _, where = line.rpartition(" @ ")
        head, mark, field = reason.rpartition(_FIELD_MARK)
        if not (mark and field.isidentifier()):
            field = ""
        else:
            reason = head
        if field and not where.endswith(f".{field}"):
            where = f"{where}.{field}"  # a rule of the model names the field it is about
        pairs.append((reason, where))
    return pairs
