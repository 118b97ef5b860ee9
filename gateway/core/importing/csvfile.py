"""The CSV import format: one result per row, its institution, learner and opportunity repeated."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from gateway.core.importing.fields import (
    Fields,
    check_unique,
    decode,
    read_id_country,
    read_institution,
    read_learner,
    read_opportunity,
    read_result,
)
from gateway.core.importing.model import (
    ImportBatch,
    ImportedLearner,
    InstitutionQuality,
    Located,
    OpportunitySyllabus,
    ResultRecord,
)
from gateway.core.importing.syllabus import (
    CSV_QUALITY,
    SYLLABUS_FIELDS,
    read_quality_columns,
    read_syllabus,
)
from gateway.core.records import Institution, Opportunity
from gateway.errors import ImportFileError

CSV_REQUIRED = ("institution", "national_id", "opportunity", "status")
CSV_RESULT = ("date", "term", "grade", "scale", "credits")
CSV_LEARNER = (
    "id_country",
    "given_names",
    "family_name",
    "birth_date",
    "citizenship",
    "gender",
    "esi",
)
CSV_INSTITUTION = (
    "institution_name_sv",
    "institution_name_en",
    "institution_country",
    "institution_url",
    "institution_erasmus",
    "institution_pic",
)
CSV_OPPORTUNITY = (
    "kind",
    "title_sv",
    "title_en",
    "level",
    "isced_f",
    "opportunity_credits",
    "language",
    "parent",
)
CSV_SYLLABUS = SYLLABUS_FIELDS  # the opportunity's syllabus: lists are ;-separated
CSV_COLUMNS: tuple[str, ...] = (
    CSV_REQUIRED + CSV_RESULT + CSV_LEARNER + CSV_INSTITUTION + CSV_OPPORTUNITY
)
CSV_COLUMNS += CSV_QUALITY + CSV_SYLLABUS

# column → field of the record it fills
_CSV_INSTITUTION_FIELDS = {"institution": "schac"} | {
    c: c.removeprefix("institution_") for c in CSV_INSTITUTION
}
_CSV_OPPORTUNITY_FIELDS = {"institution": "institution", "opportunity": "code"} | {
    c: c.removeprefix("opportunity_") for c in CSV_OPPORTUNITY
}
_CSV_QUALITY_FIELDS = {"institution": "schac"} | {c: c for c in CSV_QUALITY}
_CSV_SYLLABUS_FIELDS = {"institution": "institution", "opportunity": "code"} | {
    c: c for c in CSV_SYLLABUS
}
_CSV_LEARNER_FIELDS = {"national_id": "national_id"} | {c: c for c in CSV_LEARNER}
_CSV_RESULT_FIELDS = {"national_id": "learner"} | {
    c: c for c in ("institution", "opportunity", "status", *CSV_RESULT)
}


def parse_csv(data: bytes, file: str) -> ImportBatch:
    """Read a CSV import file: UTF-8, comma-separated, a header line naming the columns."""
    text = decode(data, file)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
        for column in header:
            if column not in CSV_COLUMNS:
                raise ImportFileError(file, "line 1", column, "is not a known column")
            if header.count(column) > 1:
                raise ImportFileError(file, "line 1", column, "appears twice in the header")
        for column in CSV_REQUIRED:
            if column not in header:
                raise ImportFileError(file, "line 1", column, "is a required column")
        institutions: dict[str, Located[Institution]] = {}
        learners: dict[str, Located[ImportedLearner]] = {}
        opportunities: dict[tuple[str, str], Located[Opportunity]] = {}
        qualities: dict[str, Located[InstitutionQuality]] = {}
        syllabi: dict[tuple[str, str], Located[OpportunitySyllabus]] = {}
        results: list[Located[ResultRecord]] = []
        line = reader.line_num + 1
        for row in reader:
            where, line = f"line {line}", reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise ImportFileError(
                    file, where, None, f"has {len(row)} fields, the header has {len(header)}"
                )
            cells = dict(zip(header, row, strict=True))
            row_fields = Fields(file, where, cells)
            id_country = read_id_country(row_fields)
            results.append(
                Located(where, read_result(_renamed(row_fields, _CSV_RESULT_FIELDS), id_country))
            )
            if any(row_fields.present(c) for c in CSV_INSTITUTION + CSV_QUALITY):
                inst = read_institution(_renamed(row_fields, _CSV_INSTITUTION_FIELDS))
                _merge(
                    file, institutions, inst.schac, Located(where, inst), _CSV_INSTITUTION_FIELDS
                )
                quality = read_quality_columns(_renamed(row_fields, _CSV_QUALITY_FIELDS))
                # A contradicting entry list is named by its first column.
                first = {CSV_QUALITY[0]: "entries"}
                _merge(file, qualities, inst.schac, Located(where, quality), first)
            if any(row_fields.present(c) for c in CSV_LEARNER if c != "id_country"):
                learner = read_learner(_renamed(row_fields, _CSV_LEARNER_FIELDS))
                key = learner.learner.national_id
                _merge(file, learners, key, Located(where, learner), _CSV_LEARNER_FIELDS)
            if any(row_fields.present(c) for c in CSV_OPPORTUNITY + CSV_SYLLABUS):
                opp = read_opportunity(_renamed(row_fields, _CSV_OPPORTUNITY_FIELDS))
                key2 = (opp.institution, opp.code)
                _merge(file, opportunities, key2, Located(where, opp), _CSV_OPPORTUNITY_FIELDS)
                syllabus = read_syllabus(_renamed(row_fields, _CSV_SYLLABUS_FIELDS), csv=True)
                _merge(file, syllabi, key2, Located(where, syllabus), _CSV_SYLLABUS_FIELDS)
    except StopIteration:
        raise ImportFileError(file, None, None, "is empty") from None
    except csv.Error as exc:
        raise ImportFileError(
            file, f"line {reader.line_num}", None, f"is not valid CSV: {exc}"
        ) from None
    if not results:
        raise ImportFileError(file, None, None, "has a header but no rows")
    batch = ImportBatch(
        file=file,
        institutions=tuple(institutions.values()),
        learners=tuple(learners.values()),
        opportunities=tuple(opportunities.values()),
        results=tuple(results),
        syllabi=tuple(syllabi.values()),
        quality_assurance=tuple(qualities.values()),
    )
    check_unique(batch)
    return batch


def _renamed(row: Fields, columns: Mapping[str, str]) -> Fields:
    """The row's cells under record field names; errors still name the CSV column."""
    values = {name: row.values.get(column) for column, name in columns.items()}
    return Fields(row.file, row.where, values, {name: col for col, name in columns.items()})


def _merge(
    file: str,
    seen: dict[Any, Located[Any]],
    key: object,
    item: Located[Any],
    columns: Mapping[str, str],
) -> None:
    """Keep the first definition; a later row may repeat it but not contradict it."""
    first = seen.get(key)
    if first is None:
        seen[key] = item
        return
    if first.value == item.value:
        return
    old, new = _flat(first.value), _flat(item.value)
    by_field = {name: column for column, name in columns.items()}
    differing = next((k for k in new if new[k] != old.get(k)), "")
    raise ImportFileError(
        file,
        item.where,
        by_field.get(differing, differing or None),
        f"differs from the definition on {first.where}",
    )


def _flat(value: object) -> dict[str, object]:
    out: dict[str, object] = {}
    for f in fields(value):  # type: ignore[arg-type]
        inner = getattr(value, f.name)
        if hasattr(inner, "__dataclass_fields__"):
            out.update(_flat(inner))
        else:
            out[f.name] = inner
    return out
