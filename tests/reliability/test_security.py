"""The security harness at the fast profile: its targets, and its negative controls caught.

Each expensive run happens once per module (a fixture); the tests assert on its results and
name the failing entry points, ids or cells when a target is missed.
"""

from __future__ import annotations

from collections import Counter

import pytest

from mou_tracker.domain import validate_slug
from mou_tracker.errors import InvalidIdError
from mou_tracker.reports import Report
from reliability._security_code import BANNED_CALLS
from reliability._security_csv import CsvCheck, no_neutralisation, quote_not_escaped
from reliability._security_ids import FORGED_ENTRIES, Trial
from reliability._security_markup import (
    check_html,
    check_markdown,
    gfm_cells,
    no_markdown_escaping,
    pipe_only_escaping,
    python_markdown_cells,
    rendered,
    unsafe_html,
)
from reliability._security_runs import (
    IdReport,
    banned_code,
    csv_injection,
    files_named_after_ids,
    hostile_ids,
    list_report_html,
    markup_reports,
    permissive_acceptances,
    planted_names_found,
    unclean_without_error_handling,
    unsafe_formats_refused,
)
from reliability._security_world import HOSTILE_IDS, RELATIVE_IDS


def _failures(trials: list[Trial]) -> Counter[tuple[str, str]]:
    """(entry point, outcome) -> how many ids, for the trials that were not refused."""
    return Counter((t.entry, t.outcome) for t in trials if not t.safe)


@pytest.fixture(scope="module")
def ids() -> IdReport:
    return hostile_ids("fast")


@pytest.fixture(scope="module")
def csv_check() -> CsvCheck:
    return csv_injection("fast")


@pytest.fixture(scope="module")
def markup() -> tuple[dict[str, Report], set[str]]:
    return markup_reports("fast")


# -- hostile ids -------------------------------------------------------------------------------


@pytest.mark.parametrize("hostile", HOSTILE_IDS)
def test_no_hostile_id_is_a_valid_record_id(hostile: str) -> None:
    with pytest.raises(InvalidIdError):
        validate_slug(hostile)


def test_more_than_thirty_hostile_ids_meet_every_entry_point(ids: IdReport) -> None:
    assert len(set(HOSTILE_IDS)) == len(HOSTILE_IDS) > 30
    by_entry = Counter(t.entry for t in ids.trials if t.entry != "process show")
    assert len(by_entry) >= 30
    assert set(by_entry.values()) == {len(HOSTILE_IDS)}


def test_every_entry_point_refuses_every_hostile_id(ids: IdReport) -> None:
    main = [t for t in ids.trials if t.entry not in FORGED_ENTRIES]
    assert _failures(main) == Counter()


def test_adding_a_record_built_with_validators_off_refuses_its_hostile_id(ids: IdReport) -> None:
    forged = [t for t in ids.trials if t.entry in FORGED_ENTRIES]
    assert len(forged) == 2 * len(HOSTILE_IDS)
    assert _failures(forged) == Counter()


def test_a_repository_file_holding_a_hostile_id_anywhere_is_refused(ids: IdReport) -> None:
    assert len(ids.stored) == 8 * 3 * len(HOSTILE_IDS)
    assert _failures(ids.stored) == Counter()


def test_an_import_never_keeps_a_hostile_key_as_an_id_nor_fails_as_a_whole(ids: IdReport) -> None:
    assert ids.imported
    assert _failures(ids.imported) == Counter()


def test_nothing_outside_the_store_is_touched(ids: IdReport) -> None:
    assert ids.outside == []


def test_refused_calls_and_reading_bad_files_leave_the_store_as_it_was(ids: IdReport) -> None:
    assert ids.store_changed == []


def test_ids_never_become_paths_even_with_validation_switched_off() -> None:
    assert files_named_after_ids() == []


def test_the_id_trials_catch_a_validator_that_accepts_traversal() -> None:
    accepted = permissive_acceptances()
    assert {t.hostile for t in accepted} >= {"../x", "..", "con"}
    caught = {t.entry for t in accepted if t.hostile == "../x"}
    model = {"validate_slug", "Agreement(id=)", "Engagement(id=)", "Commitment(id=)"}
    model |= {"Engagement(agreement_ids=)", "Anchor(engagement_id=)", "Relation(agreement_id=)"}
    calls = ["get", "version", "get_agreement", "get_engagement", "remove"]
    calls += ["remove(expected_version=1)", "update(forged record)", "move_engagement"]
    calls += ["reschedule_deadline(record)", "reschedule_deadline(commitment)"]
    repository = {f"{backend} {call}" for backend in ("memory", "json") for call in calls}
    files = {"open $.agreements[].id", "open journal $.ops[].remove"}
    # Every entry point that takes an id must have refused it through the id check itself: a
    # "not found" for an unchecked id would not count as refused.
    assert caught >= model | repository | files


def test_the_directory_check_catches_a_store_that_names_files_after_ids() -> None:
    touched = files_named_after_ids(naive=True)
    assert "parent/x.json" in touched
    assert len(RELATIVE_IDS) > len(touched) > 0


def test_the_cli_check_catches_a_command_without_error_handling() -> None:
    unclean, tried = unclean_without_error_handling()
    assert unclean == tried == len(HOSTILE_IDS)


# -- CSV ---------------------------------------------------------------------------------------


def test_no_csv_cell_starts_like_a_formula(csv_check: CsvCheck) -> None:
    assert csv_check.cells > 20_000
    assert csv_check.triggered == 0


def test_every_formula_like_text_comes_back_exactly_from_csv(csv_check: CsvCheck) -> None:
    assert csv_check.planted == 2_000  # 1,000 texts, through the library and the command line
    assert csv_check.recovered == csv_check.planted


def test_the_csv_check_catches_a_writer_without_neutralisation() -> None:
    with no_neutralisation():
        found = csv_injection("fast", with_cli=False)
    assert found.triggered > 0


def test_the_csv_check_catches_a_leading_quote_that_is_not_escaped() -> None:
    with quote_not_escaped():
        found = csv_injection("fast", with_cli=False)
    assert found.triggered == 0
    assert found.recovered < found.planted


# -- HTML --------------------------------------------------------------------------------------


def test_every_report_in_html_shows_its_texts_and_no_tag_of_its_own(
    markup: tuple[dict[str, Report], set[str]],
) -> None:
    reports, planted = markup
    found = check_html(rendered(reports), planted)
    assert len(reports) == 10
    assert found.texts > 10_000
    assert (found.mismatched, found.unexpected) == (0, 0)
    assert found.reached == planted


def test_the_list_command_in_html_shows_the_same_texts_as_in_json() -> None:
    found = list_report_html()
    assert found.texts > 100
    assert (found.mismatched, found.unexpected) == (0, 0)


def test_unsafehtml_and_latex_raw_are_offered_nowhere() -> None:
    refused, tried = unsafe_formats_refused()
    assert refused == tried == 10


def test_the_html_check_catches_unsafehtml(markup: tuple[dict[str, Report], set[str]]) -> None:
    reports, planted = markup
    with unsafe_html():
        found = check_html(rendered(reports), planted)
    assert found.unexpected > 0


# -- Markdown ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "gfm", "python_markdown"),
    [
        ("| a | b |", 2, 2),
        ("| a \\| b | c |", 2, 2),
        ("| a \\\\| b | c |", 2, 3),  # GFM: still an escaped pipe; Python-Markdown: a backslash
        ("| `a | b` | c |", 3, 2),  # Python-Markdown keeps pipes inside a code span
        ("| `a | b | `c |", 3, 1),  # a code span running across cells merges them
        ("| \\`a | b\\` | c |", 3, 3),  # escaped backticks open no span
    ],
)
def test_the_two_markdown_readers_split_rows_as_their_parsers_do(
    line: str, gfm: int, python_markdown: int
) -> None:
    assert (gfm_cells(line), python_markdown_cells(line)) == (gfm, python_markdown)


def test_markdown_tables_keep_their_column_count_under_both_readers(
    markup: tuple[dict[str, Report], set[str]],
) -> None:
    found = check_markdown(markup[0])
    assert found.rows > 2_000
    assert (found.gfm_changed, found.python_markdown_changed) == (0, 0)
    assert found.raw_angle_brackets == 0


def test_the_markdown_check_catches_unescaped_cells(
    markup: tuple[dict[str, Report], set[str]],
) -> None:
    with no_markdown_escaping():
        found = check_markdown(markup[0])
    assert found.gfm_changed > 0
    assert found.raw_angle_brackets > 0


def test_the_markdown_check_catches_escaping_pipes_alone(
    markup: tuple[dict[str, Report], set[str]],
) -> None:
    with pipe_only_escaping():
        found = check_markdown(markup[0])
    assert found.gfm_changed == 0
    assert found.python_markdown_changed > 0


# -- banned code -------------------------------------------------------------------------------


def test_the_projects_ruff_rules_flag_every_banned_call_and_none_is_used() -> None:
    found = banned_code()
    assert found.selected
    assert found.flagged == len(BANNED_CALLS)
    assert found.names == []


def test_the_ruff_check_catches_a_configuration_without_the_bandit_rules() -> None:
    assert banned_code(["--isolated", "--select", "E,F"]).flagged == 0


def test_the_scan_catches_a_planted_pickle_call() -> None:
    assert planted_names_found() == [
        "planted.py:1: import pickle",
        "planted.py:2: pickle.loads(b'')",
    ]
