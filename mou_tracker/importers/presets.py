"""Built-in mappings for two public treaty datasets: :data:`GGO` and :data:`GPTAD`.

Each preset's choices are the ones a careful user would write down for that dataset; they are
documented in ``docs/importing.md``. To change one, copy it with :func:`attrs.evolve`.
"""

from __future__ import annotations

from mou_tracker.domain import AgreementKind, AgreementStatus, CooperationArea, Source
from mou_tracker.importers import mapping as spec
from mou_tracker.importers.policies import DERIVE, SKIP, MemberLists, OnRange

__all__ = ["GGO", "GPTAD", "PRESETS"]

K = AgreementKind

GGO_COUNTRIES: dict[str, str] = {
    # Codes of this dataset that name one country today.
    "ALG": "DZ",  # Algeria (the IOC code)
    "EAT": "TZ",  # Tanganyika, united with Zanzibar as Tanzania
    "EAZ": "TZ",  # Zanzibar
    "GDR": "DE",  # the German Democratic Republic (also coded DDR)
    "KOS": "XK",  # Kosovo
    "ROM": "RO",  # Romania (its alpha-3 code until 2002)
    "YAR": "YE",  # North Yemen, united as Yemen in 1990
    "YPR": "YE",  # South Yemen (People's Republic of Southern Yemen)
    # Parties that are not countries: the model records countries only.
    "EC": SKIP,
    "EFTA": SKIP,
    "EUE": SKIP,  # the European Union / Communities
    "EUU": SKIP,
    "IO-*": SKIP,  # international organisations
    "EURATOM*": SKIP,
    "IAEA*": SKIP,
    "FAO*": SKIP,
    "WHO*": SKIP,
    "WMO*": SKIP,
    "ECE*": SKIP,
    "Baden-Württemberg": SKIP,  # German Länder
    "Bayern": SKIP,
    "Member countries not listed": SKIP,
}
"""GGO ``stateID`` values outside ISO 3166. Former countries with no single successor (YUG,
CSK, SCG, SUN...) and unclear codes (PRU, AUH, SAR, DZG, HSG...) are left to be reported."""

GGO = spec.ImportMapping(
    name="ggo",
    id=spec.IdSpec(columns=("treatyID",), prefix="ggo"),
    title="Title",
    kind=spec.KindSpec(
        column="TypeAgree",
        map={
            "Agreement": K.AGREEMENT,
            "Protocol": K.PROTOCOL,
            "MOU": K.MOU,
            "Amendment": K.AMENDMENT,
            "Extending": K.OTHER,
            "Regulation": K.OTHER,
            "Report": K.OTHER,
            "Resolution": K.OTHER,
        },
        default=K.OTHER,
    ),
    areas=spec.AreasSpec(
        column="TypeDomain",
        separator=",",
        map={
            "Environment": "environment",
            "Health": "health",
            "Human Rights": "human_rights",
            "Labour": "labour",
            "Security": "security",
            "Trade": "trade",
        },
        declare=[
            CooperationArea(code="human_rights", label="Human rights"),
            CooperationArea(code="labour", label="Labour"),
        ],
    ),
    parties=spec.PartiesSpec(
        table=spec.PartiesTable(key="treatyID", country="stateID"),
        from_key=spec.KeyFallback(
            column="treatyID",
            pattern=r"^([A-Z]{3})-([A-Z]{3})_",
            when_column="TypeAmbit",
            when_values=frozenset({"Bilateral"}),
        ),
    ),
    dates=spec.DatesSpec(
        signature=spec.DateColumn(column="Signature"),
        entry_into_force=spec.DateColumn(column="Force"),
        end=spec.DateColumn(column="End"),
        termination=spec.DateColumn(column="Term"),
    ),
    date_rules=spec.DateRules(ranges=OnRange.ENCLOSING),
    country_map=GGO_COUNTRIES,
    source=Source(
        title="GGO dataset (manytreaties v1.0.0)",
        publisher="Geneva Graduate Institute",
        url="https://github.com/globalgov/manytreaties",
    ),
)
"""The GGO agreements file with its parties file (``--parties``), joined on ``treatyID``.

An agreement with no party rows takes its two countries from a bilateral ``treatyID``
(``CAN-USA_1990A``) when ``TypeAmbit`` is ``Bilateral``, and says so in its notes."""

GPTAD_COUNTRIES: dict[str, str] = {
    # Misspellings in this dataset.
    "Buglaria": "BG",
    "Jordon": "JO",
    "Luxembourt": "LU",
    "Luxemburg": "LU",
    # Short or French names in this dataset, each naming one country.
    "Korea": "KR",  # every GPTAD agreement with "Korea" is with the Republic of Korea
    "Kyrgyz": "KG",
    "Antigua": "AG",
    "Saint Vincent": "VC",
    "Northern Ireland": "GB",  # listed beside the United Kingdom it is part of
    "Allemagne": "DE",
    "Autriche": "AT",
    "Belgique": "BE",
    "Cameroun": "CM",
    "Centrafricaine": "CF",
    "Danemark": "DK",
    "Espagne": "ES",
    "Finlande": "FI",
    "Gabonaise": "GA",
    "Grèce": "GR",
    "Guinée Équatoriale": "GQ",
    "Irelande": "IE",
    "Italie": "IT",
    "Malte": "MT",
    "Pays-Bas": "NL",
    "Royaume-Uni": "GB",
    "Suède": "SE",
}
"""GPTAD ``Membership`` names that need the dataset's context to resolve."""

GPTAD = spec.ImportMapping(
    name="gptad",
    id=spec.IdSpec(columns=("Common.Name",), prefix="gptad"),
    title="Common.Name",
    kind=spec.KindSpec(
        column="Type",
        map={
            "Bilateral Free Trade Agreement": K.AGREEMENT,
            "Association Free Trade Agreement": K.AGREEMENT,
            "Regional/Plurilateral Free Trade Agreement": K.AGREEMENT,
            "Customs Union Primary Agreement": K.AGREEMENT,
            "Customs Union Accession Agreement": K.AGREEMENT,
            "Framework Agreement": K.AGREEMENT,
        },
        default=K.OTHER,
    ),
    areas=spec.AreasSpec(constant=frozenset({"trade"})),
    parties=spec.PartiesSpec(
        list_column="Membership",
        separators=(",", ";"),
        split_words=True,
        member_lists=MemberLists.EXPAND,
    ),
    dates=spec.DatesSpec(
        signature=spec.DateColumn(column="Date.of.Signature", format="%m/%d/%Y"),
        entry_into_force=spec.DateColumn(column="Date.of.Entry.into.Force", format="%m/%d/%Y"),
    ),
    status=spec.StatusSpec(
        column="In.force.status",
        map={
            "in force": AgreementStatus.IN_FORCE,
            "expired": AgreementStatus.EXPIRED,
            "signed - not yet in force": AgreementStatus.SIGNED,
            "unknown": DERIVE,
            "": DERIVE,
        },
    ),
    country_map=GPTAD_COUNTRIES,
    source=Source(
        title="Global Preferential Trade Agreements Database (GPTAD)",
        publisher="World Bank Group",
        url="https://github.com/globalgov/manytreaties",
    ),
)
"""The GPTAD extract: US dates (``%m/%d/%Y``), a free-text ``Membership`` list (groupings with
their members in parentheses are expanded to the members) and a status column."""

PRESETS: dict[str, spec.ImportMapping] = {"ggo": GGO, "gptad": GPTAD}
"""The presets by name (``--preset``)."""
