"""The repository contract, written once and run against every backend (see ``conftest.repo``).

A new backend passes these tests unchanged: they only use the public ``Repository`` interface.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import record_filters, repository_contents, repository_contents_among

from mou_tracker import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Commitment,
    ConflictError,
    CooperationArea,
    CountryPair,
    DuplicateIdError,
    Engagement,
    EngagementKind,
    InvalidIdError,
    NotFoundError,
    Party,
    Record,
    RecordFilter,
    Repository,
    StatusChange,
    UnknownAreaError,
    ValidationError,
)

S = AgreementStatus


def parties(*codes: str) -> list[Party]:
    return [Party(country=code) for code in codes]


def make_agreement(
    record_id: str,
    *,
    countries: tuple[str, ...] = ("PK", "KZ"),
    kind: AgreementKind = AgreementKind.MOU,
    history: tuple[tuple[AgreementStatus, str], ...] = ((S.SIGNED, "2025-03-01"),),
    **fields: object,
) -> Agreement:
    return Agreement(
        id=record_id,
        kind=kind,
        title=f"Agreement {record_id}",
        parties=parties(*countries),
        history=[StatusChange(status=status, date=date) for status, date in history],
        **fields,  # type: ignore[arg-type]
    )


def make_engagement(
    record_id: str,
    *,
    countries: tuple[str, ...] = ("PK", "KZ"),
    kind: EngagementKind = EngagementKind.TALKS,
    date: str = "2025-08-20",
    **fields: object,
) -> Engagement:
    return Engagement(
        id=record_id,
        kind=kind,
        title=f"Engagement {record_id}",
        date=date,
        parties=parties(*countries),
        **fields,  # type: ignore[arg-type]
    )


def snapshot(repo: Repository) -> tuple[list[Record], dict[str, int], tuple[CooperationArea, ...]]:
    """Everything a caller can observe: records, versions and declared areas."""
    records = list(repo.records())
    return records, {r.id: repo.version(r.id) for r in records}, repo.areas.extra


# -- add, get, version --------------------------------------------------------------------------


def test_an_added_record_can_be_read_back_at_version_one(
    repo: Repository, agreement: Agreement, engagement: Engagement
) -> None:
    assert repo.add(agreement) == 1
    assert repo.add(engagement) == 1
    assert repo.get(agreement.id) == agreement
    assert repo.get(engagement.id) == engagement
    assert repo.version(agreement.id) == 1
    assert repo.get_agreement(agreement.id) == agreement
    assert repo.get_engagement(engagement.id) == engagement


def test_adding_a_taken_id_raises_duplicate_id_error(repo: Repository) -> None:
    repo.add(make_agreement("plan"))
    with pytest.raises(DuplicateIdError) as info:
        repo.add(make_agreement("plan", countries=("PK", "UZ")))
    assert str(info.value) == "a record with id 'plan' already exists"
    assert info.value.record_id == "plan"
    assert repo.get("plan").countries == make_agreement("plan").countries


def test_ids_are_unique_across_record_kinds(repo: Repository) -> None:
    repo.add(make_agreement("shared"))
    with pytest.raises(DuplicateIdError):
        repo.add(make_engagement("shared"))


def test_getting_an_unknown_id_raises_not_found_error(repo: Repository) -> None:
    with pytest.raises(NotFoundError) as info:
        repo.get("nothing-here")
    assert str(info.value) == "no record with id 'nothing-here'"
    assert info.value.record_id == "nothing-here"
    with pytest.raises(NotFoundError):
        repo.version("nothing-here")


def test_getting_a_record_as_the_wrong_kind_raises_not_found_error(repo: Repository) -> None:
    repo.add(make_engagement("talks"))
    with pytest.raises(NotFoundError):
        repo.get_agreement("talks")


def test_not_found_error_is_a_key_error(repo: Repository) -> None:
    with pytest.raises(KeyError):
        repo.get("nothing-here")


# -- update -------------------------------------------------------------------------------------


def test_an_update_at_the_current_version_increments_it(repo: Repository) -> None:
    repo.add(make_agreement("plan"))
    signed = repo.get_agreement("plan")
    in_force = signed.with_status(S.IN_FORCE, on="2025-04-01")
    assert repo.update(in_force, expected_version=1) == 2
    assert repo.version("plan") == 2
    assert repo.get("plan") == in_force
    renamed = attrs.evolve(in_force, title="Renamed")
    assert repo.update(renamed, expected_version=2) == 3
    assert repo.get("plan") == renamed


def test_a_stale_update_raises_conflict_error_and_changes_nothing(repo: Repository) -> None:
    repo.add(make_agreement("plan"))
    repo.update(make_agreement("plan", notes="first edit"), expected_version=1)
    with pytest.raises(ConflictError) as info:
        repo.update(make_agreement("plan", notes="second edit"), expected_version=1)
    assert str(info.value) == (
        "record 'plan' changed since it was read: expected version 1, it is now at version 2"
    )
    assert (info.value.record_id, info.value.expected, info.value.actual) == ("plan", 1, 2)
    assert repo.get_agreement("plan").notes == "first edit"
    assert repo.version("plan") == 2


def test_updating_a_removed_record_raises_conflict_error(repo: Repository) -> None:
    repo.add(make_agreement("plan"))
    repo.remove("plan")
    with pytest.raises(ConflictError) as info:
        repo.update(make_agreement("plan"), expected_version=1)
    assert str(info.value) == (
        "record 'plan' changed since it was read: expected version 1, it was removed"
    )
    assert info.value.actual is None
    assert "plan" not in repo


def test_updating_a_record_that_never_existed_raises_conflict_error(repo: Repository) -> None:
    with pytest.raises(ConflictError):
        repo.update(make_agreement("plan"), expected_version=1)
    assert len(repo) == 0


def test_an_update_cannot_change_the_kind_of_a_record(repo: Repository) -> None:
    repo.add(make_agreement("plan"))
    with pytest.raises(ValidationError) as info:
        repo.update(make_engagement("plan"), expected_version=1)
    assert str(info.value) == (
        "record 'plan' is an agreement; it cannot become another kind of record"
    )
    assert isinstance(repo.get("plan"), Agreement)
    assert repo.version("plan") == 1


# -- remove -------------------------------------------------------------------------------------


def test_a_removed_record_is_gone(repo: Repository) -> None:
    repo.add(make_agreement("plan"))
    repo.remove("plan")
    assert "plan" not in repo
    with pytest.raises(NotFoundError):
        repo.get("plan")


def test_a_removal_at_the_current_version_succeeds(repo: Repository) -> None:
    repo.add(make_agreement("plan"))
    repo.update(make_agreement("plan", notes="edited"), expected_version=1)
    repo.remove("plan", expected_version=2)
    assert "plan" not in repo


def test_a_stale_removal_raises_conflict_error_and_keeps_the_record(repo: Repository) -> None:
    repo.add(make_agreement("plan"))
    repo.update(make_agreement("plan", notes="edited"), expected_version=1)
    with pytest.raises(ConflictError, match="expected version 1, it is now at version 2"):
        repo.remove("plan", expected_version=1)
    assert repo.get_agreement("plan").notes == "edited"


def test_removing_an_unknown_id_raises_not_found_error(repo: Repository) -> None:
    with pytest.raises(NotFoundError):
        repo.remove("nothing-here")


def test_a_removed_id_can_be_added_again_at_version_one(repo: Repository) -> None:
    repo.add(make_agreement("plan"))
    repo.update(make_agreement("plan", notes="edited"), expected_version=1)
    repo.remove("plan")
    assert repo.add(make_engagement("plan")) == 1
    assert isinstance(repo.get("plan"), Engagement)


# -- cooperation areas --------------------------------------------------------------------------


def test_a_record_using_an_undeclared_area_is_rejected(repo: Repository) -> None:
    with pytest.raises(UnknownAreaError) as info:
        repo.add(make_agreement("plan", areas={"trade", "mining"}))
    assert str(info.value) == (
        "undeclared cooperation area 'mining': use a standard code or declare it first"
    )
    assert "plan" not in repo


def test_a_taken_id_is_the_first_error_of_a_record_also_using_an_undeclared_area(
    repo: Repository,
) -> None:
    repo.add(make_agreement("plan"))
    with pytest.raises(DuplicateIdError):
        repo.add(make_agreement("plan", areas={"mining"}))
    assert repo.version("plan") == 1


def test_a_commitment_using_an_undeclared_area_is_rejected(repo: Repository) -> None:
    commitment = Commitment(id="survey", text="Joint geological survey", areas={"mining"})
    with pytest.raises(UnknownAreaError, match="'mining'"):
        repo.add(make_agreement("plan", commitments=[commitment]))


def test_an_update_using_an_undeclared_area_is_rejected(repo: Repository) -> None:
    repo.add(make_agreement("plan"))
    with pytest.raises(UnknownAreaError):
        repo.update(make_agreement("plan", areas={"mining"}), expected_version=1)
    assert repo.version("plan") == 1


def test_a_declared_area_can_then_be_used(repo: Repository) -> None:
    mining = CooperationArea(code="mining", label="Mining")
    repo.declare_area(mining)
    assert "mining" in repo.areas
    assert repo.areas.label("mining") == "Mining"
    assert repo.add(make_agreement("plan", areas={"trade", "mining"})) == 1
    assert repo.get("plan").areas == {"trade", "mining"}


def test_an_area_cannot_be_declared_twice_in_a_repository(repo: Repository) -> None:
    repo.declare_area(CooperationArea(code="mining", label="Mining"))
    with pytest.raises(ValidationError, match="already declared"):
        repo.declare_area(CooperationArea(code="mining", label="Mines"))
    assert repo.areas.label("mining") == "Mining"


# -- queries ------------------------------------------------------------------------------------


@pytest.fixture
def populated(repo: Repository) -> Repository:
    """Agreements and engagements between PK, KZ, UZ and TR, added in no particular order."""
    repo.add(
        make_engagement(
            "e-uz-visit",
            countries=("PK", "UZ"),
            kind=EngagementKind.VISIT,
            date="2024-05",
            areas={"energy"},
        )
    )
    repo.add(
        make_agreement(
            "pk-kz-trade",
            areas={"trade"},
            history=((S.SIGNED, "2025-03-01"), (S.IN_FORCE, "2025-06")),
        )
    )
    repo.add(
        make_agreement(
            "kz-uz-energy",
            countries=("KZ", "UZ"),
            kind=AgreementKind.TREATY,
            areas={"energy"},
            history=((S.SIGNED, "2024"),),
        )
    )
    repo.add(
        make_agreement(
            "pk-kz-uz-transit",
            countries=("PK", "KZ", "UZ"),
            areas={"transport_logistics", "trade"},
            history=((S.UNDER_NEGOTIATION, "2025-Q1"),),
        )
    )
    repo.add(make_engagement("e-kz-talks", areas={"trade"}))
    repo.add(
        make_agreement(
            "pk-tr-defence",
            countries=("PK", "TR"),
            areas={"defence"},
            history=((S.SIGNED, "2023-11-15"), (S.TERMINATED, "2025-01")),
        )
    )
    return repo


def ids(records: list[Agreement] | list[Engagement]) -> list[str]:
    return [r.id for r in records]


def test_records_lists_agreements_then_engagements_each_sorted_by_id(populated: Repository) -> None:
    assert [r.id for r in populated.records()] == [
        "kz-uz-energy",
        "pk-kz-trade",
        "pk-kz-uz-transit",
        "pk-tr-defence",
        "e-kz-talks",
        "e-uz-visit",
    ]


def test_the_full_listing_follows_every_change_also_a_batch_rolled_back(
    repo: Repository,
) -> None:
    """Listing everything twice, with changes between (a backend may keep the order it
    sorted): each listing is the repository as it is then."""

    def listed() -> list[tuple[str, str]]:
        return [(r.id, r.title) for r in repo.records()]

    repo.add(make_agreement("b"))
    repo.add(make_engagement("a"))
    assert listed() == [("b", "Agreement b"), ("a", "Engagement a")]
    repo.add(make_agreement("a0"))
    repo.update(attrs.evolve(repo.get("b"), title="B"), expected_version=1)
    assert listed() == [("a0", "Agreement a0"), ("b", "B"), ("a", "Engagement a")]

    def change_then_fail() -> None:
        with repo.batch():
            repo.remove("a0")
            repo.add(make_agreement("c"))
            assert [i for i, _ in listed()] == ["b", "c", "a"]
            raise RuntimeError("undo")

    with pytest.raises(RuntimeError, match="undo"):
        change_then_fail()
    assert listed() == [("a0", "Agreement a0"), ("b", "B"), ("a", "Engagement a")]
    repo.remove("a0")
    assert listed() == [("b", "B"), ("a", "Engagement a")]


def test_len_and_contains_count_every_record(populated: Repository) -> None:
    assert len(populated) == 6
    assert "pk-kz-trade" in populated
    assert "e-kz-talks" in populated
    assert "nothing-here" not in populated
    assert 5 not in populated


def test_an_empty_repository_has_no_records(repo: Repository) -> None:
    assert len(repo) == 0
    assert list(repo.records()) == []
    assert repo.agreements() == []


def test_without_criteria_every_agreement_and_engagement_is_listed(populated: Repository) -> None:
    assert ids(populated.agreements()) == [
        "kz-uz-energy",
        "pk-kz-trade",
        "pk-kz-uz-transit",
        "pk-tr-defence",
    ]
    assert ids(populated.engagements()) == ["e-kz-talks", "e-uz-visit"]


@pytest.mark.parametrize("country", ["UZ", "Uzbekistan", "UZB"])
def test_filtering_by_country_keeps_records_with_that_party(
    populated: Repository, country: str
) -> None:
    assert ids(populated.agreements(country=country)) == ["kz-uz-energy", "pk-kz-uz-transit"]
    assert ids(populated.engagements(country=country)) == ["e-uz-visit"]


@pytest.mark.parametrize("pair", ["PK-KZ", "KZ-PK", CountryPair("Kazakhstan", "Pakistan")])
def test_filtering_by_pair_keeps_records_with_both_countries(
    populated: Repository, pair: str | CountryPair
) -> None:
    assert ids(populated.agreements(pair=pair)) == ["pk-kz-trade", "pk-kz-uz-transit"]
    assert ids(populated.engagements(pair=pair)) == ["e-kz-talks"]


def test_filtering_by_area(populated: Repository) -> None:
    assert ids(populated.agreements(area="trade")) == ["pk-kz-trade", "pk-kz-uz-transit"]
    assert ids(populated.engagements(area="energy")) == ["e-uz-visit"]
    assert populated.agreements(area="health") == []


def test_filtering_by_kinds(populated: Repository) -> None:
    assert ids(populated.agreements(kinds={AgreementKind.TREATY})) == ["kz-uz-energy"]
    assert ids(populated.agreements(kinds="mou")) == [
        "pk-kz-trade",
        "pk-kz-uz-transit",
        "pk-tr-defence",
    ]
    assert ids(populated.engagements(kinds=[EngagementKind.VISIT, EngagementKind.SUMMIT])) == [
        "e-uz-visit"
    ]


def test_filtering_by_statuses_uses_the_current_status(populated: Repository) -> None:
    assert ids(populated.agreements(statuses={S.IN_FORCE})) == ["pk-kz-trade"]
    assert ids(populated.agreements(statuses=[S.SIGNED, S.UNDER_NEGOTIATION])) == [
        "kz-uz-energy",
        "pk-kz-uz-transit",
    ]
    assert ids(populated.agreements(statuses="terminated")) == ["pk-tr-defence"]


def test_a_status_criterion_leaves_engagements_out(populated: Repository) -> None:
    assert populated.engagements(statuses={S.SIGNED}) == []


def test_an_unknown_kind_or_status_criterion_is_rejected(populated: Repository) -> None:
    with pytest.raises(ValidationError, match="'memo'"):
        populated.agreements(kinds={"memo"})
    with pytest.raises(ValidationError, match="'ratified'"):
        populated.agreements(statuses="ratified")


def test_filtering_by_signature_date_keeps_records_surely_in_the_range(
    populated: Repository,
) -> None:
    # kz-uz-energy was signed "2024": not surely within 2024-06..2025.
    assert ids(populated.agreements(signed_from="2024-06", signed_to="2025")) == ["pk-kz-trade"]
    assert ids(populated.agreements(signed_from="2024")) == ["kz-uz-energy", "pk-kz-trade"]
    assert ids(populated.agreements(signed_to="2024-12-31")) == ["kz-uz-energy", "pk-tr-defence"]
    assert ids(populated.engagements(signed_from="2025")) == ["e-kz-talks"]


def test_an_unsigned_agreement_is_left_out_when_a_date_range_is_given(
    populated: Repository,
) -> None:
    assert "pk-kz-uz-transit" not in ids(populated.agreements(signed_from="1900"))


def test_criteria_combine(populated: Repository) -> None:
    assert ids(populated.agreements(country="KZ", area="energy", statuses={S.SIGNED})) == [
        "kz-uz-energy"
    ]
    assert populated.agreements(country="TR", statuses={S.IN_FORCE}) == []


def test_a_record_filter_can_be_given_instead_of_keywords(populated: Repository) -> None:
    where = RecordFilter(pair="PK-KZ", area="trade")
    assert ids(populated.agreements(where)) == ["pk-kz-trade", "pk-kz-uz-transit"]
    with pytest.raises(ValidationError, match="not both"):
        populated.agreements(where, area="trade")


def test_records_with_a_filter_are_those_it_matches_agreements_first(
    populated: Repository,
) -> None:
    assert [r.id for r in populated.records(where=RecordFilter(country="UZ"))] == [
        "kz-uz-energy",
        "pk-kz-uz-transit",
        "e-uz-visit",
    ]


def test_records_with_an_empty_filter_are_every_record(populated: Repository) -> None:
    assert list(populated.records(where=RecordFilter())) == list(populated.records())
    assert len(list(populated.records(where=None))) == 6


def test_an_id_filter_keeps_the_records_with_those_ids_in_record_order(
    populated: Repository,
) -> None:
    where = RecordFilter(ids={"e-kz-talks", "pk-tr-defence", "kz-uz-energy"})
    assert [r.id for r in populated.records(where=where)] == [
        "kz-uz-energy",
        "pk-tr-defence",
        "e-kz-talks",
    ]


def test_ids_not_stored_or_not_valid_match_nothing_and_raise_nothing(
    populated: Repository,
) -> None:
    where = RecordFilter(ids={"nothing-here", "../x", "", "PK-KZ-TRADE", "pk-kz-trade"})
    assert [r.id for r in populated.records(where=where)] == ["pk-kz-trade"]


def test_an_empty_id_set_keeps_no_record(populated: Repository) -> None:
    assert list(populated.records(where=RecordFilter(ids=()))) == []


def test_an_id_filter_combines_with_the_other_criteria(populated: Repository) -> None:
    where = RecordFilter(ids={"pk-kz-trade", "kz-uz-energy", "e-uz-visit"}, country="UZ")
    assert [r.id for r in populated.records(where=where)] == ["kz-uz-energy", "e-uz-visit"]
    assert ids(populated.engagements(ids="kz-uz-energy")) == []


def test_a_record_id_criterion_must_be_text() -> None:
    with pytest.raises(ValidationError, match="record id is text"):
        RecordFilter(ids=[3])  # type: ignore[list-item]
    assert RecordFilter(ids="pk-kz-trade").ids == frozenset({"pk-kz-trade"})


def test_a_kind_both_types_share_lists_each_type_apart(repo: Repository) -> None:
    repo.add(make_agreement("a-other", kind=AgreementKind.OTHER))
    repo.add(make_engagement("e-other", kind=EngagementKind.OTHER))
    repo.add(make_engagement("e-talks"))
    assert ids(repo.agreements(kinds="other")) == ["a-other"]
    assert ids(repo.engagements(kinds="other")) == ["e-other"]
    assert [r.id for r in repo.records(where=RecordFilter(kinds="other"))] == [
        "a-other",
        "e-other",
    ]


def test_asking_for_agreements_of_engagement_kinds_only_lists_none(populated: Repository) -> None:
    assert populated.agreements(kinds={EngagementKind.VISIT, EngagementKind.TALKS}) == []
    assert populated.engagements(kinds=AgreementKind.TREATY) == []


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    contents=repository_contents_among(max_size=8, codes=("PK", "KZ", "UZ", "TR")), data=st.data()
)
def test_records_with_any_filter_equal_the_records_the_filter_matches(
    new_repo: Callable[[], Repository],
    contents: list[Agreement | Engagement],
    data: st.DataObject,
) -> None:
    repo = new_repo()
    for record in contents:
        repo.add(record)
    where = data.draw(record_filters(contents), label="where")

    expected = [r for r in repo.records() if where.matches(r)]

    assert list(repo.records(where=where)) == expected
    assert repo.agreements(where) == [r for r in expected if isinstance(r, Agreement)]
    assert repo.engagements(where) == [r for r in expected if isinstance(r, Engagement)]


# -- batches ------------------------------------------------------------------------------------


def test_a_batch_applies_all_its_changes(repo: Repository) -> None:
    repo.add(make_agreement("old"))
    with repo.batch():
        repo.declare_area(CooperationArea(code="mining", label="Mining"))
        repo.add(make_agreement("plan", areas={"mining"}))
        repo.update(make_agreement("plan", notes="edited", areas={"mining"}), expected_version=1)
        repo.add(make_engagement("talks"))
        repo.remove("old")
    assert [r.id for r in repo.records()] == ["plan", "talks"]
    assert repo.version("plan") == 2
    assert "mining" in repo.areas


class Abort(Exception):
    """Raised by a test to abandon a batch."""


def test_an_exception_inside_a_batch_leaves_the_repository_exactly_as_before(
    repo: Repository,
) -> None:
    repo.add(make_agreement("kept"))
    repo.update(make_agreement("kept", notes="edited"), expected_version=1)
    repo.add(make_engagement("talks"))
    before = snapshot(repo)

    def change_everything_then_fail() -> None:
        with repo.batch():
            repo.declare_area(CooperationArea(code="mining", label="Mining"))
            repo.add(make_agreement("new", areas={"mining"}))
            repo.update(make_agreement("kept", notes="changed again"), expected_version=2)
            repo.remove("talks")
            raise Abort

    with pytest.raises(Abort):
        change_everything_then_fail()
    assert snapshot(repo) == before
    assert "mining" not in repo.areas


def test_a_library_error_inside_a_batch_undoes_the_earlier_changes(repo: Repository) -> None:
    repo.add(make_agreement("kept"))
    before = snapshot(repo)

    def add_new_then_a_duplicate() -> None:
        with repo.batch():
            repo.add(make_agreement("new"))
            repo.add(make_agreement("kept"))

    with pytest.raises(DuplicateIdError):
        add_new_then_a_duplicate()
    assert snapshot(repo) == before


def test_a_nested_batch_is_part_of_the_outer_batch(repo: Repository) -> None:
    with repo.batch():
        repo.add(make_agreement("outer"))
        with repo.batch():
            repo.add(make_agreement("inner"))
        assert "inner" in repo
    assert [r.id for r in repo.records()] == ["inner", "outer"]


def test_an_exception_leaving_a_nested_batch_undoes_the_whole_outer_batch(
    repo: Repository,
) -> None:
    before = snapshot(repo)

    def fail_in_the_inner_batch() -> None:
        with repo.batch():
            repo.add(make_agreement("outer"))
            with repo.batch():
                repo.add(make_agreement("inner"))
                raise Abort

    with pytest.raises(Abort):
        fail_in_the_inner_batch()
    assert snapshot(repo) == before


def test_the_repository_is_usable_after_a_failed_batch(repo: Repository) -> None:
    def add_then_fail() -> None:
        with repo.batch():
            repo.add(make_agreement("lost"))
            raise Abort

    with pytest.raises(Abort):
        add_then_fail()
    assert "lost" not in repo
    assert repo.add(make_agreement("lost")) == 1
    assert repo.version("lost") == 1


MANY = 150
"""More adds than a batch makes one statement each before it may buffer them (PostgreSQL)."""


def add_many(repo: Repository, prefix: str = "bulk") -> list[str]:
    ids = [f"{prefix}-{n:03d}" for n in range(MANY)]
    for record_id in ids:
        repo.add(make_agreement(record_id))
    return ids


def test_a_duplicate_of_a_stored_record_late_in_a_long_batch_is_raised_at_its_add(
    repo: Repository,
) -> None:
    repo.add(make_agreement("kept", notes="first"))
    with repo.batch():
        ids = add_many(repo)
        with pytest.raises(DuplicateIdError) as info:
            repo.add(make_agreement("kept", notes="second"))
        assert info.value.record_id == "kept"
        repo.add(make_agreement("after"))
    assert len(repo) == MANY + 2
    assert repo.get("kept").notes == "first"
    assert {"after", *ids} <= {r.id for r in repo.records()}


def test_a_duplicate_among_a_long_batch_s_own_adds_is_raised_at_its_add(
    repo: Repository,
) -> None:
    with repo.batch():
        ids = add_many(repo)
        for record_id in (ids[0], ids[-1]):
            with pytest.raises(DuplicateIdError):
                repo.add(make_engagement(record_id, areas={"undeclared_area"}))
        repo.add(make_agreement("after"))
    assert [r.id for r in repo.records()] == ["after", *ids]


def test_an_id_added_removed_and_added_again_in_a_long_batch_is_stored_once(
    repo: Repository,
) -> None:
    with repo.batch():
        ids = add_many(repo)
        repo.remove(ids[-1])
        repo.add(make_engagement(ids[-1]))
        with pytest.raises(DuplicateIdError):
            repo.add(make_agreement(ids[-1]))
    assert isinstance(repo.get(ids[-1]), Engagement)
    assert len(repo) == MANY


def test_reads_and_writes_inside_a_long_batch_see_its_earlier_adds(repo: Repository) -> None:
    with repo.batch():
        ids = add_many(repo)
        assert ids[-1] in repo
        assert len(repo) == MANY
        assert repo.get(ids[-1]) == make_agreement(ids[-1])
        assert repo.update(make_agreement(ids[-1], notes="edited"), expected_version=1) == 2
        assert [r.id for r in repo.records()] == ids
        more = add_many(repo, "more")
        assert repo.version(more[-1]) == 1
    assert repo.get(ids[-1]).notes == "edited"
    assert len(repo) == 2 * MANY


def test_an_exception_after_many_adds_in_a_batch_leaves_nothing_of_them(
    repo: Repository,
) -> None:
    repo.add(make_agreement("kept"))
    before = snapshot(repo)

    def add_many_then_fail() -> None:
        with repo.batch():
            add_many(repo)
            raise Abort

    with pytest.raises(Abort):
        add_many_then_fail()
    assert snapshot(repo) == before
    assert repo.add(make_agreement("bulk-000")) == 1


# -- ids ----------------------------------------------------------------------------------------

BAD_IDS = ["../x", "/etc/passwd", "con", "Plan", "", "a\x00b"]


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_get_version_and_remove_reject_an_invalid_id(repo: Repository, bad_id: str) -> None:
    for operation in (repo.get, repo.version, repo.remove):
        with pytest.raises(InvalidIdError):
            operation(bad_id)


def test_an_invalid_id_is_not_contained_in_the_repository(repo: Repository) -> None:
    # `in` answers a yes/no question: it already returns False for a non-text key.
    assert "../x" not in repo


# -- any records --------------------------------------------------------------------------------


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(contents=repository_contents)
def test_any_records_added_are_read_back_equal(
    new_repo: Callable[[], Repository], contents: list[Agreement | Engagement]
) -> None:
    repo = new_repo()  # a fresh repository for each example
    for record in contents:
        assert repo.add(record) == 1
    assert len(repo) == len(contents)
    assert {r.id: r for r in repo.records()} == {r.id: r for r in contents}
    for record in contents:
        assert repo.get(record.id) == record
        assert repo.version(record.id) == 1
