"""The presets' sample files with quirks injected: a code that contradicts its name, a date
column that mixes two formats, a status refined by a detail column.

Each test writes a changed copy of a file in tests/data with the ``csv`` module and compares the
import with the import of the unchanged data, so only the injected rows may differ.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Sequence
from pathlib import Path

import attrs
import pendulum
import pycountry

from mou_tracker import AgreementStatus, InMemoryRepository, PartialDate
from mou_tracker.importers import (
    GGO,
    GPTAD,
    DateColumn,
    ImportMapping,
    ImportReport,
    PartiesSpec,
    StatusDetail,
    StatusSpec,
    import_file,
)

SAMPLES = Path(__file__).resolve().parents[1] / "data"
AS_OF = pendulum.Date(2025, 10, 5)
S = AgreementStatus


def read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header, *rows = csv.reader(handle)
    return header, rows


def write(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def run(
    path: Path, mapping: ImportMapping, parties: Path | None = None
) -> tuple[ImportReport, InMemoryRepository]:
    repo = InMemoryRepository()
    return import_file(path, mapping, repo, as_of=AS_OF, parties=parties), repo


def rejected(report: ImportReport) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for issue in report.rejected:
        found.setdefault(issue.row, set()).add(issue.category)
    return found


# -- GGO's bilateral rows with a code and a name column per party -----------------------------

GGO_NAMED = attrs.evolve(
    GGO,
    parties=PartiesSpec(columns=("ISO-Party1", "ISO-Party2"), names=("Party1", "Party2")),
)


def ggo_named(tmp_path: Path, quirk: int | None) -> tuple[ImportReport, int]:
    """GGO's sample rows whose treatyID names two ISO countries, with their codes and ISO names
    in four columns; row ``quirk`` (an index) codes its second party as Nigeria but names Niger."""
    header, rows = read(SAMPLES / "ggo" / "agreements.csv")
    kept = []
    for row in rows:
        match = re.match(r"^([A-Z]{3})-([A-Z]{3})_", row[0])
        found = [pycountry.countries.get(alpha_3=code) for code in match.groups()] if match else []
        if found and all(found):
            kept.append([*row, *itertools.chain(*((c.alpha_3, c.name) for c in found))])
    if quirk is not None:
        kept[quirk][-2:] = ["NGA", "Niger"]
    path = write(
        tmp_path / "named.csv", [*header, "ISO-Party1", "Party1", "ISO-Party2", "Party2"], kept
    )
    return run(path, GGO_NAMED)[0], len(kept)


def test_real_codes_beside_their_iso_names_all_agree(tmp_path: Path) -> None:
    report, count = ggo_named(tmp_path, None)
    assert count > 100
    assert report.rows == count
    assert "code-name-mismatch" not in {i.category for i in report.rejected}
    assert [n for n in report.notes if n.column in ("Party1", "Party2")] == []


def test_a_real_row_whose_code_contradicts_its_name_is_the_only_one_rejected_for_it(
    tmp_path: Path,
) -> None:
    clean, _ = ggo_named(tmp_path, None)
    report, _ = ggo_named(tmp_path, 40)
    [mismatch] = [i for i in report.rejected if i.category == "code-name-mismatch"]
    assert mismatch.row == 42
    assert (mismatch.column, mismatch.value) == ("ISO-Party2", "NGA")
    assert mismatch.reason == "ISO-Party2 'NGA' is Nigeria but Party2 'Niger' is Niger"
    others = {row: why for row, why in rejected(report).items() if row != 42}
    assert others == {row: why for row, why in rejected(clean).items() if row != 42}


# -- GPTAD's signature dates rewritten day first, with some MM-YYYY ---------------------------


def gptad_dates(tmp_path: Path, formats: tuple[str, ...], rewrite: bool) -> ImportReport:
    """GPTAD's sample with its signatures rewritten day first when ``rewrite`` (every fifth
    one as MM-YYYY), read with ``formats``."""
    header, rows = read(SAMPLES / "gptad" / "GPTAD-sample.csv")
    column = header.index("Date.of.Signature")
    if rewrite:
        for index, row in enumerate(rows):
            match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", row[column])
            if match:
                month, day, year = match.groups()
                row[column] = f"{month:0>2}-{year}" if index % 5 == 0 else f"{day}/{month}/{year}"
    path = write(tmp_path / "gptad.csv", header, rows)
    signature = DateColumn(column="Date.of.Signature", formats=formats)
    mapping = attrs.evolve(GPTAD, dates=attrs.evolve(GPTAD.dates, signature=signature))
    return run(path, mapping)[0]


def test_a_day_first_column_with_month_year_values_keeps_each_at_its_precision(
    tmp_path: Path,
) -> None:
    original = SAMPLES / "gptad" / "GPTAD-sample.csv"
    header, rows = read(original)
    column = header.index("Date.of.Signature")
    clean, before = run(original, GPTAD)
    report = gptad_dates(tmp_path, ("%d/%m/%Y", "%m-%Y"), rewrite=True)
    assert report.rejected_rows == clean.rejected_rows
    assert report.records == clean.records
    after = InMemoryRepository()
    mixed = DateColumn(column="Date.of.Signature", formats=("%d/%m/%Y", "%m-%Y"))
    mapping = attrs.evolve(GPTAD, dates=attrs.evolve(GPTAD.dates, signature=mixed))
    import_file(tmp_path / "gptad.csv", mapping, after, as_of=AS_OF)
    month_only = 0
    for number, record_id in clean.records:
        was = before.get_agreement(record_id).signed_on
        now = after.get_agreement(record_id).signed_on
        if (number - 2) % 5 == 0 and re.fullmatch(r"\d+/\d+/\d{4}", rows[number - 2][column]):
            month_only += 1
            assert was is not None
            assert now == PartialDate(year=was.year, month=was.month)
        else:
            assert now == was
    assert month_only > 20


def test_two_day_orders_on_a_real_column_reject_exactly_the_dates_they_read_differently(
    tmp_path: Path,
) -> None:
    header, rows = read(SAMPLES / "gptad" / "GPTAD-sample.csv")
    column = header.index("Date.of.Signature")
    report = gptad_dates(tmp_path, ("%m/%d/%Y", "%d/%m/%Y"), rewrite=False)
    ambiguous = set()
    for number, row in enumerate(rows, start=2):
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", row[column])
        if match and int(match[1]) != int(match[2]) and max(int(match[1]), int(match[2])) <= 12:
            ambiguous.add(number)
    not_built = {i.row for i in report.merged} | {
        row for row, why in rejected(report).items() if "conflicting-duplicate" in why
    }
    found = {row for row, why in rejected(report).items() if "ambiguous-date" in why}
    assert found == ambiguous - not_built
    assert len(ambiguous) > 10


# -- GGO with a status column and its detail --------------------------------------------------

DETAILS = {
    "Expired": S.EXPIRED,
    "Replaced by new treaty": S.SUPERSEDED,
    "Terminated by consent": S.TERMINATED,
}


def test_a_real_ended_status_is_refined_by_its_detail_column_and_dated_as_before(
    tmp_path: Path,
) -> None:
    agreements, parties = SAMPLES / "ggo" / "agreements.csv", SAMPLES / "ggo" / "parties.csv"
    clean, before = run(agreements, GGO, parties)
    ids = dict(clean.records)
    header, rows = read(agreements)
    words: dict[str, str] = {}
    lapsed = None
    for number, row in enumerate(rows, start=2):
        record = before.get_agreement(ids[number]) if number in ids else None
        if record is None or not record.status.is_ended:
            row.extend(["", ""])
        elif lapsed is None:
            lapsed = record.id
            row.extend(["Terminated", "Lapsed"])
        else:
            words[record.id] = list(DETAILS)[len(words) % 3]
            row.extend(["Terminated", words[record.id]])
    status = StatusSpec(
        column="Status",
        map={"Terminated": "terminated", "": "derive"},
        detail=StatusDetail(
            column="Type of termination", map={word: s.value for word, s in DETAILS.items()}
        ),
    )
    path = write(tmp_path / "ggo.csv", [*header, "Status", "Type of termination"], rows)
    report, after = run(path, attrs.evolve(GGO, status=status), parties)
    assert len(words) > 20
    [why] = [i for i in report.rejected if i.category == "unmapped-status-detail"]
    assert (why.column, why.value) == ("Type of termination", "Lapsed")
    assert set(report.added) == set(clean.added) - {lapsed}
    for record in before.agreements():
        if record.id == lapsed:
            continue
        now = after.get_agreement(record.id)
        if record.id in words:
            assert now.status is DETAILS[words[record.id]]
            assert now.history[-1].date == record.history[-1].date
            assert now.history[:-1] == record.history[:-1]
        else:
            assert now.history == record.history
