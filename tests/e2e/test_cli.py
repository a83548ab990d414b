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
    Commitment,
    CommitmentStatus,
    Deadline,
    Engagement,
    EngagementKind,
    JsonRepository,
    Party,
    ProgressNote,
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
REPORTS = ("pairs", "areas", "matrix", "deadlines", "timeline")
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


@pytest.mark.parametrize("kind", ["pairs", "areas", "matrix", "deadlines"])
def test_an_unknown_country_is_a_clean_error(runner: CliRunner, repo_path: Path, kind: str) -> None:
    result = run(runner, "--repo", repo_path, "report", kind, "--country", "Atlantis")
    assert_clean_error(result, "Atlantis")


def test_an_unknown_country_in_a_pair_is_a_clean_error(runner: CliRunner, repo_path: Path) -> None:
    result = run(runner, "--repo", repo_path, "report", "timeline", "--pair", "PK-Atlantis")
    assert_clean_error(result, "Atlantis")


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
