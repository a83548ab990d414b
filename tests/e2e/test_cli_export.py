"""End-to-end tests of ``mou-tracker export ics``: click's runner on a JSON repository file,
the written calendar parsed back with ``icalendar``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pendulum
import pytest
from click.testing import CliRunner, Result
from icalendar.prop import vCategory

from mou_tracker import (
    Anchor,
    Commitment,
    CommitmentStatus,
    Deadline,
    Engagement,
    EngagementKind,
    JsonRepository,
    Party,
)
from mou_tracker.cli import _options, cli

PARTIES = [Party(country="Kazakhstan"), Party(country="Pakistan")]
VISIT = Engagement(
    id="kz-pk-visit",
    kind=EngagementKind.VISIT,
    title="Visit of the President of Kazakhstan",
    date="2025-11",
    parties=PARTIES,
    place="Islamabad",
    areas=["politics"],
)
FORUM = Engagement(
    id="kz-pk-forum",
    kind=EngagementKind.OTHER,
    title="Business forum",
    parties=PARTIES,
    areas=["trade"],
)
TALKS = Engagement(
    id="kz-pk-talks",
    kind=EngagementKind.TALKS,
    title="Delegation-level talks",
    date="2025-09-09",
    parties=PARTIES,
    areas=["trade", "investment"],
    commitments=[
        Commitment(
            id="fast-track",
            text="Fast-track the agreements to be concluded during the President's visit",
            deadline=Deadline(anchor=Anchor(engagement_id=VISIT.id)),
        ),
        Commitment(id="by-november", text="Agree a road map", deadline=Deadline(due="2025-11")),
        Commitment(
            id="done",
            text="Exchange contact points",
            deadline=Deadline(due="2025-10-01"),
            status=CommitmentStatus.MET,
            met_on="2025-09-20",
        ),
        Commitment(
            id="forum",
            text="Hold the business forum",
            deadline=Deadline(anchor=Anchor(engagement_id=FORUM.id)),
        ),
    ],
)
EXPECTED = {
    "engagement.kz-pk-talks@mou-tracker": (
        dt.date(2025, 9, 9),
        dt.date(2025, 9, 10),
        "[Kazakhstan–Pakistan] Talks: Delegation-level talks (investment, trade)",
    ),
    "engagement.kz-pk-visit@mou-tracker": (
        dt.date(2025, 11, 1),
        dt.date(2025, 12, 1),
        "[Kazakhstan–Pakistan] Visit: Visit of the President of Kazakhstan (politics)",
    ),
    "deadline.kz-pk-talks/by-november@mou-tracker": (
        dt.date(2025, 11, 30),
        dt.date(2025, 12, 1),
        "[Kazakhstan–Pakistan] Due: Agree a road map (investment, trade)",
    ),
    "deadline.kz-pk-talks/fast-track@mou-tracker": (
        dt.date(2025, 11, 30),
        dt.date(2025, 12, 1),
        "[Kazakhstan–Pakistan] Due: Fast-track the agreements to be concluded during the… "
        "(investment, trade)",
    ),
}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"MOU_TRACKER_REPO": None})


@pytest.fixture
def repo_path(tmp_path: Path) -> Path:
    path = tmp_path / "kz-pk.json"
    repo = JsonRepository.create(path)
    for record in (VISIT, FORUM, TALKS):
        repo.add(record)
    return path


def run(runner: CliRunner, *args: str | Path) -> Result:
    result = runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def events_of(path: Path) -> dict[str, icalendar.Component]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == len(calendar.walk("VEVENT")), "UIDs must be unique"
    return events


def dates_and_summary(event: icalendar.Component) -> tuple[dt.date, dt.date, str]:
    return event.decoded("DTSTART"), event.decoded("DTEND"), str(event["SUMMARY"])


def assert_clean_error(result: Result, *fragments: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("mou-tracker: error: ")
    for fragment in fragments:
        assert fragment in lines[0]


def test_export_ics_writes_every_event_and_says_how_many(
    runner: CliRunner, repo_path: Path, tmp_path: Path
) -> None:
    output = tmp_path / "kz-pk.ics"
    result = run(
        runner, "--repo", repo_path, "export", "ics", "--as-of", "2025-10-15", "--output", output
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Wrote 4 events to {output}",
        "Left out 1 deadline whose date is not set (tied to an engagement with no date).",
    ]
    events = events_of(output)
    assert {uid: dates_and_summary(e) for uid, e in events.items()} == EXPECTED
    for uid, event in events.items():
        expected_areas = ["politics"] if "visit" in uid else ["investment", "trade"]
        areas = event["CATEGORIES"]
        assert isinstance(areas, vCategory)
        assert [str(code) for code in areas.cats] == expected_areas
        assert event.decoded("DTSTAMP") == dt.datetime(2025, 10, 15, tzinfo=dt.UTC)


def test_export_ics_twice_writes_the_same_bytes(
    runner: CliRunner, repo_path: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "first.ics", tmp_path / "second.ics"
    for output in (first, second):
        args = ("--repo", repo_path, "export", "ics", "--as-of", "2025-10-15", "-o", output)
        assert run(runner, *args).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_export_ics_replaces_an_existing_file(
    runner: CliRunner, repo_path: Path, tmp_path: Path
) -> None:
    output = tmp_path / "kz-pk.ics"
    output.write_text("stale")
    result = run(runner, "--repo", repo_path, "export", "ics", "--output", output)
    assert result.exit_code == 0, result.output
    assert output.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_export_ics_defaults_to_today_read_by_the_command_line(
    runner: CliRunner, repo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_options, "today", lambda: pendulum.Date(2026, 1, 2))
    output = tmp_path / "kz-pk.ics"
    assert run(runner, "--repo", repo_path, "export", "ics", "-o", output).exit_code == 0
    for event in events_of(output).values():
        assert event.decoded("DTSTAMP") == dt.datetime(2026, 1, 2, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--pair", "PK-KZ"], set(EXPECTED)),
        (["--country", "India"], set()),
        (["--area", "politics"], {"engagement.kz-pk-visit@mou-tracker"}),
    ],
)
def test_export_ics_filters_the_events(
    runner: CliRunner, repo_path: Path, tmp_path: Path, options: list[str], expected: set[str]
) -> None:
    output = tmp_path / "filtered.ics"
    result = run(runner, "--repo", repo_path, "export", "ics", "-o", output, *options)
    assert result.exit_code == 0, result.output
    assert f"Wrote {len(expected)} " in result.stdout
    assert set(events_of(output)) == expected


def test_one_event_is_reported_in_the_singular(
    runner: CliRunner, repo_path: Path, tmp_path: Path
) -> None:
    output = tmp_path / "politics.ics"
    result = run(runner, "--repo", repo_path, "export", "ics", "-o", output, "--area", "politics")
    assert result.stdout == f"Wrote 1 event to {output}\n"


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        (["--country", "Atlantis"], "Atlantis"),
        (["--area", "mining"], "mining"),
        (["--as-of", "2025-02-30"], "--as-of"),
    ],
)
def test_export_ics_mistakes_are_clean_errors_that_write_nothing(
    runner: CliRunner, repo_path: Path, tmp_path: Path, options: list[str], fragment: str
) -> None:
    output = tmp_path / "never.ics"
    result = run(runner, "--repo", repo_path, "export", "ics", "-o", output, *options)
    assert_clean_error(result, fragment)
    assert not output.exists()


def test_export_ics_requires_an_output_file(runner: CliRunner, repo_path: Path) -> None:
    assert_clean_error(run(runner, "--repo", repo_path, "export", "ics"), "--output")


def test_export_ics_into_a_missing_directory_is_a_clean_error(
    runner: CliRunner, repo_path: Path, tmp_path: Path
) -> None:
    output = tmp_path / "nowhere" / "kz-pk.ics"
    assert_clean_error(run(runner, "--repo", repo_path, "export", "ics", "-o", output), "nowhere")


def test_export_ics_without_a_repository_suggests_init(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "--repo", tmp_path / "none.json", "export", "ics", "-o", tmp_path / "x")
    assert_clean_error(result, "mou-tracker init")


@pytest.mark.parametrize("command", [["export"], ["export", "ics"]])
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_export_commands_have_help_with_an_example(
    runner: CliRunner, command: list[str], flag: str
) -> None:
    result = run(runner, *command, flag)
    assert result.exit_code == 0
    assert "Usage: mou-tracker" in result.stdout
    assert "$ mou-tracker export ics" in result.stdout


def test_export_without_a_format_prints_its_help(runner: CliRunner) -> None:
    result = run(runner, "export")
    assert result.exit_code == 0
    assert "ics" in result.stdout
