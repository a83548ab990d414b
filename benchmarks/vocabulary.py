"""Word pools for the synthetic records: real country codes, plausible titles, texts and sources.

Everything here is plain data; :mod:`benchmarks.generate` draws from it with a seeded RNG.
"""

from __future__ import annotations

from mou_tracker import AgreementKind, AgreementStatus, EngagementKind

COUNTRIES = (
    "CN", "RU", "US", "TR", "IN", "PK", "KZ", "GB", "FR", "DE", "JP", "AE", "SA", "UZ", "IR",
    "AZ", "EG", "ID", "KR", "IT", "BR", "ZA", "QA", "MY", "TM", "KG", "TJ", "AF", "BD", "UA",
    "PL", "ES", "CA", "AU", "MX", "NG", "TH", "VN", "ET", "KE", "AR", "CL", "IL", "JO", "IQ",
    "OM", "KW", "NL", "BE", "SE", "NO", "FI", "DK", "CH", "AT", "HU", "CZ", "RO", "GR", "PT",
    "IE", "SG", "PH", "LK", "NP", "MN", "GE", "AM", "BY", "RS", "DZ", "MA", "TN", "LY", "SD",
    "GH", "SN", "CI", "AO", "TZ", "UG", "CU", "VE", "CO", "PE", "NZ", "KH", "MM", "LA", "BN",
    "XK",
)  # fmt: skip
"""Real ISO 3166-1 alpha-2 codes (and Kosovo's XK), busiest treaty partners first."""

COUNTRY_WEIGHTS = tuple(1.0 / (rank + 6) for rank in range(len(COUNTRIES)))
"""Zipf-like: a few pairs hold many agreements, most pairs a handful, as in treaty series."""

PARTY_COUNTS = ((2, 3, 4, 5), (74, 16, 7, 3))

KINDS = {
    AgreementKind.MOU: (30, "Memorandum of Understanding", False),
    AgreementKind.AGREEMENT: (25, "Agreement", True),
    AgreementKind.PROTOCOL: (7, "Protocol", True),
    AgreementKind.TREATY: (6, "Treaty", True),
    AgreementKind.ACTION_PLAN: (8, "Action Plan", False),
    AgreementKind.JOINT_STATEMENT: (7, "Joint Statement", False),
    AgreementKind.EXCHANGE_OF_NOTES: (6, "Exchange of Notes", True),
    AgreementKind.LETTER_OF_INTENT: (4, "Letter of Intent", False),
    AgreementKind.PROGRAMME: (5, "Programme", None),
    AgreementKind.OTHER: (2, "Arrangement", None),
}
"""kind -> (weight, title word, legally binding as a rule; None: it depends)."""

S = AgreementStatus
FIRST_STATUS = ((S.PLANNED, S.UNDER_NEGOTIATION, S.SIGNED), (10, 12, 78))
NEXT_STATUS: dict[AgreementStatus, dict[AgreementStatus, int]] = {
    S.PLANNED: {S.UNDER_NEGOTIATION: 5, S.SIGNED: 4, S.TERMINATED: 1},
    S.UNDER_NEGOTIATION: {S.SIGNED: 8, S.PLANNED: 1, S.TERMINATED: 1},
    S.SIGNED: {S.IN_FORCE: 14, S.PROVISIONALLY_APPLIED: 2, S.TERMINATED: 1, S.SUPERSEDED: 1},
    S.PROVISIONALLY_APPLIED: {S.IN_FORCE: 6, S.SUSPENDED: 1, S.TERMINATED: 1},
    S.IN_FORCE: {S.SUSPENDED: 1, S.TERMINATED: 2, S.EXPIRED: 2, S.SUPERSEDED: 2},
    S.SUSPENDED: {S.IN_FORCE: 3, S.TERMINATED: 1},
}
"""Weights of the next status; :mod:`benchmarks.generate` keeps only the allowed ones."""
CONTINUE = {S.PLANNED: 0.8, S.UNDER_NEGOTIATION: 0.8, S.SIGNED: 0.75, S.IN_FORCE: 0.25}
"""The chance a history goes on after each status (0.5 for the others)."""

MINISTRIES = {
    "trade": "Ministry of Trade",
    "investment": "Investment Promotion Agency",
    "agriculture": "Ministry of Agriculture",
    "ict": "Ministry of Digital Development",
    "education": "Ministry of Education",
    "culture": "Ministry of Culture",
    "energy": "Ministry of Energy",
    "defence": "Ministry of Defence",
    "health": "Ministry of Health",
    "finance": "Ministry of Finance",
    "transport_logistics": "Ministry of Transport",
}
OFFICES = ("Minister of Foreign Affairs", "Ambassador", "Deputy Prime Minister", "Minister")
SURNAMES = (
    "Karimov", "Rahman", "Okafor", "Silva", "Novak", "Tanaka", "Haddad", "Mensah", "Ivanova",
    "Nguyen", "Schmidt", "Demir", "Kaur", "Alvarez", "Petrov", "Hassan", "Lindqvist", "Osei",
)  # fmt: skip
CITIES = (
    "Islamabad", "Astana", "Beijing", "Moscow", "Ankara", "New Delhi", "Tashkent", "Baku",
    "Geneva", "Vienna", "Doha", "Riyadh", "Abu Dhabi", "Jakarta", "Cairo", "Nairobi", "Brasilia",
    "Tokyo", "Seoul", "Paris", "Berlin", "London", "Washington", "Ottawa", "Canberra",
)  # fmt: skip

COMMITMENTS = (
    "Set up a working group on {area}",
    "Exchange delegations on {area}",
    "Conclude an arrangement on {area}",
    "Hold a business forum on {area}",
    "Draw up a roadmap on {area}",
    "Share data on {area}",
    "Train experts in {area}",
    "Launch pilot projects in {area}",
    "Open a trade office",
    "Simplify visa procedures",
    "Start direct flights",
    "Hold annual consultations",
    "Ratify the agreement",
    "Exchange ratification instruments",
)
DEADLINE_NOTES = (
    "within two years of signature",
    "before the next joint commission",
    "by the end of the year",
    "as agreed at the talks",
)
RESCHEDULE_REASONS = (
    "postponed at the request of one party",
    "the joint commission was moved",
    "ratification took longer than expected",
    "new date agreed through diplomatic channels",
)
SOURCE_TITLES = ("Joint communique", "Press release", "Treaty text", "Signing ceremony")
PROGRESS = ("first meeting held", "draft text exchanged", "experts met", "funding approved")
NOTES = (
    "Text not published; details from the joint communique.",
    "Signed on the sidelines of a multilateral summit.",
    "Replaces arrangements made by exchange of letters.",
    "Implementation reviewed by the intergovernmental commission.",
    "Entry into force awaits the exchange of ratification instruments.",
    "Details confirmed by both foreign ministries.",
)
STATUS_NOTES = ("on the last notification", "by exchange of notes", "as announced")
PUBLISHERS = (
    ("Ministry of Foreign Affairs", "mfa.gov.example"),
    ("Reuters", "reuters.com"),
    ("TASS", "tass.com"),
    ("Xinhua", "english.news.cn"),
    ("Anadolu Agency", "aa.com.tr"),
    ("Kazinform", "inform.kz"),
    ("Associated Press of Pakistan", "app.com.pk"),
    ("UN Treaty Collection", "treaties.un.org"),
)

ENGAGEMENT_KINDS = {
    EngagementKind.TALKS: (30, "Talks"),
    EngagementKind.VISIT: (20, "Official visit"),
    EngagementKind.SUMMIT: (5, "Summit"),
    EngagementKind.WORKING_GROUP: (20, "Joint working group"),
    EngagementKind.CONSULTATIONS: (20, "Political consultations"),
    EngagementKind.OTHER: (5, "Meeting"),
}
