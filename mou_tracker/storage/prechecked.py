"""The bulk-load path: one structuring function per attrs class, generated once, that builds
values it has checked itself and never runs a check twice.

It accepts exactly what the strict converter accepts and builds equal objects
(``tests/unit/test_prechecked.py`` compares both on random valid and invalid documents); it
does not explain: on any failure the caller structures again with the detailed converter,
which says what is wrong and where. So every check here may be conservative (refuse what it
is unsure of), never lenient. Per class, the generated function

- checks the JSON types as the converter's hooks do (``type(x) is str``, a list for a
  collection, an object for a class) and refuses unknown keys;
- builds each field's value itself (dates, countries and enums looked up once per load per
  text), so the field converters (which only normalise, see ``_NORMALISERS``) are not run
  again, then sets the fields on a new instance;
- runs every field validator (except on a default already known to pass) and
  ``__attrs_post_init__``, in the order the class's own ``__init__`` runs them.

Within a :func:`sharing` block (a bulk load), equal JSON objects of the ``_SHARED`` classes
(parties, sources, deadlines...: immutable values with text fields only) are structured once:
the second one is the first one's object, looked up by the object's items.
"""

from __future__ import annotations

import enum
import functools
import itertools
import re
import types
from collections.abc import Callable
from typing import Any, Union, get_args, get_origin

import attrs

from mou_tracker.domain import (
    Anchor,
    Country,
    Deadline,
    PartialDate,
    Party,
    StatusChange,
)
from mou_tracker.storage.converter import MAX_JSON_INT, make_converter

__all__ = ["prechecked", "sharing"]

_SHARED: tuple[type, ...] = (Party, Deadline, StatusChange, Anchor)
"""Classes whose equal JSON objects become one shared object during a bulk load."""
_TEXTS: tuple[type, ...] = (PartialDate, Country)
"""attrs classes the converter reads from a text (its own hooks, used here too)."""

_NORMALISERS = frozenset(
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
def _memo(key: Any) -> dict[Any, Any]:
    """The values built during a bulk load, of one type (or class) by their JSON form."""
    memo: dict[Any, Any] = {}
    _memos.append(memo)
    return memo


def _name(function: object) -> str:
    return f"{getattr(function, '__module__', '')}.{getattr(function, '__qualname__', '')}"


class _Poisoned:
    """Stands for the instance when a validator is tried on a default: it has no fields."""

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(name)


def _passes_on(validator: Callable[..., Any], field: attrs.Attribute[Any], value: Any) -> bool:
    """Whether ``validator`` accepts ``value`` without looking at the instance."""
    try:
        validator(_Poisoned(), field, value)
    except Exception:
        return False
    return True


_QUICK = {
    "mou_tracker.domain._fields.text": "{x} and {x}.isascii() and not {x}.isspace()",
    "mou_tracker.domain._fields.optional_text": (
        "{x} is None or ({x} and {x}.isascii() and not {x}.isspace())"
    ),
}
"""Validators of text fields, and a condition on the text built here under which they pass:
they run only when it does not hold (a plain http(s) address for ``_url``: any address whose
host has no port, brackets or other characters than these is one ``urlsplit`` takes)."""
_QUICK["mou_tracker.domain.sources._url"] = "{x} is None or URL({x}) is not None"
_PURE = frozenset({"mou_tracker.domain._fields.slug"})
"""Validators whose verdict depends on the value alone: within a load, each value passes once
(commitment ids repeat from record to record)."""


def _implied(validator: Callable[..., Any], field: attrs.Attribute[Any], t: Any) -> bool:
    """Whether ``validator`` accepts every value structuring gives a field of type ``t``: an
    enum's members (and None when optional), each tried."""
    args = get_args(t)
    optional = (get_origin(t) is Union or get_origin(t) is types.UnionType) and len(args) == 2
    inner = next((a for a in args if a is not type(None)), t) if optional else t
    if not (isinstance(inner, type) and issubclass(inner, enum.Enum)):
        return False
    values = [*inner, *([None] if optional and type(None) in args else [])]
    return all(_passes_on(validator, field, value) for value in values)


class _Builder:
    """Generates the source of one class's function; ``env`` holds the names it uses."""

    def __init__(self) -> None:
        self.env: dict[str, Any] = {
            "Refused": Refused,
            "MAXINT": MAX_JSON_INT,
            "STR": frozenset({str}),
            "URL": re.compile(r"https?://[A-Za-z0-9.-]+(?:/[!-~]*)?").fullmatch,
            "NEW": object.__new__,
            "SET": object.__setattr__,
        }
        self.counter = itertools.count()

    def bind(self, value: Any) -> str:
        name = f"_v{next(self.counter)}"
        self.env[name] = value
        return name

    def value(self, t: Any, x: str, indent: str) -> list[str]:
        """Lines that check the JSON value in variable ``x`` and replace it by its structure."""
        origin, args = get_origin(t), get_args(t)
        if (origin is Union or origin is types.UnionType) and type(None) in args:
            rest = [a for a in args if a is not type(None)]
            inner = rest[0] if len(rest) == 1 else Union[tuple(rest)]  # noqa: UP007
            return [f"{indent}if {x} is not None:", *self.value(inner, x, indent + "    ")]
        if (origin is tuple and len(args) == 2 and args[1] is Ellipsis) or origin is frozenset:
            lines = [f"{indent}if type({x}) is not list: raise Refused"]
            if args[0] is str:
                lines.append(f"{indent}if not {{*map(type, {x})}} <= STR: raise Refused")
                items = x
            else:
                items = f"[{self.bind(self.function(args[0]))}(i) for i in {x}]"
            if origin is tuple:
                return [*lines, f"{indent}{x} = tuple({items})"]
            return [  # an item listed twice is refused
                *lines,
                f"{indent}k = len({x})",
                f"{indent}{x} = frozenset({items})",
                f"{indent}if len({x}) != k: raise Refused",
            ]
        if t in (str, bool):
            return [f"{indent}if type({x}) is not {t.__name__}: raise Refused"]
        if t is int:
            return [
                f"{indent}if type({x}) is not int or not -MAXINT <= {x} <= MAXINT: raise Refused"
            ]
        if isinstance(t, type) and issubclass(t, enum.Enum):
            members = self.bind({m.value: m for m in t})
            return [
                f"{indent}if type({x}) is not str: raise Refused",
                f"{indent}{x} = {members}[{x}]",
            ]
        if isinstance(t, type) and attrs.has(t) and t not in _TEXTS:
            return [f"{indent}{x} = {self.bind(prechecked(t))}({x})"]
        hook = self.bind(make_converter(detailed=False).get_structure_hook(t))
        memo_name, type_name = self.bind(_memo(t)), self.bind(t)
        return [  # a pure function of its text: looked up once per load per text
            f"{indent}if type({x}) is str:",
            f"{indent}    y = {memo_name}.get({x})",
            f"{indent}    if y is None: y = {memo_name}[{x}] = {hook}({x}, {type_name})",
            f"{indent}    {x} = y",
            f"{indent}else: {x} = {hook}({x}, {type_name})",
        ]

    def function(self, t: Any) -> Callable[[Any], Any]:
        if isinstance(t, type) and attrs.has(t) and t not in _TEXTS:
            return prechecked(t)
        lines = ["def convert(x):", *self.value(t, "x", "    "), "    return x"]
        return self.compile(lines, repr(t))

    def compile(self, lines: list[str], label: str) -> Callable[[Any], Any]:
        """The function ``lines`` define (its name is the first line's)."""
        code = compile("\n".join(lines), f"<prechecked {label}>", "exec")
        exec(code, self.env)  # noqa: S102 - our own generated source, as attrs and cattrs do
        function: Callable[[Any], Any] = self.env[lines[0][4:].partition("(")[0]]
        return function

    def setter(self, cls: type, name: str) -> str:
        """The start of a call that sets field ``name``: its slot's own setter when it has
        one (what ``object.__setattr__`` ends up calling, sooner)."""
        slot = next((k.__dict__[name] for k in cls.__mro__ if name in k.__dict__), None)
        if isinstance(slot, types.MemberDescriptorType):
            return f"{self.bind(slot.__set__)}(s, "
        return f"SET(s, {name!r}, "

    def check(self, field: attrs.Attribute[Any], x: str, given: bool) -> list[str]:
        """The line that runs the field's validator on ``x``, if it need run (only when the
        field is ``given``, when its default is known to pass)."""
        validator = field.validator
        if validator is None or _implied(validator, field, field.type):
            return []
        call = f"{self.bind(validator)}(s, {self.bind(field)}, {x})"
        quick = _QUICK.get(_name(validator))
        conditions = [f"{field.name!r} in o"] if given else []
        conditions += [f"not ({quick.format(x=x)})"] if quick else []
        if _name(validator) in _PURE:
            passed = self.bind(_memo(("passed", _name(validator))))
            conditions.append(f"{x} not in {passed}")
            call = f"{call}; {passed}[{x}] = True"
        return [f"    if {' and '.join(conditions)}: {call}" if conditions else f"    {call}"]

    def fields(self, cls: type) -> list[str]:
        """The body of the function for ``cls``: fields, then validators, then post-init."""
        lines = ["    if type(o) is not dict: raise Refused", "    n = 0"]
        checks: list[str] = []
        for field in attrs.fields(cls):
            x, key = f"a_{field.name}", field.name
            convert = field.converter
            if convert is not None and _name(convert) in _NORMALISERS:
                convert = None
            build = self.value(field.type, x, "        ")
            if convert is not None:
                build.append(f"        {x} = {self.bind(convert)}({x})")
            if field.default is attrs.NOTHING:
                lines += [f"    {x} = o[{key!r}]", "    n += 1", *(line[4:] for line in build)]
                checks += self.check(field, x, given=False)
                continue
            default = field.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                fallback = [f"        {x} = {self.bind(default.factory)}()"]
                default = default.factory()
            else:
                fallback = [f"        {x} = {self.bind(default)}"]
            if convert is not None:
                fallback.append(f"        {x} = {self.bind(convert)}({x})")
                default = convert(default)
            lines += [f"    if {key!r} in o:", f"        {x} = o[{key!r}]", "        n += 1"]
            lines += [*build, "    else:", *fallback]
            validator = field.validator
            given = validator is not None and _passes_on(validator, field, default)
            checks += self.check(field, x, given=given)
        lines += ["    if len(o) != n: raise Refused", f"    s = NEW({self.bind(cls)})"]
        lines += [f"    {self.setter(cls, f.name)}a_{f.name})" for f in attrs.fields(cls)]
        lines += checks
        if hasattr(cls, "__attrs_post_init__"):
            lines.append("    s.__attrs_post_init__()")
        return [*lines, "    return s"]


def _supported(cls: type) -> bool:
    return not hasattr(cls, "__attrs_pre_init__") and all(
        f.init
        and f.kw_only
        and f.alias == f.name
        and not isinstance(f.converter, attrs.Converter)
        and not (isinstance(f.default, attrs.Factory) and f.default.takes_self)  # type: ignore[arg-type]
        for f in attrs.fields(cls)
    )


def prechecked(cls: type) -> Callable[[Any], Any]:
    """The function that structures a JSON object into ``cls`` or raises (see the module)."""
    return _prechecked(cls)


@functools.cache
def _prechecked(cls: Any) -> Callable[[Any], Any]:
    attrs.resolve_types(cls)
    if not _supported(cls):
        hook = make_converter(detailed=False).get_structure_hook(cls)
        return lambda o: hook(o, cls)
    builder = _Builder()
    body = builder.fields(cls)
    build = builder.compile(["def build(o):", *body], cls.__qualname__)
    if cls not in _SHARED:
        return build
    memo = _memo(cls)

    def shared(o: Any) -> Any:
        if not _depth[0] or type(o) is not dict:
            return build(o)
        try:
            key = tuple(o.items())
            found = memo.get(key)
        except TypeError:  # a list or an object inside: not shared
            return build(o)
        if found is None:
            found = memo[key] = build(o)
        return found

    return shared
