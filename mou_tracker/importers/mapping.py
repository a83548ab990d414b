"""The declarative mapping: which column holds what, and the rules for messy values.

A mapping is plain frozen data; :mod:`mou_tracker.importers.tomlfile` reads one from TOML and
:mod:`mou_tracker.importers.presets` holds the built-in ones; the words for its choices
(``Conflicts``, ``OnRange``...) are in :mod:`mou_tracker.importers.policies`. Value maps (kinds,
areas, statuses) match a cell case-insensitively, ignoring surrounding and repeated spaces.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import attrs

from mou_tracker.domain import AgreementKind, AgreementStatus, CooperationArea, Source
from mou_tracker.importers import _fields as fields
from mou_tracker.importers import policies
from mou_tracker.importers._fields import CountrySide
from mou_tracker.importers.errors import MappingError

__all__ = [
    "AreasSpec",
    "CountrySide",
    "DateColumn",
    "DateRules",
    "DatesSpec",
    "IdSpec",
    "ImportMapping",
    "KeyFallback",
    "KindSpec",
    "PartiesSpec",
    "PartiesTable",
    "StatusDetail",
    "StatusSpec",
]


_PREFIX = re.compile(r"(?=.{1,20}$)[a-z0-9]+(?:-[a-z0-9]+)*")


@attrs.frozen(kw_only=True)
class IdSpec:
    """Record ids are built from the key columns' cells, slugified: ``CAN-USA_1990A`` with the
    prefix ``ggo`` gives ``ggo-can-usa-1990a``. Rows with the same key are duplicates."""

    columns: tuple[str, ...] = attrs.field(converter=fields.texts)
    prefix: str | None = attrs.field(default=None, validator=fields.optional_text)
    """Lowercase letters, digits and single hyphens, at most 20 characters."""

    def __attrs_post_init__(self) -> None:
        if not self.columns:
            raise MappingError("id needs at least one key column", field="id.columns")
        if self.prefix is not None and not _PREFIX.fullmatch(self.prefix):
            raise MappingError(
                f"id prefix {self.prefix!r}: use at most 20 lowercase letters, digits and "
                "single hyphens between them",
                field="id.prefix",
            )


@attrs.frozen(kw_only=True)
class KindSpec:
    column: str = attrs.field(validator=fields.text)
    map: dict[str, AgreementKind] = attrs.field(converter=fields.kind_map)
    """Cell -> kind. A non-blank cell the map does not know rejects the row."""
    default: AgreementKind | None = None
    """The kind of a row whose cell is blank (None: a blank cell rejects the row)."""


@attrs.frozen(kw_only=True)
class AreasSpec:
    column: str | None = attrs.field(default=None, validator=fields.optional_text)
    separator: str | None = None
    """Split a cell into several words (``"Trade,Environment"``)."""
    map: dict[str, str] = attrs.field(factory=dict, converter=fields.area_map)
    """Word -> area code, or ``"skip"`` to leave the word out."""
    unmapped: policies.Unmapped = policies.Unmapped.REJECT
    constant: frozenset[str] = attrs.field(factory=frozenset, converter=fields.text_set)
    """Area codes every record gets (``{"trade"}`` for a trade-agreement dataset)."""
    declare: tuple[CooperationArea, ...] = attrs.field(default=(), converter=fields.area_list)
    """Extra areas to declare in the repository before importing (in the same transaction)."""


@attrs.frozen(kw_only=True)
class PartiesTable:
    """Parties in a separate file, one row per party, joined on a key."""

    key: str = attrs.field(validator=fields.text)
    """The column of the main file the table joins on."""
    country: str = attrs.field(validator=fields.text)
    """The table's column that names the country."""
    table_key: str | None = None
    """The table's key column, when it is not named like ``key``."""


@attrs.frozen(kw_only=True)
class KeyFallback:
    """When a row has no party rows in the table, read the countries from a cell with a regular
    expression whose groups are country codes (``^([A-Z]{3})-([A-Z]{3})_``), only for rows whose
    ``when_column`` holds one of ``when_values`` (when given)."""

    column: str = attrs.field(validator=fields.text)
    pattern: str = attrs.field(validator=fields.text)
    when_column: str | None = None
    when_values: frozenset[str] = attrs.field(factory=frozenset, converter=fields.text_set)

    def __attrs_post_init__(self) -> None:
        try:
            compiled = re.compile(self.pattern)
        except re.error as exc:
            raise MappingError(
                f"invalid pattern {self.pattern!r}: {exc}", field="parties.from_key"
            ) from None
        if compiled.groups < 2:
            raise MappingError(
                "parties.from_key.pattern needs a group per country (at least two)",
                field="parties.from_key.pattern",
            )


@attrs.frozen(kw_only=True)
class PartiesSpec:
    """Exactly one of ``columns`` (one column per party), ``list_column`` (a delimited list)
    or ``table`` (a separate parties file)."""

    columns: tuple[str, ...] = attrs.field(default=(), converter=fields.texts)
    names: tuple[str, ...] = attrs.field(
        default=(), converter=fields.texts, validator=fields.party_names
    )
    """With ``columns`` only: the name column beside each code column, in the same order. A row
    whose code and name resolve to different countries is rejected (``code-name-mismatch``)."""
    list_column: str | None = None
    separators: tuple[str, ...] = attrs.field(default=(",", ";"), converter=fields.texts)
    split_words: bool = False
    """Read ``"Finland France"`` or ``"Peru and Chile"`` as two countries when the whole text is
    no country but each part is one (each such reading is noted in the report)."""
    member_lists: policies.MemberLists = policies.MemberLists.REJECT
    table: PartiesTable | None = None
    from_key: KeyFallback | None = None

    def __attrs_post_init__(self) -> None:
        given = [bool(self.columns), self.list_column is not None, self.table is not None]
        if sum(given) != 1:
            raise MappingError(
                "parties needs exactly one of: columns, list (a column), table",
                field="parties",
            )
        if self.from_key is not None and self.table is None:
            raise MappingError(
                "parties.from_key only applies to a parties table", field="parties.from_key"
            )
        if not self.separators or not all(self.separators):
            raise MappingError("parties.separators must be non-empty texts", field="parties")


@attrs.frozen(kw_only=True)
class DateColumn:
    column: str = attrs.field(validator=fields.text)
    format: str = attrs.field(default="iso", validator=fields.date_format)
    """``iso`` (``YYYY``, ``YYYY-MM``, ``YYYY-Qn``, ``YYYY-MM-DD``) or a ``strptime`` format
    with a four-digit year, such as ``%m/%d/%Y`` or ``%d/%m/%Y``: never guessed."""
    formats: tuple[str, ...] = attrs.field(
        default=(), converter=fields.texts, validator=fields.date_formats
    )
    """Several formats instead of ``format``: a value is read by every format that fits it, at
    that format's precision; two formats that read it as different dates reject it."""

    def all_formats(self) -> tuple[str, ...]:
        """The formats the column is read with, in the mapping's order."""
        return self.formats or (self.format,)


@attrs.frozen(kw_only=True)
class DatesSpec:
    """The date columns by meaning; each one states its format."""

    signature: DateColumn | None = None
    entry_into_force: DateColumn | None = None
    end: DateColumn | None = None
    """The end of validity: an end on or before ``as_of`` makes the agreement expired, a later
    one is its scheduled expiry."""
    termination: DateColumn | None = None
    """Termination: like ``end`` but the agreement becomes terminated; it wins over ``end``."""

    def columns(self) -> dict[str, DateColumn]:
        """Role -> column, for the roles that are mapped."""
        roles = ("signature", "entry_into_force", "end", "termination")
        return {role: c for role in roles if (c := getattr(self, role)) is not None}


@attrs.frozen(kw_only=True)
class DateRules:
    missing: frozenset[str] = attrs.field(
        default=frozenset({"", "NA", "N/A", "n/a"}), converter=fields.text_set
    )
    """Cells that mean "no date"."""
    unknown: frozenset[str] = attrs.field(
        default=frozenset({"0000-00-00"}), converter=fields.text_set
    )
    """Sentinels that mean "a date exists but is unknown": read as no date."""
    open_ended: frozenset[str] = attrs.field(
        default=frozenset({"9999-12-31"}), converter=fields.text_set
    )
    """Sentinels that mean "no end" (only in the end and termination columns)."""
    uncertain: policies.OnUncertain = policies.OnUncertain.NOTE
    ranges: policies.OnRange = policies.OnRange.REJECT
    masked: policies.OnMasked = policies.OnMasked.REDUCE
    earliest_year: int = 1000
    latest_year: int = 2200
    """Years outside this span are rejected (an undeclared sentinel such as ``9999-12-01``)."""


@attrs.frozen(kw_only=True)
class StatusDetail:
    """A second column that says which ended status a row has, when the status column gives an
    ended one (``"Terminated"`` in one column, ``"Replaced by new treaty"`` in the other)."""

    column: str = attrs.field(validator=fields.text)
    map: dict[str, AgreementStatus] = attrs.field(converter=fields.ended_map)
    """Cell -> ``expired``, ``terminated`` or ``superseded``. A non-blank cell the map does not
    know rejects the row; a blank one keeps the status column's status."""


@attrs.frozen(kw_only=True)
class StatusSpec:
    column: str = attrs.field(validator=fields.text)
    map: dict[str, AgreementStatus | None] = attrs.field(converter=fields.status_map)
    """Cell -> status; ``None`` (``"derive"`` in TOML) derives the status from the dates."""
    undated: policies.Undated = policies.Undated.REJECT
    detail: StatusDetail | None = None
    """Which ended status, for the rows whose status column gives one."""


@attrs.frozen(kw_only=True)
class ImportMapping:
    """Everything an import needs to know about one tabular format."""

    name: str = attrs.field(validator=fields.text)
    id: IdSpec
    title: str = attrs.field(validator=fields.text)
    """The title column."""
    parties: PartiesSpec
    dates: DatesSpec = attrs.field(factory=DatesSpec)
    kind: KindSpec | None = None
    """None: every record is of kind ``other``."""
    areas: AreasSpec | None = None
    status: StatusSpec | None = None
    """None: the status is derived from the dates as of the import's ``as_of``."""
    date_rules: DateRules = attrs.field(factory=DateRules)
    country_map: Mapping[str, str | CountrySide] = attrs.field(
        factory=dict, validator=fields.country_map
    )
    """Name or code -> ``"skip"``, a country (code or name) or a :class:`CountrySide` (several
    countries on one side: ``BLEU`` for Belgium and Luxembourg); a key ending in ``*`` matches
    every name with that prefix (``"IO-*"``). It is consulted before any other rule."""
    conflicts: policies.Conflicts = policies.Conflicts.REJECT_ALL
    source: Source | None = None
    """The citation every imported record carries."""
    encoding: str = "utf-8-sig"
    delimiter: str = ","

    def columns(self) -> tuple[str, ...]:
        """Every column of the main file this mapping reads, in a stable order."""
        names = [*self.id.columns, self.title]
        if self.kind is not None:
            names.append(self.kind.column)
        if self.areas is not None and self.areas.column is not None:
            names.append(self.areas.column)
        if self.status is not None:
            names.append(self.status.column)
            if self.status.detail is not None:
                names.append(self.status.detail.column)
        names.extend(c.column for c in self.dates.columns().values())
        names.extend(self.parties.columns)
        names.extend(self.parties.names)
        for extra in (self.parties.list_column, *self._table_columns()):
            if extra is not None:
                names.append(extra)
        return tuple(dict.fromkeys(names))

    def _table_columns(self) -> tuple[str | None, ...]:
        table, fallback = self.parties.table, self.parties.from_key
        if table is None:
            return ()
        if fallback is None:
            return (table.key,)
        return (table.key, fallback.column, fallback.when_column)
