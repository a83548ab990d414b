"""One source row -> one agreement, or the list of reasons it cannot be one."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

import attrs

from mou_tracker.domain import Agreement, AgreementKind, AgreementStatus, Country, Party
from mou_tracker.errors import ValidationError
from mou_tracker.importers.countries import CountryResolver
from mou_tracker.importers.dates import ReadDate, read_date
from mou_tracker.importers.history import History, derive_history, refine_status
from mou_tracker.importers.mapping import ImportMapping
from mou_tracker.importers.parties import PartiesRead, PartyReader
from mou_tracker.importers.policies import SKIP, Undated, Unmapped, fold_value
from mou_tracker.importers.problems import CellError, RowIssue, RowIssues
from mou_tracker.importers.sourcetable import SourceRow

__all__ = ["Built", "RowBuilder"]

PartyRows = Sequence[tuple[int, str]]
"""The parties table's rows for one key: (row number in the parties file, country cell)."""


@attrs.frozen
class Built:
    """What became of one row: an agreement, or problems; and the notes either way."""

    row: int
    agreement: Agreement | None
    problems: tuple[RowIssue, ...] = ()
    notes: tuple[RowIssue, ...] = ()


class RowBuilder:
    """Builds agreements from rows by one mapping, as of one day."""

    def __init__(
        self,
        mapping: ImportMapping,
        *,
        as_of: dt.date,
        parties: Mapping[str, PartyRows] | None = None,
        width: int,
    ) -> None:
        self.mapping = mapping
        self.as_of = as_of
        self.parties = parties or {}
        self.width = width
        spec = mapping.parties
        self.reader = PartyReader(
            CountryResolver(mapping.country_map),
            separators=spec.separators,
            split_words=spec.split_words,
            member_lists=spec.member_lists,
        )
        self._party_cache: dict[tuple[str, str | None], Party] = {}

    def build(self, row: SourceRow, record_id: str) -> Built:
        issues = _Issues(row.number)
        if row.width != self.width:
            issues.problem(
                None, None, f"the row has {row.width} cells, the header {self.width}", "bad-row"
            )
            return issues.built(None)
        cells = row.cells
        title = cells[self.mapping.title]
        if not title:
            issues.problem(self.mapping.title, "", "no title", "missing-title")
        kind = self._kind(cells, issues)
        areas = self._areas(cells, issues)
        dates = self._dates(cells, issues)
        found, parties_column = self._parties(row, issues)
        stated, stated_text, ended = self._stated(cells, issues)
        if issues.problems:
            return issues.built(None)
        try:
            history = derive_history(
                dates,
                as_of=self.as_of,
                stated=stated,
                stated_text=stated_text,
                undated=self.mapping.status.undated if self.mapping.status else Undated.REJECT,
                ended=ended,
            )
        except CellError as exc:
            column = self._column_of(exc.role)
            issues.problem(column, cells.get(column or ""), exc.reason, exc.category)
            return issues.built(None)
        record_notes = self._notes(issues, cells, dates, found, parties_column, history)
        try:
            agreement = Agreement(
                id=record_id,
                kind=kind or AgreementKind.OTHER,
                title=title,
                parties=[self._party(code, found.side_of(code)) for code in found.codes],
                history=history.changes,
                areas=areas,
                expires_on=history.expires_on,
                sources=[self.mapping.source] if self.mapping.source else [],
                notes="; ".join(record_notes) or None,
            )
        except ValidationError as exc:
            issues.problem(exc.field, None, str(exc), "invalid-record")
            return issues.built(None)
        return issues.built(agreement)

    def _notes(
        self,
        issues: _Issues,
        cells: Mapping[str, str],
        dates: dict[str, ReadDate],
        found: PartiesRead,
        parties_column: str,
        history: History,
    ) -> list[str]:
        """Note what the report should say about an imported row; return the record's notes."""
        skipped = (
            [f"left out as not countries: {', '.join(found.skipped)}"] if found.skipped else []
        )
        for note in (*found.notes, *skipped):
            issues.note(parties_column, None, note)
        status_column = self.mapping.status.column if self.mapping.status else None
        for note in (*history.notes, *history.report_notes):
            issues.note(status_column, None, note)
        for role, read in dates.items():
            column = self._column_of(role)
            if read.note and column is not None:
                issues.note(column, cells.get(column), read.note)
        return [*found.notes, *skipped, *history.notes]

    # -- one part of the row each --------------------------------------------------------------

    def _kind(self, cells: Mapping[str, str], issues: _Issues) -> AgreementKind | None:
        spec = self.mapping.kind
        if spec is None:
            return AgreementKind.OTHER
        text = cells[spec.column]
        if not text:
            if spec.default is None:
                issues.problem(spec.column, text, "no kind", "missing-kind")
            return spec.default
        kind = spec.map.get(fold_value(text))
        if kind is None:
            issues.problem(spec.column, text, f"kind {text!r} is not in kind.map", "unmapped-kind")
        return kind

    def _areas(self, cells: Mapping[str, str], issues: _Issues) -> frozenset[str]:
        spec = self.mapping.areas
        if spec is None:
            return frozenset()
        codes = set(spec.constant)
        if spec.column is None or not cells[spec.column]:
            return frozenset(codes)
        text = cells[spec.column]
        words = text.split(spec.separator) if spec.separator else [text]
        for word in (w.strip() for w in words):
            code = spec.map.get(fold_value(word)) if word else SKIP
            if code is None:
                reason = f"area {word!r} is not in areas.map"
                if spec.unmapped is Unmapped.REJECT:
                    issues.problem(spec.column, text, reason, "unmapped-area")
                else:
                    issues.note(spec.column, text, f"{reason}: left out")
            elif code != SKIP:
                codes.add(code)
        return frozenset(codes)

    def _dates(self, cells: Mapping[str, str], issues: _Issues) -> dict[str, ReadDate]:
        found: dict[str, ReadDate] = {}
        for role, column in self.mapping.dates.columns().items():
            text = cells[column.column]
            try:
                read = read_date(text, column, self.mapping.date_rules)
            except CellError as exc:
                issues.problem(column.column, text, exc.reason, exc.category)
                continue
            if read.open_ended and role not in ("end", "termination"):
                issues.problem(
                    column.column,
                    text,
                    f"the sentinel {text!r} means open-ended, which only an end date can be",
                    "invalid-date",
                )
                continue
            found[role] = read
        return found

    def _stated(
        self, cells: Mapping[str, str], issues: _Issues
    ) -> tuple[AgreementStatus | None, str, AgreementStatus | None]:
        """The stated status, its text, and the ended status its detail column names."""
        spec = self.mapping.status
        if spec is None:
            return None, "", None
        text = cells[spec.column]
        key = fold_value(text)
        if key not in spec.map:
            issues.problem(
                spec.column, text, f"status {text!r} is not in status.map", "unmapped-status"
            )
            return None, text, None
        if spec.detail is None:
            return spec.map[key], text, None
        detail = cells[spec.detail.column]
        try:
            stated, stated_text, note = refine_status(spec.detail, spec.map[key], text, detail)
        except CellError as exc:
            issues.problem(spec.detail.column, detail, exc.reason, exc.category)
            return None, text, None
        if note is not None:
            issues.note(spec.detail.column, detail, note)
        refined = bool(detail.strip()) and note is None
        return stated, stated_text, stated if refined else None

    def _parties(self, row: SourceRow, issues: _Issues) -> tuple[PartiesRead, str]:
        spec, cells = self.mapping.parties, row.cells
        why = ""
        if spec.table is not None:
            found, column, why = self._table_parties(row)
        elif spec.list_column is not None:
            found, column = self.reader.list_cell(cells[spec.list_column]), spec.list_column
        else:
            found = self.reader.columns((c, cells[c]) for c in spec.columns)
            column = ", ".join(spec.columns)
            if spec.names:
                self._cross_check(cells, issues)
        for where, text, reason, category in found.problems:
            issues.problem(where or column, text, reason, category)
        if not found.problems and len(found.codes) < 2:
            have = ", ".join(found.codes) or "none"
            skipped = f"; left out: {', '.join(found.skipped)}" if found.skipped else ""
            issues.problem(
                column,
                cells.get(column, None),
                f"fewer than two countries (found: {have}{skipped}){why}",
                "too-few-countries",
            )
        elif not found.problems and found.side_count() < 2:
            issues.problem(
                column,
                cells.get(column, None),
                f"every country is on one side ({', '.join(found.codes)} on "
                f"{found.side_of(found.codes[0])!r}): a record needs two sides",
                "too-few-sides",
            )
        return found, column

    def _cross_check(self, cells: Mapping[str, str], issues: _Issues) -> None:
        """Each party's code against the name beside it (``parties.names``)."""
        spec = self.mapping.parties
        pairs = [(c, cells[c], n, cells[n]) for c, n in zip(spec.columns, spec.names, strict=True)]
        for said in self.reader.cross_check(pairs):
            issues.add(*said)

    def _table_parties(self, row: SourceRow) -> tuple[PartiesRead, str, str]:
        spec = self.mapping.parties
        table, fallback = spec.table, spec.from_key
        assert table is not None  # noqa: S101 - the caller checked
        key = row.cells[table.key]
        rows = self.parties.get(key, ())
        if rows:
            return self.reader.table_names(rows, column=table.country), table.key, ""
        if fallback is None:
            return PartiesRead(), table.key, "; no rows in the parties file"
        when = fallback.when_column
        if when is not None and row.cells[when] not in fallback.when_values:
            why = f"; no rows in the parties file, and {when} is {row.cells[when]!r}"
            return PartiesRead(), fallback.column, why
        cell = row.cells[fallback.column]
        match = re.search(fallback.pattern, cell)
        if match is None:
            why = f"; no rows in the parties file, and {fallback.column} names no countries"
            return PartiesRead(), fallback.column, why
        codes = [(0, g) for g in match.groups() if g]
        found = self.reader.table_names(codes, column=fallback.column)
        note = f"parties read from {fallback.column} {cell!r} (no rows in the parties file)"
        return attrs.evolve(found, notes=(note, *found.notes)), fallback.column, ""

    def _party(self, code: str, side: str | None) -> Party:
        key = (code, side)
        party = self._party_cache.get(key)
        if party is None:
            party = self._party_cache[key] = Party(country=Country(code=code), side=side)
        return party

    def _column_of(self, role: str | None) -> str | None:
        """The column of a date role; for a problem of the whole history, the status column
        or else the first date column."""
        columns = self.mapping.dates.columns()
        if role in columns:
            return columns[role].column
        if self.mapping.status is not None:
            return self.mapping.status.column
        return next((c.column for c in columns.values()), None)


class _Issues(RowIssues):
    def built(self, agreement: Agreement | None) -> Built:
        return Built(self.row, agreement, tuple(self.problems), tuple(self.notes))
