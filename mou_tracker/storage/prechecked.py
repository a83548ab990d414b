"""The bulk-load path: one structuring function per attrs class, that builds values it has
checked itself and never runs a check twice.

The functions are plain Python in :mod:`mou_tracker.storage._prechecked_generated`, written
at development time by ``python -m tools.gen_prechecked`` (``make generated``; a test fails
while the file is stale) and imported on first use: nothing is compiled at run time. They
accept exactly what the strict converter accepts and build equal objects
(``tests/unit/test_prechecked.py`` compares both on random valid and invalid documents); they
do not explain: on any failure the caller structures again with the detailed converter,
which says what is wrong and where. So every check there may be conservative (refuse what it
is unsure of), never lenient. Per class, the function

- checks the JSON types as the converter's hooks do (``type(x) is str``, a list for a
  collection, an object for a class) and refuses unknown keys;
- builds each field's value itself (dates, countries and enums looked up once per load per
  text), so the field converters that only normalise are not run again, then sets the fields
  on a new instance;
- runs every field validator (except on a default already known to pass) and
  ``__attrs_post_init__``, in the order the class's own ``__init__`` runs them.

The generated module records each class's :func:`layout` (fields, types, validators,
converters, defaults) as a fingerprint; on first use, :func:`builders` compares it with the
live classes and, if any differs (the model changed, the file was not regenerated), every
class goes through the converter instead: correct, only slower.

Within a :class:`sharing` block (a bulk load), what is read from a text (dates, countries,
enum members) is looked up once per text, an id that passed the slug check once is not
checked again, and equal lists of area codes give one set. Whole objects are not shared:
looking up a party or a deadline by its JSON items cost more than building it again (a 10k
open was 5% faster without it, 100k likewise; measured 2026-12-06).
"""

from __future__ import annotations

import enum
import functools
import re
import types
import zlib
from collections.abc import Callable, Mapping
from typing import Any, cast, get_args, get_origin

import attrs

from mou_tracker.domain._fields import NO_AREAS
from mou_tracker.storage.converter import MAX_JSON_INT, make_converter

__all__ = ["Refused", "builders", "layout", "prechecked", "sharing"]

Build = Callable[[Any], Any]

MAXINT = MAX_JSON_INT
STR = frozenset({str})
URL = re.compile(r"https?://[A-Za-z0-9.-]+(?:/[!-~]*)?").fullmatch
"""A plain http(s) address: one the address validator surely accepts."""
NEW = object.__new__
SET = object.__setattr__


class Refused(Exception):
    """The input is not exactly valid (or not surely): structure it with the detailed
    converter, which explains."""


_depth = [0]
_memos: list[dict[Any, Any]] = []


class sharing:
    """A bulk load: equal values are shared within it, and forgotten at its end (outside
    one, each record is a load of its own). Blocks nest: the outermost one forgets."""

    def __enter__(self) -> None:
        _depth[0] += 1

    def __exit__(self, *_exc: object) -> None:
        _depth[0] -= 1
        if not _depth[0]:
            for memo in _memos:
                memo.clear()


@functools.cache
def memo(key: Any) -> dict[Any, Any]:
    """The values built (or checked) during a bulk load, of one type or check, by their JSON
    form; emptied when the load ends."""
    found: dict[Any, Any] = {}
    _memos.append(found)
    return found


_strings = memo(frozenset)


def frozen_strings(items: list[str]) -> frozenset[str] | None:
    """``frozenset(items)`` of a JSON list of texts, None when an item is listed twice. Within
    a bulk load, equal lists give one set (records repeat their areas); an empty list gives
    the model's one empty set of areas."""
    if not items:
        return NO_AREAS
    key = tuple(items)
    found = _strings.get(key)
    if found is None:
        found = frozenset(items)
        if len(found) != len(items):
            return None
        if _depth[0]:
            _strings[key] = found
    return found


# -- what the generated module looks up on import ------------------------------------------------


def field(cls: type, name: str) -> attrs.Attribute[Any]:
    found: attrs.Attribute[Any] = attrs.fields_dict(cls)[name]
    return found


def check(cls: type, name: str) -> Callable[[Any, attrs.Attribute[Any], Any], Any]:
    """The validator of field ``name``."""
    return cast("Callable[[Any, attrs.Attribute[Any], Any], Any]", field(cls, name).validator)


def convert(cls: type, name: str) -> Callable[[Any], Any]:
    return cast("Callable[[Any], Any]", field(cls, name).converter)


def default(cls: type, name: str) -> Any:
    return field(cls, name).default


def factory(cls: type, name: str) -> Callable[[], Any]:
    made: Any = field(cls, name).default
    return cast("Callable[[], Any]", made.factory)


def members(cls: type[enum.Enum]) -> dict[Any, Any]:
    """The enum's members by value."""
    return {member.value: member for member in cls}


def hook(t: Any) -> Callable[[Any, Any], Any]:
    """The converter's own structure hook for ``t`` (dates, countries...)."""
    found: Callable[[Any, Any], Any] = make_converter(detailed=False).get_structure_hook(t)
    return found


def _slot(cls: type, name: str) -> Any:
    return next((k.__dict__[name] for k in cls.__mro__ if name in k.__dict__), None)


def setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    """What sets field ``name`` on an instance: its slot's own setter when it has one (what
    ``object.__setattr__`` ends up calling, sooner)."""
    slot = _slot(cls, name)
    if isinstance(slot, types.MemberDescriptorType):
        found: Callable[[Any, Any], None] = slot.__set__
        return found
    return lambda instance, value: SET(instance, name, value)


def fallback(cls: type) -> Build:
    """The converter's own hook, for a class the generator does not build itself."""
    structure = hook(cls)
    return lambda o: structure(o, cls)


# -- fingerprints: is the generated module still the model's? -----------------------------------


def _name(function: object) -> str:
    return f"{getattr(function, '__module__', '')}.{getattr(function, '__qualname__', '')}"


def _describe(value: Any, depth: int = 0) -> str:
    """A text that changes when ``value`` (a type, validator, converter or default) does and
    is the same in every process (no addresses, no set order)."""
    if depth > 4:
        return "..."
    if isinstance(value, type) and issubclass(value, enum.Enum):
        return f"{_name(value)}{sorted(repr(m.value) for m in value)}"
    if isinstance(value, type):
        return _name(value)
    if get_origin(value) is not None:
        inner = ", ".join(_describe(a, depth + 1) for a in get_args(value))
        return f"{_describe(get_origin(value), depth + 1)}[{inner}]"
    if isinstance(value, types.FunctionType):
        cells = [_describe(c.cell_contents, depth + 1) for c in value.__closure__ or ()]
        return f"{_name(value)}{cells if cells else ''}"
    if attrs.has(type(value)):
        items = [_describe(getattr(value, f.name), depth + 1) for f in attrs.fields(type(value))]
        return f"{_name(type(value))}({', '.join(items)})"
    if isinstance(value, tuple | list):
        return f"[{', '.join(_describe(item, depth + 1) for item in value)}]"
    if isinstance(value, frozenset | set):
        return f"{{{', '.join(sorted(_describe(item, depth + 1) for item in value))}}}"
    return re.sub(r" at 0x[0-9a-fA-F]+", "", repr(value))


def layout(cls: type) -> str:
    """A fingerprint of what the generated function of ``cls`` relies on."""
    attrs.resolve_types(cls)
    parts = [
        _name(cls),
        *(hook for hook in ("__attrs_pre_init__", "__attrs_post_init__") if hasattr(cls, hook)),
        *(
            " ".join(
                [
                    f.name,
                    f"init={f.init} kw_only={f.kw_only} alias={f.alias}",
                    _describe(f.type),
                    _describe(f.validator),
                    _describe(f.converter),
                    _describe(f.default),
                    type(_slot(cls, f.name)).__name__,
                ]
            )
            for f in attrs.fields(cls)
        ),
    ]
    data = "\n".join(parts).encode()  # a checksum (zlib: no hashlib, no OpenSSL to load)
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def builders(generated: Any) -> Mapping[type, Build]:
    """The generated module's functions by class, or none if any class's layout differs from
    the one it was generated from."""
    built: Mapping[type, Build] = generated.BUILDERS
    layouts: Mapping[type, str] = generated.LAYOUTS
    if any(layout(cls) != expected for cls, expected in layouts.items()):
        return {}
    return built


@functools.cache
def _generated() -> Mapping[type, Build]:
    from mou_tracker.storage import _prechecked_generated

    return builders(_prechecked_generated)


def prechecked(cls: type) -> Build:
    """The function that structures a JSON object into ``cls`` or raises (see the module)."""
    return _prechecked(cls)


@functools.cache
def _prechecked(cls: Any) -> Build:
    return _generated().get(cls) or fallback(cls)
