"""Security harness (issue #6, part 5): hostile ids, CSV injection, HTML and Markdown escaping,
and no pickle, eval or ``yaml.load`` in the package.

``figures(profile)`` runs everything at the profile's scale and returns the figures, negative
controls included (a control passes when the harness sees its planted bug). The runs live in
``_security_runs.py`` and return the raw results that ``test_security.py`` asserts on; what each
part checks, and how, is told in the docstrings of ``_security_ids``, ``_security_files``,
``_security_csv``, ``_security_markup`` and ``_security_code``.
"""

from __future__ import annotations

from collections.abc import Sequence

from reliability._harness import Figure, Profile
from reliability._security_code import BANNED_CALLS
from reliability._security_csv import no_neutralisation, quote_not_escaped
from reliability._security_ids import FORGED_ENTRIES, Trial
from reliability._security_markup import (
    MarkdownCheck,
    check_html,
    check_markdown,
    no_markdown_escaping,
    pipe_only_escaping,
    rendered,
    unsafe_html,
)
from reliability._security_runs import (
    banned_code,
    csv_injection,
    csv_strings,
    files_named_after_ids,
    hostile_ids,
    list_report_html,
    markup_reports,
    permissive_acceptances,
    planted_names_found,
    unclean_without_error_handling,
    unsafe_formats_refused,
)
from reliability._security_world import HOSTILE_IDS

HARNESS = "security"


# -- figures -------------------------------------------------------------------------------------


def _figure(name: str, measured: str, target: str, passed: bool) -> Figure:
    return Figure(harness=HARNESS, name=name, measured=measured, target=target, passed=passed)


def _share(trials: Sequence[Trial]) -> tuple[str, bool]:
    safe = sum(t.safe for t in trials)
    return f"{safe:,}/{len(trials):,}", safe == len(trials)


def id_figures(profile: Profile) -> list[Figure]:
    found = hostile_ids(profile)
    main = [t for t in found.trials if t.entry not in FORGED_ENTRIES]
    forged = [t for t in found.trials if t.entry in FORGED_ENTRIES]
    entries = len({t.entry for t in main if t.entry != "process show"})
    processes = sum(t.entry == "process show" for t in main)
    figures = [
        _figure(
            f"{len(HOSTILE_IDS)} hostile ids x {entries} entry points (library, CLI), "
            f"+ {processes} real processes",
            f"{_share(main)[0]} refused",
            "all refused",
            _share(main)[1],
        ),
        _figure(
            "add() of a record built with validators off refuses its hostile id",
            f"{_share(forged)[0]} refused",
            "all refused",
            _share(forged)[1],
        ),
        _figure(
            "hostile ids in stored files (6 snapshot places, journal put and remove)",
            f"{_share(found.stored)[0]} refused (FormatError, check_file, cli list)",
            "all refused",
            _share(found.stored)[1],
        ),
        _figure(
            "import: hostile key cells (no prefix, prefix)",
            f"{_share(found.imported)[0]} rejected or slugified to a valid id",
            "all",
            _share(found.imported)[1],
        ),
        _figure(
            "files touched outside the store (sandbox, /etc/passwd)",
            str(len(found.outside)),
            "0",
            not found.outside,
        ),
        _figure(
            "store files changed by refused calls or by reading bad files",
            str(len(found.store_changed)),
            "0",
            not found.store_changed,
        ),
    ]
    outside = files_named_after_ids()
    figures.append(
        _figure(
            "ids never become paths (validation off, JSON store): files outside",
            str(len(outside)),
            "0",
            not outside,
        )
    )
    return figures


def id_controls() -> list[Figure]:
    accepted = permissive_acceptances()
    naive = files_named_after_ids(naive=True)
    unclean, tried = unclean_without_error_handling()
    return [
        _figure(
            "control: a validator accepting ../x is caught",
            f"{len(accepted)} hostile calls accepted",
            "> 0 (caught)",
            bool(accepted),
        ),
        _figure(
            "control: a store naming files after ids is caught",
            f"{len(naive)} files outside the store",
            "> 0 (caught)",
            bool(naive),
        ),
        _figure(
            "control: a command without the CLI's error handling is caught",
            f"{unclean}/{tried} not clean",
            "> 0 (caught)",
            unclean > 0,
        ),
    ]


def text_figures(profile: Profile) -> list[Figure]:
    strings = csv_strings(profile)
    found = csv_injection(profile)
    reports, planted = markup_reports(profile)
    html = check_html(rendered(reports), planted)
    listed = list_report_html()
    markdown = check_markdown(reports)
    refused, tried = unsafe_formats_refused()
    texts, same = html.texts + listed.texts, html.mismatched + listed.mismatched
    unexpected = html.unexpected + listed.unexpected
    return [
        _figure(
            "CSV cells starting with = + - @ tab CR NUL (reports, tables, CLI, import report)",
            f"{found.triggered} of {found.cells:,}",
            "0",
            found.triggered == 0,
        ),
        _figure(
            "formula-like texts recovered exactly from CSV (library and CLI)",
            f"{found.recovered:,}/{found.planted:,}",
            f"{2 * strings:,} (each of {strings:,} texts, library and CLI)",
            found.recovered == found.planted == 2 * strings,
        ),
        _figure(
            "HTML texts equal to the report's (every report, list)",
            f"{texts - same:,}/{texts:,} equal, {unexpected} unexpected tags",
            "all equal, 0 unexpected",
            same == 0 and unexpected == 0,
        ),
        _figure(
            "hostile texts reaching an HTML cell whole",
            f"{len(html.reached):,}/{len(planted):,}",
            "all",
            len(html.reached) == len(planted),
        ),
        _figure(
            "unsafehtml and latex_raw offered (library, CLI)",
            f"{refused}/{tried} refusals",
            "all refused",
            refused == tried,
        ),
        _markdown_figure(markdown),
    ]


def _markdown_figure(found: MarkdownCheck) -> Figure:
    kept = f"{found.rows - found.gfm_changed:,}/{found.rows:,} (GFM), "
    kept += f"{found.rows - found.python_markdown_changed:,}/{found.rows:,} (Python-Markdown)"
    return _figure(
        "Markdown rows keeping their column count; raw '<' in output",
        f"{kept}; {found.raw_angle_brackets} with '<'",
        "all, 0",
        found.gfm_changed == found.python_markdown_changed == found.raw_angle_brackets == 0,
    )


def text_controls() -> list[Figure]:
    with no_neutralisation():
        bare = csv_injection("fast", with_cli=False)
    with quote_not_escaped():
        lossy = csv_injection("fast", with_cli=False)
    reports, planted = markup_reports("fast")
    with unsafe_html():
        unsafe = check_html(rendered(reports), planted)
    with no_markdown_escaping():
        raw = check_markdown(reports)
    with pipe_only_escaping():
        pipes = check_markdown(reports)
    return [
        _figure(
            "control: CSV without neutralisation is caught",
            f"{bare.triggered} trigger cells",
            "> 0 (caught)",
            bare.triggered > 0,
        ),
        _figure(
            "control: CSV not escaping a leading ' is caught",
            f"{lossy.planted - lossy.recovered} not recovered",
            "> 0 (caught)",
            lossy.recovered < lossy.planted,
        ),
        _figure(
            "control: HTML rendered with unsafehtml is caught",
            f"{unsafe.unexpected} unexpected tags",
            "> 0 (caught)",
            unsafe.unexpected > 0,
        ),
        _figure(
            "control: Markdown without escaping is caught",
            f"{raw.gfm_changed} rows changed (GFM)",
            "> 0 (caught)",
            raw.gfm_changed > 0,
        ),
        _figure(
            "control: escaping pipes alone is caught (Python-Markdown)",
            f"{pipes.python_markdown_changed} rows changed",
            "> 0 (caught)",
            pipes.python_markdown_changed > 0,
        ),
    ]


def code_figures() -> list[Figure]:
    found = banned_code()
    without = banned_code(["--isolated", "--select", "E,F"])
    planted = planted_names_found()
    total = len(BANNED_CALLS)
    return [
        _figure(
            "pickle/shelve/dill/marshal/eval/exec/yaml.load flagged by the project's ruff rules",
            f"{found.flagged}/{total}{'' if found.selected else ' (S not selected)'}",
            f"{total}/{total}, S selected",
            found.flagged == total and found.selected,
        ),
        _figure("banned names in mou_tracker/", str(len(found.names)), "0", not found.names),
        _figure(
            "control: ruff without the S rules misses them",
            f"{without.flagged}/{total} flagged",
            "< all (caught)",
            without.flagged < total,
        ),
        _figure(
            "control: a planted pickle.loads is found by the scan",
            f"{len(planted)} found",
            "> 0 (caught)",
            bool(planted),
        ),
    ]


def figures(profile: Profile) -> list[Figure]:
    return [
        *id_figures(profile),
        *text_figures(profile),
        *code_figures(),
        *id_controls(),
        *text_controls(),
    ]
