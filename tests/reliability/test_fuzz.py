"""Bad input (issue #6): the fuzzer's fast profile, its negative controls, the explicit cases
and the saved corpus, replayed for ever."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import mou_tracker.storage.converter as converter
import mou_tracker.storage.document as document
import mou_tracker.storage.jsonparse as jsonparse
from mou_tracker import FormatError, JsonRepository, StorageError, check_file
from mou_tracker.storage.loading import DEFAULT_MAX_BYTES
from reliability._fuzz_cases import Case, corpus_cases, reads_counted, replay, sparse_file_figure
from reliability._fuzz_inputs import KINDS, FuzzInput, seed_pool
from reliability._fuzz_property import (
    CORPUS,
    Subject,
    Tally,
    library,
    message_problem,
    pool_size,
    run_fuzz,
    try_input,
)
from reliability.fuzz import CONTROL_MORE, CONTROLS, run_control

EXAMPLES = 1000  # the fast profile


@pytest.fixture(scope="module")
def fuzzed() -> tuple[Tally, list[FuzzInput]]:
    """One derandomized run of the fast profile, and its inputs (replayed by the controls)."""
    inputs: list[FuzzInput] = []
    return run_fuzz(library(), EXAMPLES, record=inputs), inputs


@pytest.fixture
def tally(fuzzed: tuple[Tally, list[FuzzInput]]) -> Tally:
    return fuzzed[0]


@pytest.fixture
def inputs(fuzzed: tuple[Tally, list[FuzzInput]]) -> list[FuzzInput]:
    return fuzzed[1]


# -- the fuzzer's property ----------------------------------------------------------------------


def test_the_fuzzer_runs_a_thousand_inputs_of_every_kind(tally: Tally) -> None:
    assert tally.total == EXAMPLES
    assert set(tally.examples) == set(KINDS)


def test_no_fuzzed_input_raises_anything_but_a_library_error(tally: Tally) -> None:
    assert sum(tally.errors.values()) > EXAMPLES / 2  # most inputs are refused...
    assert not tally.foreign, tally.failures  # ...and only ever with the library's own errors


def test_every_error_names_the_file_and_a_json_path(tally: Tally) -> None:
    assert not tally.bad_messages, tally.failures


def test_opening_and_check_file_agree_on_every_fuzzed_input(tally: Tally) -> None:
    assert tally.disagreements == 0, tally.failures


def test_every_fuzzed_input_that_opens_is_saved_and_reopened_unchanged(tally: Tally) -> None:
    assert tally.accepted > 0  # some spoiled inputs are still valid, and must stay usable
    assert tally.round_trips == tally.accepted
    assert tally.round_trip_failures == 0, tally.failures


def test_every_seed_the_fuzzer_spoils_is_a_valid_repository(tmp_path: Path) -> None:
    pool = seed_pool(pool_size(EXAMPLES), None).seeds
    assert len(pool) > pool_size(EXAMPLES) // 2  # distinct seeds (a few may repeat)
    for seed in pool:
        checked = Tally(save=False)
        try_input(library(), FuzzInput("seed", seed.snapshot), tmp_path, checked)
        journal = b"".join(line + b"\n" for line in seed.journal_lines)
        try_input(library(), FuzzInput("seed", seed.journal_snapshot, journal), tmp_path, checked)
        assert checked.accepted == 2, checked.failures


# -- negative controls: the same property must catch a loader with a guard missing ---------------


def test_the_fuzzer_catches_a_plain_json_loads_loader(inputs: list[FuzzInput]) -> None:
    control, count = run_control("weak loader", inputs, more=CONTROL_MORE)
    assert count is not None
    assert sum(control.foreign.values()) > 0


def test_the_fuzzer_catches_the_library_without_its_integer_range_check(
    inputs: list[FuzzInput],
) -> None:
    control, count = run_control("int range", inputs, more=CONTROL_MORE)
    assert count is not None  # a huge version opens, then cannot be saved or even printed
    assert control.foreign or control.round_trip_failures


def test_the_fuzzer_catches_the_library_without_the_fast_paths_guard(
    inputs: list[FuzzInput],
) -> None:
    control, count = run_control("fast path", inputs, more=CONTROL_MORE)
    assert count is not None
    assert control.foreign["TypeError"] > 0


def test_the_fuzzer_catches_errors_that_lose_their_json_path(inputs: list[FuzzInput]) -> None:
    control, count = run_control("no paths", inputs, more=CONTROL_MORE)
    assert count is not None
    assert control.bad_messages["a StorageError, which names no JSON path"] > 0
    assert not control.foreign


def test_a_control_the_recorded_inputs_miss_is_fuzzed_further_until_caught() -> None:
    control, count = run_control("int range", [], more=CONTROL_MORE)
    assert count is not None
    assert count == control.total  # it stopped at the first failure


def test_the_controls_put_the_library_back_as_it_was(inputs: list[FuzzInput]) -> None:
    for name in CONTROLS:
        run_control(name, inputs[:50])
    assert vars(document)["parse_canonical"] is jsonparse.parse_canonical
    assert converter.MAX_JSON_INT == vars(document)["MAX_JSON_INT"] == 2**53 - 1


def test_a_foreign_exception_is_counted_and_saved_only_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(path: Path) -> object:
        raise KeyError("schema_version")

    subject = Subject("broken", broken, lambda path: [], round_trip=False)
    given = FuzzInput("mutated", b"{}", b"journal")
    work, corpus = tmp_path / "work", tmp_path / "corpus"
    work.mkdir()
    corpus.mkdir()
    monkeypatch.delenv("MOU_FUZZ_SAVE", raising=False)
    quiet = Tally(corpus=corpus)
    try_input(subject, given, work, quiet)
    assert quiet.foreign["KeyError"] == 1
    assert not list(corpus.iterdir())
    monkeypatch.setenv("MOU_FUZZ_SAVE", "1")
    saving = Tally(corpus=corpus)
    try_input(subject, given, work, saving)
    [saved] = corpus.glob("found-mutated-*.json")
    assert saved.read_bytes() == b"{}"
    assert saved.with_name(saved.name + ".journal").read_bytes() == b"journal"


def test_a_message_must_name_the_file_and_end_with_a_json_path(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    good = FormatError("bad", path=str(path), json_path='$.agreements[0]["odd key"]')
    assert message_problem(good, path) is None
    assert message_problem(FormatError("bad", path="other.json"), path) is not None
    assert message_problem(FormatError("bad", json_path="$"), path) is not None
    assert message_problem(FormatError("bad", path=str(path), json_path="here"), path) is not None
    assert message_problem(StorageError(f"{path}: bad"), path) is not None
    unprintable = FormatError("extra fields found (\ud800)", path=str(path))
    assert message_problem(unprintable, path) == (
        "the message cannot be printed (it holds a lone surrogate)"
    )


# -- explicit cases (each a file of the corpus) ---------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "store.json"


def install(name: str, store: Path) -> None:
    """Copy the corpus case ``name`` (and its journal) to ``store``."""
    shutil.copyfile(CORPUS / f"{name}.json", store)
    journal = CORPUS / f"{name}.json.journal"
    if journal.exists():
        shutil.copyfile(journal, store.with_name(store.name + ".journal"))


def refusal(name: str, store: Path) -> FormatError:
    """Install ``name``: opening it must fail with a FormatError, which check_file lists too."""
    install(name, store)
    with pytest.raises(FormatError) as info:
        JsonRepository(store)
    assert [str(problem) for problem in check_file(store)][:1] == [str(info.value)]
    assert message_problem(info.value, store) is None
    return info.value


def test_a_duplicate_key_at_the_top_level_is_refused_at_its_path(store: Path) -> None:
    error = refusal("bad-duplicate-key-top-level", store)
    assert str(error) == (
        f"{store}: malformed JSON: duplicate key 'schema_version' @ $.schema_version"
    )


def test_a_duplicate_key_in_a_record_is_refused_at_its_path(store: Path) -> None:
    error = refusal("bad-duplicate-key-in-record", store)
    assert str(error) == f"{store}: malformed JSON: duplicate key 'kind' @ $.agreements[0].kind"


@pytest.mark.parametrize(
    ("name", "token"), [("nan", "NaN"), ("infinity", "Infinity"), ("minus-infinity", "-Infinity")]
)
def test_nan_and_infinity_are_refused_at_their_path(store: Path, name: str, token: str) -> None:
    error = refusal(f"bad-{name}", store)
    assert str(error) == (
        f"{store}: malformed JSON: {token} is not valid JSON @ $.agreements[0].version"
    )


def test_a_number_too_large_for_a_float_is_refused_rather_than_read_as_infinity(
    store: Path,
) -> None:
    error = refusal("bad-number-too-large", store)
    assert error.reason == "malformed JSON: 1e999 is too large for a number"
    assert error.json_path == "$.agreements[0].version"


def test_a_byte_order_mark_is_refused(store: Path) -> None:
    error = refusal("bad-bom", store)
    assert error.reason == "the file starts with a byte-order mark; save it as plain UTF-8"
    assert error.json_path == "$"


def test_a_lone_surrogate_escape_in_text_is_refused_at_its_path(store: Path) -> None:
    error = refusal("bad-lone-surrogate-escape", store)
    assert error.json_path == "$.agreements[0].title"
    assert "lone surrogate" in error.reason


def test_a_lone_surrogate_escape_in_a_key_is_refused_with_a_printable_path(store: Path) -> None:
    error = refusal("bad-lone-surrogate-key", store)
    assert error.json_path == '$.agreements[0]["\\udc00"]'
    assert str(error).isascii()


def test_a_lone_surrogate_in_an_area_label_is_refused_before_it_can_break_a_save(
    store: Path,
) -> None:
    # the model checks record texts itself, but not area labels: without the parser's check,
    # this file opened and its next save raised a TypeError from orjson
    error = refusal("bad-lone-surrogate-in-area-label", store)
    assert error.json_path == "$.areas[0].label"


def test_a_version_past_64_bits_is_refused_rather_than_breaking_the_next_save(
    store: Path,
) -> None:
    error = refusal("bad-version-past-64-bits", store)  # found by the fuzzer (found-mutated-fd99…)
    assert error.reason == "version must be a positive integer (at most 9,007,199,254,740,991)"
    assert error.json_path == "$.agreements[0].version"


def test_a_raw_lone_surrogate_is_refused_as_text_that_is_not_utf_8(store: Path) -> None:
    error = refusal("bad-lone-surrogate-raw-utf8", store)
    assert error.reason == "not UTF-8 text (line 8, column 29, byte 159)"
    assert error.json_path == "$"


def test_a_paired_surrogate_escape_is_valid_text(store: Path) -> None:
    install("valid-paired-surrogate-escape", store)
    assert JsonRepository(store).get("pk-kz-action-plan-2025").title == "Action plan \U0001f600"
    assert check_file(store) == []


def test_nesting_ten_thousand_deep_is_refused_without_a_recursion_error(store: Path) -> None:
    error = refusal("bad-nesting-10000", store)  # a RecursionError would escape pytest.raises
    assert error.reason == "nested deeper than 64 levels (line 9, column 77)"
    assert error.json_path == "$"


@pytest.mark.parametrize("depth", [65, 300])
def test_nesting_deeper_than_the_limit_is_refused_at_its_path(store: Path, depth: int) -> None:
    # 300 is deeper than orjson writes, though it reads it: the fast path once let a TypeError out
    error = refusal(f"bad-nesting-{depth}", store)
    assert error.reason == "nested deeper than 64 levels"
    assert error.json_path == "$.agreements[0].notes" + "[0]" * 61


def test_an_integer_of_4301_digits_is_refused_cleanly(store: Path) -> None:
    error = refusal("bad-integer-4301-digits", store)
    assert error.reason == "malformed JSON: an integer of 4,301 digits (at most 4,300)"
    assert error.json_path == "$.agreements[0].version"


def test_a_long_integer_is_refused_cleanly_under_a_lower_int_digits_limit(store: Path) -> None:
    store.write_text('{"schema_version": ' + "7" * 1000 + "}", encoding="utf-8")
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(640)
    try:
        [problem] = check_file(store)
    finally:
        sys.set_int_max_str_digits(limit)
    assert problem.reason == "malformed JSON: an integer of 1,000 digits is too long"
    assert problem.json_path == "$.schema_version"


@pytest.mark.parametrize("kind", ["array", "string", "number", "null"])
def test_a_top_level_that_is_not_an_object_is_refused(store: Path, kind: str) -> None:
    error = refusal(f"bad-top-level-{kind}", store)
    assert str(error) == f"{store}: the top level must be a JSON object @ $"


@pytest.mark.parametrize(
    ("name", "reason", "json_path"),
    [
        ("put-not-text", 'expected "agreements" or "engagements"', "$.ops[0].put"),
        ("remove-not-text", "expected the id of the record to remove", "$.ops[0].remove"),
        ("duplicate-key", "malformed JSON: duplicate key 'title'", "$.ops[0].record.title"),
        ("nan", "malformed JSON: NaN is not valid JSON", "$.ops[0].record.version"),
    ],
)
def test_a_bad_journal_line_is_refused_at_its_line_and_path(
    store: Path, name: str, reason: str, json_path: str
) -> None:
    error = refusal(f"bad-journal-{name}", store)
    assert error.path == f"{store}.journal line 2"
    assert (error.reason, error.json_path) == (reason, json_path)


@pytest.fixture
def bytes_read() -> Iterator[list[int]]:
    """The sizes of every read of a file opened through ``Path.open`` or read by ``os.read``."""
    with reads_counted() as read:
        yield read


def test_a_file_over_the_size_limit_is_refused_before_a_byte_is_read(
    store: Path, bytes_read: list[int]
) -> None:
    install("valid-small", store)
    size = store.stat().st_size
    JsonRepository(store, max_bytes=size)  # at the limit: read (so the spy does see reads)
    assert sum(bytes_read) >= size
    bytes_read.clear()
    with pytest.raises(FormatError) as info:
        JsonRepository(store, max_bytes=size - 1)
    assert str(info.value) == (
        f"{store}: the file is {size:,} bytes, over the limit of {size - 1:,}; it was not read @ $"
    )
    assert sum(bytes_read) == 0
    assert [str(p) for p in check_file(store, max_bytes=size - 1)] == [str(info.value)]
    assert sum(bytes_read) == 0


def test_a_sparse_file_of_2_gib_is_refused_without_being_read(
    store: Path, bytes_read: list[int]
) -> None:
    store.touch()
    os.truncate(store, 2 * 1024**3)  # sparse: no disk space, and no time to write
    assert store.stat().st_size > DEFAULT_MAX_BYTES
    with pytest.raises(FormatError, match="over the limit of 1,073,741,824; it was not read @ \\$"):
        JsonRepository(store)
    [problem] = check_file(store)
    assert "it was not read" in problem.reason
    assert sum(bytes_read) == 0


def test_the_sparse_file_figure_passes() -> None:
    figure = sparse_file_figure()
    assert figure.passed, figure.measured


# -- the saved corpus, replayed for ever -----------------------------------------------------------

CASES = corpus_cases()


def test_the_corpus_holds_the_explicit_cases_and_past_failures() -> None:
    names = {case.name for case in CASES}
    assert {"valid-small", "bad-nesting-10000", "bad-integer-4301-digits", "bad-bom"} <= names
    assert any(case.expected == "found" for case in CASES)
    assert (CORPUS / "README.md").exists()
    for journal in CORPUS.glob("*.journal"):  # a journal only ever sits beside its snapshot
        assert journal.with_suffix("").exists()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_corpus_case_opens_or_is_refused_cleanly_as_its_name_says(
    tmp_path: Path, case: Case
) -> None:
    tally, wrong = replay(case, tmp_path)
    assert wrong == []
    assert tally.total == 1
