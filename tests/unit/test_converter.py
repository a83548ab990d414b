"""The private, strict converter: round trips, pendulum types, one text form, strictness."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pendulum
import pytest
from cattrs.errors import ClassValidationError
from hypothesis import given, settings
from strategies import agreements, engagements

from mou_tracker import Agreement, Engagement, Source
from mou_tracker.storage.converter import StrictTypeError, describe_errors, make_converter


def all_sources(record: Agreement | Engagement) -> list[Source]:
    """Every source cited anywhere in a record."""
    found = list(record.sources)
    for commitment in record.commitments:
        found += commitment.sources
        found += [note.source for note in commitment.progress if note.source is not None]
    if isinstance(record, Agreement):
        found += [change.source for change in record.history if change.source is not None]
    return found


# -- round trips --------------------------------------------------------------------------------


@settings(max_examples=50)
@given(agreements())
def test_an_agreement_survives_unstructure_and_structure(agreement: Agreement) -> None:
    converter = make_converter()
    assert converter.structure(converter.unstructure(agreement), Agreement) == agreement


@settings(max_examples=50)
@given(engagements)
def test_an_engagement_survives_unstructure_and_structure(engagement: Engagement) -> None:
    converter = make_converter()
    assert converter.structure(converter.unstructure(engagement), Engagement) == engagement


@settings(max_examples=50)
@given(agreements())
def test_an_agreement_survives_a_trip_through_json_text(agreement: Agreement) -> None:
    converter = make_converter()
    text = json.dumps(converter.unstructure(agreement), ensure_ascii=False, allow_nan=False)
    back = converter.structure(json.loads(text), Agreement)
    assert back == agreement
    assert all(
        type(s.accessed) is pendulum.Date for s in all_sources(back) if s.accessed is not None
    )


def test_pendulum_dates_come_back_as_pendulum_dates(agreement: Agreement) -> None:
    converter = make_converter()
    data = json.loads(json.dumps(converter.unstructure(agreement)))
    assert data["sources"][0]["accessed"] == "2025-09-01"
    back = converter.structure(data, Agreement)
    assert back == agreement
    assert type(back.sources[0].accessed) is pendulum.Date
    assert type(back.commitments[0].sources[0].accessed) is pendulum.Date


def test_the_converter_is_built_once_and_shared() -> None:
    assert make_converter() is make_converter()


# -- one text form ------------------------------------------------------------------------------


def test_frozensets_are_written_as_sorted_lists(agreement: Agreement) -> None:
    data = make_converter().unstructure(agreement)
    assert data["areas"] == ["ict", "trade", "transport_logistics"]
    assert data["commitments"][0]["areas"] == ["consular", "trade"]


def test_domain_values_are_written_in_their_stored_text_forms(agreement: Agreement) -> None:
    data = make_converter().unstructure(agreement)
    assert data["kind"] == "action_plan"
    assert data["parties"][0] == {"country": "PK", "signatory": "Ishaq Dar, Deputy Prime Minister"}
    assert data["history"][0] == {"status": "under_negotiation", "date": "2025-Q2"}
    assert data["commitments"][0]["deadline"]["due"] == "2025-11"
    assert data["commitments"][0]["responsible"] == ["PK", "KZ"]


def test_fields_left_at_their_defaults_are_not_written(agreement: Agreement) -> None:
    data = make_converter().unstructure(agreement)
    assert "expires_on" not in data
    assert "relations" not in data
    assert "notes" not in data
    assert "status" not in data["commitments"][0]  # open is the default


# -- strictness ---------------------------------------------------------------------------------

VALID: dict[str, Any] = {
    "id": "pk-kz-mou",
    "kind": "mou",
    "title": "Memorandum of understanding",
    "parties": [{"country": "PK"}, {"country": "KZ"}],
    "history": [{"status": "signed", "date": "2025-03-01"}],
    "sources": [{"title": "Press release", "accessed": "2025-09-01"}],
}


def problems(change: Callable[[dict[str, Any]], object]) -> list[tuple[str, str]]:
    """Structure ``VALID`` after ``change``; it must be rejected; return (reason, path) pairs."""
    data = copy.deepcopy(VALID)
    change(data)
    with pytest.raises(ClassValidationError) as info:
        make_converter().structure(data, Agreement)
    return describe_errors(info.value, "$")


def test_the_valid_example_is_accepted() -> None:
    assert make_converter().structure(copy.deepcopy(VALID), Agreement).id == "pk-kz-mou"


def test_text_for_an_integer_is_not_coerced() -> None:
    with pytest.raises(TypeError, match="expected an integer, got text"):
        make_converter().structure("5", int)


@pytest.mark.parametrize("count", [2**53, -(2**53), 2**64, 10**30])
def test_an_integer_beyond_what_json_readers_keep_exact_is_rejected(count: int) -> None:
    # orjson cannot even write one past 64 bits: such a file would open, then fail to save
    every = {"count": count, "unit": "months"}
    recurring = {"every": every, "starts": "2025", "fulfilled_by": ["talks"]}
    commitment = {"id": "meet", "text": "Meet", "recurrence": recurring}
    assert problems(lambda d: d.update(commitments=[commitment])) == [
        (
            "integer out of range (at most 9,007,199,254,740,991 either way)",
            "$.commitments[0].recurrence.every.count",
        )
    ]


def test_the_largest_exact_integer_is_accepted() -> None:
    assert make_converter().structure(2**53 - 1, int) == 2**53 - 1


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("5", "expected true or false, got text"),
        ("false", "expected true or false, got text"),
        (1, "expected true or false, got an integer"),
    ],
)
def test_a_boolean_field_accepts_only_true_or_false(value: object, reason: str) -> None:
    assert problems(lambda d: d.update(legally_binding=value)) == [(reason, "$.legally_binding")]


def test_true_false_and_null_are_accepted_for_an_optional_boolean() -> None:
    for value in (True, False, None):
        data = {**copy.deepcopy(VALID), "legally_binding": value}
        assert make_converter().structure(data, Agreement).legally_binding is value


def test_a_number_for_a_text_field_is_not_coerced() -> None:
    assert problems(lambda d: d.update(title=5)) == [("expected text, got an integer", "$.title")]


def test_a_text_where_a_list_is_expected_is_rejected() -> None:
    assert problems(lambda d: d.update(parties="PK, KZ")) == [
        ("expected a list, got text", "$.parties")
    ]


def test_null_where_a_list_is_expected_is_rejected() -> None:
    assert problems(lambda d: d.update(areas=None)) == [("expected a list, got null", "$.areas")]


def test_an_unknown_key_is_rejected() -> None:
    assert problems(lambda d: d.update(colour="green")) == [("extra fields found (colour)", "$")]


def test_an_unknown_key_in_a_nested_object_is_rejected() -> None:
    assert problems(lambda d: d["parties"][1].update(flag="kz.svg")) == [
        ("extra fields found (flag)", "$.parties[1]")
    ]


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("x\x1fid", "'x\\x1fid'"),  # the mark describe_errors uses inside: still no field
        ("a, b", "'a, b'"),
        (" flag", "' flag'"),
        ("\n", "'\\n'"),
        ("", "''"),
        ("été", "été"),
    ],
)
def test_an_unknown_key_is_shown_escaped_when_it_is_not_plain(key: str, shown: str) -> None:
    assert problems(lambda d: d["parties"][1].update({key: 1})) == [
        (f"extra fields found ({shown})", "$.parties[1]")
    ]


def test_a_missing_required_field_is_rejected() -> None:
    assert problems(lambda d: d.pop("title")) == [("required field missing", "$.title")]


@pytest.mark.parametrize("value", ["memorandum", "MOU", 1, None])
def test_an_invalid_enum_value_is_rejected(value: object) -> None:
    found = problems(lambda d: d.update(kind=value))
    assert [where for _, where in found] == ["$.kind"]
    assert repr(value) in found[0][0]


def test_an_invalid_date_is_rejected() -> None:
    assert problems(lambda d: d["history"][0].update(date="2025-02-30")) == [
        (
            "invalid date '2025-02-30': day 30 is out of range for 2025-02 (1 to 28)",
            "$.history[0].date",
        )
    ]


def test_a_date_given_as_a_number_is_rejected() -> None:
    assert problems(lambda d: d["history"][0].update(date=2025)) == [
        ("expected a date as text, got an integer", "$.history[0].date")
    ]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2025-02-30", "invalid day '2025-02-30'"),
        ("2025-09", "expected a day as YYYY-MM-DD text, got '2025-09'"),
        ("2025-09-01T10:00:00", "expected a day as YYYY-MM-DD text, got '2025-09-01T10:00:00'"),
    ],
)
def test_an_invalid_access_day_is_rejected(value: str, reason: str) -> None:
    assert problems(lambda d: d["sources"][0].update(accessed=value)) == [
        (reason, "$.sources[0].accessed")
    ]


@pytest.mark.parametrize("code", ["XX", "pk", "PAK", "Pakistan"])
def test_a_country_is_stored_only_as_an_assigned_upper_case_alpha_2_code(code: str) -> None:
    assert problems(lambda d: d["parties"][0].update(country=code)) == [
        (f"{code!r} is not an ISO 3166-1 alpha-2 country code", "$.parties[0].country")
    ]


def test_a_value_listed_twice_in_a_set_is_rejected() -> None:
    assert problems(lambda d: d.update(areas=["trade", "trade"])) == [
        ("a value is listed twice", "$.areas")
    ]


def test_a_rule_of_the_model_is_reported_at_the_field_it_is_about() -> None:
    assert problems(lambda d: d.update(parties=[{"country": "PK"}])) == [
        ("needs at least two distinct countries as parties", "$.parties")
    ]


def test_several_problems_are_reported_together_with_their_paths() -> None:
    def break_three_things(d: dict[str, Any]) -> None:
        del d["title"]
        d["parties"][0]["country"] = "XX"
        d["history"][0]["date"] = "2025-13"

    assert problems(break_three_things) == [
        ("required field missing", "$.title"),
        ("'XX' is not an ISO 3166-1 alpha-2 country code", "$.parties[0].country"),
        ("invalid date '2025-13': month must be 1 to 12, got 13", "$.history[0].date"),
    ]


def test_an_engagement_is_structured_as_strictly() -> None:
    data = {
        "id": "talks",
        "kind": "talks",
        "title": "Talks",
        "date": "2025-08",
        "parties": [{"country": "PK"}, {"country": "KZ"}],
        "agreement_ids": "pk-kz-mou",
    }
    with pytest.raises(ClassValidationError) as info:
        make_converter().structure(data, Engagement)
    assert describe_errors(info.value, "$.engagements[0]") == [
        ("expected a list, got text", "$.engagements[0].agreement_ids")
    ]


def test_a_set_listing_a_value_twice_is_refused_by_the_fast_converter_too() -> None:
    data = copy.deepcopy(VALID)
    data["areas"] = ["trade", "trade"]
    with pytest.raises(ValueError, match="a value is listed twice"):
        make_converter(detailed=False).structure(data, Agreement)


def test_text_where_a_list_belongs_is_refused_by_the_fast_converter_too() -> None:
    data = copy.deepcopy(VALID)
    data["areas"] = "trade"
    with pytest.raises(StrictTypeError, match="expected a list, got text"):
        make_converter(detailed=False).structure(data, Agreement)


@pytest.mark.parametrize(
    ("field", "value", "found"),
    [
        ("parties", [[1], {"country": "KZ"}], "a list"),
        ("history", ["signed"], "text"),
        ("commitments", [3], "an integer"),
    ],
)
def test_a_value_where_an_object_belongs_is_named_as_such(
    field: str, value: object, found: str
) -> None:
    assert problems(lambda d: d.update({field: value})) == [
        (f"expected an object, got {found}", f"$.{field}[0]")
    ]
