"""Closed vocabularies (kinds and statuses) and the open vocabulary of cooperation areas.

Enum values are stable lowercase strings: they are what is written to disk.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator, Mapping

import attrs

from mou_tracker.errors import InvalidIdError, UnknownAreaError, ValidationError

__all__ = [
    "OPEN_STATUSES",
    "STANDARD_AREAS",
    "AgreementKind",
    "AgreementStatus",
    "AreaVocabulary",
    "CommitmentStatus",
    "CooperationArea",
    "EngagementKind",
    "RelationKind",
    "check_encodable",
    "validate_side",
    "validate_slug",
]

_SLUG = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*")
"""Runs of letters and digits joined by single separators (the length is checked apart: a
bounded repeat with a look-ahead per character took 2.5 times as long)."""
_AREA_CODE = re.compile(r"[a-z][a-z0-9_]{0,63}")
_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10))}) | frozenset(
    f"lpt{i}" for i in range(10)
)


def validate_slug(value: object, *, what: str = "id") -> str:
    """Return ``value`` when it is a safe record id, else raise :class:`InvalidIdError`.

    An id is 1 to 128 characters of lowercase ASCII letters, digits and single ``-``, ``_`` or
    ``.`` between them; it never names a device (``con``, ``nul``). It is safe as a file name.
    """
    if (
        not isinstance(value, str)
        or len(value) > 128
        or not _SLUG.fullmatch(value)
        or value.partition(".")[0] in _RESERVED
    ):
        raise InvalidIdError(
            f"invalid {what} {value!r}: use 1 to 128 lowercase letters, digits and single "
            "'-', '_' or '.' between them (for example 'pk-kz-action-plan-2025')",
            field=what,
        )
    return value


class AgreementKind(enum.StrEnum):
    """What kind of instrument an agreement is (whether it binds is a separate field)."""

    ACTION_PLAN = "action_plan"
    MOU = "mou"
    AGREEMENT = "agreement"
    TREATY = "treaty"
    PROTOCOL = "protocol"
    AMENDMENT = "amendment"
    """Amends an earlier agreement (GGO's ``TypeAgree`` "Amendment")."""
    JOINT_STATEMENT = "joint_statement"
    EXCHANGE_OF_NOTES = "exchange_of_notes"
    LETTER_OF_INTENT = "letter_of_intent"
    PROGRAMME = "programme"
    OTHER = "other"


class AgreementStatus(enum.StrEnum):
    """Where an agreement stands in its life."""

    PLANNED = "planned"
    """To be concluded (announced, not yet negotiated)."""
    UNDER_NEGOTIATION = "under_negotiation"
    SIGNED = "signed"
    IN_FORCE = "in_force"
    PROVISIONALLY_APPLIED = "provisionally_applied"
    SUSPENDED = "suspended"
    EXPIRED = "expired"
    TERMINATED = "terminated"
    SUPERSEDED = "superseded"

    @property
    def is_ended(self) -> bool:
        return self in _ENDED

    @property
    def is_pending(self) -> bool:
        """Planned or under negotiation: not yet signed."""
        return self in _PENDING


_ENDED = frozenset(
    {AgreementStatus.EXPIRED, AgreementStatus.TERMINATED, AgreementStatus.SUPERSEDED}
)
_PENDING = frozenset({AgreementStatus.PLANNED, AgreementStatus.UNDER_NEGOTIATION})


class CommitmentStatus(enum.StrEnum):
    """Where a commitment (an action item) stands."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    MET = "met"
    PARTIALLY_MET = "partially_met"
    NOT_MET = "not_met"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        """Still to be done: ``open`` or ``in_progress``. Only open commitments can be overdue."""
        return self in OPEN_STATUSES


OPEN_STATUSES = frozenset({CommitmentStatus.OPEN, CommitmentStatus.IN_PROGRESS})
"""The statuses :attr:`CommitmentStatus.is_open` holds open, as a set (a loop over many
commitments asks ``status in OPEN_STATUSES``, without a property call)."""


class EngagementKind(enum.StrEnum):
    """What kind of dated diplomatic event an engagement is."""

    TALKS = "talks"
    VISIT = "visit"
    SUMMIT = "summit"
    WORKING_GROUP = "working_group"
    CONSULTATIONS = "consultations"
    OTHER = "other"


class RelationKind(enum.StrEnum):
    """How one agreement relates to another."""

    SUPERSEDES = "supersedes"
    AMENDS = "amends"
    IMPLEMENTS = "implements"


def validate_side(value: object) -> None:
    """A side's name is None or 1 to 64 printable characters with no space at either end
    (``"BLEU"``, ``"EU and its member states"``)."""
    if value is None:
        return
    if (
        not isinstance(value, str)
        or not 0 < len(value) <= 64
        or value != value.strip()
        or not value.isprintable()
    ):
        raise ValidationError(
            f"invalid side {value!r}: use 1 to 64 printable characters with no space at either "
            "end (for example 'BLEU')",
            field="side",
        )
    check_encodable(value, "side")


def check_encodable(value: str, field: str) -> None:
    """Text must be valid Unicode: a lone surrogate cannot be written as UTF-8."""
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValidationError(
                f"{field} contains a lone surrogate ({value!r}), which is not valid text",
                field=field,
            ) from None


@attrs.frozen(kw_only=True)
class CooperationArea:
    """One cooperation area: a stable lowercase ``code`` (stored) and a ``label`` (displayed)."""

    code: str = attrs.field()
    label: str = attrs.field()

    @code.validator
    def _check_code(self, _attribute: object, value: str) -> None:
        if not isinstance(value, str) or not _AREA_CODE.fullmatch(value):
            raise ValidationError(
                f"invalid area code {value!r}: use lowercase letters, digits and '_', "
                "starting with a letter",
                field="code",
            )

    @label.validator
    def _check_label(self, _attribute: object, value: str) -> None:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"area {self.code!r} needs a non-empty label", field="label")
        check_encodable(value, "label")


STANDARD_AREAS: tuple[CooperationArea, ...] = tuple(
    CooperationArea(code=code, label=label)
    for code, label in (
        ("politics", "Politics"),
        ("trade", "Trade"),
        ("investment", "Investment"),
        ("agriculture", "Agriculture"),
        ("ict", "Information technology"),
        ("education", "Education"),
        ("culture", "Culture"),
        ("tourism", "Tourism"),
        ("transport_logistics", "Transport and logistics"),
        ("connectivity", "Connectivity"),
        ("energy", "Energy"),
        ("defence", "Defence"),
        ("security", "Security"),
        ("science_technology", "Science and technology"),
        ("health", "Health"),
        ("humanitarian", "Humanitarian assistance"),
        ("consular", "Consular affairs"),
        ("environment", "Environment"),
        ("finance", "Finance"),
        ("industry", "Industry"),
    )
)
"""The built-in vocabulary; every repository knows these codes."""


@attrs.frozen(init=False)
class AreaVocabulary:
    """The standard areas plus the extra ones a repository declares.

    >>> vocab = AreaVocabulary([CooperationArea(code="space", label="Space")])
    >>> vocab.label("space"), vocab.label("ict")
    ('Space', 'Information technology')
    >>> vocab.check(["mining"])
    Traceback (most recent call last):
    ...
    mou_tracker.errors.UnknownAreaError: undeclared cooperation area 'mining': use a standard ...
    """

    extra: tuple[CooperationArea, ...]
    _by_code: Mapping[str, CooperationArea] = attrs.field(eq=False, repr=False)

    def __init__(self, extra: Iterable[CooperationArea] = ()) -> None:
        ordered = tuple(sorted(extra, key=lambda a: a.code))
        by_code = {a.code: a for a in STANDARD_AREAS}
        for area in ordered:
            if area.code in by_code:
                raise ValidationError(f"area {area.code!r} is already declared", field="areas")
            by_code[area.code] = area
        self.__attrs_init__(extra=ordered, by_code=by_code)

    def declare(self, area: CooperationArea) -> AreaVocabulary:
        """A new vocabulary with ``area`` declared as well."""
        return AreaVocabulary((*self.extra, area))

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def covers(self, codes: frozenset[str]) -> bool:
        """Whether every code of ``codes`` is declared (or standard)."""
        return self._by_code.keys() >= codes

    def __iter__(self) -> Iterator[CooperationArea]:
        return iter(self._by_code.values())

    def label(self, code: str) -> str:
        return self[code].label

    def __getitem__(self, code: str) -> CooperationArea:
        try:
            return self._by_code[code]
        except KeyError:
            raise UnknownAreaError(
                f"undeclared cooperation area {code!r}: use a standard code or declare it first",
                field="areas",
            ) from None

    def check(self, codes: Iterable[str]) -> None:
        """Raise :class:`UnknownAreaError` for the first code that is not declared."""
        for code in codes:
            self[code]
