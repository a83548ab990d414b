"""The repository interface: what every backend offers, and what callers may rely on.

The built-in backends share :class:`~mou_tracker.storage.state.StateRepository`.
"""

from __future__ import annotations

import abc
import contextlib
from collections.abc import Iterator
from typing import TypeVar

import attrs

from mou_tracker.domain import (
    Agreement,
    AgreementKind,
    AreaVocabulary,
    CooperationArea,
    Engagement,
    EngagementKind,
    Record,
)
from mou_tracker.domain.filters import RecordFilter
from mou_tracker.errors import (
    InvalidIdError,
    NotFoundError,
    StorageError,
    ValidationError,
)

__all__ = ["Repository"]

R = TypeVar("R", Agreement, Engagement)

_KINDS: dict[type[Record], frozenset[str]] = {
    Agreement: frozenset(AgreementKind),
    Engagement: frozenset(EngagementKind),
}


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
    def records(self, where: RecordFilter | None = None) -> Iterator[Record]:
        """The records ``where`` keeps (every record when it is None), agreements then
        engagements, each sorted by id.

        The contract every backend keeps, whether it scans or pushes the filter down to a
        query: the result equals ``[r for r in repo.records() if where.matches(r)]``, in that
        order. So a status criterion is the current status (``matches`` without ``as_of``), a
        status or date criterion leaves out the records it cannot apply to (engagements; records
        with no date), and ``where.ids`` keeps the records with those ids, an id that is not
        stored (or not a valid id) matching nothing, and never raising.

        The built-in stores scan their records in memory; a database backend translates
        ``where`` into its query, so it reads only the matching rows (what lets a report about
        one pair read that pair's records only, see ``docs/reports.md``).
        """

    @abc.abstractmethod
    def batch(self) -> contextlib.AbstractContextManager[None]:
        """A transaction: changes made inside are saved together when the block ends, or not at
        all when it raises (the repository then returns to its state before the block)."""

    def close(self) -> None:  # noqa: B027 - a hook: most stores hold nothing between calls
        """Release what the repository holds between calls (a database connection). The file
        and memory stores hold nothing; using a closed handle again reopens what it needs."""

    # -- what copy_repository needs of a backend (see mou_tracker.storage.copying) -----------------

    def _versioned(self) -> Iterator[tuple[Record, int]]:
        """Every record with its version, in the order of :meth:`records` (one consistent
        read where the backend can give one)."""
        for record in self.records():
            yield record, self.version(record.id)

    def _restore(self, record: Record, version: int) -> None:
        """Add ``record`` at ``version`` (a copy keeps versions), with :meth:`add`'s checks."""
        raise StorageError(f"{type(self).__name__} cannot be the target of a copy")

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
        own = _KINDS[cls]
        kinds = query.kinds & own if query.kinds else own
        if not kinds:  # only kinds of the other record type were asked for
            return []
        # The kinds say which type of record to read (so a backend that pushes the filter down
        # reads no other); "other" names both an agreement and an engagement kind, hence the
        # type check as well.
        narrowed = attrs.evolve(query, kinds=kinds)
        return [r for r in self.records(where=narrowed) if isinstance(r, cls)]

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
