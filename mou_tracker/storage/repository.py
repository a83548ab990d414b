"""The repository interface, and the in-memory state both built-in repositories share.

Callers only see :class:`Repository`. :class:`StateRepository` keeps records in memory and asks
its subclass to persist each change (:meth:`StateRepository._persist`) *before* the change is
applied, so a failed save leaves both the store and the in-memory state as they were. Swapping
the persistence strategy later (a journal, a database) does not change callers.
"""

from __future__ import annotations

import abc
import contextlib
from collections.abc import Iterable, Iterator
from typing import TypeVar

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
    InvalidIdError,
    NotFoundError,
    ValidationError,
)
from mou_tracker.storage.document import Stored, check_areas, encode_record

__all__ = ["Repository", "StateRepository"]

R = TypeVar("R", Agreement, Engagement)


class Repository(abc.ABC):
    """Stores agreements and engagements by id (ids are unique across both kinds).

    Every record has a version: 1 when added, one more at each update. :meth:`update` and
    :meth:`remove` take the version the caller read and raise :class:`ConflictError` when the
    record changed since (optimistic concurrency).
    """

    @property
    @abc.abstractmethod
    def areas(self) -> AreaVocabulary:
        """The standard cooperation areas plus those declared in this repository."""

    @abc.abstractmethod
    def declare_area(self, area: CooperationArea) -> None:
        """Declare an extra cooperation area so records may use its code."""

    @abc.abstractmethod
    def add(self, record: Record) -> int:
        """Store a new record; return its version (1). Raises :class:`DuplicateIdError`."""

    @abc.abstractmethod
    def get(self, record_id: str) -> Record:
        """The record with this id. Raises :class:`NotFoundError`."""

    @abc.abstractmethod
    def version(self, record_id: str) -> int:
        """The current version of a record. Raises :class:`NotFoundError`."""

    @abc.abstractmethod
    def update(self, record: Record, *, expected_version: int) -> int:
        """Replace the record with the same id; return its new version.

        Raises :class:`ConflictError` when the stored version is not ``expected_version``.
        """

    @abc.abstractmethod
    def remove(self, record_id: str, *, expected_version: int | None = None) -> None:
        """Delete a record (checking its version when one is given)."""

    @abc.abstractmethod
    def records(self) -> Iterator[Record]:
        """Every record, agreements then engagements, each sorted by id."""

    @abc.abstractmethod
    def batch(self) -> contextlib.AbstractContextManager[None]:
        """A transaction: changes made inside are saved together when the block ends, or not at
        all when it raises (the repository then returns to its state before the block)."""

    # -- conveniences built on the operations above ------------------------------------------------

    def get_agreement(self, record_id: str) -> Agreement:
        return self._get_typed(record_id, Agreement)

    def get_engagement(self, record_id: str) -> Engagement:
        return self._get_typed(record_id, Engagement)

    def _get_typed(self, record_id: str, cls: type[R]) -> R:
        record = self.get(record_id)
        if not isinstance(record, cls):
            raise NotFoundError(record_id)
        return record

    def agreements(self, where: RecordFilter | None = None, **criteria: object) -> list[Agreement]:
        """Agreements matching a :class:`RecordFilter` (or its fields given as keywords)."""
        return self._select(Agreement, where, criteria)

    def engagements(
        self, where: RecordFilter | None = None, **criteria: object
    ) -> list[Engagement]:
        """Engagements matching a :class:`RecordFilter` (or its fields given as keywords)."""
        return self._select(Engagement, where, criteria)

    def _select(
        self, cls: type[R], where: RecordFilter | None, criteria: dict[str, object]
    ) -> list[R]:
        if where is not None and criteria:
            raise ValidationError("give either a RecordFilter or keyword criteria, not both")
        query = where or RecordFilter(**criteria)  # type: ignore[arg-type]
        return [r for r in self.records() if isinstance(r, cls) and query.matches(r)]

    def __contains__(self, record_id: object) -> bool:
        if not isinstance(record_id, str):
            return False
        try:
            self.version(record_id)
        except (NotFoundError, InvalidIdError):
            return False
        return True

    def __len__(self) -> int:
        return sum(1 for _ in self.records())


class StateRepository(Repository):
    """A repository whose records live in memory; subclasses decide how changes persist."""

    def __init__(self) -> None:
        self._areas = AreaVocabulary()
        self._records: dict[str, Stored] = {}
        self._batch_depth = 0
        self._dirty = False

    # -- persistence hooks --------------------------------------------------------------------

    def _persist(self, areas: AreaVocabulary, records: Iterable[Stored]) -> None:
        """Save this whole state durably; raise and save nothing if that fails."""

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

    def records(self) -> Iterator[Record]:
        for cls in (Agreement, Engagement):
            for record_id in sorted(self._records):
                record = self._records[record_id].record
                if type(record) is cls:
                    yield record

    def __len__(self) -> int:
        return len(self._records)

    # -- writes -------------------------------------------------------------------------------

    def declare_area(self, area: CooperationArea) -> None:
        with self._change():
            self._commit(self._areas.declare(area), {})

    def add(self, record: Record) -> int:
        with self._change():
            if record.id in self._records:
                raise DuplicateIdError(record.id)
            return self._put(record, 1)

    def update(self, record: Record, *, expected_version: int) -> int:
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
                self._stored(record_id)
            else:
                self._checked(record_id, expected_version)
            self._commit(self._areas, {record_id: None})

    def _checked(self, record_id: str, expected_version: int) -> Stored:
        try:
            current = self._stored(record_id)
        except NotFoundError:
            raise ConflictError(record_id, expected=expected_version, actual=None) from None
        if current.version != expected_version:
            raise ConflictError(record_id, expected=expected_version, actual=current.version)
        return current

    def _put(self, record: Record, version: int) -> int:
        if not isinstance(record, Agreement | Engagement):
            raise ValidationError(f"cannot store a {type(record).__name__}")
        check_areas(record, self._areas)
        stored = Stored(record=record, version=version, text=encode_record(record, version))
        self._commit(self._areas, {record.id: stored})
        return version

    def _commit(self, areas: AreaVocabulary, changes: dict[str, Stored | None]) -> None:
        """Persist (outside a batch) then apply ``changes`` (id -> new value, None removes)."""
        if self._batch_depth == 0:
            self._persist(areas, _overlay(self._records, changes))
        else:
            self._dirty = True
        self._areas = areas
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
        self._batch_depth = 1
        try:
            yield
            self._batch_depth = 0
            if self._dirty:
                self._persist(self._areas, self._records.values())
        except BaseException:
            self._areas, self._records = saved
            raise
        finally:
            self._batch_depth = 0
            self._end()


def _overlay(records: dict[str, Stored], changes: dict[str, Stored | None]) -> Iterator[Stored]:
    """The records as they will be once ``changes`` apply, without copying the dict."""
    for record_id, stored in records.items():
        if record_id not in changes:
            yield stored
    for change in changes.values():
        if change is not None:
            yield change
