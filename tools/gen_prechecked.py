"""Writes ``mou_tracker/storage/_prechecked_generated.py``: ``python -m tools.gen_prechecked``
(``make generated``); ``--check`` only says whether the file is current.

The written module holds one plain structuring function per attrs class reachable from
:data:`ROOTS` (see :mod:`mou_tracker.storage.prechecked` for what they do). Every object a
function uses (a validator, a field, an enum's members, a converter hook, a slot setter, a
memo) is a module-level name looked up by an ordinary expression when the module is imported,
so the file is readable, reviewable Python and nothing is compiled at run time.
"""

from __future__ import annotations

import argparse
import enum
import keyword
import re
import shutil
import subprocess
import sys
import types
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import attrs

from mou_tracker.storage.prechecked import _name, layout
from tools.prechecked_rules import (
    NORMALISERS,
    PURE,
    QUICK,
    ROOTS,
    TEXTS,
    implied,
    passes_on,
    split_optional,
    supported,
)

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "mou_tracker" / "storage" / "_prechecked_generated.py"
RUNTIME = "NEW, SET, STR, URL, MAXINT, Refused, check, convert, default, factory, fallback"
RUNTIME += ", field, frozen_strings, hook, members, memo, setter"


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class Builder:
    """Generates the module: ``names`` holds the module-level names and their expressions."""

    def __init__(self) -> None:
        self.imports: dict[str, type] = {}
        self.names: dict[str, str] = {}  # expression -> name
        self.bindings: list[str] = []
        self.functions: list[str] = []
        self.classes: dict[type, str] = {}  # class -> its function's name
        self.items: dict[str, str] = {}  # item type -> its function's name

    def bind(self, expression: str, hint: str) -> str:
        """The module-level name bound to ``expression`` (one name per expression)."""
        if expression not in self.names:
            name = f"_{hint}"
            while name in self.names.values() or keyword.iskeyword(name):
                name += "_"
            self.names[expression] = name
            self.bindings.append(f"{name} = {expression}")
        return self.names[expression]

    def type_name(self, t: Any) -> str:
        """An expression for ``t``: a class (imported) or a union of them."""
        if t is type(None):
            return "None"
        if isinstance(t, type):
            if t.__module__ == "builtins":
                return t.__qualname__
            known = self.imports.setdefault(t.__qualname__, t)
            if known is not t:
                raise ValueError(f"two classes named {t.__qualname__}")
            return t.__qualname__
        if get_origin(t) is Union or get_origin(t) is types.UnionType:
            return " | ".join(self.type_name(a) for a in get_args(t))
        raise ValueError(f"cannot name the type {t!r}")

    def hint(self, t: Any) -> str:
        return re.sub(r"\W+", "_", _snake(self.type_name(t).replace(" | ", "Or")))

    def value(self, t: Any, x: str, indent: str) -> list[str]:
        """Lines that check the JSON value in variable ``x`` and replace it by its structure."""
        optional, inner = split_optional(t)
        if optional:
            lines = self.value(inner, x, indent + "    ")
            if len(lines) == 2 and lines[1].strip() == "raise Refused":  # one plain check
                condition = lines[0].strip()[3:-1]
                condition = f"({condition})" if " or " in condition else condition
                return [
                    f"{indent}if {x} is not None and {condition}:",
                    f"{indent}    raise Refused",
                ]
            return [f"{indent}if {x} is not None:", *lines]
        origin, args = get_origin(t), get_args(t)
        if (origin is tuple and len(args) == 2 and args[1] is Ellipsis) or origin is frozenset:
            lines = [f"{indent}if type({x}) is not list:", f"{indent}    raise Refused"]
            if args[0] is str:
                lines += [
                    f"{indent}if not {{*map(type, {x})}} <= STR:",
                    f"{indent}    raise Refused",
                ]
                if origin is frozenset:  # shared within a load; an item listed twice refused
                    return [
                        *lines,
                        f"{indent}{x} = frozen_strings({x})",
                        f"{indent}if {x} is None:",
                        f"{indent}    raise Refused",
                    ]
                items = x
            else:
                items = f"[{self.function(args[0])}(i) for i in {x}]"
            if origin is tuple:
                return [*lines, f"{indent}{x} = tuple({items})"]
            return [  # an item listed twice is refused
                *lines,
                f"{indent}k = len({x})",
                f"{indent}{x} = frozenset({items})",
                f"{indent}if len({x}) != k:",
                f"{indent}    raise Refused",
            ]
        if t in (str, bool):
            return [f"{indent}if type({x}) is not {t.__name__}:", f"{indent}    raise Refused"]
        if t is int:
            return [
                f"{indent}if type({x}) is not int or not -MAXINT <= {x} <= MAXINT:",
                f"{indent}    raise Refused",
            ]
        if isinstance(t, type) and issubclass(t, enum.Enum):
            found = self.bind(f"members({self.type_name(t)})", f"{self.hint(t)}_members")
            return [
                f"{indent}if type({x}) is not str:",
                f"{indent}    raise Refused",
                f"{indent}{x} = {found}[{x}]",
            ]
        if isinstance(t, type) and attrs.has(t) and t not in TEXTS:
            return [f"{indent}{x} = {self.function(t)}({x})"]
        name, hint = self.type_name(t), self.hint(t)
        structure = self.bind(f"hook({name})", f"{hint}_hook")
        built = self.bind(f"memo({name})", f"{hint}_memo")
        return [  # a pure function of its text: looked up once per load per text
            f"{indent}if type({x}) is str:",
            f"{indent}    y = {built}.get({x})",
            f"{indent}    if y is None:",
            f"{indent}        y = {built}[{x}] = {structure}({x}, {name})",
            f"{indent}    {x} = y",
            f"{indent}else:",
            f"{indent}    {x} = {structure}({x}, {name})",
        ]

    def function(self, t: Any) -> str:
        """The name of the function that structures a ``t`` (written once)."""
        if isinstance(t, type) and attrs.has(t) and t not in TEXTS:
            return self.structure(t)
        key = self.type_name(t)
        if key not in self.items:
            name = self.items[key] = f"_{self.hint(t)}_item"
            body = self.value(t, "x", "    ")
            if body[-1].startswith("    x = "):  # return it at once
                body[-1] = f"    return {body[-1][8:]}"
            else:
                body.append("    return x")
            self.functions.append("\n".join([f"def {name}(x: Any) -> Any:", *body]))
        return self.items[key]

    def structure(self, cls: type) -> str:
        if cls in self.classes:
            return self.classes[cls]
        name = self.classes[cls] = f"_{_snake(cls.__name__)}"
        attrs.resolve_types(cls)
        class_name = self.type_name(cls)
        if not supported(cls):
            self.functions.append(f"{name} = fallback({class_name})")
            return name
        body = self.fields(cls)
        self.functions.append("\n".join([f"def {name}(o: Any) -> Any:", *body]))
        return name

    def check(self, cls: type, f: attrs.Attribute[Any], x: str, given: bool) -> list[str]:
        """The line that runs the field's validator on ``x``, if it need run (only when the
        field is ``given``, when its default is known to pass)."""
        validator = f.validator
        if validator is None or implied(validator, f, f.type):
            return []
        where, hint = f"{self.type_name(cls)}, {f.name!r}", f"{_snake(cls.__name__)}_{f.name}"
        call = f"{self.bind(f'check({where})', f'{hint}_check')}"
        call += f"(s, {self.bind(f'field({where})', f'{hint}_field')}, {x})"
        quick = QUICK.get(_name(validator))
        conditions = [f"{f.name!r} in o"] if given else []
        conditions += [f"not ({quick.format(x=x)})"] if quick else []
        if _name(validator) in PURE:
            key = ("passed", _name(validator))
            passed = self.bind(f"memo({key!r})", f"passed_{validator.__name__}")
            conditions.append(f"{x} not in {passed}")
            return [
                f"    if {' and '.join(conditions)}:",
                f"        {call}",
                f"        {passed}[{x}] = True",
            ]
        if conditions:
            return [f"    if {' and '.join(conditions)}:", f"        {call}"]
        return [f"    {call}"]

    def fields(self, cls: type) -> list[str]:
        """The body of the function for ``cls``: fields, then validators, then post-init."""
        lines = ["    if type(o) is not dict:", "        raise Refused", "    n = 0"]
        checks: list[str] = []
        name = self.type_name(cls)
        for f in attrs.fields(cls):
            x, key, hint = f"a_{f.name}", f.name, f"{_snake(cls.__name__)}_{f.name}"
            where = f"{name}, {f.name!r}"
            converter = f.converter
            if converter is not None and _name(converter) in NORMALISERS:
                converter = None
            build = self.value(f.type, x, "        ")
            run = []
            if converter is not None:
                run = [f"        {x} = {self.bind(f'convert({where})', f'{hint}_convert')}({x})"]
                build += run
            if f.default is attrs.NOTHING:
                lines += [f"    {x} = o[{key!r}]", "    n += 1", *(line[4:] for line in build)]
                checks += self.check(cls, f, x, given=False)
                continue
            value = f.default
            if isinstance(value, attrs.Factory):  # type: ignore[arg-type]
                made = self.bind(f"factory({where})", f"{hint}_factory")
                fallback, value = [f"        {x} = {made}()"], value.factory()
            else:
                fallback = [f"        {x} = {self.bind(f'default({where})', f'{hint}_default')}"]
            if converter is not None:
                fallback += run
                value = converter(value)
            lines += [f"    if {key!r} in o:", f"        {x} = o[{key!r}]", "        n += 1"]
            lines += [*build, "    else:", *fallback]
            validator = f.validator
            given = validator is not None and passes_on(validator, f, value)
            checks += self.check(cls, f, x, given=given)
        lines += ["    if len(o) != n:", "        raise Refused", f"    s = NEW({name})"]
        for f in attrs.fields(cls):
            where, hint = f"{name}, {f.name!r}", f"{_snake(cls.__name__)}_{f.name}"
            lines.append(f"    {self.bind(f'setter({where})', f'{hint}_set')}(s, a_{f.name})")
        lines += checks
        if hasattr(cls, "__attrs_post_init__"):
            lines.append("    s.__attrs_post_init__()")
        return [*lines, "    return s"]


def generate(roots: Sequence[type] = ROOTS) -> str:
    """The source of the module for ``roots`` and every class they reach (formatted)."""
    builder = Builder()
    for cls in roots:
        builder.structure(cls)
    imports: dict[str, list[str]] = {}
    for qualname, cls in sorted(builder.imports.items()):
        imports.setdefault(cls.__module__, []).append(qualname)
    import_lines = [f"from {m} import {', '.join(names)}" for m, names in sorted(imports.items())]
    classes = [builder.type_name(cls) for cls in builder.classes]
    names = ", ".join(cls.__name__ for cls in roots)
    source = "\n".join(
        [
            f'"""Generated by ``python -m tools.gen_prechecked`` from {names}',
            "and the classes they reach: do not edit (``make generated`` writes it again; see",
            ':mod:`mou_tracker.storage.prechecked`)."""',
            "",
            "from typing import Any",
            "",
            *import_lines,
            f"from mou_tracker.storage.prechecked import {RUNTIME}",
            "",
            *builder.bindings,
            "",
            *(f"\n\n{function}" for function in builder.functions),
            "",
            "BUILDERS = {",
            *(
                f"    {c}: {builder.classes[cls]},"
                for c, cls in zip(classes, builder.classes, strict=True)
            ),
            "}",
            "LAYOUTS = {",
            *(
                f"    {c}: {layout(cls)!r},"
                for c, cls in zip(classes, builder.classes, strict=True)
            ),
            "}",
            "",
        ]
    )
    return _formatted(source)


def _formatted(source: str) -> str:
    """``source`` as ``ruff check --fix`` (imports) and ``ruff format`` leave it."""
    beside = Path(sys.executable).with_name("ruff")
    ruff = str(beside) if beside.exists() else shutil.which("ruff")
    if ruff is None:
        raise RuntimeError("ruff is not installed (pip install -e '.[dev]')")
    stdin = ["--stdin-filename", str(TARGET.relative_to(ROOT)), "-"]
    for command in (["check", "--fix-only", "--select", "I,F401", "--quiet"], ["format"]):
        done = subprocess.run(  # noqa: S603 - our own ruff on our own source
            [ruff, *command, *stdin],
            input=source,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        source = done.stdout
    return source


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the file is stale")
    args = parser.parse_args(argv)
    source = generate()
    current = TARGET.read_text("utf-8") if TARGET.exists() else ""
    if args.check:
        if current != source:
            print(f"{TARGET.relative_to(ROOT)} is stale: run make generated", file=sys.stderr)
            return 1
        return 0
    if current != source:
        TARGET.write_text(source, "utf-8")
        print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
