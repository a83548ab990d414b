"""A 30-line tour: record an MoU with a deadline, save it, and print what is due.

Usage: python examples/quickstart.py OUTPUT.json
"""

import sys

import pendulum

import mou_tracker as mt
from mou_tracker.reports import deadlines, status_by_pair

repo = mt.JsonRepository(sys.argv[1])  # a missing file is an empty repository
mou = mt.Agreement(
    id="fr-in-mou-space-2025",
    kind=mt.AgreementKind.MOU,
    title="MoU on cooperation in space research",
    parties=[mt.Party(country="France"), mt.Party(country="India")],
    history=[mt.StatusChange(status=mt.AgreementStatus.SIGNED, date="2025-03")],
    areas=["science_technology"],
    commitments=[
        mt.Commitment(
            id="committee", text="Convene the joint committee", deadline=mt.Deadline(due="2025-Q4")
        )
    ],
)
version = repo.version(mou.id) if mou.id in repo else repo.add(mou)
in_force = mou.with_status(mt.AgreementStatus.IN_FORCE, on="2025-06-01")
repo.update(in_force, expected_version=version)  # a stale version would raise ConflictError
as_of = pendulum.Date(2025, 12, 1)  # reports never read the clock
print(status_by_pair(repo, as_of=as_of).render("github"))
print(deadlines(repo, as_of=as_of, within=90).render("github"))
