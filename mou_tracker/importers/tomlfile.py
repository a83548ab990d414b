"""Mappings written in TOML, read with :mod:`tomllib` into an :class:`ImportMapping`.

:data:`_KEYS` is the layout (the keys each table may have), and one private function per table
(``_id``, ``_parties``...) turns it into its part of the mapping, reading it through the strict
:class:`~mou_tracker.importers._tomltable.TomlTable`. Every table is checked: an unknown key, a
value of the wrong type or an unknown word is a :class:`MappingError` that names the key
(``dates.signature.format``). The layout is described, with a complete example, in
``docs/importing.md``.

>>> mapping = mapping_from_toml('''
... title = "Name"
... [id]
... columns = ["Code"]
... [parties]
... columns = ["Party A", "Party B"]
... [dates]
... signature = { column = "Signed", format = "%d/%m/%Y" }
... ''')
>>> mapping.dates.signature.format
'%d/%m/%Y'
>>> mapping_from_toml('titel = "Name"')
Traceback (most recent call last):
...
mou_tracker.importers.errors.MappingError: mapping: unknown key 'titel'; known keys: ...
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from mou_tracker.domain import AgreementKind, CooperationArea, Source
from mou_tracker.errors import ValidationError
from mou_tracker.importers import mapping as m
from mou_tracker.importers import policies as p
from mou_tracker.importers._tomltable import TomlTable, located
from mou_tracker.importers.errors import MappingError

__all__ = ["load_mapping", "mapping_from_toml"]

T = TypeVar("T")


def load_mapping(path: str | os.PathLike[str]) -> m.ImportMapping:
    """Read a mapping from a TOML file (its ``name`` defaults to the file's stem)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise MappingError(f"{file}: cannot read ({exc.strerror or exc})") from None
    return mapping_from_toml(text, doc=file.name, name=file.stem)


def mapping_from_toml(text: str, *, doc: str = "mapping", name: str = "mapping") -> m.ImportMapping:
    """Read a mapping from TOML text; ``doc`` names it in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(f"{doc}: not valid TOML ({exc})") from None
    try:
        return _mapping(TomlTable(data, "", doc, _KEYS[""]), name)
    except ValidationError as exc:
        raise located(exc, doc, "") from None


_KEYS: dict[str, tuple[str, ...]] = {
    "": (
        "name",
        "title",
        "encoding",
        "delimiter",
        "conflicts",
        "id",
        "kind",
        "parties",
        "areas",
        "dates",
        "date_rules",
        "status",
        "country_map",
        "source",
    ),
    "id": ("columns", "prefix"),
    "kind": ("column", "default", "map"),
    "areas": ("column", "separator", "unmapped", "constant", "map", "declare"),
    "parties": (
        "columns",
        "names",
        "list",
        "separators",
        "split_words",
        "member_lists",
        "table",
        "from_key",
    ),
    "table": ("key", "country", "table_key"),
    "from_key": ("column", "pattern", "when"),
    "when": ("column", "values"),
    "dates": ("signature", "entry_into_force", "end", "termination"),
    "date": ("column", "format", "formats"),
    "date_rules": (
        "missing",
        "unknown",
        "open_ended",
        "uncertain",
        "ranges",
        "masked",
        "earliest_year",
        "latest_year",
    ),
    "status": ("column", "undated", "map", "detail"),
    "detail": ("column", "map"),
    "source": ("title", "publisher", "url"),
}
"""The keys each table of a mapping may have (the dates' role tables share ``date``)."""


def _section(
    parent: TomlTable, key: str, read: Callable[[TomlTable], T], keys: str = ""
) -> T | None:
    """The table under ``key`` read by ``read`` (None when absent); a :class:`ValidationError`
    from building it names the file and the table."""
    table = parent.sub(key, _KEYS[keys or key])
    if table is None:
        return None
    try:
        return read(table)
    except ValidationError as exc:
        raise located(exc, table.doc, table.path) from None


def _mapping(root: TomlTable, name: str) -> m.ImportMapping:
    mapping_name = root.text("name", name) or name
    title = root.required("title")
    id_spec = _section(root, "id", _id)
    if id_spec is None:
        raise root.fail("id", "is required ([id] with columns = [...])")
    parties = _section(root, "parties", _parties)
    if parties is None:
        raise root.fail("parties", "is required ([parties] with columns, list or table)")
    return m.ImportMapping(
        name=mapping_name,
        id=id_spec,
        title=title,
        parties=parties,
        kind=_section(root, "kind", _kind),
        areas=_section(root, "areas", _areas),
        dates=_section(root, "dates", _dates) or m.DatesSpec(),
        date_rules=_section(root, "date_rules", _date_rules) or m.DateRules(),
        status=_section(root, "status", _status),
        country_map=_country_map(root),
        conflicts=root.choice("conflicts", p.Conflicts, p.Conflicts.REJECT_ALL),
        source=_section(root, "source", _source),
        encoding=root.text("encoding", "utf-8-sig") or "utf-8-sig",
        delimiter=root.text("delimiter", ",") or ",",
    )


def _country_map(root: TomlTable) -> dict[str, str | m.CountrySide]:
    """Each name maps to a text, or to a side: ``{ side = "BLEU", countries = ["BE", "LU"] }``."""
    table = root.sub("country_map", None)
    if table is None:
        return {}
    found: dict[str, str | m.CountrySide] = {}
    for key, value in list(table.data.items()):
        if isinstance(value, str):
            found[key] = value
        elif isinstance(value, dict):
            side = TomlTable(value, table.where(key), table.doc, ("side", "countries"))
            countries = side.texts("countries")
            if countries is None:
                raise side.fail("countries", "is required (the countries on this side)")
            found[key] = m.CountrySide(side=side.required("side"), countries=countries)
        else:
            raise table.fail(
                key, f"expected a text or a side {{ side = ..., countries = [...] }}, got {value!r}"
            )
    return found


def _id(t: TomlTable) -> m.IdSpec:
    columns = t.texts("columns")
    if not columns:
        raise t.fail("columns", "is required: the key column(s) the ids are built from")
    return m.IdSpec(columns=columns, prefix=t.text("prefix"))


def _kind(t: TomlTable) -> m.KindSpec:
    return m.KindSpec(
        column=t.required("column"),
        map=t.words("map"),
        default=t.optional_choice("default", AgreementKind),
    )


def _areas(t: TomlTable) -> m.AreasSpec:
    declare = t.words("declare")
    return m.AreasSpec(
        column=t.text("column"),
        separator=t.text("separator"),
        map=t.words("map"),
        unmapped=t.choice("unmapped", p.Unmapped, p.Unmapped.REJECT),
        constant=frozenset(t.texts("constant") or ()),
        declare=[CooperationArea(code=code, label=label) for code, label in declare.items()],
    )


def _parties(t: TomlTable) -> m.PartiesSpec:
    return m.PartiesSpec(
        columns=t.texts("columns") or (),
        names=t.texts("names") or (),
        list_column=t.text("list"),
        separators=t.texts("separators") or (",", ";"),
        split_words=t.get("split_words", bool, False),
        member_lists=t.choice("member_lists", p.MemberLists, p.MemberLists.REJECT),
        table=_section(t, "table", _parties_table),
        from_key=_section(t, "from_key", _key_fallback),
    )


def _parties_table(t: TomlTable) -> m.PartiesTable:
    return m.PartiesTable(
        key=t.required("key"), country=t.required("country"), table_key=t.text("table_key")
    )


def _key_fallback(t: TomlTable) -> m.KeyFallback:
    when = _section(t, "when", lambda w: (w.required("column"), w.texts("values") or []))
    return m.KeyFallback(
        column=t.required("column"),
        pattern=t.required("pattern"),
        when_column=when[0] if when else None,
        when_values=frozenset(when[1] if when else ()),
    )


def _dates(t: TomlTable) -> m.DatesSpec:
    def column(c: TomlTable) -> m.DateColumn:
        fmt, formats = c.text("format"), c.texts("formats")
        if fmt is not None and formats is not None:
            raise c.fail("formats", "give format or formats, not both")
        if formats is not None and not formats:
            raise c.fail("formats", "needs at least one format")
        return m.DateColumn(column=c.required("column"), format=fmt or "iso", formats=formats or ())

    roles = ("signature", "entry_into_force", "end", "termination")
    return m.DatesSpec(**{role: _section(t, role, column, "date") for role in roles})


def _date_rules(t: TomlTable) -> m.DateRules:
    defaults = m.DateRules()

    def texts(key: str, default: frozenset[str]) -> frozenset[str]:
        value = t.texts(key)
        return default if value is None else frozenset(value)

    return m.DateRules(
        missing=texts("missing", defaults.missing),
        unknown=texts("unknown", defaults.unknown),
        open_ended=texts("open_ended", defaults.open_ended),
        uncertain=t.choice("uncertain", p.OnUncertain, defaults.uncertain),
        ranges=t.choice("ranges", p.OnRange, defaults.ranges),
        masked=t.choice("masked", p.OnMasked, defaults.masked),
        earliest_year=t.get("earliest_year", int, defaults.earliest_year),
        latest_year=t.get("latest_year", int, defaults.latest_year),
    )


def _status(t: TomlTable) -> m.StatusSpec:
    return m.StatusSpec(
        column=t.required("column"),
        map=t.words("map"),
        undated=t.choice("undated", p.Undated, p.Undated.REJECT),
        detail=_section(t, "detail", _status_detail),
    )


def _status_detail(t: TomlTable) -> m.StatusDetail:
    return m.StatusDetail(column=t.required("column"), map=t.words("map"))


def _source(t: TomlTable) -> Source:
    return Source(title=t.required("title"), publisher=t.text("publisher"), url=t.text("url"))
