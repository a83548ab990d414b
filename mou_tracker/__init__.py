"""mou-tracker: track what countries signed, what they promised, by when, and what is late.

>>> import mou_tracker
>>> mou_tracker.CountryPair("PK", "KZ")
CountryPair('KZ', 'PK')
"""

from mou_tracker.domain import (
    ALLOWED_TRANSITIONS,
    STANDARD_AREAS,
    Agreement,
    AgreementKind,
    AgreementStatus,
    Anchor,
    AnchorRelation,
    AreaVocabulary,
    Cadence,
    CadenceState,
    Commitment,
    CommitmentStatus,
    CooperationArea,
    Country,
    CountryPair,
    DateChange,
    Deadline,
    Due,
    DueMove,
    DueResolver,
    DueState,
    DueStatus,
    Engagement,
    EngagementKind,
    Interval,
    IntervalUnit,
    PartialDate,
    Party,
    Precision,
    ProgressNote,
    Record,
    Recurrence,
    Relation,
    RelationKind,
    Reschedule,
    Schedule,
    Source,
    StatusChange,
    due_status,
)
from mou_tracker.domain.filters import RecordFilter
from mou_tracker.errors import (
    ConflictError,
    DuplicateIdError,
    FormatError,
    InvalidDateError,
    InvalidIdError,
    InvalidTransitionError,
    MouTrackerError,
    NotFoundError,
    PermissionDeniedError,
    SchemaVersionError,
    StorageError,
    UnknownAreaError,
    UnknownCountryError,
    ValidationError,
)
from mou_tracker.services import move_engagement, reschedule_deadline
from mou_tracker.storage import (
    InMemoryRepository,
    JsonRepository,
    Repository,
    check_file,
    create_repository,
    open_repository,
    record_from_json,
    record_to_json,
)

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    """``PostgresRepository`` is imported on first use, so ``import mou_tracker`` does not need
    (or import) psycopg, which comes with the ``postgres`` extra."""
    if name == "PostgresRepository":
        from mou_tracker.storage.postgres import PostgresRepository

        return PostgresRepository
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ALLOWED_TRANSITIONS",
    "STANDARD_AREAS",
    "Agreement",
    "AgreementKind",
    "AgreementStatus",
    "Anchor",
    "AnchorRelation",
    "AreaVocabulary",
    "Cadence",
    "CadenceState",
    "Commitment",
    "CommitmentStatus",
    "ConflictError",
    "CooperationArea",
    "Country",
    "CountryPair",
    "DateChange",
    "Deadline",
    "Due",
    "DueMove",
    "DueResolver",
    "DueState",
    "DueStatus",
    "DuplicateIdError",
    "Engagement",
    "EngagementKind",
    "FormatError",
    "InMemoryRepository",
    "Interval",
    "IntervalUnit",
    "InvalidDateError",
    "InvalidIdError",
    "InvalidTransitionError",
    "JsonRepository",
    "MouTrackerError",
    "NotFoundError",
    "PartialDate",
    "Party",
    "PermissionDeniedError",
    "PostgresRepository",
    "Precision",
    "ProgressNote",
    "Record",
    "RecordFilter",
    "Recurrence",
    "Relation",
    "RelationKind",
    "Repository",
    "Reschedule",
    "Schedule",
    "SchemaVersionError",
    "Source",
    "StatusChange",
    "StorageError",
    "UnknownAreaError",
    "UnknownCountryError",
    "ValidationError",
    "__version__",
    "check_file",
    "create_repository",
    "due_status",
    "move_engagement",
    "open_repository",
    "record_from_json",
    "record_to_json",
    "reschedule_deadline",
]
