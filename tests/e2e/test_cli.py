"""End-to-end tests of the ``mou-tracker`` command line: click's runner, and one real process."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner, Result

import mou_tracker
from mou_tracker import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Anchor,
    Commitment,
    CommitmentStatus,
    Deadline,
    Engagement,
    EngagementKind,
    Interval,
    JsonRepository,
    Party,
    ProgressNote,
    Recurrence,
    Relation,
    RelationKind,
    Source,
    StatusChange,
)
from mou_tracker.cli import cli
from mou_tracker.cli._app import DayType

ARTICLE = Source(
    title="Dar, Kazakh counterpart co-chair high-level talks",
    publisher="Pakistan Point News",
    url="https://example.org/pk-kz-talks",
    published="2025-09-09",
)
PAKISTAN = Party(country="Pakistan", institution="Ministry of Foreign Affairs")
KAZAKHSTAN = Party(country="Kazakhstan", institution="Ministry of Foreign Affairs")
ACTION_PLAN = Agreement(
    id="pk-kz-action-plan-2025",
    kind=AgreementKind.ACTION_PLAN,
    title="Action Plan of Cooperation between the Ministries of Foreign Affairs",
    parties=(PAKISTAN, KAZAKHSTAN),
    history=[StatusChange(status=AgreementStatus.SIGNED, date="2025-09-09", source=ARTICLE)],
    signature_place="Islamabad",
    areas=["politics", "trade", "culture"],
    sources=[ARTICLE],
)
TALKS = Engagement(
    id="pk-kz-talks-2025-09-09",
    kind=EngagementKind.TALKS,
    title="Delegation-level talks in Islamabad",
    date="2025-09-09",
    place="Islamabad",
    parties=(PAKISTAN, KAZAKHSTAN),
    areas=["trade", "ict"],
    agreement_ids=[ACTION_PLAN.id],
    commitments=[
        Commitment(
            id="fast-track-visit-agreements",
            text="Fast-track the agreements to be concluded during the President's visit",
            areas=["trade"],
            deadline=Deadline(due="2025-11", note="during the visit"),
            made_on="2025-09-09",
        )
    ],
    sources=[ARTICLE],
)
REPORTS = (
    "status",
    "by-year",
    "pairs",
    "areas",
    "matrix",
    "deadlines",
    "summary",
    "cadence",
    "timeline",
)
FORMATS = ("simple", "csv", "json", "github", "html")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"MOU_TRACKER_REPO": None})


@pytest.fixture
def repo_path(tmp_path: Path) -> Path:
    path = tmp_path / "pk-kz.json"
    repo = JsonRepository.create(path)
    repo.add(ACTION_PLAN)
    repo.add(TALKS)
    return path


def run(runner: CliRunner, *args: str | Path) -> Result:
    result = runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def assert_clean_error(result: Result, *fragments: str) -> None:
    """Exit status 1 and exactly one line on stderr, ``mou-tracker: error: ...``."""
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("mou-tracker: error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in result.output


# -- init ----------------------------------------------------------------------------------------


def test_init_creates_an_empty_repository_that_validates(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "new.json"
    result = run(runner, "--repo", path, "init")
    assert result.exit_code == 0
    assert str(path) in result.stdout
    assert len(JsonRepository(path)) == 0
    assert "OK (0 agreements, 0 engagements)" in run(runner, "--repo", path, "validate").stdout


def test_init_refuses_to_overwrite_an_existing_file(runner: CliRunner, repo_path: Path) -> None:
    before = repo_path.read_bytes()
    result = run(runner, "--repo", repo_path, "init")
    assert_clean_error(result, "already exists")
    assert repo_path.read_bytes() == before


def test_init_in_a_missing_directory_is_a_clean_error(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "--repo", tmp_path / "nowhere" / "x.json", "init")
    assert_clean_error(result, "does not exist")


# -- list ----------------------------------------------------------------------------------------


def test_list_shows_agreements_and_engagements_with_dates_at_their_precision(
    runner: CliRunner, repo_path: Path
) -> None:
    result = run(runner, "--repo", repo_path, "list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    plan = next(line for line in lines if ACTION_PLAN.id in line)
    talks = next(line for line in lines if TALKS.id in line)
    for expected in ("agreement", "action_plan", "PK, KZ", "9 Sep 2025", "signed"):
        assert expected in plan
    for expected in ("engagement", "talks", "9 Sep 2025"):
        assert expected in talks


def test_list_in_json_gives_one_object_per_record(runner: CliRunner, repo_path: Path) -> None:
    result = run(runner, "--repo", repo_path, "list", "--format", "json")
    assert result.exit_code == 0
    assert ACTION_PLAN.id in result.stdout
    assert TALKS.id in result.stdout
    json.loads(result.stdout)


@pytest.mark.parametrize(
    ("options", "expected_ids"),
    [
        (["--country", "Pakistan"], {ACTION_PLAN.id, TALKS.id}),
        (["--country", "IN"], set()),
        (["--pair", "KZ-PK"], {ACTION_PLAN.id, TALKS.id}),
        (["--area", "culture"], {ACTION_PLAN.id}),
        (["--area", "ict"], {TALKS.id}),
        (["--kind", "talks"], {TALKS.id}),
        (["--kind", "mou", "--kind", "action_plan"], {ACTION_PLAN.id}),
        (["--status", "signed"], {ACTION_PLAN.id}),
        (["--status", "in_force", "--status", "planned"], set()),
    ],
)
def test_list_filters_keep_only_matching_records(
    runner: CliRunner, repo_path: Path, options: list[str], expected_ids: set[str]
) -> None:
    result = run(runner, "--repo", repo_path, "list", "--format", "csv", *options)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {row["id"] for row in rows} == expected_ids


def test_list_with_an_undeclared_area_is_a_clean_error(runner: CliRunner, repo_path: Path) -> None:
    assert_clean_error(run(runner, "--repo", repo_path, "list", "--area", "mining"), "mining")


def test_list_with_an_unknown_kind_is_a_clean_usage_error(
    runner: CliRunner, repo_path: Path
) -> None:
    assert_clean_error(run(runner, "--repo", repo_path, "list", "--kind", "pact"), "--kind")


# -- show ----------------------------------------------------------------------------------------


def test_show_prints_an_agreement_as_readable_text(runner: CliRunner, repo_path: Path) -> None:
    result = run(runner, "--repo", repo_path, "show", ACTION_PLAN.id)
    assert result.exit_code == 0
    for expected in (
        ACTION_PLAN.title,
        "action_plan",
        "Pakistan (PK)",
        "institution: Ministry of Foreign Affairs",
        "9 Sep 2025: signed",
        "culture: Culture",
        "https://example.org/pk-kz-talks",
    ):
        assert expected in result.stdout


def test_show_prints_an_engagement_with_its_commitments_and_deadlines(
    runner: CliRunner, repo_path: Path
) -> None:
    result = run(runner, "--repo", repo_path, "show", TALKS.id)
    assert result.exit_code == 0
    for expected in (
        "fast-track-visit-agreements: Fast-track",
        "deadline: Nov 2025 (during the visit)",
        "status: open",
        "ict: Information technology",
        ACTION_PLAN.id,
    ):
        assert expected in result.stdout


def test_show_prints_every_fact_of_a_fully_described_agreement(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "full.json"
    repo = JsonRepository.create(path)
    repo.add(
        Agreement(
            id="pk-kz-trade-mou-2026",
            kind=AgreementKind.MOU,
            title="MoU on trade facilitation",
            parties=(
                Party(country="PK", signatory="A. Minister, Minister of Commerce"),
                Party(country="KZ"),
            ),
            history=[
                StatusChange(status=AgreementStatus.SIGNED, date="2026-02"),
                StatusChange(status=AgreementStatus.IN_FORCE, date="2026-Q2", note="on exchange"),
            ],
            legally_binding=False,
            expires_on="2031",
            relations=[Relation(kind=RelationKind.IMPLEMENTS, agreement_id=ACTION_PLAN.id)],
            commitments=[
                Commitment(
                    id="single-window",
                    text="Link the customs single windows",
                    responsible=["KZ"],
                    status=CommitmentStatus.MET,
                    met_on="2026-06-30",
                    progress=[ProgressNote(date="2026-06-30", text="Linked")],
                    sources=[Source(title="Customs notice", accessed=pendulum.Date(2026, 7, 1))],
                )
            ],
            notes="First line.\nSecond line.",
        )
    )
    result = run(runner, "--repo", path, "show", "pk-kz-trade-mou-2026")
    assert result.exit_code == 0
    for expected in (
        "Signed:   Feb 2026",
        "In force: Q2 2026",
        "Expires:  2031",
        "Binding:  no",
        f"implements {ACTION_PLAN.id}",
        "signatory: A. Minister, Minister of Commerce",
        "Q2 2026: in_force",
        "note: on exchange",
        "responsible: Kazakhstan (KZ)",
        "deadline: none",
        "status: met on 30 Jun 2026",
        "progress: 30 Jun 2026: Linked",
        "source: Customs notice (accessed 2026-07-01)",
        "  First line.\n  Second line.",
    ):
        assert expected in result.stdout


def test_show_in_json_prints_the_stored_form(runner: CliRunner, repo_path: Path) -> None:
    result = run(runner, "--repo", repo_path, "show", TALKS.id, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["id"] == TALKS.id
    assert data["date"] == "2025-09-09"
    assert data["commitments"][0]["deadline"] == {"due": "2025-11", "note": "during the visit"}


def test_show_of_an_unknown_id_is_a_clean_error(runner: CliRunner, repo_path: Path) -> None:
    assert_clean_error(run(runner, "--repo", repo_path, "show", "no-such-record"), "no-such-record")


def test_show_of_an_invalid_id_is_a_clean_error(runner: CliRunner, repo_path: Path) -> None:
    assert_clean_error(run(runner, "--repo", repo_path, "show", "../etc/passwd"), "invalid id")


# -- validate ------------------------------------------------------------------------------------


def test_validate_reports_ok_with_the_record_counts(runner: CliRunner, repo_path: Path) -> None:
    result = run(runner, "--repo", repo_path, "validate")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"{repo_path}: OK (1 agreement, 1 engagement)"


def test_validate_prints_every_problem_with_its_json_path_and_exits_1(
    runner: CliRunner, repo_path: Path
) -> None:
    data = json.loads(repo_path.read_text())
    data["agreements"][0]["history"][0]["date"] = "2025-13-01"
    data["engagements"][0]["commitments"][0]["deadline"]["due"] = 5
    repo_path.write_text(json.dumps(data))
    result = run(runner, "--repo", repo_path, "validate")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any("$.agreements[0].history[0].date" in line for line in lines), result.stdout
    assert any("$.engagements[0].commitments[0].deadline.due" in line for line in lines)
    assert lines[-1] == f"{repo_path}: 2 problems"


def test_validate_reports_malformed_json_as_one_problem(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"schema_version": 1, "agreements": [')
    result = run(runner, "--repo", path, "validate")
    assert result.exit_code == 1
    assert "malformed JSON" in result.stdout
    assert result.stdout.splitlines()[-1] == f"{path}: 1 problem"


def test_other_commands_refuse_a_broken_file_with_one_line(
    runner: CliRunner, repo_path: Path
) -> None:
    data = json.loads(repo_path.read_text())
    data["agreements"][0]["kind"] = "pact"
    repo_path.write_text(json.dumps(data))
    assert_clean_error(run(runner, "--repo", repo_path, "list"), "$.agreements[0].kind")


# -- reports -------------------------------------------------------------------------------------


def report_args(kind: str) -> list[str]:
    return ["timeline", "--pair", "PK-KZ"] if kind == "timeline" else [kind]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", REPORTS)
def test_every_report_renders_in_every_main_format(
    runner: CliRunner, repo_path: Path, kind: str, fmt: str
) -> None:
    args: list[str | Path] = ["--repo", repo_path, "report", *report_args(kind)]
    args += ["--as-of", "2025-10-15"]
    result = run(runner, *args, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()
    if fmt == "json":
        json.loads(result.stdout)
    elif fmt == "csv":
        assert len(list(csv.reader(io.StringIO(result.stdout)))) >= 1
    elif fmt == "github":
        assert "|" in result.stdout
    elif fmt == "html":
        assert "<table>" in result.stdout


def test_report_status_and_by_year_count_the_store_with_the_filters(
    runner: CliRunner, repo_path: Path
) -> None:
    base: list[str | Path] = ["--repo", repo_path, "report"]
    status = json.loads(
        run(runner, *base, "status", "--as-of", "2025-10-15", "--format", "json").stdout
    )
    years = run(runner, *base, "by-year", "--as-of", "2025-10-15", "--format", "csv").stdout
    none = run(runner, *base, "status", "--country", "CN", "--as-of", "2025-10-15").stdout

    assert status["title"] == "Agreements by kind and status"
    assert [(r["Record"], r["Kind"], r["Total"]) for r in status["rows"]] == [
        ("agreement", "action_plan", 1),
        ("agreement", "all", 1),
        ("engagement", "talks", 1),
        ("engagement", "all", 1),
    ]
    assert years.splitlines() == [
        "Year,Signed,Entered into force,Ended",
        "2025,1,0,0",
        "Total,1,0,0",
    ]
    assert "(country China)" in none
    assert "action_plan" not in none


def test_deadlines_report_lists_a_commitment_due_within_the_window(
    runner: CliRunner, repo_path: Path
) -> None:
    args: list[str | Path] = ["--repo", repo_path, "report", "deadlines", "--as-of", "2025-11-15"]
    assert "fast-track" in run(runner, *args, "--within", "30").stdout.lower()


def test_deadlines_report_lists_an_overdue_commitment(runner: CliRunner, repo_path: Path) -> None:
    args: list[str | Path] = ["--repo", repo_path, "report", "deadlines", "--as-of", "2025-12-01"]
    assert "fast-track" in run(runner, *args, "--within", "0").stdout.lower()


def test_a_negative_window_is_a_clean_usage_error(runner: CliRunner, repo_path: Path) -> None:
    result = run(runner, "--repo", repo_path, "report", "deadlines", "--within", "-1")
    assert_clean_error(result, "--within")


def test_report_timeline_requires_a_pair(runner: CliRunner, repo_path: Path) -> None:
    result = run(runner, "--repo", repo_path, "report", "timeline")
    assert_clean_error(result, "--pair", "mou-tracker report timeline --help")


@pytest.mark.parametrize("bad_day", ["2025-13-01", "2025-02-30", "yesterday", "2025-11"])
def test_a_bad_as_of_day_is_a_clean_usage_error(
    runner: CliRunner, repo_path: Path, bad_day: str
) -> None:
    result = run(runner, "--repo", repo_path, "report", "pairs", "--as-of", bad_day)
    assert_clean_error(result, "--as-of", bad_day)


def test_an_unknown_format_is_a_clean_usage_error(runner: CliRunner, repo_path: Path) -> None:
    result = run(runner, "--repo", repo_path, "report", "areas", "--format", "unsafehtml")
    assert_clean_error(result, "--format")


@pytest.mark.parametrize("kind", ["status", "by-year", "pairs", "areas", "matrix", "deadlines"])
def test_an_unknown_country_is_a_clean_error(runner: CliRunner, repo_path: Path, kind: str) -> None:
    result = run(runner, "--repo", repo_path, "report", kind, "--country", "Atlantis")
    assert_clean_error(result, "Atlantis")


def test_an_unknown_country_in_a_pair_is_a_clean_error(runner: CliRunner, repo_path: Path) -> None:
    result = run(runner, "--repo", repo_path, "report", "timeline", "--pair", "PK-Atlantis")
    assert_clean_error(result, "Atlantis")


# -- deadlines tied to engagements, rescheduled, recurring ---------------------------------------

VISIT = "kz-president-visit-pk-2026"


@pytest.fixture
def deadline_repo_path(tmp_path: Path) -> Path:
    """A visit with no date yet, a deadline tied to it, a rescheduled one, and yearly
    consultations held once (in August 2026)."""
    path = tmp_path / "deadlines.json"
    repo = JsonRepository.create(path)
    yearly = Recurrence(
        every=Interval.parse("12 months"),
        starts="2025-09-09",
        fulfilled_by=[EngagementKind.CONSULTATIONS],
    )
    visit = Engagement(
        id=VISIT,
        kind=EngagementKind.VISIT,
        title="Visit of the President of Kazakhstan",
        date="2026-03",
        parties=(KAZAKHSTAN, PAKISTAN),
    )
    repo.add(visit.with_date(None, decided_on="2026-02-10", reason="postponed sine die"))
    repo.add(
        Agreement(
            id=ACTION_PLAN.id,
            kind=AgreementKind.ACTION_PLAN,
            title=ACTION_PLAN.title,
            parties=ACTION_PLAN.parties,
            history=ACTION_PLAN.history,
            areas=["politics", "trade"],
            commitments=[
                Commitment(id="consultations", text="Hold yearly consultations", recurrence=yearly),
                Commitment(
                    id="mous",
                    text="Conclude the MoUs during the visit",
                    deadline=Deadline(anchor=Anchor(engagement_id=VISIT), note="during the visit"),
                ),
                Commitment(
                    id="roadmap",
                    text="Adopt the trade roadmap",
                    deadline=Deadline(due="2025-11").reschedule(
                        due="2026-Q1", decided_on="2025-11-20", reason="texts not ready"
                    ),
                ),
            ],
        )
    )
    repo.add(
        Engagement(
            id="pk-kz-consultations-2026-08",
            kind=EngagementKind.CONSULTATIONS,
            title="Political consultations",
            date="2026-08",
            parties=(PAKISTAN, KAZAKHSTAN),
        )
    )
    return path


def test_list_prints_date_not_set_for_an_engagement_without_a_date(
    runner: CliRunner, deadline_repo_path: Path
) -> None:
    result = run(runner, "--repo", deadline_repo_path, "list", "--format", "csv")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    assert rows[VISIT]["date"] == "date not set"
    assert rows[ACTION_PLAN.id]["date"] == "9 Sep 2025"


def test_show_prints_anchors_reschedules_and_recurrences(
    runner: CliRunner, deadline_repo_path: Path
) -> None:
    result = run(runner, "--repo", deadline_repo_path, "show", ACTION_PLAN.id)
    assert result.exit_code == 0
    lines = [line.strip() for line in result.stdout.splitlines()]
    for expected in (
        "recurrence: every 12 months from 9 Sep 2025, fulfilled by consultations",
        f"deadline: during {VISIT}, due date not set (during the visit)",
        "deadline: Q1 2026",
        "first set: Nov 2025",
        "rescheduled on 20 Nov 2025: to Q1 2026 (texts not ready)",
    ):
        assert expected in lines, result.stdout


def test_show_prints_an_engagement_with_no_date_its_date_changes_and_what_is_tied_to_it(
    runner: CliRunner, deadline_repo_path: Path
) -> None:
    result = run(runner, "--repo", deadline_repo_path, "show", VISIT)
    assert result.exit_code == 0
    text = result.stdout
    assert "Date: date not set" in text
    assert "Date changes:\n  - 10 Feb 2026: Mar 2026 -> date not set\n" in text
    assert "    reason: postponed sine die" in text
    assert (
        "Deadlines tied to it:\n"
        f"  - {ACTION_PLAN.id}/mous: during {VISIT} (Conclude the MoUs during the visit)"
    ) in text


def test_report_deadlines_always_lists_a_deadline_whose_date_is_not_set(
    runner: CliRunner, deadline_repo_path: Path
) -> None:
    args = ["--repo", deadline_repo_path, "report", "deadlines", "--within", "0"]
    result = run(runner, *args, "--as-of", "2026-02-15", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["Commitment"], r["Due"], r["Days left"], r["State"]) for r in rows] == [
        ("mous", "date not set", "", "date not set")
    ]
    overdue = run(runner, *args, "--as-of", "2026-04-01", "--format", "json")
    listed = {r["Commitment"]: r for r in json.loads(overdue.stdout)["rows"]}
    assert (listed["roadmap"]["Original due"], listed["roadmap"]["Slipped"]) == ("Nov 2025", 1)
    assert listed["mous"]["State"] == "date not set"


def test_report_summary_counts_by_pair_with_default_and_repeated_windows(
    runner: CliRunner, deadline_repo_path: Path
) -> None:
    base = ["--repo", deadline_repo_path, "report", "summary", "--as-of", "2026-03-10"]
    default = run(runner, *base, "--format", "csv")
    assert default.stdout.splitlines() == [
        "Pair,Overdue,Due within 7 days,Due within 30 days,Due within 90 days,Date not set,Codes",
        "Kazakhstan–Pakistan,0,0,1,1,1,KZ-PK",
    ]
    chosen = run(runner, *base, "--window", "30", "--window", "7", "--format", "csv")
    assert (
        chosen.stdout.splitlines()[0]
        == "Pair,Overdue,Due within 7 days,Due within 30 days,Date not set,Codes"
    )


def test_report_summary_refuses_a_negative_window(runner: CliRunner, repo_path: Path) -> None:
    result = run(runner, "--repo", repo_path, "report", "summary", "--window", "-7")
    assert_clean_error(result, "--window")


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2026-09-01", ["1", "0", "0", "Aug 2026", "Aug 2027", "on track"]),
        ("2027-09-15", ["1", "0", "0", "Aug 2026", "Aug 2027", "late"]),
        ("2028-09-15", ["1", "0", "1", "Aug 2026", "Aug 2027", "lapsed"]),
    ],
)
def test_report_cadence_shows_how_yearly_consultations_are_kept(
    runner: CliRunner, deadline_repo_path: Path, as_of: str, expected: list[str]
) -> None:
    args = ["--repo", deadline_repo_path, "report", "cadence", "--as-of", as_of, "--format", "csv"]
    (row,) = list(csv.DictReader(io.StringIO(run(runner, *args).stdout)))
    assert row["Commitment"] == "consultations"
    assert (row["Every"], row["Fulfilled by"]) == ("12 months", "consultations")
    keys = ("Held on time", "Held late", "Missed", "Last held", "Next due", "State")
    assert [row[key] for key in keys] == expected


def test_report_timeline_shows_the_date_change_and_the_deadline_moves(
    runner: CliRunner, deadline_repo_path: Path
) -> None:
    args = ["--repo", deadline_repo_path, "report", "timeline", "--pair", "PK-KZ"]
    result = run(runner, *args, "--as-of", "2026-02-15", "--format", "csv")
    rows = [
        (r["Date"], r["Event"], r["Details"]) for r in csv.DictReader(io.StringIO(result.stdout))
    ]
    assert (
        "20 Nov 2025",
        "deadline moved",
        "roadmap: Nov 2025 -> Q1 2026 (texts not ready)",
    ) in rows
    assert (
        "10 Feb 2026",
        "date changed",
        "Visit of the President of Kazakhstan: Mar 2026 -> date not set (postponed sine die)",
    ) in rows
    assert rows[-2:] == [
        ("date not set", "visit", "Visit of the President of Kazakhstan"),
        ("date not set", "due", "mous: Conclude the MoUs during the visit (during the visit)"),
    ]


# -- the repository file and the environment -----------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["show", "x"],
        ["validate"],
        ["report", "pairs"],
        ["report", "timeline", "--pair", "PK-KZ"],
    ],
)
def test_a_missing_repository_is_a_clean_error_that_suggests_init(
    runner: CliRunner, tmp_path: Path, command: list[str]
) -> None:
    missing = tmp_path / "missing.json"
    result = run(runner, "--repo", missing, *command)
    assert_clean_error(result, f"no repository at {missing}", "mou-tracker init")
    assert not missing.exists()


def test_the_default_repository_is_mou_tracker_json_in_the_current_directory(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert_clean_error(run(runner, "list"), "no repository at mou-tracker.json")
    assert run(runner, "init").exit_code == 0
    assert (tmp_path / "mou-tracker.json").is_file()


def test_the_repository_can_be_chosen_with_mou_tracker_repo(
    runner: CliRunner, repo_path: Path
) -> None:
    result = runner.invoke(cli, ["validate"], env={"MOU_TRACKER_REPO": str(repo_path)})
    assert result.exit_code == 0, result.output
    assert f"{repo_path}: OK" in result.stdout


def test_the_repo_option_wins_over_the_environment(
    runner: CliRunner, repo_path: Path, tmp_path: Path
) -> None:
    env = {"MOU_TRACKER_REPO": str(tmp_path / "missing.json")}
    result = runner.invoke(cli, ["--repo", str(repo_path), "validate"], env=env)
    assert result.exit_code == 0, result.output


def test_an_unknown_command_is_a_clean_usage_error(runner: CliRunner) -> None:
    assert_clean_error(run(runner, "frobnicate"), "frobnicate", "see 'mou-tracker --help'")


def test_an_unknown_global_option_is_a_clean_usage_error(runner: CliRunner) -> None:
    assert_clean_error(run(runner, "--frobnicate", "list"), "--frobnicate")


def test_a_day_option_accepts_a_date_that_is_already_converted() -> None:
    day = pendulum.Date(2025, 11, 30)
    assert DayType().convert(day, None, None) is day


# -- version and help ----------------------------------------------------------------------------


def test_version_prints_the_package_version(runner: CliRunner) -> None:
    result = run(runner, "--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"mou-tracker {mou_tracker.__version__}"


def test_python_m_mou_tracker_runs_the_same_command_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mou_tracker", "--version"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"mou-tracker {mou_tracker.__version__}"


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["init"],
        ["list"],
        ["show"],
        ["validate"],
        ["report"],
        *([["report", kind] for kind in REPORTS]),
    ],
)
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_every_command_has_help_with_an_example(
    runner: CliRunner, command: list[str], flag: str
) -> None:
    result = run(runner, *command, flag)
    assert result.exit_code == 0
    assert "Usage: mou-tracker" in result.stdout
    assert "$ mou-tracker" in result.stdout


def test_mou_tracker_without_a_command_prints_its_help(runner: CliRunner) -> None:
    result = run(runner)
    assert result.exit_code == 0
    assert "Usage: mou-tracker" in result.stdout
    assert "report" in result.stdout


def test_report_without_a_kind_prints_its_help(runner: CliRunner) -> None:
    result = run(runner, "report")
    assert result.exit_code == 0
    assert "timeline" in result.stdout


# -- terminal safety -----------------------------------------------------------------------------


def test_show_flattens_control_characters_so_a_record_cannot_rewrite_the_terminal(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "escapes.json"
    repo = JsonRepository.create(path)
    repo.add(
        Engagement(
            id="escapes",
            kind=EngagementKind.TALKS,
            title="Talks\x1b[2J\x9b31m\nforged line",
            date="2025-09",
            parties=(PAKISTAN, KAZAKHSTAN),
        )
    )
    text = run(runner, "--repo", path, "show", "escapes")
    assert "\x1b" not in text.stdout
    assert "\x9b" not in text.stdout
    assert "Talks [2J 31m forged line" in text.stdout
    as_json = run(runner, "--repo", path, "show", "escapes", "--format", "json")
    assert "\x1b" not in as_json.stdout
    assert "\x9b" not in as_json.stdout
    assert json.loads(as_json.stdout)["title"] == "Talks\x1b[2J\x9b31m\nforged line"
