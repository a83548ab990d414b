"""The case that started mou-tracker: Pakistan–Kazakhstan talks in Islamabad, 9 September 2025.

Records the talks, the Action Plan of Cooperation signed by the two foreign ministries (with its
regular consultations, a yearly obligation), the joint working groups on IT and agriculture, and
the agreements and MoUs to be concluded during the Kazakh President's visit to Pakistan in
November 2025 (a deadline tied to the visit, known only to the month), all citing the article.
Prints status by pair and area and the deadlines as of 15 October 2025 (on a terminal, the tables
fit its width).

Then an *illustrative* follow-up, not from the article, shows what the tracker does as news
comes in: the visit is given an exact day, and the agreements slip to the first quarter of 2026.
Prints the deadlines again as of 15 December 2025, the due-soon summary, the consultations'
cadence as of 15 October 2026, and writes the calendar (``.ics``) and the one-file HTML
dashboard as of 15 December 2025 (``.html``) beside the JSON file.

The store may also be a PostgreSQL database (``postgresql://...``, with the ``postgres`` extra):
the example creates the repository there if the database holds none, and writes the calendar
and the dashboard to the current directory as ``pakistan-kazakhstan-2025.ics`` / ``.html``.
``--replace`` empties an existing store first; without it, a store that exists (a file, or a
database holding records) is left alone.

Usage: python examples/pakistan_kazakhstan_2025.py OUTPUT.json|postgresql://URL [--replace]
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pendulum

from mou_tracker import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Anchor,
    Commitment,
    Deadline,
    Engagement,
    EngagementKind,
    Interval,
    IntervalUnit,
    Party,
    Recurrence,
    Repository,
    Source,
    StatusChange,
    StorageError,
    create_repository,
    move_engagement,
    open_repository,
    reschedule_deadline,
)
from mou_tracker.dashboard import write_dashboard
from mou_tracker.export import export_ics
from mou_tracker.reports import (
    Report,
    cadence,
    deadline_summary,
    deadlines,
    status_by_area,
    status_by_pair,
)

ARTICLE = Source(
    title="Dar, Kazakh Counterpart Co-chair High-level Talks To Boost Bilateral Ties",
    publisher="UrduPoint / Pakistan Point News",
    published="2025-09-09",
)
PAKISTAN_MFA = Party(
    country="Pakistan",
    institution="Ministry of Foreign Affairs",
    signatory="Mohammad Ishaq Dar, Deputy Prime Minister and Foreign Minister",
)
KAZAKHSTAN_MFA = Party(
    country="Kazakhstan",
    institution="Ministry of Foreign Affairs",
    signatory="Murat Nurtleu, Deputy Prime Minister and Foreign Minister",
)
BOTH = (PAKISTAN_MFA, KAZAKHSTAN_MFA)
VISIT = "kz-president-visit-pk-2025-11"
TALKS = "pk-kz-talks-2025-09-09"
ILLUSTRATIVE = "illustrative, not from the article"


def record_the_case(repo: Repository) -> None:
    """Everything the article of 9 September 2025 tells, as records."""
    action_plan = Agreement(
        id="pk-kz-action-plan-2025",
        kind=AgreementKind.ACTION_PLAN,
        title="Action Plan of Cooperation between the Ministries of Foreign Affairs",
        parties=BOTH,
        history=[StatusChange(status=AgreementStatus.SIGNED, date="2025-09-09", source=ARTICLE)],
        signature_place="Islamabad",
        areas=[
            "politics",
            "trade",
            "defence",
            "science_technology",
            "culture",
            "tourism",
            "humanitarian",
            "consular",
        ],
        commitments=[
            Commitment(
                id="regular-consultations",
                text="Hold regular consultations between the two foreign ministries",
                areas=["politics"],
                made_on="2025-09-09",
                recurrence=Recurrence(  # "institutionalises regular consultations": yearly
                    every=Interval(count=12, unit=IntervalUnit.MONTHS),
                    starts="2025-09-09",
                    fulfilled_by=[EngagementKind.CONSULTATIONS],
                ),
            )
        ],
        sources=[ARTICLE],
    )
    visit_package = Agreement(
        id="pk-kz-visit-agreements-2025-11",
        kind=AgreementKind.OTHER,
        title="Agreements and MoUs to be concluded during the Kazakh President's visit",
        parties=(Party(country="Pakistan"), Party(country="Kazakhstan")),
        history=[StatusChange(status=AgreementStatus.PLANNED, date="2025-09-09", source=ARTICLE)],
        areas=["trade", "investment", "agriculture", "ict", "transport_logistics"],
        notes="Contents not yet public; the talks directed both teams to fast-track them.",
        sources=[ARTICLE],
    )
    talks = Engagement(
        id=TALKS,
        kind=EngagementKind.TALKS,
        title="Delegation-level talks co-chaired by the deputy prime ministers",
        date="2025-09-09",
        place="Islamabad",
        parties=BOTH,
        areas=[
            "politics",
            "trade",
            "investment",
            "agriculture",
            "ict",
            "education",
            "culture",
            "tourism",
            "connectivity",
            "transport_logistics",
        ],
        agreement_ids=[action_plan.id],
        commitments=[
            Commitment(
                id="fast-track-visit-agreements",
                text="Fast-track the agreements and MoUs to be concluded during the visit "
                "of the Kazakh President to Pakistan",
                areas=["trade", "investment"],
                deadline=Deadline(
                    anchor=Anchor(engagement_id=VISIT),  # due whenever the visit takes place
                    note="to be concluded during the Kazakh President's visit",
                ),
                made_on="2025-09-09",
                sources=[ARTICLE],
            ),
            Commitment(
                id="multilateral-coordination",
                text="Coordinate more closely in multilateral fora",
                areas=["politics"],
                made_on="2025-09-09",
            ),
        ],
        sources=[ARTICLE],
    )
    working_groups = [
        Engagement(
            id=f"pk-kz-jwg-{code}-2025-09",
            kind=EngagementKind.WORKING_GROUP,
            title=f"Joint Working Group on {label}",
            date="2025-09",  # "prior to the talks": the month is certain, the day is not
            place="Islamabad",
            parties=(Party(country="PK"), Party(country="KZ")),
            areas=[code],
            sources=[ARTICLE],
        )
        for code, label in (("ict", "information technology"), ("agriculture", "agriculture"))
    ]
    visit = Engagement(
        id=VISIT,
        kind=EngagementKind.VISIT,
        title="Visit of the President of Kazakhstan to Pakistan, the first since 2003",
        date="2025-11",
        parties=(Party(country="KZ", institution="Office of the President"), Party(country="PK")),
        agreement_ids=[visit_package.id],
        sources=[ARTICLE],
    )
    case: list[Agreement | Engagement] = [action_plan, visit_package, talks, *working_groups, visit]
    with repo.batch():  # one save for the whole case
        for record in case:
            repo.add(record)


def follow_up(repo: Repository) -> None:
    """An illustrative sequel (not from the article): the visit gets a day, the agreements slip."""
    move_engagement(
        repo,
        VISIT,
        "2025-11-18",
        decided_on="2025-10-20",
        reason=f"date announced ({ILLUSTRATIVE})",
    )
    reschedule_deadline(
        repo,
        TALKS,
        "fast-track-visit-agreements",
        due="2026-Q1",
        decided_on="2025-11-18",
        reason=f"texts not ready during the visit ({ILLUSTRATIVE})",
    )


def show(*reports: Report) -> None:
    """Print the reports: fitted to the terminal's width on a terminal, in full to a file or a
    pipe."""
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    for report in reports:
        print(report.render("simple", width=width))
        print()


def open_store(location: str, *, replace: bool) -> tuple[Repository, Path] | None:
    """The empty store to record the case in, and the stem of the calendar and dashboard
    files; None (after saying why) when the store exists and ``replace`` is off."""
    if location.lower().startswith(("postgresql://", "postgres://")):
        try:
            repo = create_repository(location)
        except StorageError:  # it holds a repository already (or cannot be reached: open says)
            repo = open_repository(location)
        if len(repo) and not replace:
            print(f"the database holds {len(repo)} records; pass --replace", file=sys.stderr)
            return None
        with repo.batch():  # agreements first: their deadlines may be tied to engagements
            for agreement in list(repo.agreements()):
                repo.remove(agreement.id)
            for engagement in list(repo.engagements()):
                repo.remove(engagement.id)
        return repo, Path("pakistan-kazakhstan-2025")
    path = Path(location)
    if path.exists():
        if not replace:
            print(f"{path} exists; pass --replace to overwrite it", file=sys.stderr)
            return None
        path.unlink()
    return open_repository(path), path


def main(argv: list[str]) -> int:
    args = [a for a in argv if a != "--replace"]
    if len(args) != 1:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    store = open_store(args[0], replace="--replace" in argv)
    if store is None:
        return 1
    repo, stem = store
    record_the_case(repo)
    before, after = pendulum.Date(2025, 10, 15), pendulum.Date(2025, 12, 15)
    show(
        status_by_pair(repo, as_of=before),
        status_by_area(repo, as_of=before),
        deadlines(repo, as_of=before, within=60),
    )
    print(f"--- Illustrative follow-up ({ILLUSTRATIVE}) ---\n")
    follow_up(repo)
    show(
        deadlines(repo, as_of=after, within=120),
        deadline_summary(repo, as_of=after),
        status_by_pair(repo, as_of=after),
        cadence(repo, as_of=pendulum.Date(2026, 10, 15)),
    )
    calendar = stem.with_suffix(".ics")
    export = export_ics(repo, as_of=after)
    export.write(calendar)
    print(f"Saved {len(repo)} records to {args[0]}")
    print(f"Wrote {export.events} calendar events to {calendar}")
    dashboard = write_dashboard(repo, stem.with_suffix(".html"), as_of=after, within=120)
    print(f"Wrote the dashboard to {dashboard}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
