"""The in-memory state both built-in repositories share.

:class:`StateRepository` keeps records in memory and asks its subclass to persist each change
(:meth:`StateRepository._persist`) *before* the change is applied, so a failed save leaves both
the store and the in-memory state as they were. Swapping the persistence strategy later (a
journal, a database) does not change callers.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator

from mou_tracker.domain import (
    Agreement,
    AreaVocabulary,
    CooperationArea,
    Engagement,
    Record,
    validate_slug,
)
from mou_tracker.domain.filters import RecordFilter
from mou_tracker.errors import (
    ConflictError,
    DuplicateIdError,
    NotFoundError,
    StorageError,
    ValidationError,
)
from mou_tracker.storage.document import Stored, check_areas
from mou_tracker.storage.references import (
    anchor_removal_error,
    dangling_anchor_error,
    dangling_anchors,
    uses_engagement,
)
from mou_tracker.storage.repository import Repository

__all__ = ["StateRepository", "check_storable"]


class StateRepository(Repository):
    """A repository whose records live in memory; subclasses decide how changes persist."""

    def __init__(self) -> None:
        self._areas = AreaVocabulary()
        self._records: dict[str, Stored] = {}
        self._batch_depth = 0
        self._dirty = False
        self._touched: set[str] = set()
        self._removed_engagements: set[str] = set()
        self._batch_changes: dict[str, Stored | None] = {}
        self._changes_applied = 0
        self._order: tuple[dict[str, Stored], int, list[Record]] | None = None
        """Every record in order, for that mapping after that many changes (``_everything``)."""

    # -- persistence hooks --------------------------------------------------------------------

    def _persist(
        self,
        areas: AreaVocabulary,
        changes: dict[str, Stored | None],
        records: Callable[[], Iterable[Stored]],
    ) -> None:
        """Save durably: ``changes`` (id -> new value, None removes; ``areas`` may be new too),
        or the whole resulting state ``records()``. Raise, and save nothing, if that fails."""

    def _begin(self) -> None:
        """Called before a change or a batch starts (take locks, catch up with the store)."""

    def _end(self) -> None:
        """Called after a change or a batch ends, whether it succeeded or not."""

    # -- reads --------------------------------------------------------------------------------

    @property
    def areas(self) -> AreaVocabulary:
        return self._areas

    def get(self, record_id: str) -> Record:
        return self._stored(record_id).record

    def version(self, record_id: str) -> int:
        return self._stored(record_id).version

    def _stored(self, record_id: str) -> Stored:
        validate_slug(record_id)
        try:
            return self._records[record_id]
        except KeyError:
            raise NotFoundError(record_id) from None

    def records(self, where: RecordFilter | None = None) -> Iterator[Record]:
        if where is None or where.is_everything:
            yield from self._everything()
            return
        if where.ids is not None:  # look the ids up rather than scan everything
            candidates = [self._records[i] for i in where.ids & self._records.keys()]
        else:
            candidates = list(self._records.values())
        yield from self._in_order([s.record.id for s in candidates if where.matches(s.record)])

    def _everything(self) -> list[Record]:
        """Every record in order, sorted once for each state of the records (reports read the
        whole repository several times)."""
        known = self._order
        if known is not None and known[0] is self._records and known[1] == self._changes_applied:
            return known[2]
        # (a canonical file lists them in this order already: sorting them is one pass)
        ordered = sorted((stored.record for stored in self._records.values()), key=_listing)
        self._order = (self._records, self._changes_applied, ordered)
        return ordered

    def _in_order(self, ids: Iterable[str]) -> Iterator[Record]:
        """The records with these (stored) ids, in listing order."""
        return iter(sorted((self._records[i].record for i in ids), key=_listing))

    def __len__(self) -> int:
        return len(self._records)

    # -- writes -------------------------------------------------------------------------------

    def declare_area(self, area: CooperationArea) -> None:
        with self._change():
            self._commit(self._areas.declare(area), {})

    def add(self, record: Record) -> int:
        self._restore(record, 1)
        return 1

    def _restore(self, record: Record, version: int) -> None:
        check_storable(record)
        with self._change():
            if record.id in self._records:
                raise DuplicateIdError(record.id)
            self._put(record, version)

    def _versioned(self) -> Iterator[tuple[Record, int]]:
        for record in self.records():
            yield record, self._records[record.id].version

    def update(self, record: Record, *, expected_version: int) -> int:
        check_storable(record)
        with self._change():
            current = self._checked(record.id, expected_version)
            if type(current.record) is not type(record):
                raise ValidationError(
                    f"record {record.id!r} is an {type(current.record).__name__.lower()}; "
                    "it cannot become another kind of record",
                    field="id",
                )
            return self._put(record, current.version + 1)

    def remove(self, record_id: str, *, expected_version: int | None = None) -> None:
        with self._change():
            if expected_version is None:
                stored = self._stored(record_id)
            else:
                stored = self._checked(record_id, expected_version)
            if isinstance(stored.record, Engagement):
                if self._batch_depth:
                    self._removed_engagements.add(record_id)
                else:
                    self._check_not_anchor(record_id)
            self._commit(self._areas, {record_id: None})

    def _check_anchors(self, record: Record, pending: dict[str, Record]) -> None:
        """Every deadline of ``record`` tied to an engagement points at a stored engagement."""

        def is_engagement(engagement_id: str) -> bool:
            found = pending.get(engagement_id)
            if found is None and engagement_id in self._records:
                found = self._records[engagement_id].record
            return isinstance(found, Engagement)

        for index, engagement_id in dangling_anchors(record, is_engagement):
            raise dangling_anchor_error(record, index, engagement_id)

    def _check_not_anchor(self, engagement_id: str) -> None:
        users = sorted(
            stored.record.id
            for stored in self._records.values()
            if stored.record.id != engagement_id and uses_engagement(stored.record, engagement_id)
        )
        if users:
            raise anchor_removal_error(engagement_id, users)

    def _checked(self, record_id: str, expected_version: int) -> Stored:
        try:
            current = self._stored(record_id)
        except NotFoundError:
            raise ConflictError(record_id, expected=expected_version, actual=None) from None
        if current.version != expected_version:
            raise ConflictError(record_id, expected=expected_version, actual=current.version)
        return current

    def _put(self, record: Record, version: int) -> int:
        check_areas(record, self._areas)
        if self._batch_depth == 0:
            self._check_anchors(record, {record.id: record})
        else:
            self._touched.add(record.id)
        stored = Stored(record=record, version=version)
        self._commit(self._areas, {record.id: stored})
        return version

    def _commit(self, areas: AreaVocabulary, changes: dict[str, Stored | None]) -> None:
        """Persist (outside a batch) then apply ``changes`` (id -> new value, None removes).

        A ``committed`` storage error (the change was saved, then something failed) still
        applies the changes before it propagates: memory and store stay the same."""
        if self._batch_depth == 0:
            try:
                self._persist(areas, changes, lambda: _overlay(self._records, changes))
            except StorageError as exc:
                if exc.committed:
                    self._apply(areas, changes)
                raise
        else:
            self._dirty = True
            self._batch_changes.update(changes)
        self._apply(areas, changes)

    def _apply(self, areas: AreaVocabulary, changes: dict[str, Stored | None]) -> None:
        self._areas = areas
        self._changes_applied += 1
        for record_id, stored in changes.items():
            if stored is None:
                del self._records[record_id]
            else:
                self._records[record_id] = stored

    @contextlib.contextmanager
    def _change(self) -> Iterator[None]:
        if self._batch_depth:
            yield
            return
        self._begin()
        try:
            yield
        finally:
            self._end()

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        if self._batch_depth:  # nested: part of the outer batch
            yield
            return
        self._begin()
        saved, self._dirty = (self._areas, dict(self._records)), False
        self._touched, self._removed_engagements = set(), set()
        self._batch_changes = {}
        self._batch_depth = 1
        try:
            yield
            self._batch_depth = 0
            for record_id in sorted(self._touched & self._records.keys()):
                self._check_anchors(self._records[record_id].record, {})
            for record_id in sorted(self._removed_engagements):
                stored = self._records.get(record_id)
                if stored is None or not isinstance(stored.record, Engagement):
                    self._check_not_anchor(record_id)
            if self._dirty:
                changes = {
                    record_id: self._records.get(record_id) for record_id in self._batch_changes
                }
                try:
                    self._persist(self._areas, changes, self._records.values)
                except StorageError as exc:
                    if exc.committed:  # this batch's own save is in the store: keep it
                        saved = (self._areas, self._records)
                    raise
        except BaseException:
            self._areas, self._records = saved
            raise
        finally:
            self._batch_depth = 0
            self._end()


def _listing(record: Record) -> tuple[bool, str]:
    """The order records are listed in: agreements then engagements, each by id."""
    return type(record) is not Agreement, record.id


def check_storable(record: object) -> None:
    """Only agreements and engagements are stored, and their ids are checked again here: a
    record built with validators off (``attrs.validators.set_disabled``) may carry any id."""
    if not isinstance(record, Agreement | Engagement):
        raise ValidationError(f"cannot store a {type(record).__name__}")
    validate_slug(record.id)


def _overlay(records: dict[str, Stored], changes: dict[str, Stored | None]) -> Iterator[Stored]:
    """The records as they will be once ``changes`` apply, without copying the dict."""
    for record_id, stored in records.items():
        if record_id not in changes:
            yield stored
    for change in changes.values():
        if change is not None:
            yield change
