"""mou-tracker: track what countries signed, what they promised, by when, and what is late.

>>> import mou_tracker
>>> mou_tracker.CountryPair("PK", "KZ")
CountryPair('KZ', 'PK')
"""

import importlib
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:  # for type checkers and IDEs; at run time, __getattr__ imports on first use
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
    from mou_tracker.storage.postgres import PostgresRepository

__version__ = "0.1.0"

_LAZY: dict[str, str] = {
    name: module
    for module, names in (
        (
            "mou_tracker.domain",
            "ALLOWED_TRANSITIONS STANDARD_AREAS Agreement AgreementKind AgreementStatus"
            " Anchor AnchorRelation AreaVocabulary Cadence CadenceState Commitment"
            " CommitmentStatus CooperationArea Country CountryPair DateChange Deadline Due"
            " DueMove DueResolver DueState DueStatus Engagement EngagementKind Interval"
            " IntervalUnit PartialDate Party Precision ProgressNote Record Recurrence"
            " Relation RelationKind Reschedule Schedule Source StatusChange due_status",
        ),
        ("mou_tracker.domain.filters", "RecordFilter"),
        ("mou_tracker.services", "move_engagement reschedule_deadline"),
        (
            "mou_tracker.storage",
            "InMemoryRepository JsonRepository Repository check_file create_repository"
            " open_repository record_from_json record_to_json",
        ),
        ("mou_tracker.storage.postgres", "PostgresRepository"),
    )
    for name in names.split()
}
"""Each public name but the errors -> the module it comes from. ``import mou_tracker`` imports
none of those modules: a name is imported on first use (PEP 562), so the command line loads only
what a command needs, and ``PostgresRepository`` needs (and imports) psycopg only when used."""


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next lookup finds it without calling __getattr__
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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
