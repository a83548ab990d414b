"""The calendar export: every event parsed back with ``icalendar`` and checked, on a small
Kazakhstan–Pakistan repository over every backend."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pendulum
import pytest
from icalendar.prop import vCategory

import mou_tracker
from mou_tracker import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Anchor,
    AnchorRelation,
    Commitment,
    CommitmentStatus,
    Deadline,
    Engagement,
    EngagementKind,
    InMemoryRepository,
    Interval,
    JsonRepository,
    Party,
    Recurrence,
    Repository,
    Source,
    StatusChange,
    UnknownAreaError,
    ValidationError,
)
from mou_tracker.export import IcsExport, export_ics
from mou_tracker.services import move_engagement, reschedule_deadline

AS_OF = pendulum.Date(2025, 10, 15)
KZ_PK = "[Kazakhstan–Pakistan]"
BILATERAL = [Party(country="KZ"), Party(country="PK")]
ARTICLE = Source(title="Action plan signed in Islamabad", url="https://example.org/plan")
FAST_TRACK = "Fast-track the agreements to be concluded during the President's visit"

VISIT = Engagement(
    id="kz-pk-visit",
    kind=EngagementKind.VISIT,
    title="State visit of the President of Kazakhstan",
    date="2025-11",
    parties=BILATERAL,
    place="Islamabad",
    areas=["politics", "investment"],
)
FORUM = Engagement(
    id="kz-pk-forum",
    kind=EngagementKind.OTHER,
    title="Joint business forum",
    parties=BILATERAL,
    areas=["trade"],
)
CONSULTATIONS = Engagement(
    id="kz-pk-consultations-2025",
    kind=EngagementKind.CONSULTATIONS,
    title="Political consultations",
    date="2025-09-30",
    parties=BILATERAL,
    areas=["politics"],
)
SUMMIT = Engagement(
    id="kz-pk-uz-summit",
    kind=EngagementKind.SUMMIT,
    title="Trilateral summit on transport corridors",
    date="2025-Q4",
    parties=[*BILATERAL, Party(country="UZ")],
    areas=["transport_logistics"],
)
TALKS = Engagement(
    id="kz-pk-talks",
    kind=EngagementKind.TALKS,
    title="Delegation-level talks",
    date="2025-09-09",
    parties=BILATERAL,
    place="Islamabad",
    areas=["trade"],
    commitments=[
        Commitment(
            id="sign-during-visit",
            text="Sign the investment agreement during the visit",
            areas=["investment"],
            deadline=Deadline(anchor=Anchor(engagement_id=VISIT.id)),
        ),
        Commitment(
            id="report-after-visit",
            text="Report on the visit's results",
            deadline=Deadline(
                anchor=Anchor(
                    engagement_id=VISIT.id,
                    relation=AnchorRelation.AFTER,
                    offset=Interval.parse("10 days"),
                )
            ),
        ),
        Commitment(
            id="business-forum",
            text="Hold the joint business forum",
            deadline=Deadline(anchor=Anchor(engagement_id=FORUM.id)),
        ),
    ],
)
ACTION_PLAN = Agreement(
    id="kz-pk-action-plan",
    kind=AgreementKind.ACTION_PLAN,
    title="Action plan 2025-2027",
    parties=BILATERAL,
    history=[StatusChange(status=AgreementStatus.SIGNED, date="2025-09-09")],
    areas=["trade", "investment"],
    sources=[ARTICLE],
    commitments=[
        Commitment(
            id="fixed-day",
            text="Open the trade house in Almaty",
            areas=["trade"],
            deadline=Deadline(due="2025-10-20"),
        ),
        Commitment(
            id="by-november",
            text=FAST_TRACK,
            responsible=["KZ"],
            deadline=Deadline(due="2025-11", note="by November"),
        ),
        Commitment(
            id="already-met",
            text="Exchange lists of contact points",
            deadline=Deadline(due="2025-10"),
            status=CommitmentStatus.MET,
            met_on="2025-09-30",
        ),
        Commitment(
            id="yearly-consultations",
            text="Hold political consultations every year",
            areas=["politics"],
            recurrence=Recurrence(
                every=Interval.parse("12 months"),
                starts="2025-09-09",
                fulfilled_by=[EngagementKind.CONSULTATIONS],
            ),
        ),
    ],
)

Row = tuple[dt.date, dt.date, str, tuple[str, ...], int]
"""DTSTART, DTEND, SUMMARY, CATEGORIES, SEQUENCE."""

EXPECTED: dict[str, Row] = {
    "engagement.kz-pk-talks@mou-tracker": (
        dt.date(2025, 9, 9),
        dt.date(2025, 9, 10),
        f"{KZ_PK} Talks: Delegation-level talks (trade)",
        ("trade",),
        0,
    ),
    "engagement.kz-pk-consultations-2025@mou-tracker": (
        dt.date(2025, 9, 30),
        dt.date(2025, 10, 1),
        f"{KZ_PK} Consultations: Political consultations (politics)",
        ("politics",),
        0,
    ),
    "engagement.kz-pk-uz-summit@mou-tracker": (
        dt.date(2025, 10, 1),
        dt.date(2026, 1, 1),
        "[KZ, PK, UZ] Summit: Trilateral summit on transport corridors (transport_logistics)",
        ("transport_logistics",),
        0,
    ),
    "deadline.kz-pk-action-plan/fixed-day@mou-tracker": (
        dt.date(2025, 10, 20),
        dt.date(2025, 10, 21),
        f"{KZ_PK} Due: Open the trade house in Almaty (trade)",
        ("trade",),
        0,
    ),
    "engagement.kz-pk-visit@mou-tracker": (
        dt.date(2025, 11, 1),
        dt.date(2025, 12, 1),
        f"{KZ_PK} Visit: State visit of the President of Kazakhstan (investment, politics)",
        ("investment", "politics"),
        0,
    ),
    "deadline.kz-pk-action-plan/by-november@mou-tracker": (
        dt.date(2025, 11, 30),
        dt.date(2025, 12, 1),
        f"{KZ_PK} Due: Fast-track the agreements to be concluded during the… (investment, trade)",
        ("investment", "trade"),
        0,
    ),
    "deadline.kz-pk-talks/sign-during-visit@mou-tracker": (
        dt.date(2025, 11, 30),
        dt.date(2025, 12, 1),
        f"{KZ_PK} Due: Sign the investment agreement during the visit (investment)",
        ("investment",),
        0,
    ),
    "deadline.kz-pk-talks/report-after-visit@mou-tracker": (
        dt.date(2025, 12, 10),
        dt.date(2025, 12, 11),
        f"{KZ_PK} Due: Report on the visit's results (trade)",
        ("trade",),
        0,
    ),
    "deadline.kz-pk-action-plan/yearly-consultations@mou-tracker": (
        dt.date(2026, 9, 30),
        dt.date(2026, 10, 1),
        f"{KZ_PK} Next due: Hold political consultations every year (politics)",
        ("politics",),
        1,
    ),
}


def fill(repo: Repository) -> Repository:
    for record in (VISIT, FORUM, CONSULTATIONS, SUMMIT, TALKS, ACTION_PLAN):
        repo.add(record)
    return repo


@pytest.fixture
def filled(repo: Repository) -> Repository:
    """The repository above, in memory or in a JSON file."""
    return fill(repo)


def parse(data: bytes) -> tuple[icalendar.Calendar, dict[str, icalendar.Component]]:
    """The calendar and its events by UID, checking that UIDs are unique."""
    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    uids = [str(event["UID"]) for event in events]
    assert len(set(uids)) == len(uids), uids
    return calendar, dict(zip(uids, events, strict=True))


def categories(event: icalendar.Component) -> tuple[str, ...]:
    value = event.get("CATEGORIES")
    if value is None:
        return ()
    assert isinstance(value, vCategory)
    return tuple(str(code) for code in value.cats)


def row(event: icalendar.Component) -> Row:
    return (
        event.decoded("DTSTART"),
        event.decoded("DTEND"),
        str(event["SUMMARY"]),
        categories(event),
        int(event.decoded("SEQUENCE")),
    )


def description(events: dict[str, icalendar.Component], uid: str) -> str:
    return str(events[uid]["DESCRIPTION"])


# -- what is exported, and where -----------------------------------------------------------------


def test_every_event_has_its_uid_dates_summary_categories_and_sequence(
    filled: Repository,
) -> None:
    _, events = parse(export_ics(filled, as_of=AS_OF).data)
    assert {uid: row(event) for uid, event in events.items()} == EXPECTED


def test_every_event_is_an_all_day_event_stamped_at_midnight_utc_of_the_as_of_day(
    filled: Repository,
) -> None:
    data = export_ics(filled, as_of=AS_OF).data
    assert b"DTSTART;VALUE=DATE:20251130\r\n" in data
    assert b"DTEND;VALUE=DATE:20251201\r\n" in data
    _, events = parse(data)
    for event in events.values():
        assert type(event.decoded("DTSTART")) is dt.date
        assert type(event.decoded("DTEND")) is dt.date
        assert event.decoded("DTSTAMP") == dt.datetime(2025, 10, 15, tzinfo=dt.UTC)
        assert str(event["TRANSP"]) == "TRANSPARENT"


def test_events_are_sorted_by_date_then_uid(filled: Repository) -> None:
    calendar, _ = parse(export_ics(filled, as_of=AS_OF).data)
    keys = [(e.decoded("DTSTART"), str(e["UID"])) for e in calendar.walk("VEVENT")]
    assert keys == sorted(keys)
    assert len(keys) == len(EXPECTED)


def test_a_deadline_known_to_the_month_is_placed_on_its_last_day_and_says_so(
    filled: Repository,
) -> None:
    _, events = parse(export_ics(filled, as_of=AS_OF).data)
    text = description(events, "deadline.kz-pk-action-plan/by-november@mou-tracker")
    assert text.startswith(FAST_TRACK + "\n")  # the full text, not the shortened summary
    assert "Due by Nov 2025 (known to the month); placed on its last day." in text
    assert "Deadline as stated: by November" in text
    assert "Record: kz-pk-action-plan (Action plan 2025-2027)" in text
    assert "Commitment: by-november" in text
    assert "Status: open" in text
    assert "Responsible: KZ" in text
    assert "- Action plan signed in Islamabad <https://example.org/plan>" in text


def test_a_deadline_known_to_the_day_says_it_is_due_on_that_day(filled: Repository) -> None:
    _, events = parse(export_ics(filled, as_of=AS_OF).data)
    text = description(events, "deadline.kz-pk-action-plan/fixed-day@mou-tracker")
    assert "Due on 20 Oct 2025." in text
    assert "placed on" not in text
    assert "Responsible: all parties" in text


def test_an_approximate_deadline_is_placed_on_the_last_day_it_may_be_and_says_so(
    filled: Repository,
) -> None:
    _, events = parse(export_ics(filled, as_of=AS_OF).data)
    text = description(events, "deadline.kz-pk-talks/report-after-visit@mou-tracker")
    assert "Due by 10 Dec 2025 at the latest (approximate" in text
    assert "placed on that last possible day" in text


def test_an_engagement_known_to_the_month_spans_the_month_and_says_so(
    filled: Repository,
) -> None:
    _, events = parse(export_ics(filled, as_of=AS_OF).data)
    visit = events["engagement.kz-pk-visit@mou-tracker"]
    assert (visit.decoded("DTSTART"), visit.decoded("DTEND")) == (
        dt.date(2025, 11, 1),
        dt.date(2025, 12, 1),  # exclusive: the whole of November
    )
    assert str(visit["LOCATION"]) == "Islamabad"
    text = str(visit["DESCRIPTION"])
    assert "Visit in Nov 2025 (known to the month); shown across the whole period." in text
    assert "Parties: Kazakhstan, Pakistan" in text


def test_an_engagement_known_to_the_day_is_a_one_day_event(filled: Repository) -> None:
    _, events = parse(export_ics(filled, as_of=AS_OF).data)
    talks = events["engagement.kz-pk-talks@mou-tracker"]
    assert talks.decoded("DTEND") - talks.decoded("DTSTART") == dt.timedelta(days=1)
    assert "Talks on 9 Sep 2025." in str(talks["DESCRIPTION"])


def test_an_engagement_without_a_date_and_a_met_commitment_are_absent(
    filled: Repository,
) -> None:
    _, events = parse(export_ics(filled, as_of=AS_OF).data)
    assert not any("kz-pk-forum" in uid for uid in events)
    assert "deadline.kz-pk-action-plan/already-met@mou-tracker" not in events


def test_a_deadline_whose_date_is_not_set_is_left_out_and_counted(filled: Repository) -> None:
    export = export_ics(filled, as_of=AS_OF)
    assert (export.events, export.undated) == (len(EXPECTED), 1)
    calendar, events = parse(export.data)
    assert "deadline.kz-pk-talks/business-forum@mou-tracker" not in events
    assert "1 deadline not shown" in str(calendar["X-WR-CALDESC"])


def test_a_recurring_commitment_is_exported_at_its_next_due_date(filled: Repository) -> None:
    _, events = parse(export_ics(filled, as_of=AS_OF).data)
    text = description(events, "deadline.kz-pk-action-plan/yearly-consultations@mou-tracker")
    assert "Due on 30 Sep 2026." in text
    assert "Recurring every 12 months from 9 Sep 2025: held 1 time; last held 30 Sep 2025" in text


def test_a_recurring_commitment_not_yet_held_is_due_one_interval_after_it_starts() -> None:
    repo = InMemoryRepository()
    repo.add(ACTION_PLAN)
    _, events = parse(export_ics(repo, as_of=AS_OF).data)
    event = events["deadline.kz-pk-action-plan/yearly-consultations@mou-tracker"]
    assert event.decoded("DTSTART") == dt.date(2026, 9, 9)
    assert int(event.decoded("SEQUENCE")) == 0


def test_a_long_commitment_text_is_shortened_in_the_summary_only(filled: Repository) -> None:
    _, events = parse(export_ics(filled, as_of=AS_OF).data)
    event = events["deadline.kz-pk-action-plan/by-november@mou-tracker"]
    assert "…" in str(event["SUMMARY"])
    assert FAST_TRACK in str(event["DESCRIPTION"])


def test_an_engagement_lists_its_agreements_and_notes_and_a_first_date_that_was_unset() -> None:
    repo = InMemoryRepository()
    repo.add(ACTION_PLAN)
    meeting = Engagement(
        id="kz-pk-meeting",
        kind=EngagementKind.WORKING_GROUP,
        title="Working group on the action plan",
        parties=BILATERAL,
        agreement_ids=[ACTION_PLAN.id],
        notes="Closed-door session",
        commitments=[Commitment(id="no-deadline", text="Keep in touch")],
    )
    repo.add(meeting)
    move_engagement(repo, meeting.id, "2025-12-02", decided_on="2025-10-01", reason="scheduled")
    _, events = parse(export_ics(repo, as_of=AS_OF).data)
    event = events["engagement.kz-pk-meeting@mou-tracker"]
    assert row(event) == (
        dt.date(2025, 12, 2),
        dt.date(2025, 12, 3),
        f"{KZ_PK} Working group: Working group on the action plan",
        (),
        1,
    )
    assert "CATEGORIES" not in event
    assert "LOCATION" not in event
    text = str(event["DESCRIPTION"])
    assert "Working group on 2 Dec 2025." in text
    assert "Date changed 1 time; first planned for no date." in text
    assert f"Agreements: {ACTION_PLAN.id}" in text
    assert "Notes: Closed-door session" in text
    assert not any("no-deadline" in uid for uid in events)  # no deadline, no event


# -- updates: stable UIDs and growing SEQUENCE ---------------------------------------------------


def test_moving_an_engagement_moves_its_events_with_the_same_uids_and_a_higher_sequence(
    filled: Repository,
) -> None:
    _, before = parse(export_ics(filled, as_of=AS_OF).data)
    move_engagement(
        filled, VISIT.id, "2025-11-18", decided_on="2025-10-01", reason="date announced"
    )
    _, after = parse(export_ics(filled, as_of=AS_OF).data)
    assert after.keys() == before.keys()
    moved = {
        "engagement.kz-pk-visit@mou-tracker": dt.date(2025, 11, 18),
        "deadline.kz-pk-talks/sign-during-visit@mou-tracker": dt.date(2025, 11, 18),
        "deadline.kz-pk-talks/report-after-visit@mou-tracker": dt.date(2025, 11, 28),
    }
    for uid, day in moved.items():
        assert after[uid].decoded("DTSTART") == day
        assert after[uid].decoded("DTEND") == day + dt.timedelta(days=1)
        assert int(after[uid].decoded("SEQUENCE")) > int(before[uid].decoded("SEQUENCE"))
    for uid in before.keys() - moved.keys():
        assert row(after[uid]) == row(before[uid])
    text = description(after, "deadline.kz-pk-talks/sign-during-visit@mou-tracker")
    assert "Due on 18 Nov 2025." in text
    assert "First due: Nov 2025; moved 1 time, 0 slips:" in text
    assert "- 1 Oct 2025: Nov 2025 -> 18 Nov 2025 (follows kz-pk-visit): date announced" in text
    assert "Date changed 1 time; first planned for Nov 2025." in description(
        after, "engagement.kz-pk-visit@mou-tracker"
    )


def test_rescheduling_a_deadline_raises_its_sequence_and_counts_the_slip(
    filled: Repository,
) -> None:
    reschedule_deadline(
        filled,
        ACTION_PLAN.id,
        "fixed-day",
        due="2025-12-15",
        decided_on="2025-10-10",
        reason="premises not ready",
    )
    _, events = parse(export_ics(filled, as_of=AS_OF).data)
    event = events["deadline.kz-pk-action-plan/fixed-day@mou-tracker"]
    assert event.decoded("DTSTART") == dt.date(2025, 12, 15)
    assert int(event.decoded("SEQUENCE")) == 1
    text = str(event["DESCRIPTION"])
    assert "First due: 20 Oct 2025; moved 1 time, 1 slip:" in text
    assert "- 10 Oct 2025: 20 Oct 2025 -> 15 Dec 2025: premises not ready" in text


# -- the calendar --------------------------------------------------------------------------------


def test_the_calendar_names_its_product_version_and_filters(filled: Repository) -> None:
    calendar, _ = parse(export_ics(filled, as_of=AS_OF, pair="UZ-KZ").data)
    assert str(calendar["PRODID"]) == f"-//mou-tracker//mou-tracker {mou_tracker.__version__}//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "mou-tracker (pair Kazakhstan–Uzbekistan)"
    assert "as of 2025-10-15" in str(calendar["X-WR-CALDESC"])
    assert "not shown" not in str(calendar["X-WR-CALDESC"])


def test_the_same_data_and_day_give_the_same_bytes(filled: Repository) -> None:
    first = export_ics(filled, as_of=AS_OF).data
    assert export_ics(filled, as_of=AS_OF).data == first
    assert export_ics(fill(InMemoryRepository()), as_of=AS_OF).data == first
    assert export_ics(filled, as_of=dt.date(2025, 10, 15)).data == first


def test_every_line_is_crlf_terminated_and_at_most_75_octets(filled: Repository) -> None:
    data = export_ics(filled, as_of=AS_OF).data
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")
    assert b"\n" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75


# -- filters -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({"country": "PK"}, set(EXPECTED)),
        ({"country": "Uzbekistan"}, {"engagement.kz-pk-uz-summit@mou-tracker"}),
        ({"pair": "KZ-UZ"}, {"engagement.kz-pk-uz-summit@mou-tracker"}),
        ({"country": "IN"}, set()),
        (
            {"area": "investment"},
            {
                "engagement.kz-pk-visit@mou-tracker",
                "deadline.kz-pk-action-plan/by-november@mou-tracker",
                "deadline.kz-pk-talks/sign-during-visit@mou-tracker",
            },
        ),
        (
            {"area": "politics", "pair": "PK-KZ"},
            {
                "engagement.kz-pk-consultations-2025@mou-tracker",
                "engagement.kz-pk-visit@mou-tracker",
                "deadline.kz-pk-action-plan/yearly-consultations@mou-tracker",
            },
        ),
    ],
)
def test_filters_keep_only_matching_events(
    filled: Repository, criteria: dict[str, str], expected: set[str]
) -> None:
    export = export_ics(filled, as_of=AS_OF, **criteria)
    _, events = parse(export.data)
    assert set(events) == expected
    assert export.events == len(expected)
    for uid in expected:
        assert row(events[uid]) == EXPECTED[uid]


def test_a_deadline_outside_the_area_is_not_counted_as_left_out(filled: Repository) -> None:
    assert export_ics(filled, as_of=AS_OF, area="politics").undated == 0
    assert export_ics(filled, as_of=AS_OF, area="trade").undated == 1


def test_an_undeclared_area_is_an_error(filled: Repository) -> None:
    with pytest.raises(UnknownAreaError, match="mining"):
        export_ics(filled, as_of=AS_OF, area="mining")


def test_as_of_must_be_a_day_not_a_datetime(filled: Repository) -> None:
    with pytest.raises(ValidationError, match="as_of must be a date"):
        export_ics(filled, as_of=dt.datetime(2025, 10, 15, 12, 0))


def test_an_empty_repository_gives_a_calendar_with_no_events() -> None:
    export = export_ics(InMemoryRepository(), as_of=AS_OF)
    calendar, events = parse(export.data)
    assert (export.events, export.undated, events) == (0, 0, {})
    assert str(calendar["VERSION"]) == "2.0"


# -- writing -------------------------------------------------------------------------------------


def test_an_export_writes_the_calendar_atomically(filled: Repository, tmp_path: Path) -> None:
    folder = tmp_path / "calendars"
    folder.mkdir()
    path = folder / "kz-pk.ics"
    path.write_bytes(b"old")
    export = export_ics(filled, as_of=AS_OF)
    export.write(path)
    assert export.events == len(EXPECTED)
    assert path.read_bytes() == export.data
    assert [p.name for p in folder.iterdir()] == ["kz-pk.ics"]  # no temporary file left


def test_a_json_repository_exports_what_it_stored(tmp_path: Path) -> None:
    path = tmp_path / "kz-pk.json"
    fill(JsonRepository.create(path))
    assert (
        export_ics(JsonRepository(path), as_of=AS_OF).data
        == export_ics(fill(InMemoryRepository()), as_of=AS_OF).data
    )


def test_ics_export_write_accepts_a_text_path(tmp_path: Path) -> None:
    export = IcsExport(data=b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", events=0, undated=0)
    export.write(str(tmp_path / "empty.ics"))
    assert (tmp_path / "empty.ics").read_bytes() == export.data
