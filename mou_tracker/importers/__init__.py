"""Importers: real, messy tabular data in, with every rejected row explained.

A declarative :class:`ImportMapping` says which column holds what and how to read messy values;
:func:`import_file` reads a CSV file by it into a repository, in one transaction, and returns an
:class:`ImportReport`. :func:`load_mapping` reads a mapping from TOML; :data:`GGO` and
:data:`GPTAD` are built in. :func:`import_table` imports a :class:`SourceTable` (the rows of a
file, or rows given in Python). See ``docs/importing.md``.
"""

from mou_tracker.importers.countries import ALIASES, NOT_COUNTRIES, CountryResolver
from mou_tracker.importers.errors import MappingError, RowRejectedError, SourceFileError
from mou_tracker.importers.mapping import (
    AreasSpec,
    CountrySide,
    DateColumn,
    DateRules,
    DatesSpec,
    IdSpec,
    ImportMapping,
    KeyFallback,
    KindSpec,
    PartiesSpec,
    PartiesTable,
    StatusDetail,
    StatusSpec,
)
from mou_tracker.importers.outcome import ImportReport
from mou_tracker.importers.policies import (
    Conflicts,
    MemberLists,
    OnMasked,
    OnRange,
    OnUncertain,
    Undated,
    Unmapped,
)
from mou_tracker.importers.presets import GGO, GPTAD, PRESETS
from mou_tracker.importers.problems import RowIssue
from mou_tracker.importers.run import import_file, import_table
from mou_tracker.importers.sourcetable import SourceTable, read_csv
from mou_tracker.importers.tomlfile import load_mapping, mapping_from_toml

__all__ = [
    "ALIASES",
    "GGO",
    "GPTAD",
    "NOT_COUNTRIES",
    "PRESETS",
    "AreasSpec",
    "Conflicts",
    "CountryResolver",
    "CountrySide",
    "DateColumn",
    "DateRules",
    "DatesSpec",
    "IdSpec",
    "ImportMapping",
    "ImportReport",
    "KeyFallback",
    "KindSpec",
    "MappingError",
    "MemberLists",
    "OnMasked",
    "OnRange",
    "OnUncertain",
    "PartiesSpec",
    "PartiesTable",
    "RowIssue",
    "RowRejectedError",
    "SourceFileError",
    "SourceTable",
    "StatusDetail",
    "StatusSpec",
    "Undated",
    "Unmapped",
    "import_file",
    "import_table",
    "load_mapping",
    "mapping_from_toml",
    "read_csv",
]
