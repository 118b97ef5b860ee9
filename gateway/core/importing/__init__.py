"""Import files (JSON or CSV) → validated records; pure, no I/O (docs/import-format.md).

Two steps, both raising :class:`~gateway.errors.ImportFileError` naming the file, the record and
the field of the first problem:

1. :func:`parse_import` checks one file on its own (syntax, required fields, formats, enums,
   duplicates, conflicting definitions) and returns an :class:`ImportBatch`;
2. :func:`plan_import` checks the batch against what the database already holds
   (:class:`KnownRecords`) — references, grades in their scale, parents, cycles — and returns the
   :class:`ImportPlan` to write: every referenced built-in scale and derivable term added,
   opportunities ordered parents first, result credits defaulted.

Error messages never repeat a national identifier (they may reach logs and screens).
"""

from __future__ import annotations

from gateway.core.importing.csvfile import CSV_COLUMNS, CSV_REQUIRED, parse_csv
from gateway.core.importing.fields import derive_term, national_id_problem
from gateway.core.importing.jsonfile import parse_json
from gateway.core.importing.model import (
    FORMAT,
    VERSION,
    ImportBatch,
    ImportedLearner,
    ImportFormat,
    ImportPlan,
    ImportSummary,
    InstitutionQuality,
    KindCounts,
    KnownRecords,
    Located,
    OpportunityRef,
    OpportunitySyllabus,
    ResultRecord,
    format_for,
)
from gateway.core.importing.plan import plan_import

__all__ = [
    "CSV_COLUMNS",
    "CSV_REQUIRED",
    "FORMAT",
    "VERSION",
    "ImportBatch",
    "ImportFormat",
    "ImportPlan",
    "ImportSummary",
    "ImportedLearner",
    "InstitutionQuality",
    "KindCounts",
    "KnownRecords",
    "Located",
    "OpportunityRef",
    "OpportunitySyllabus",
    "ResultRecord",
    "check_file",
    "derive_term",
    "format_for",
    "national_id_problem",
    "parse_csv",
    "parse_import",
    "parse_json",
    "plan_import",
]


def parse_import(data: bytes, file: str, fmt: ImportFormat | str) -> ImportBatch:
    """Read one import file in the given format."""
    fmt = ImportFormat(fmt)
    return parse_json(data, file) if fmt is ImportFormat.JSON else parse_csv(data, file)


def check_file(
    data: bytes, file: str, fmt: ImportFormat | str, known: KnownRecords | None = None
) -> ImportPlan:
    """Parse and plan in one step (for checks that need no database)."""
    return plan_import(parse_import(data, file, fmt), known or KnownRecords())
