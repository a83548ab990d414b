"""Running an import: read, key, de-duplicate, build, then write every valid row in one batch.

Rows with the same key are duplicates. Exact duplicates (the same value in every column the
mapping reads) are merged into the first and reported; rows that share a key but differ are
conflicting duplicates, all rejected (``conflicts = "reject_all"``, the default) or all but the
first (``"keep_first"``). Writing is one :meth:`Repository.batch`: every valid row is saved, or
none. A record already in the repository is updated only when the import changes it, and keeps
what the import does not manage (commitments, relations, binding force, signature place).
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Mapping

import attrs

from mou_tracker.domain import Agreement
from mou_tracker.errors import MouTrackerError
from mou_tracker.importers.build import Built, PartyRows, RowBuilder
from mou_tracker.importers.errors import MappingError, RowRejectedError, SourceFileError
from mou_tracker.importers.ids import assign_ids
from mou_tracker.importers.mapping import ImportMapping, PartiesTable
from mou_tracker.importers.outcome import ImportReport
from mou_tracker.importers.policies import Conflicts
from mou_tracker.importers.problems import RowIssue, spanned, unreadable
from mou_tracker.importers.sourcetable import SourceRow, SourceTable, read_csv
from mou_tracker.storage import Repository

__all__ = ["import_file", "import_table", "index_parties"]

_MANAGED = ("kind", "title", "parties", "history", "areas", "expires_on", "sources", "notes")
"""The agreement fields an import sets; the others are kept from a record already stored."""


def import_file(
    path: str | os.PathLike[str],
    mapping: ImportMapping,
    repo: Repository,
    *,
    as_of: dt.date,
    parties: str | os.PathLike[str] | None = None,
    strict: bool = False,
) -> ImportReport:
    """Import a CSV file (and its parties file, when the mapping joins one) into ``repo``.

    ``as_of`` is the day the status is derived for. With ``strict``, the first problem raises
    :class:`RowRejectedError` and nothing is written.
    """
    table = read_csv(
        path, encoding=mapping.encoding, delimiter=mapping.delimiter, columns=mapping.columns()
    )
    index = None
    faults: list[SourceRow] = []
    spec = mapping.parties.table
    if spec is not None:
        if parties is None:
            raise MappingError(
                f"the mapping {mapping.name!r} joins a parties table on {spec.key!r}: "
                "give the parties file too (--parties FILE)",
                field="parties",
            )
        wanted = (spec.table_key or spec.key, spec.country)
        table_file = read_csv(
            parties, encoding=mapping.encoding, delimiter=mapping.delimiter, columns=wanted
        )
        index = index_parties(table_file, spec)
        faults = [row for row in table_file.rows if row.fault is not None]
        if faults and strict:
            raise SourceFileError(f"{table_file.name}: line {faults[0].number}: {faults[0].fault}")
    elif parties is not None:
        raise MappingError(
            f"the mapping {mapping.name!r} reads the parties from the main file; "
            "it takes no parties file",
            field="parties",
        )
    report = import_table(table, mapping, repo, as_of=as_of, parties=index, strict=strict)
    if not faults:
        return report
    lost = tuple(f"{table_file.name} line {row.number} was not read: {row.fault}" for row in faults)
    return attrs.evolve(report, remarks=(*report.remarks, *lost))


def index_parties(table: SourceTable, spec: PartiesTable) -> dict[str, list[tuple[int, str]]]:
    """The parties table as key -> [(row number, country cell)], in file order."""
    key = spec.table_key or spec.key
    table.check_columns((key, spec.country), what="the parties mapping")
    index: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in table.rows:
        if row.fault is None:
            index[row.cells.get(key, "")].append((row.number, row.cells.get(spec.country, "")))
    return dict(index)


def import_table(
    table: SourceTable,
    mapping: ImportMapping,
    repo: Repository,
    *,
    as_of: dt.date,
    parties: Mapping[str, PartyRows] | None = None,
    strict: bool = False,
) -> ImportReport:
    """Import rows already read (see :func:`import_file`)."""
    table.check_columns(mapping.columns())
    columns = mapping.columns()
    key_columns = mapping.id.columns
    rejected: list[RowIssue] = []
    merged: list[RowIssue] = []
    groups: dict[tuple[str, ...], list[SourceRow]] = defaultdict(list)
    for row in table.rows:
        if row.fault is not None:
            rejected.append(unreadable(row))
            continue
        key = tuple(row.cells.get(c, "") for c in key_columns)
        if all(key):
            groups[key].append(row)
        else:
            rejected.append(
                _issue(row, key_columns[0], "no key (the id is built from it)", "missing-key")
            )
    ids = assign_ids(groups, mapping.id.prefix)
    builder = RowBuilder(mapping, as_of=as_of, parties=parties, width=len(table.header))
    built: list[Built] = []
    for key, rows in groups.items():
        keep = _deduplicate(rows, columns, mapping.conflicts, rejected, merged)
        if keep is not None:
            built.append(builder.build(keep, ids[key]))
    rejected.extend(problem for b in built for problem in b.problems)
    if strict and rejected:
        _raise_first(spanned(table, rejected))
    valid = sorted((b for b in built if b.agreement is not None), key=_record_id)
    written = _Written()
    with repo.batch():
        if valid and mapping.areas is not None:
            for area in mapping.areas.declare:
                if area.code not in repo.areas:
                    repo.declare_area(area)
        for item in valid:
            written.save(repo, item, rejected)
        if strict and rejected:
            _raise_first(spanned(table, rejected))  # rolls the batch back
    rejected_rows = {issue.row for issue in rejected}
    return ImportReport(
        source=table.name,
        as_of=as_of,
        rows=len(table.rows) + len(table.blank),
        skipped=table.blank,
        added=tuple(written.added),
        updated=tuple(written.updated),
        unchanged=tuple(written.unchanged),
        merged=spanned(table, merged),
        rejected=spanned(table, rejected),
        notes=spanned(table, (n for b in built if b.row not in rejected_rows for n in b.notes)),
        records=tuple(sorted(written.records)),
        remarks=_orphans(table, mapping, parties),
    )


@attrs.define
class _Written:
    added: list[str] = attrs.Factory(list)
    updated: list[str] = attrs.Factory(list)
    unchanged: list[str] = attrs.Factory(list)
    records: list[tuple[int, str]] = attrs.Factory(list)

    def save(self, repo: Repository, item: Built, rejected: list[RowIssue]) -> None:
        record = item.agreement
        assert record is not None  # noqa: S101 - only valid rows are saved
        undeclared = sorted(record.areas - {a.code for a in repo.areas})
        if undeclared:
            rejected.append(
                RowIssue(
                    row=item.row,
                    column=None,
                    value=", ".join(undeclared),
                    reason=f"area {undeclared[0]!r} is not declared in the repository "
                    "(declare it with areas.declare)",
                    category="undeclared-area",
                )
            )
            return
        try:
            if record.id not in repo:
                repo.add(record)
                self.added.append(record.id)
            else:
                self._update(repo, record)
        except MouTrackerError as exc:
            rejected.append(
                RowIssue(
                    row=item.row,
                    column=None,
                    value=record.id,
                    reason=str(exc),
                    category="not-saved",
                )
            )
            return
        self.records.append((item.row, record.id))

    def _update(self, repo: Repository, record: Agreement) -> None:
        existing = repo.get(record.id)
        if not isinstance(existing, Agreement):
            raise MappingError(f"the id {record.id!r} is taken by an engagement")
        changed = attrs.evolve(existing, **{name: getattr(record, name) for name in _MANAGED})
        if changed == existing:
            self.unchanged.append(record.id)
            return
        repo.update(changed, expected_version=repo.version(record.id))
        self.updated.append(record.id)


def _deduplicate(
    rows: list[SourceRow],
    columns: tuple[str, ...],
    conflicts: Conflicts,
    rejected: list[RowIssue],
    merged: list[RowIssue],
) -> SourceRow | None:
    """The row to build for one key, or None when the key's rows conflict and all are rejected;
    exact duplicates go to ``merged`` and conflicting rows to ``rejected``."""
    first = rows[0]
    if len(rows) == 1:
        return first
    distinct: list[SourceRow] = []
    for row in rows:
        same = next((d for d in distinct if _values(d, columns) == _values(row, columns)), None)
        if same is None:
            distinct.append(row)
        else:
            merged.append(_issue(row, None, f"the same values as row {same.number}", "duplicate"))
    if len(distinct) == 1:
        return first
    numbers = ", ".join(str(d.number) for d in distinct)
    differing = [c for c in columns if len({d.cells.get(c) for d in distinct}) > 1]
    column = differing[0] if differing else None
    reason = f"rows {numbers} have the same key but differ in {', '.join(differing) or 'length'}"
    if conflicts is Conflicts.KEEP_FIRST:
        for row in distinct[1:]:
            rejected.append(
                _issue(row, column, f"{reason}; the first is kept", "conflicting-duplicate")
            )
        return first
    for row in distinct:
        rejected.append(_issue(row, column, f"{reason}; all are rejected", "conflicting-duplicate"))
    return None


def _values(row: SourceRow, columns: tuple[str, ...]) -> tuple[object, ...]:
    return (row.width, *(row.cells.get(c) for c in columns))


def _issue(row: SourceRow, column: str | None, reason: str, category: str) -> RowIssue:
    value = row.cells.get(column) if column else None
    return RowIssue(row=row.number, column=column, value=value, reason=reason, category=category)


def _raise_first(rejected: list[RowIssue]) -> None:
    """Raise for the first problem, a line that could not be read (a fault of the file) first."""
    first = min(rejected, key=lambda i: (i.category != "unbalanced-quote", i.row))
    where = f"row {first.row}" + (f" (lines {first.lines})" if first.last_row else "")
    where += f", column {first.column!r}" if first.column else ""
    value = f", value {first.value!r}" if first.value is not None else ""
    raise RowRejectedError(
        f"{where}{value}: {first.reason} (strict mode: nothing was written)",
        row=first.row,
        column=first.column,
        value=first.value,
    )


def _orphans(
    table: SourceTable, mapping: ImportMapping, parties: Mapping[str, PartyRows] | None
) -> tuple[str, ...]:
    spec = mapping.parties.table
    if parties is None or spec is None:
        return ()
    keys = {row.cells.get(spec.key, "") for row in table.rows}
    orphans = len(set(parties) - keys)
    if not orphans:
        return ()
    return (f"{orphans} keys of the parties file match no row of {table.name}; they were ignored",)


def _row(issue: RowIssue) -> int:
    return issue.row


def _record_id(item: Built) -> str:
    return item.agreement.id if item.agreement is not None else ""
