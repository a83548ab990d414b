"""The domain model: vocabularies, ids, agreements and their history, commitments, deadlines."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import attrs
import pendulum
import pytest

from mou_tracker import (
    ALLOWED_TRANSITIONS,
    STANDARD_AREAS,
    Agreement,
    AgreementKind,
    AgreementStatus,
    AreaVocabulary,
    Commitment,
    CommitmentStatus,
    CooperationArea,
    Country,
    Deadline,
    Engagement,
    EngagementKind,
    InvalidIdError,
    InvalidTransitionError,
    PartialDate,
    Party,
    ProgressNote,
    Relation,
    RelationKind,
    Source,
    StatusChange,
    UnknownAreaError,
    ValidationError,
)
from mou_tracker.domain import validate_slug

S = AgreementStatus
PK_KZ = (Party(country="PK"), Party(country="KZ"))


def make_agreement(*history: tuple[AgreementStatus, str], **fields: object) -> Agreement:
    """A PK–KZ MoU with the given ``(status, date)`` history (signed on 1 Mar 2025 by default)."""
    fields.setdefault("id", "pk-kz-mou")
    fields.setdefault("kind", AgreementKind.MOU)
    fields.setdefault("title", "Memorandum of understanding")
    fields.setdefault("parties", PK_KZ)
    changes = history or ((S.SIGNED, "2025-03-01"),)
    fields.setdefault("history", [StatusChange(status=s, date=d) for s, d in changes])
    return Agreement(**fields)  # type: ignore[arg-type]


# -- vocabularies -------------------------------------------------------------------------------


def test_agreement_kinds_are_exactly_the_listed_values() -> None:
    assert [k.value for k in AgreementKind] == [
        "action_plan",
        "mou",
        "agreement",
        "treaty",
        "protocol",
        "amendment",
        "joint_statement",
        "exchange_of_notes",
        "letter_of_intent",
        "programme",
        "other",
    ]


def test_agreement_statuses_are_exactly_the_listed_values() -> None:
    assert [s.value for s in AgreementStatus] == [
        "planned",
        "under_negotiation",
        "signed",
        "in_force",
        "provisionally_applied",
        "suspended",
        "expired",
        "terminated",
        "superseded",
    ]


def test_commitment_statuses_are_exactly_the_listed_values() -> None:
    assert [s.value for s in CommitmentStatus] == [
        "open",
        "in_progress",
        "met",
        "partially_met",
        "not_met",
        "cancelled",
    ]


def test_engagement_kinds_are_exactly_the_listed_values() -> None:
    assert [k.value for k in EngagementKind] == [
        "talks",
        "visit",
        "summit",
        "working_group",
        "consultations",
        "other",
    ]


def test_relation_kinds_are_exactly_the_listed_values() -> None:
    assert [k.value for k in RelationKind] == ["supersedes", "amends", "implements"]


def test_only_expired_terminated_and_superseded_are_ended() -> None:
    assert {s for s in AgreementStatus if s.is_ended} == {S.EXPIRED, S.TERMINATED, S.SUPERSEDED}
    assert {s for s in AgreementStatus if s.is_pending} == {S.PLANNED, S.UNDER_NEGOTIATION}


def test_only_open_and_in_progress_commitments_are_open() -> None:
    assert {s for s in CommitmentStatus if s.is_open} == {
        CommitmentStatus.OPEN,
        CommitmentStatus.IN_PROGRESS,
    }


REQUIRED_AREAS = {
    "politics",
    "trade",
    "investment",
    "agriculture",
    "ict",
    "education",
    "culture",
    "tourism",
    "transport_logistics",
    "connectivity",
    "energy",
    "defence",
    "security",
    "science_technology",
    "health",
    "humanitarian",
    "consular",
    "environment",
    "finance",
    "industry",
}


def test_the_standard_areas_include_the_twenty_required_codes() -> None:
    codes = [area.code for area in STANDARD_AREAS]
    assert set(codes) >= REQUIRED_AREAS
    assert len(codes) == len(set(codes))
    assert all(area.label.strip() for area in STANDARD_AREAS)


def test_a_vocabulary_knows_the_standard_areas_and_labels_them() -> None:
    vocabulary = AreaVocabulary()
    assert all(code in vocabulary for code in REQUIRED_AREAS)
    assert vocabulary.label("ict") == "Information technology"
    vocabulary.check(["trade", "energy"])  # no error


def test_an_undeclared_area_is_unknown_to_a_vocabulary() -> None:
    with pytest.raises(UnknownAreaError) as info:
        AreaVocabulary().check(["trade", "mining"])
    assert str(info.value) == (
        "undeclared cooperation area 'mining': use a standard code or declare it first"
    )
    assert info.value.field == "areas"
    assert "mining" not in AreaVocabulary()


def test_declaring_an_area_gives_a_new_vocabulary_that_knows_it() -> None:
    before = AreaVocabulary()
    after = before.declare(CooperationArea(code="mining", label="Mining"))
    after.check(["mining"])
    assert after.label("mining") == "Mining"
    assert "mining" not in before
    assert after.extra == (CooperationArea(code="mining", label="Mining"),)


def test_declared_areas_are_kept_sorted_by_code() -> None:
    vocabulary = AreaVocabulary(
        [CooperationArea(code="space", label="Space"), CooperationArea(code="mining", label="M")]
    )
    assert [area.code for area in vocabulary.extra] == ["mining", "space"]


@pytest.mark.parametrize("code", ["trade", "mining"])
def test_an_area_cannot_be_declared_twice(code: str) -> None:
    vocabulary = AreaVocabulary([CooperationArea(code="mining", label="Mining")])
    with pytest.raises(ValidationError) as info:
        vocabulary.declare(CooperationArea(code=code, label="Again"))
    assert str(info.value) == f"area {code!r} is already declared"


@pytest.mark.parametrize("code", ["Mining", "1mining", "", "mining-ores", "m" * 65])
def test_an_area_code_must_be_a_lowercase_identifier(code: str) -> None:
    with pytest.raises(ValidationError, match="invalid area code"):
        CooperationArea(code=code, label="Mining")


def test_an_area_code_with_a_trailing_newline_is_rejected() -> None:
    # "$" in a regular expression also matches before a final newline.
    with pytest.raises(ValidationError, match="invalid area code"):
        CooperationArea(code="mining\n", label="Mining")


def test_an_area_needs_a_label() -> None:
    with pytest.raises(ValidationError, match="needs a non-empty label"):
        CooperationArea(code="mining", label=" ")


# -- ids ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["a", "pk-kz-action-plan-2025", "plan_2025", "v1.2", "2025", "x" * 128, "com10"]
)
def test_a_slug_is_accepted_as_an_id(value: str) -> None:
    assert validate_slug(value) == value


@pytest.mark.parametrize(
    "value",
    [
        "../x",
        "/etc/passwd",
        "a/b",
        "a\\b",
        "..",
        ".hidden",
        "con",
        "nul",
        "lpt1",
        "a\x00b",
        "Plan",
        "PLAN",
        "ｐｌａｎ",  # fullwidth letters
        "é",
        "x" * 129,
        "x" * 300,
        "plan-",
        "-plan",
        "plan--2025",
        "plan 2025",
        "",
    ],
)
def test_an_unsafe_or_malformed_id_is_rejected(value: str) -> None:
    with pytest.raises(InvalidIdError) as info:
        validate_slug(value)
    assert str(info.value).startswith(f"invalid id {value!r}: use 1 to 128 lowercase letters")


def test_an_id_with_a_trailing_newline_is_rejected() -> None:
    # "$" in a regular expression also matches before a final newline: "plan\n" passes today,
    # although an id is promised to be safe as a file name.
    with pytest.raises(InvalidIdError):
        validate_slug("plan\n")


@pytest.mark.parametrize("value", [None, 5, b"plan"])
def test_an_id_that_is_not_text_is_rejected(value: object) -> None:
    with pytest.raises(InvalidIdError):
        validate_slug(value)


def test_an_invalid_id_error_names_the_field() -> None:
    with pytest.raises(InvalidIdError) as info:
        validate_slug("../x", what="agreement_id")
    assert str(info.value).startswith("invalid agreement_id '../x'")
    assert info.value.field == "agreement_id"


def test_an_agreement_with_an_invalid_id_is_rejected() -> None:
    with pytest.raises(InvalidIdError):
        make_agreement(id="../etc/passwd")


# -- agreements: parties, history, derived dates -----------------------------------------------


def test_an_agreement_needs_two_distinct_countries() -> None:
    for parties in ([Party(country="PK")], [Party(country="PK"), Party(country="PK")], []):
        with pytest.raises(ValidationError) as info:
            make_agreement(parties=parties)
        assert str(info.value) == "needs at least two distinct countries as parties"


def test_an_agreement_may_have_more_than_two_parties() -> None:
    agreement = make_agreement(parties=[*PK_KZ, Party(country="UZ")])
    assert agreement.countries == {Country(code="PK"), Country(code="KZ"), Country(code="UZ")}


def test_an_agreement_needs_at_least_one_status_change() -> None:
    with pytest.raises(ValidationError) as info:
        make_agreement(history=[])
    assert str(info.value) == "an agreement needs at least one status change"
    assert info.value.field == "history"


def test_an_agreement_kind_must_be_an_agreement_kind() -> None:
    with pytest.raises(ValidationError, match="kind must be an AgreementKind, got 'memo'"):
        make_agreement(kind="memo")


def test_a_status_change_status_must_be_an_agreement_status() -> None:
    # A plain string slips through today, and then Agreement.signed_on (which compares with
    # `is`) says the agreement was never signed.
    with pytest.raises(ValidationError):
        StatusChange(status="signed", date="2025-03-01")  # type: ignore[arg-type]


def test_a_history_may_start_at_any_status() -> None:
    for status in AgreementStatus:
        assert make_agreement((status, "2025")).status is status


TRANSITIONS = list(itertools.product(AgreementStatus, repeat=2))


@pytest.mark.parametrize(
    ("before", "after"),
    [(a, b) for a, b in TRANSITIONS if b in ALLOWED_TRANSITIONS[a]],
    ids=str,
)
def test_an_allowed_transition_is_accepted(before: AgreementStatus, after: AgreementStatus) -> None:
    agreement = make_agreement((before, "2025-01"), (after, "2025-02"))
    assert agreement.status is after


@pytest.mark.parametrize(
    ("before", "after"),
    [(a, b) for a, b in TRANSITIONS if b not in ALLOWED_TRANSITIONS[a]],
    ids=str,
)
def test_any_other_transition_is_rejected(before: AgreementStatus, after: AgreementStatus) -> None:
    with pytest.raises(InvalidTransitionError) as info:
        make_agreement((before, "2025-01"), (after, "2025-02"))
    assert str(info.value) == f"impossible status change {before} -> {after} (on Feb 2025)"
    assert info.value.field == "history"


def test_a_terminated_agreement_cannot_be_signed_again() -> None:
    with pytest.raises(InvalidTransitionError) as info:
        make_agreement((S.TERMINATED, "2025-01-10"), (S.SIGNED, "2025-02-01"))
    assert str(info.value) == "impossible status change terminated -> signed (on 1 Feb 2025)"


def test_ended_statuses_are_final_and_a_plan_can_be_abandoned() -> None:
    assert all(not ALLOWED_TRANSITIONS[s] for s in (S.EXPIRED, S.TERMINATED, S.SUPERSEDED))
    assert S.TERMINATED in ALLOWED_TRANSITIONS[S.PLANNED]
    assert set(ALLOWED_TRANSITIONS) == set(AgreementStatus)


def test_a_history_out_of_date_order_is_rejected() -> None:
    with pytest.raises(ValidationError) as info:
        make_agreement((S.SIGNED, "2025-03-01"), (S.IN_FORCE, "2025-02"))
    assert str(info.value) == (
        "status history out of order: in_force on Feb 2025 comes after signed on 1 Mar 2025"
    )
    assert info.value.field == "history"


def test_history_dates_that_may_be_the_same_day_are_in_order() -> None:
    agreement = make_agreement((S.SIGNED, "2025-03-15"), (S.IN_FORCE, "2025-03"))
    assert agreement.in_force_on == PartialDate.parse("2025-03")


def test_signature_and_entry_into_force_are_read_from_the_history() -> None:
    agreement = make_agreement(
        (S.UNDER_NEGOTIATION, "2024"),
        (S.SIGNED, "2025-03-01"),
        (S.IN_FORCE, "2025-04"),
        (S.SUSPENDED, "2025-06"),
        (S.IN_FORCE, "2025-09"),
    )
    assert agreement.signed_on == PartialDate.parse("2025-03-01")
    assert agreement.in_force_on == PartialDate.parse("2025-04")  # the first entry into force
    assert agreement.status is S.IN_FORCE


def test_an_unsigned_agreement_has_no_signature_date() -> None:
    agreement = make_agreement((S.PLANNED, "2025-Q1"))
    assert agreement.signed_on is None
    assert agreement.in_force_on is None


@pytest.fixture
def in_force() -> Agreement:
    """Planned Jan 2025, signed 1 Mar 2025, in force Apr 2025, expires at the end of 2026."""
    return make_agreement(
        (S.PLANNED, "2025-01"),
        (S.SIGNED, "2025-03-01"),
        (S.IN_FORCE, "2025-04"),
        expires_on="2026",
    )


@pytest.mark.parametrize(
    ("day", "status"),
    [
        ((2024, 12, 31), None),
        ((2025, 1, 30), None),  # "January 2025" is only sure once January is over
        ((2025, 1, 31), S.PLANNED),
        ((2025, 2, 28), S.PLANNED),
        ((2025, 3, 1), S.SIGNED),
        ((2025, 4, 29), S.SIGNED),
        ((2025, 4, 30), S.IN_FORCE),
        ((2026, 12, 31), S.IN_FORCE),
        ((2027, 1, 1), S.EXPIRED),
    ],
)
def test_status_on_a_day_is_the_last_change_surely_made_by_then(
    in_force: Agreement, day: tuple[int, int, int], status: AgreementStatus | None
) -> None:
    assert in_force.status_on(pendulum.Date(*day)) is status


def test_a_scheduled_expiry_does_not_end_a_plan_or_an_ended_agreement() -> None:
    planned = make_agreement((S.PLANNED, "2025-01"), expires_on="2025-06")
    terminated = make_agreement((S.SIGNED, "2025-01"), (S.TERMINATED, "2025-02"), expires_on="2025")
    after = pendulum.Date(2026, 1, 1)
    assert planned.status_on(after) is S.PLANNED
    assert terminated.status_on(after) is S.TERMINATED


def test_an_expiry_before_entry_into_force_is_rejected() -> None:
    with pytest.raises(ValidationError) as info:
        make_agreement((S.SIGNED, "2025-03-01"), (S.IN_FORCE, "2025-04-01"), expires_on="2025-03")
    assert str(info.value) == "expires on Mar 2025, before it took effect (1 Apr 2025)"
    assert info.value.field == "expires_on"


def test_an_expiry_before_signature_is_rejected() -> None:
    with pytest.raises(ValidationError, match=r"expires on 2024, before it took effect"):
        make_agreement((S.SIGNED, "2025-03-01"), expires_on="2024")


def test_an_expiry_that_may_be_the_day_of_entry_into_force_is_accepted() -> None:
    agreement = make_agreement((S.SIGNED, "2025-03-01"), expires_on="2025-03")
    assert agreement.expires_on == PartialDate.parse("2025-03")


def test_an_agreement_cannot_relate_to_itself() -> None:
    with pytest.raises(ValidationError) as info:
        make_agreement(relations=[Relation(kind=RelationKind.AMENDS, agreement_id="pk-kz-mou")])
    assert str(info.value) == "agreement 'pk-kz-mou' cannot relate to itself"


def test_a_relation_names_another_agreement_by_a_valid_id() -> None:
    relation = Relation(kind=RelationKind.SUPERSEDES, agreement_id="pk-kz-mou-2019")
    assert make_agreement(relations=[relation]).relations == (relation,)
    with pytest.raises(InvalidIdError):
        Relation(kind=RelationKind.AMENDS, agreement_id="../other")


def test_commitment_ids_are_unique_within_an_agreement() -> None:
    first = Commitment(id="visas", text="Simplify visas")
    second = Commitment(id="visas", text="Something else")
    with pytest.raises(ValidationError) as info:
        make_agreement(commitments=[first, second])
    assert str(info.value) == "duplicate commitment id 'visas'"


def test_a_plain_dict_is_not_accepted_where_a_domain_object_is_expected() -> None:
    with pytest.raises(ValidationError, match="expected Party items, got dict"):
        make_agreement(parties=[{"country": "PK"}, {"country": "KZ"}])


def test_a_bare_text_is_not_accepted_as_a_collection() -> None:
    with pytest.raises(ValidationError, match="areas must be a collection of codes"):
        make_agreement(areas="trade")


def test_areas_accept_codes_or_cooperation_areas() -> None:
    agreement = make_agreement(areas=["trade", STANDARD_AREAS[0]])
    assert agreement.areas == frozenset({"trade", STANDARD_AREAS[0].code})


# -- agreements: changes ------------------------------------------------------------------------


def test_with_status_appends_a_change_and_leaves_the_original_alone() -> None:
    signed = make_agreement()
    in_force = signed.with_status(S.IN_FORCE, on="2025-04-01", note="instruments exchanged")
    assert in_force.status is S.IN_FORCE
    assert in_force.history[-1] == StatusChange(
        status=S.IN_FORCE, date=PartialDate.parse("2025-04-01"), note="instruments exchanged"
    )
    assert signed.status is S.SIGNED
    assert len(signed.history) == 1


def test_with_status_rejects_an_impossible_change() -> None:
    terminated = make_agreement().with_status(S.TERMINATED, on="2025-05")
    with pytest.raises(InvalidTransitionError, match="terminated -> in_force"):
        terminated.with_status(S.IN_FORCE, on="2025-06")


def test_with_status_rejects_a_date_before_the_last_change() -> None:
    with pytest.raises(ValidationError, match="out of order"):
        make_agreement().with_status(S.IN_FORCE, on="2024")


def test_a_second_commitment_with_the_same_id_is_rejected() -> None:
    agreement = attrs.evolve(
        make_agreement(), commitments=[Commitment(id="visas", text="Simplify visas")]
    )
    with pytest.raises(ValidationError, match="duplicate commitment id 'visas'"):
        attrs.evolve(
            agreement, commitments=(*agreement.commitments, Commitment(id="visas", text="Again"))
        )


# -- frozen objects -----------------------------------------------------------------------------


def test_domain_objects_are_frozen(agreement: Agreement, engagement: Engagement) -> None:
    objects: list[tuple[object, str]] = [
        (agreement, "title"),
        (agreement.history[0], "status"),
        (agreement.commitments[0], "status"),
        (agreement.commitments[0].deadline, "due"),
        (agreement.parties[0], "country"),
        (agreement.sources[0], "accessed"),
        (engagement, "date"),
        (PartialDate.parse("2025"), "year"),
        (Country(code="PK"), "code"),
    ]
    for obj, field in objects:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(obj, field, None)


def test_evolve_validates_the_new_object_again(agreement: Agreement) -> None:
    with pytest.raises(ValidationError, match="two distinct countries"):
        attrs.evolve(agreement, parties=[Party(country="PK")])
    with pytest.raises(InvalidTransitionError):
        attrs.evolve(
            agreement, history=(*agreement.history, StatusChange(status=S.PLANNED, date="2026"))
        )
    renamed = attrs.evolve(agreement, title="Renamed")
    assert renamed.title == "Renamed"
    assert renamed.history == agreement.history


def test_collections_given_as_lists_are_stored_as_tuples_and_frozensets(
    agreement: Agreement,
) -> None:
    assert isinstance(agreement.parties, tuple)
    assert isinstance(agreement.history, tuple)
    assert isinstance(agreement.commitments, tuple)
    assert isinstance(agreement.areas, frozenset)


# -- engagements --------------------------------------------------------------------------------


def test_an_engagement_needs_two_distinct_countries() -> None:
    with pytest.raises(ValidationError, match="two distinct countries"):
        Engagement(
            id="talks",
            kind=EngagementKind.TALKS,
            title="Talks",
            date="2025",
            parties=[Party(country="PK")],
        )


def test_an_engagement_rejects_repeated_or_invalid_agreement_ids() -> None:
    fields = {"id": "talks", "kind": EngagementKind.TALKS, "title": "T", "date": "2025"}
    with pytest.raises(ValidationError, match="duplicate agreement id 'plan'"):
        Engagement(**fields, parties=PK_KZ, agreement_ids=["plan", "plan"])  # type: ignore[arg-type]
    with pytest.raises(InvalidIdError):
        Engagement(**fields, parties=PK_KZ, agreement_ids=["../plan"])  # type: ignore[arg-type]


def test_an_engagement_kind_must_be_an_engagement_kind() -> None:
    with pytest.raises(ValidationError, match="kind must be an EngagementKind"):
        Engagement(id="talks", kind="talks", title="T", date="2025", parties=PK_KZ)  # type: ignore[arg-type]


# -- commitments --------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [CommitmentStatus.OPEN, CommitmentStatus.CANCELLED])
def test_a_met_date_needs_a_met_status(status: CommitmentStatus) -> None:
    with pytest.raises(ValidationError) as info:
        Commitment(id="visas", text="Simplify visas", status=status, met_on="2025-06")
    assert str(info.value) == f"commitment 'visas': met_on is given but the status is {status}"
    assert info.value.field == "met_on"


@pytest.mark.parametrize("status", [CommitmentStatus.MET, CommitmentStatus.PARTIALLY_MET])
def test_a_met_commitment_may_give_its_met_date(status: CommitmentStatus) -> None:
    commitment = Commitment(id="visas", text="Simplify visas", status=status, met_on="2025-06")
    assert commitment.met_on == PartialDate.parse("2025-06")


def test_a_deadline_before_the_commitment_was_made_is_rejected() -> None:
    with pytest.raises(ValidationError) as info:
        Commitment(id="visas", text="T", made_on="2025-05", deadline=Deadline(due="2025-04"))
    assert str(info.value) == (
        "commitment 'visas': deadline Apr 2025 is before the commitment was made (May 2025)"
    )
    assert info.value.field == "deadline"


def test_a_met_date_before_the_commitment_was_made_is_rejected() -> None:
    with pytest.raises(ValidationError, match="met on Apr 2025, before it was made"):
        Commitment(
            id="visas", text="T", made_on="2025-05", status=CommitmentStatus.MET, met_on="2025-04"
        )


def test_progress_notes_out_of_date_order_are_rejected() -> None:
    with pytest.raises(ValidationError) as info:
        Commitment(
            id="visas",
            text="Simplify visas",
            progress=[
                ProgressNote(date="2025-05", text="a"),
                ProgressNote(date="2025-04", text="b"),
            ],
        )
    assert str(info.value) == (
        "commitment 'visas': progress notes must be in date order (Apr 2025 comes after May 2025)"
    )


def test_a_responsible_country_cannot_be_listed_twice() -> None:
    with pytest.raises(ValidationError, match="a responsible country is listed twice"):
        Commitment(id="visas", text="T", responsible=["PK", "Pakistan"])


def test_responsible_countries_are_converted_from_names() -> None:
    commitment = Commitment(id="visas", text="T", responsible=["Pakistan", "KAZ"])
    assert commitment.responsible == (Country(code="PK"), Country(code="KZ"))


def test_a_commitment_status_must_be_a_commitment_status() -> None:
    with pytest.raises(ValidationError, match="status must be a CommitmentStatus"):
        Commitment(id="visas", text="T", status="done")  # type: ignore[arg-type]


def test_commitment_with_status_met_records_when_and_adds_a_progress_note() -> None:
    commitment = Commitment(id="visas", text="T", made_on="2025-01")
    met = commitment.with_status(CommitmentStatus.MET, on="2025-06-01")
    assert met.status is CommitmentStatus.MET
    assert met.met_on == PartialDate.parse("2025-06-01")
    assert met.progress == (
        ProgressNote(date=PartialDate.parse("2025-06-01"), text="status changed to met"),
    )
    assert commitment.status is CommitmentStatus.OPEN


def test_commitment_with_an_open_status_clears_the_met_date() -> None:
    met = Commitment(id="visas", text="T").with_status(CommitmentStatus.MET, on="2025-06")
    reopened = met.with_status(CommitmentStatus.IN_PROGRESS, on="2025-07", note="visas delayed")
    assert reopened.met_on is None
    assert [note.text for note in reopened.progress] == ["status changed to met", "visas delayed"]


def test_commitment_with_status_before_the_last_progress_note_is_rejected() -> None:
    met = Commitment(id="visas", text="T").with_status(CommitmentStatus.MET, on="2025-06")
    with pytest.raises(ValidationError, match="progress notes must be in date order"):
        met.with_status(CommitmentStatus.NOT_MET, on="2025-05")


@pytest.mark.parametrize(
    "build",
    [
        lambda: CooperationArea(code="space", label="Space \ud800"),
        lambda: Source(title="Joint statement", url="https://example.org/\udc80"),
        lambda: Source(title="Joint statement \ud800"),
    ],
    ids=["area label", "source url", "source title"],
)
def test_text_with_a_lone_surrogate_is_refused_when_built_not_when_saved(
    build: Callable[[], object],
) -> None:
    with pytest.raises(ValidationError, match="lone surrogate"):
        build()
