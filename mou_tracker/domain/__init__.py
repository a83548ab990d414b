"""The domain model: attrs classes and their rules. No files, no JSON, no clock."""

from mou_tracker.domain.agreements import ALLOWED_TRANSITIONS, Agreement, Relation, StatusChange
from mou_tracker.domain.commitments import Commitment, ProgressNote
from mou_tracker.domain.countries import Country, CountryPair, Party, pairs_of
from mou_tracker.domain.dates import PartialDate, Precision
from mou_tracker.domain.deadlines import (
    Anchor,
    AnchorRelation,
    Deadline,
    Recurrence,
    Reschedule,
    Target,
)
from mou_tracker.domain.due_status import DueResolver, DueState, DueStatus, due_status
from mou_tracker.domain.engagements import DateChange, Engagement
from mou_tracker.domain.intervals import Interval, IntervalUnit, Shifted, shift
from mou_tracker.domain.schedule import Cadence, CadenceState, Due, DueMove, Schedule
from mou_tracker.domain.sides import Side, Sides, sides_of
from mou_tracker.domain.sources import Source
from mou_tracker.domain.vocabulary import (
    OPEN_STATUSES,
    STANDARD_AREAS,
    AgreementKind,
    AgreementStatus,
    AreaVocabulary,
    CommitmentStatus,
    CooperationArea,
    EngagementKind,
    RelationKind,
    validate_slug,
)

Record = Agreement | Engagement
"""Every record a repository stores."""

__all__ = [
    "ALLOWED_TRANSITIONS",
    "OPEN_STATUSES",
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
    "Engagement",
    "EngagementKind",
    "Interval",
    "IntervalUnit",
    "PartialDate",
    "Party",
    "Precision",
    "ProgressNote",
    "Record",
    "Recurrence",
    "Relation",
    "RelationKind",
    "Reschedule",
    "Schedule",
    "Shifted",
    "Side",
    "Sides",
    "Source",
    "StatusChange",
    "Target",
    "due_status",
    "pairs_of",
    "shift",
    "sides_of",
    "validate_slug",
]
