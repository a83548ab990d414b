"""The domain model: attrs classes and their rules. No files, no JSON, no clock."""

from mou_tracker.domain.agreements import ALLOWED_TRANSITIONS, Agreement, Relation, StatusChange
from mou_tracker.domain.commitments import Commitment, Deadline, ProgressNote
from mou_tracker.domain.countries import Country, CountryPair, Party, pairs_of
from mou_tracker.domain.dates import PartialDate, Precision
from mou_tracker.domain.engagements import Engagement
from mou_tracker.domain.sources import Source
from mou_tracker.domain.vocabulary import (
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
    "STANDARD_AREAS",
    "Agreement",
    "AgreementKind",
    "AgreementStatus",
    "AreaVocabulary",
    "Commitment",
    "CommitmentStatus",
    "CooperationArea",
    "Country",
    "CountryPair",
    "Deadline",
    "Engagement",
    "EngagementKind",
    "PartialDate",
    "Party",
    "Precision",
    "ProgressNote",
    "Record",
    "Relation",
    "RelationKind",
    "Source",
    "StatusChange",
    "pairs_of",
    "validate_slug",
]
