"""Sides: countries on the same side are never a pair; one rule for every report, filter,
cadence and calendar event (Belgium and Luxembourg as BLEU, with France)."""

from __future__ import annotations

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mou_tracker import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Commitment,
    Deadline,
    Engagement,
    EngagementKind,
    InMemoryRepository,
    Interval,
    Party,
    Recurrence,
    StatusChange,
    ValidationError,
)
from mou_tracker.domain import CountryPair, pairs_of, sides_of
from mou_tracker.domain.filters import RecordFilter
from mou_tracker.domain.sides import check_sides, checked_sides
from mou_tracker.export import export_ics
from mou_tracker.reports import (
    cadence,
    deadline_summary,
    deadlines,
    pair_area_matrix,
    status_by_pair,
)

AS_OF = pendulum.Date(2026, 3, 1)
BLEU_FR = (
    Party(country="BE", side="BLEU"),
    Party(country="LU", side="BLEU"),
    Party(country="FR"),
)
YEARLY = Recurrence(
    every=Interval.parse("12 months"),
    starts="2025-01-01",
    fulfilled_by=[EngagementKind.CONSULTATIONS],
)


def treaty(record_id: str = "bleu-fr", parties: tuple[Party, ...] = BLEU_FR) -> Agreement:
    return Agreement(
        id=record_id,
        kind=AgreementKind.TREATY,
        title="Investment treaty",
        parties=parties,
        history=[StatusChange(status=AgreementStatus.IN_FORCE, date="2025-01-01")],
        areas=["investment"],
        commitments=[
            Commitment(id="review", text="Review the treaty", deadline=Deadline(due="2026-03")),
            Commitment(id="consult", text="Hold consultations", recurrence=YEARLY),
        ],
    )


def consultations(record_id: str, *parties: Party) -> Engagement:
    return Engagement(
        id=record_id,
        kind=EngagementKind.CONSULTATIONS,
        title="Consultations",
        date="2025-06-10",
        parties=parties,
    )


# -- the rule -----------------------------------------------------------------------------------


def test_countries_on_one_side_are_never_a_pair() -> None:
    record = treaty()
    assert [pair.code for pair in record.pairs] == ["BE-FR", "FR-LU"]
    assert CountryPair("BE", "LU") not in record.sides.pair_set
    assert record.sides.bilateral
    assert record.sides.label == "BLEU–France"


def test_without_sides_every_pair_counts_and_three_countries_are_not_bilateral() -> None:
    parties = tuple(Party(country=code) for code in ("BE", "LU", "FR"))
    sides = sides_of(parties)
    assert list(sides.pairs) == pairs_of(p.country for p in parties)
    assert not sides.named
    assert not sides.bilateral


def test_the_same_structure_of_sides_is_one_shared_instance() -> None:
    assert treaty("a").sides is treaty("b", parties=BLEU_FR[::-1]).sides


def test_a_country_on_two_sides_is_refused() -> None:
    with pytest.raises(ValidationError, match="BE is on two sides"):
        treaty(parties=(*BLEU_FR, Party(country="BE", institution="Ministry of Economy")))


def test_a_record_whose_parties_all_share_one_side_is_refused() -> None:
    with pytest.raises(ValidationError, match="needs parties on at least two sides"):
        treaty(parties=BLEU_FR[:2])


@pytest.mark.parametrize("side", ["", " BLEU", "BLEU ", "x" * 65, "a\nb", 3])
def test_a_side_is_short_printable_text_with_no_space_at_either_end(side: object) -> None:
    with pytest.raises(ValidationError, match="side"):
        Party(country="BE", side=side)  # type: ignore[arg-type]


@given(st.lists(st.sampled_from(["A", "B", None]), min_size=4, max_size=4))
def test_a_pair_is_formed_exactly_when_its_countries_are_on_different_sides(
    sides: list[str | None],
) -> None:
    codes = ("BE", "FR", "LU", "NL")
    parties = [Party(country=c, side=s) for c, s in zip(codes, sides, strict=True)]
    key = {c: (s or c) for c, s in zip(codes, sides, strict=True)}
    expected = {
        CountryPair(a, b) for i, a in enumerate(codes) for b in codes[i + 1 :] if key[a] != key[b]
    }
    assert sides_of(parties).pair_set == expected


@given(
    st.lists(
        st.tuples(st.sampled_from(["BE", "FR", "LU"]), st.sampled_from(["A", "B", None])),
        min_size=1,
        max_size=5,
    )
)
def test_the_sides_check_follows_the_rule_for_any_parties(
    chosen: list[tuple[str, str | None]],
) -> None:
    """The check's shortcuts (every party a side of its own; no :class:`Sides` built) agree
    with the rule: each country on one side only, and at least two sides."""
    parties = [Party(country=c, side=s) for c, s in chosen]
    structure = set(chosen)
    on_two_sides = len({c for c, _ in structure}) < len(structure)
    sides = {s if s is not None else ("alone", c) for c, s in structure}
    valid = not on_two_sides and len(sides) >= 2
    if valid:
        check_sides(parties)
        assert len(sides_of(parties).sides) == len(sides)
    else:
        with pytest.raises(ValidationError, match="two sides"):
            check_sides(parties)


# -- filters, reports, cadences, the calendar ----------------------------------------------------


def test_the_pair_filter_keeps_only_records_with_that_pair_across_sides() -> None:
    record = treaty()
    assert RecordFilter(pair="BE-FR").matches(record)
    assert not RecordFilter(pair="BE-LU").matches(record)


def test_the_bilateral_filter_keeps_records_with_exactly_two_sides() -> None:
    three = treaty(parties=tuple(Party(country=c) for c in ("BE", "LU", "FR")))
    assert RecordFilter(bilateral=True).matches(treaty())
    assert not RecordFilter(bilateral=True).matches(three)


def repository() -> InMemoryRepository:
    repo = InMemoryRepository()
    repo.add(treaty())
    repo.add(treaty("multilateral", parties=tuple(Party(country=c) for c in ("DE", "FR", "NL"))))
    return repo


def test_the_pairs_report_counts_a_bleu_treaty_under_its_two_pairs_only() -> None:
    rows = status_by_pair(repository(), as_of=AS_OF).rows
    labels = [row[0] for row in rows]
    assert {"Belgium–France", "France–Luxembourg"} <= set(labels)
    assert "Belgium–Luxembourg" not in labels


def test_the_bilateral_option_leaves_out_a_record_with_three_sides() -> None:
    report = status_by_pair(repository(), as_of=AS_OF, bilateral=True)
    assert [row[0] for row in report.rows] == ["Belgium–France", "France–Luxembourg"]
    assert report.title.endswith("(bilateral)")


def test_the_matrix_follows_sides() -> None:
    rows = pair_area_matrix(repository(), as_of=AS_OF).rows
    assert "Belgium–Luxembourg" not in [row[0] for row in rows]


def test_the_deadlines_name_the_record_by_its_sides() -> None:
    report = deadlines(repository(), as_of=AS_OF, within=60)
    pairs = {row[report.headers.index("Pair")] for row in report.rows}
    assert "BLEU–France" in pairs
    assert "Germany, France, Netherlands" in pairs or "France, Germany, Netherlands" in pairs


def test_the_due_soon_summary_counts_pairs_across_sides_only() -> None:
    text = deadline_summary(repository(), as_of=AS_OF, windows=(60,)).render("plain")
    assert "Belgium–Luxembourg" not in text


def test_a_meeting_with_two_of_the_countries_on_one_side_does_not_keep_the_cadence() -> None:
    repo = InMemoryRepository()
    repo.add(treaty())
    # Belgium and France on one side: the Belgium–France pair of the treaty did not meet.
    repo.add(
        consultations(
            "eu-luxembourg",
            Party(country="BE", side="EU"),
            Party(country="FR", side="EU"),
            Party(country="LU"),
        )
    )
    (row,) = cadence(repo, as_of=AS_OF).rows
    assert row[0] == "BLEU–France"
    held = cadence(repo, as_of=AS_OF).headers.index("Held on time")
    assert row[held] == 0
    repo.add(consultations("all-three", *(Party(country=c) for c in ("BE", "FR", "LU"))))
    (row,) = cadence(repo, as_of=AS_OF).rows
    assert row[held] == 1


def test_the_calendar_names_an_event_by_its_sides() -> None:
    repo = InMemoryRepository()
    repo.add(treaty())
    text = export_ics(repo, as_of=AS_OF).data.decode()
    assert "SUMMARY:[BLEU–France] Due: Review the treaty" in text.replace("\r\n ", "")


def test_evolving_the_sides_changes_the_pairs() -> None:
    record = treaty()
    plain = attrs.evolve(record, parties=tuple(attrs.evolve(p, side=None) for p in BLEU_FR))
    assert len(plain.pairs) == 3


def _the_rule(parties: list[Party]) -> str | None:
    """The parties rule as written: two distinct countries, each on one side, two sides."""
    if len({p.country for p in parties}) < 2:
        return "needs at least two distinct countries as parties"
    try:
        check_sides(parties)
    except ValidationError as exc:
        return str(exc)
    return None


@given(
    st.lists(
        st.builds(
            Party,
            country=st.sampled_from(("BE", "LU", "FR", "DE")),
            side=st.sampled_from((None, None, "BLEU", "EU")),
        ),
        max_size=5,
    )
)
def test_the_checked_sides_are_the_sides_and_refuse_what_the_rule_refuses(
    parties: list[Party],
) -> None:
    expected = _the_rule(parties)
    if expected is None:
        assert checked_sides(parties) is sides_of(parties)
        assert checked_sides(tuple(parties)) is sides_of(list(parties))
    else:
        with pytest.raises(ValidationError) as info:
            checked_sides(parties)
        assert str(info.value) == expected
