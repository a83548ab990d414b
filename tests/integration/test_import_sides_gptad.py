"""Sides on real data: the GPTAD sample, whose "Canada - EFTA" row lists EFTA with its members,
imported by the GPTAD preset with one ``country_map`` side added for that grouping."""

from __future__ import annotations

from pathlib import Path

import attrs
import pendulum

from mou_tracker import InMemoryRepository
from mou_tracker.importers import GPTAD, CountrySide, import_file
from mou_tracker.reports import status_by_pair

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "gptad" / "GPTAD-sample.csv"
AS_OF = pendulum.Date(2025, 10, 5)
EFTA = "EFTA (Iceland, Lichtenstein, Norway, Switzerland)"
WITH_SIDE = attrs.evolve(
    GPTAD,
    country_map={
        **GPTAD.country_map,
        EFTA: CountrySide(side="EFTA", countries=("IS", "LI", "NO", "CH")),
    },
)


def test_the_efta_grouping_becomes_one_side_so_canada_efta_counts_under_four_pairs() -> None:
    plain, sided = InMemoryRepository(), InMemoryRepository()
    before = import_file(SAMPLE, GPTAD, plain, as_of=AS_OF)
    after = import_file(SAMPLE, WITH_SIDE, sided, as_of=AS_OF)
    assert after.counts() == before.counts()
    (record_id,) = [a.id for a in plain.agreements() if a.title == "Canada - EFTA"]
    assert len(plain.get_agreement(record_id).pairs) == 10  # Iceland–Norway... counted as pairs
    treaty = sided.get_agreement(record_id)
    assert {p.country.code: p.side for p in treaty.parties} == {
        "CA": None,
        "IS": "EFTA",
        "LI": "EFTA",
        "NO": "EFTA",
        "CH": "EFTA",
    }
    assert sorted(pair.code for pair in treaty.pairs) == ["CA-CH", "CA-IS", "CA-LI", "CA-NO"]
    assert treaty.sides.bilateral


def test_the_pair_filter_and_the_bilateral_report_follow_the_side() -> None:
    plain, sided = InMemoryRepository(), InMemoryRepository()
    import_file(SAMPLE, GPTAD, plain, as_of=AS_OF)
    import_file(SAMPLE, WITH_SIDE, sided, as_of=AS_OF)
    titles_before = {a.title for a in plain.agreements(pair="IS-NO")}
    titles_after = {a.title for a in sided.agreements(pair="IS-NO")}
    assert titles_before - titles_after == {"Canada - EFTA"}
    bilateral = status_by_pair(sided, as_of=AS_OF, bilateral=True)
    assert "Canada–Iceland" in {row[0] for row in bilateral.rows}
    assert "Canada–Iceland" not in {
        row[0] for row in status_by_pair(plain, as_of=AS_OF, bilateral=True).rows
    }
