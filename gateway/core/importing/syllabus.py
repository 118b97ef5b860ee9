"""Reading the syllabus fields of opportunities and the quality assurance of institutions.

Both formats share these readers: JSON gives lists as arrays (``quality_assurance`` as an array
of objects), CSV as ``;``-separated values in one cell (``quality_assurance`` as parallel
``institution_qa_*`` columns, one item per entry). Every refusal names the file, the record and
the field, and lists the allowed codes where there is a list (docs/import-format.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import TypeVar

from gateway.core.importing.fields import _COUNTRY, _URL, Fields
from gateway.core.importing.model import (
    MAX_CODE,
    MAX_OUTCOME,
    MAX_OUTCOMES,
    MAX_QUALITY_ASSURANCE,
    MAX_REQUIREMENTS,
    MAX_SCHAC,
    MAX_TITLE,
    MAX_URL,
    InstitutionQuality,
    OpportunitySyllabus,
)
from gateway.core.syllabus import (
    AssessmentType,
    Participation,
    QualityAssurance,
    QualityAssuranceType,
    Syllabus,
)

E = TypeVar("E", bound=StrEnum)

SYLLABUS_FIELDS = (
    "learning_outcomes_sv",
    "learning_outcomes_en",
    "assessment",
    "participation",
    "entry_requirements_sv",
    "entry_requirements_en",
    "workload_hours",
)
QUALITY_FIELDS = (
    "type",
    "agent_name_sv",
    "agent_name_en",
    "agent_country",
    "agent_url",
    "title_en",
    "decision_date",
    "report_url",
)
#: CSV columns of an institution's quality assurance: one column per field, one item per entry.
CSV_QUALITY = tuple(f"institution_qa_{name}" for name in QUALITY_FIELDS)


def read_syllabus(f: Fields, *, csv: bool = False) -> OpportunitySyllabus:
    """The syllabus fields of an opportunity record (all optional)."""
    sv = tuple(_texts(f, "learning_outcomes_sv", csv))
    en = tuple(_texts(f, "learning_outcomes_en", csv))
    if sv and en and len(sv) != len(en):
        f.fail(
            "learning_outcomes_en",
            f"has {len(en)} outcomes, learning_outcomes_sv has {len(sv)}: give the same "
            "outcomes in both languages, in the same order",
        )
    assessment: list[AssessmentType] = []
    for shown, code in _items(f, "assessment", csv, max_items=len(AssessmentType)):
        found = _code(f, shown, code, AssessmentType, "an assessment type")
        if found in assessment:
            f.fail(shown, f"{found.value!r} is listed twice")
        assessment.append(found)
    hours = f.decimal("workload_hours")
    if hours is not None and hours == 0:
        f.fail("workload_hours", "must be more than 0 (leave it out when unknown)")
    syllabus = Syllabus(
        learning_outcomes_sv=sv,
        learning_outcomes_en=en,
        assessment=tuple(assessment),
        participation=f.choice("participation", Participation),
        entry_requirements_sv=f.text("entry_requirements_sv", max_len=MAX_REQUIREMENTS),
        entry_requirements_en=f.text("entry_requirements_en", max_len=MAX_REQUIREMENTS),
        workload_hours=hours,
    )
    return OpportunitySyllabus(
        f.req("institution", max_len=MAX_SCHAC), f.req("code", max_len=MAX_CODE), syllabus
    )


def read_quality(f: Fields) -> InstitutionQuality:
    """The ``quality_assurance`` array of a JSON institution record."""
    raw = f.values.get("quality_assurance")
    entries: list[QualityAssurance] = []
    if raw is not None:
        if not isinstance(raw, list):
            f.fail("quality_assurance", "must be an array of objects")
        if len(raw) > MAX_QUALITY_ASSURANCE:
            f.fail("quality_assurance", f"has more than {MAX_QUALITY_ASSURANCE} entries")
        for index, item in enumerate(raw):
            name = f"quality_assurance[{index}]"
            if not isinstance(item, dict):
                f.fail(name, "must be an object")
            for key in item:
                if key not in QUALITY_FIELDS:
                    f.fail(f"{name}.{key}", "is not a known field")
            names = {k: f"{name}.{k}" for k in QUALITY_FIELDS}
            entries.append(_quality_entry(Fields(f.file, f.where, item, names)))
    return InstitutionQuality(_schac(f), tuple(entries))


def read_quality_columns(row: Fields) -> InstitutionQuality:
    """An institution's quality assurance from the parallel ``institution_qa_*`` CSV columns.

    Entry *n* is item *n* of every column (``;``-separated); an optional field may be an empty
    item, and every filled column must have as many items as ``institution_qa_type``.
    """
    columns = {c: _split(row.values.get(c)) for c in CSV_QUALITY}
    count = len(columns["institution_qa_type"])
    for column, items in columns.items():
        if items and len(items) != count:
            row.fail(
                column,
                f"has {len(items)} items, institution_qa_type has {count}: one item per entry",
            )
    if count > MAX_QUALITY_ASSURANCE:
        row.fail("institution_qa_type", f"has more than {MAX_QUALITY_ASSURANCE} entries")
    entries = []
    for index in range(count):
        values = {
            name: (columns[column][index] if columns[column] else None)
            for name, column in zip(QUALITY_FIELDS, CSV_QUALITY, strict=True)
        }
        names = {
            name: f"{column} (item {index + 1})"
            for name, column in zip(QUALITY_FIELDS, CSV_QUALITY, strict=True)
        }
        entries.append(_quality_entry(Fields(row.file, row.where, values, names)))
    return InstitutionQuality(_schac(row), tuple(entries))


def _schac(f: Fields) -> str:
    return f.req("schac", max_len=MAX_SCHAC)


def _quality_entry(g: Fields) -> QualityAssurance:
    kind = _code(g, "type", g.values.get("type"), QualityAssuranceType, "a quality assurance type")
    return QualityAssurance(
        type=kind,
        agent_name_sv=g.req("agent_name_sv"),
        agent_name_en=g.req("agent_name_en"),
        agent_country=g.req("agent_country", pattern=_COUNTRY, expected="an ISO 3166 code"),
        title_en=g.req("title_en", max_len=MAX_TITLE),
        agent_url=g.text("agent_url", max_len=MAX_URL, pattern=_URL, expected="an http(s) URL"),
        decision_date=g.date("decision_date"),
        report_url=g.text("report_url", max_len=MAX_URL, pattern=_URL, expected="an http(s) URL"),
    )


def _code(f: Fields, shown: str, raw: object, enum: type[E], what: str) -> E:
    """A code of ``enum``; anything else is refused with the allowed codes listed."""
    one = Fields(f.file, f.where, {"code": raw}, {"code": f.names.get(shown, shown)})
    value = one.text("code", required=True, max_len=64)
    assert value is not None
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        one.fail("code", f"{value!r} is not {what}; allowed: {allowed}")


def _texts(f: Fields, name: str, csv: bool) -> Iterator[str]:
    for shown, raw in _items(f, name, csv, max_items=MAX_OUTCOMES):
        one = Fields(f.file, f.where, {"text": raw}, {"text": f.names.get(shown, shown)})
        yield one.req("text", max_len=MAX_OUTCOME)


def _items(f: Fields, name: str, csv: bool, *, max_items: int) -> Iterator[tuple[str, object]]:
    """The items of a list field with the name each is shown under (``name[i]`` / item n)."""
    raw = f.values.get(name)
    if raw is None or (csv and raw == ""):
        return
    shown = f.names.get(name, name)
    if csv:
        if not isinstance(raw, str):  # pragma: no cover - CSV cells are strings
            f.fail(name, "must be text")
        items: list[object] = list(_split(raw))
        labels = [f"{shown} (item {i + 1})" for i in range(len(items))]
    else:
        if not isinstance(raw, list):
            f.fail(name, "must be an array of strings")
        items = list(raw)
        labels = [f"{shown}[{i}]" for i in range(len(items))]
    if len(items) > max_items:
        f.fail(name, f"has more than {max_items} items")
    for label, item in zip(labels, items, strict=True):
        if isinstance(item, str) and not item.strip():
            f.fail(label, "is empty")
        yield label, item


def _split(cell: object) -> list[str]:
    """A CSV cell's ``;``-separated items, stripped; an empty cell is no items."""
    if not isinstance(cell, str) or not cell.strip():
        return []
    return [item.strip() for item in cell.split(";")]
