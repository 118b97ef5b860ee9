"""The JSON Schema (2020-12) of the records document of docs/import-format.md, for the OpenAPI.

The importer (``gateway.core.importing``) stays the authority: it checks references, grades in
their scale and much more than a schema can say, and its 422 names the record and the field.
This schema describes the document for clients and code generators. A test holds it to the
importer's own field lists, so a field added to the format without being described here fails
the suite, and every documented example and demo document must validate against it.
"""

from __future__ import annotations

from typing import Any

from gateway.core.degrees.model import DegreeKind, DegreeStatus
from gateway.core.importing.model import (
    FORMAT,
    MAX_CODE,
    MAX_DESCRIPTION,
    MAX_ERASMUS,
    MAX_ESI,
    MAX_GRADE,
    MAX_NAME,
    MAX_NATIONAL_ID,
    MAX_OUTCOME,
    MAX_OUTCOMES,
    MAX_QUALITY_ASSURANCE,
    MAX_REQUIREMENTS,
    MAX_SCALE_CODE,
    MAX_SCHAC,
    MAX_TERM_CODE,
    MAX_TITLE,
    MAX_URL,
    VERSION,
)
from gateway.core.records import OpportunityKind, ResultStatus, StudyLevel
from gateway.core.syllabus import AssessmentType, Participation, QualityAssuranceType

Schema = dict[str, Any]


def _text(description: str, max_len: int = MAX_NAME, **extra: Any) -> Schema:
    return {"type": "string", "maxLength": max_len, "description": description, **extra}


def _optional(schema: Schema) -> Schema:
    """Optional fields may be left out or be ``null`` (the same thing)."""
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    return {**schema, "type": [*kinds, "null"]}


def _choice(description: str, values: list[str]) -> Schema:
    return {"type": "string", "enum": values, "description": description}


_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_COUNTRY = {"type": "string", "pattern": "^[A-Z]{2}$"}
_CREDITS = {
    "type": ["number", "string"],
    "description": "Högskolepoäng (1 hp = 1 ECTS): at most one decimal, 0–99999.9; a string "
    "must use a dot (7.5), never a comma",
    "pattern": r"^\d+(\.\d)?$",
    "minimum": 0,
    "maximum": 99999.9,
}


def _record(description: str, required: dict[str, Schema], optional: dict[str, Schema]) -> Schema:
    return {
        "type": "object",
        "description": description,
        "required": list(required),
        "properties": {**required, **{k: _optional(v) for k, v in optional.items()}},
        "additionalProperties": False,
    }


QUALITY_ASSURANCE = _record(
    "One external quality assurance (or licence) of the institution, e.g. UKÄ's review.",
    {
        "type": _choice("ELM accreditation type", [t.value for t in QualityAssuranceType]),
        "agent_name_sv": _text("The agency: Universitetskanslersämbetet"),
        "agent_name_en": _text("The agency: Swedish Higher Education Authority"),
        "agent_country": {**_COUNTRY, "description": "The agency's country: SE"},
        "title_en": _text("What was reviewed or decided", MAX_TITLE),
    },
    {
        "agent_url": _text("The agency's home page, http(s)", MAX_URL, pattern=r"^https?://"),
        "decision_date": _DATE,
        "report_url": _text("The published report, http(s)", MAX_URL, pattern=r"^https?://"),
    },
)


def _list(description: str, items: Schema, max_items: int, **extra: Any) -> Schema:
    return {"type": "array", "items": items, "maxItems": max_items, "description": description,
            **extra}  # fmt: skip


_OUTCOMES = _text("One learning outcome", MAX_OUTCOME, minLength=1)


INSTITUTION = _record(
    "A higher-education institution; key: schac.",
    {
        "schac": _text("SCHAC home organisation, a lower-case domain: uu.se", MAX_SCHAC),
        "name_sv": _text("Name in the national language"),
        "name_en": _text("English name"),
        "country": {**_COUNTRY, "description": "ISO 3166-1 alpha-2: SE"},
        "url": _text("Home page, http(s)", MAX_URL, pattern=r"^https?://"),
    },
    {
        "erasmus": _text("Erasmus code: S UPPSALA01", MAX_ERASMUS),
        "pic": {"type": "string", "pattern": r"^\d{9}$", "description": "Participant ID (PIC)"},
        "quality_assurance": _list(
            "External quality assurance (micro-credential element 11)",
            QUALITY_ASSURANCE,
            MAX_QUALITY_ASSURANCE,
        ),
    },
)

GRADE: Schema = {
    "type": "object",
    "required": ["label", "passing", "description_sv", "description_en"],
    "properties": {
        "label": _text("As printed on the transcript; unique in the scale", MAX_GRADE),
        "passing": {"type": "boolean"},
        "description_sv": _text("Swedish description", MAX_DESCRIPTION),
        "description_en": _text("English description", MAX_DESCRIPTION),
    },
    "additionalProperties": False,
}

GRADING_SCALE = _record(
    "A grading scale (the built-in Swedish scales UG, UV, TH, AF, UB need not be listed); key: "
    "code.",
    {
        "code": _text("Letters, digits, '-', '_'", MAX_SCALE_CODE, pattern=r"^[A-Za-z0-9_-]+$"),
        "name_sv": _text("Swedish name"),
        "name_en": _text("English name"),
        "grades": {
            "type": "array",
            "minItems": 1,
            "items": GRADE,
            "description": "Best grade first",
        },
    },
    {},
)

TERM = _record(
    "An academic term; key: code. HT/VT codes (HT2019) a result names are derived when absent.",
    {
        "code": _text("HT2019, VT2020 or any code", MAX_TERM_CODE),
        "name_sv": _text("Höstterminen 2019"),
        "name_en": _text("Autumn semester 2019"),
        "start": _DATE,
        "end": {**_DATE, "description": "Not before start"},
    },
    {},
)

LEARNER = _record(
    "A learner; key: national_id (checked against id_country: SE personnummer, NO "
    "fødselsnummer, else one token).",
    {
        "national_id": _text("National identifier", MAX_NATIONAL_ID),
        "given_names": _text("Given names"),
        "family_name": _text("Family name"),
        "birth_date": _DATE,
    },
    {
        "id_country": {**_COUNTRY, "description": "Country that issued national_id (default SE)"},
        "citizenship": _COUNTRY,
        "gender": {
            "type": ["integer", "string"],
            "enum": [0, 1, 2, 9, "0", "1", "2", "9"],
            "description": "ISO/IEC 5218",
        },
        "esi": _text("European Student Identifier", MAX_ESI),
    },
)

OPPORTUNITY = _record(
    "A programme, course or module of one institution; key: institution + code.",
    {
        "institution": _text("schac of an institution (file or database)", MAX_SCHAC),
        "code": _text("Programme, course or module code", MAX_CODE),
        "kind": _choice("Structure", [k.value for k in OpportunityKind]),
        "title_sv": _text("Swedish title", MAX_TITLE),
        "title_en": _text("English title", MAX_TITLE),
    },
    {
        "level": _choice("Swedish cycle (EQF 6, 7, 8)", [v.value for v in StudyLevel]),
        "isced_f": {"type": "string", "pattern": r"^\d{2,4}$", "description": "ISCED-F 2013"},
        "credits": _CREDITS,
        "language": {"type": "string", "pattern": "^[a-z]{2}$", "description": "ISO 639-1"},
        "parent": _text("code of an opportunity of the same institution", MAX_CODE),
        "learning_outcomes_sv": _list("Learning outcomes (Swedish)", _OUTCOMES, MAX_OUTCOMES),
        "learning_outcomes_en": _list(
            "Learning outcomes (English): the Swedish ones in the same order when both are given",
            _OUTCOMES,
            MAX_OUTCOMES,
        ),
        "assessment": _list(
            "Forms of assessment, the main one first",
            _choice("ELM assessment type", [t.value for t in AssessmentType]),
            len(AssessmentType),
            uniqueItems=True,
        ),
        "participation": _choice("Form of participation", [p.value for p in Participation]),
        "entry_requirements_sv": _text("Entry requirements (Swedish)", MAX_REQUIREMENTS),
        "entry_requirements_en": _text("Entry requirements (English)", MAX_REQUIREMENTS),
        "workload_hours": {
            **_CREDITS,
            "description": "Notional workload in hours: more than 0, at most one decimal",
        },
    },
)

RESULT = _record(
    "A learner's result in an opportunity; key: learner + institution + opportunity.",
    {
        "learner": _text("national_id of a learner (file or database)", MAX_NATIONAL_ID),
        "institution": _text("schac", MAX_SCHAC),
        "opportunity": _text("code of an opportunity of that institution", MAX_CODE),
        "status": _choice(
            "Outcome; annulled: annulled by a formal decision, kept but delivered nowhere",
            [s.value for s in ResultStatus],
        ),
    },
    {
        "date": _DATE,
        "term": _text("Term code", MAX_TERM_CODE),
        "grade": _text(
            "Label of a grade of scale; not for in-progress results; an annulled result may "
            "keep the grade it was recorded with",
            MAX_GRADE,
        ),
        "scale": _text("Grading scale code (needed with grade)", MAX_SCALE_CODE),
        "credits": _CREDITS,
    },
)

DEGREE = _record(
    "A degree (examen) the institution awarded, with the opportunities whose passed results "
    "make it up; key: institution + code (docs/import-format.md, degrees).",
    {
        "learner": _text("national_id of a learner (file or database)", MAX_NATIONAL_ID),
        "institution": _text("schac of the awarding institution", MAX_SCHAC),
        "code": _text("The institution's degree (decision) id", MAX_CODE),
        "kind": _choice("Kind of qualification", [k.value for k in DegreeKind]),
        "title_sv": _text("Full degree title in Swedish", MAX_TITLE),
        "title_en": _text("Full degree title in English", MAX_TITLE),
        "level": _choice("Cycle (EQF 6, 7, 8)", [v.value for v in StudyLevel]),
        "credits": {**_CREDITS, "description": "The exact scope in hp, more than 0"},
        "date": {**_DATE, "description": "The day the requirements were met"},
        "issue_date": {**_DATE, "description": "Not before date"},
        "status": _choice(
            "awarded, or withdrawn (offered nowhere)", [s.value for s in DegreeStatus]
        ),
        "included": {
            "type": "array",
            "minItems": 1,
            "items": _text("code of an opportunity of the same institution", MAX_CODE),
            "description": "Each once; the learner's passed results on them carry at least credits",
        },
    },
    {
        "main_field_sv": _text("Main field of study (Swedish)", MAX_TITLE),
        "main_field_en": _text("Main field of study (English)", MAX_TITLE),
        "isced_f": {"type": "string", "pattern": r"^\d{2,4}$", "description": "ISCED-F 2013"},
        "language": {"type": "string", "pattern": "^[a-z]{2}$", "description": "ISO 639-1"},
        "certificate_pdf": _text(
            "The institution's own certificate PDF, relative to the import file (gateway import "
            "only; refused in a document sent over HTTP)",
            500,
        ),
        "supplement_pdf": _text(
            "The institution's own Diploma Supplement PDF (as certificate_pdf)", 500
        ),
    },
)

SECTIONS: dict[str, Schema] = {
    "institutions": INSTITUTION,
    "grading_scales": GRADING_SCALE,
    "terms": TERM,
    "learners": LEARNER,
    "opportunities": OPPORTUNITY,
    "results": RESULT,
    "degrees": DEGREE,
}


def records_document_schema() -> Schema:
    """The whole document: ``format``, ``version`` and the optional sections."""
    return {
        "type": "object",
        "description": "The JSON import document of docs/import-format.md (one transaction).",
        "required": ["format", "version"],
        "properties": {
            "format": {"const": FORMAT},
            "version": {"const": VERSION},
            **{
                name: {"type": ["array", "null"], "items": schema}
                for name, schema in SECTIONS.items()
            },
        },
        "additionalProperties": False,
    }
