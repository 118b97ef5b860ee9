"""Reading syllabus fields and quality assurance from JSON and CSV, and refusing bad ones."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import pytest

from gateway.core.importing import CSV_COLUMNS, FORMAT, check_file, parse_csv
from gateway.core.syllabus import Participation, QualityAssuranceType
from gateway.errors import ImportFileError
from tests.core.microcredentials.factories import SYLLABUS
from tests.core.microcredentials.factories import UKA as EXPECTED_QA

Doc = dict[str, Any]

UKA = {
    "type": "institutional-qa",
    "agent_name_sv": "Universitetskanslersämbetet",
    "agent_name_en": "Swedish Higher Education Authority",
    "agent_country": "SE",
    "agent_url": "https://www.uka.se",
    "title_en": "Review of the quality assurance processes of Uppsala University",
    "decision_date": "2021-06-17",
    "report_url": "https://www.uka.se/reports/uu",
}
COURSE = {
    "institution": "uu.se",
    "code": "1DL301",
    "kind": "course",
    "title_sv": "Databasteknik I",
    "title_en": "Database Design I",
    "level": "grundniva",
    "credits": 7.5,
    "learning_outcomes_sv": ["formulera frågor i SQL", "normalisera ett relationsschema"],
    "learning_outcomes_en": ["formulate queries in SQL", "normalise a relational schema"],
    "assessment": ["written-examination", "marked-assignment"],
    "participation": "presential",
    "entry_requirements_sv": "Programkonstruktion, 10 hp",
    "entry_requirements_en": "Program Design, 10 credits",
    "workload_hours": 200,
}
INSTITUTION = {
    "schac": "uu.se",
    "name_sv": "Uppsala universitet",
    "name_en": "Uppsala University",
    "country": "SE",
    "url": "https://www.uu.se",
    "quality_assurance": [UKA],
}
EXPECTED_SYLLABUS = SYLLABUS


def _doc(**changes: Any) -> Doc:
    return {
        "format": FORMAT,
        "version": 1,
        "institutions": [copy.deepcopy(INSTITUTION)],
        "opportunities": [copy.deepcopy(COURSE)],
        **changes,
    }


def _error(doc: Doc) -> ImportFileError:
    with pytest.raises(ImportFileError) as caught:
        check_file(json.dumps(doc).encode(), "f.json", "json")
    return caught.value


def test_json_fields_are_read() -> None:
    plan = check_file(json.dumps(_doc()).encode(), "f.json", "json")
    assert [(s.institution, s.code, s.syllabus) for s in plan.syllabi] == [
        ("uu.se", "1DL301", EXPECTED_SYLLABUS)
    ]
    assert [(q.institution, q.entries) for q in plan.quality_assurance] == [
        ("uu.se", (EXPECTED_QA,))
    ]
    assert EXPECTED_SYLLABUS.outcomes()[1] == (
        "normalisera ett relationsschema",
        "normalise a relational schema",
    )


def test_records_without_the_fields_state_empty_ones() -> None:
    doc = _doc()
    del doc["institutions"][0]["quality_assurance"]
    doc["opportunities"][0] = {k: v for k, v in COURSE.items() if k in ("institution", "code",
                               "kind", "title_sv", "title_en")}  # fmt: skip
    plan = check_file(json.dumps(doc).encode(), "f.json", "json")
    assert plan.syllabi[0].syllabus.is_empty
    assert plan.quality_assurance[0].entries == ()


def test_one_language_of_outcomes_is_enough() -> None:
    doc = _doc()
    del doc["opportunities"][0]["learning_outcomes_sv"]
    syllabus = check_file(json.dumps(doc).encode(), "f.json", "json").syllabi[0].syllabus
    assert syllabus.outcomes() == (
        (None, "formulate queries in SQL"),
        (None, "normalise a relational schema"),
    )


def _set(section: str, field: str, value: Any, entry: int | None = None) -> Doc:
    doc = _doc()
    target = doc[section][0]
    if entry is not None:
        target = target["quality_assurance"][entry]
    if value is None:
        del target[field]
    else:
        target[field] = value
    return doc


@pytest.mark.parametrize(
    ("doc", "record", "field", "words"),
    [
        (_set("opportunities", "assessment", ["written-examination", "exam"]),
         "opportunities[0]", "assessment[1]", "'exam' is not an assessment type; allowed: "
         "written-examination, oral-examination, practical-assessment, project-work, portfolio, "
         "continuous-evaluation, marked-assignment, peer-assessment, peer-review, "
         "group-performance, level-of-attendance, quiz, problem-based-learning, "
         "artefact-assessment"),
        (_set("opportunities", "assessment", ["quiz", "quiz"]), "opportunities[0]",
         "assessment[1]", "listed twice"),
        (_set("opportunities", "assessment", "quiz"), "opportunities[0]", "assessment",
         "must be an array"),
        (_set("opportunities", "participation", "campus"), "opportunities[0]", "participation",
         "must be one of presential, online, blended, not 'campus'"),
        (_set("opportunities", "learning_outcomes_en", ["line\nbreak", "b"]), "opportunities[0]",
         "learning_outcomes_en[0]", "control character"),
        (_set("opportunities", "learning_outcomes_sv", ["ok", "tab\there"]), "opportunities[0]",
         "learning_outcomes_sv[1]", "control character"),
        (_set("opportunities", "learning_outcomes_sv", ["a", "  "]), "opportunities[0]",
         "learning_outcomes_sv[1]", "is empty"),
        (_set("opportunities", "learning_outcomes_sv", ["a", 7]), "opportunities[0]",
         "learning_outcomes_sv[1]", "must be a string"),
        (_set("opportunities", "learning_outcomes_sv", ["a"]), "opportunities[0]",
         "learning_outcomes_en", "has 2 outcomes, learning_outcomes_sv has 1"),
        (_set("opportunities", "learning_outcomes_sv", ["x" * 1001, "b"]), "opportunities[0]",
         "learning_outcomes_sv[0]", "longer than 1000"),
        (_set("opportunities", "learning_outcomes_sv", [str(i) for i in range(51)]),
         "opportunities[0]", "learning_outcomes_sv", "more than 50 items"),
        (_set("opportunities", "workload_hours", 0), "opportunities[0]", "workload_hours",
         "more than 0"),
        (_set("opportunities", "workload_hours", "7,5"), "opportunities[0]", "workload_hours",
         "decimal separator"),
        (_set("opportunities", "entry_requirements_en", "a\u0000b"), "opportunities[0]",
         "entry_requirements_en", "control character"),
        (_set("institutions", "quality_assurance", UKA), "institutions[0]", "quality_assurance",
         "array of objects"),
        (_set("institutions", "agent_name_sv", None, entry=0), "institutions[0]",
         "quality_assurance[0].agent_name_sv", "is required"),
        (_set("institutions", "agent_name_en", None, entry=0), "institutions[0]",
         "quality_assurance[0].agent_name_en", "is required"),
        (_set("institutions", "type", "accreditation", entry=0), "institutions[0]",
         "quality_assurance[0].type", "allowed: institutional-qa, programme-qa, "
         "institutional-licence, programme-licence"),
        (_set("institutions", "agent_country", "Sweden", entry=0), "institutions[0]",
         "quality_assurance[0].agent_country", "ISO 3166"),
        (_set("institutions", "decision_date", "2021-02-30", entry=0), "institutions[0]",
         "quality_assurance[0].decision_date", "not a valid date"),
        (_set("institutions", "report_url", "uka.se/report", entry=0), "institutions[0]",
         "quality_assurance[0].report_url", "http(s) URL"),
        (_set("institutions", "agent", "UKÄ", entry=0), "institutions[0]",
         "quality_assurance[0].agent", "not a known field"),
        (_set("institutions", "quality_assurance", [UKA] * 11), "institutions[0]",
         "quality_assurance", "more than 10"),
    ],
)  # fmt: skip
def test_json_refusals_name_record_and_field(doc: Doc, record: str, field: str, words: str) -> None:
    error = _error(doc)
    assert (error.file, error.record, error.field) == ("f.json", record, field)
    assert words in error.problem


# ----- CSV

HEADER = (
    "institution,institution_name_sv,institution_name_en,institution_country,institution_url,"
    "institution_qa_type,institution_qa_agent_name_sv,institution_qa_agent_name_en,"
    "institution_qa_agent_country,institution_qa_agent_url,institution_qa_title_en,"
    "national_id,given_names,family_name,birth_date,opportunity,kind,title_sv,title_en,"
    "learning_outcomes_sv,learning_outcomes_en,assessment,participation,workload_hours,status"
)
INSTITUTION_CELLS = (
    "uu.se,Uppsala universitet,Uppsala University,SE,https://www.uu.se,"
    "institutional-qa;programme-qa,Universitetskanslersämbetet;Universitetskanslersämbetet,"
    "Swedish Higher Education Authority;Swedish Higher Education Authority,SE;SE,"
    "https://www.uka.se;,Institutional review;Programme evaluation"
)
LEARNER_CELLS = "19900315-2389,Karin,Andersson,1990-03-15"
COURSE_CELLS = (
    "1DL301,course,Databasteknik I,Database Design I,"
    "formulera frågor i SQL;normalisera ett relationsschema,"
    "formulate queries in SQL;normalise a relational schema,"
    "written-examination;marked-assignment,presential,200"
)


def _csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def _csv_error(data: bytes) -> ImportFileError:
    with pytest.raises(ImportFileError) as caught:
        check_file(data, "f.csv", "csv")
    return caught.value


def test_csv_lists_and_parallel_quality_assurance_columns() -> None:
    batch = parse_csv(_csv(f"{INSTITUTION_CELLS},{LEARNER_CELLS},{COURSE_CELLS},passed"), "f.csv")
    syllabus = batch.syllabi[0].value.syllabus
    assert syllabus.learning_outcomes_sv == EXPECTED_SYLLABUS.learning_outcomes_sv
    assert syllabus.learning_outcomes_en == EXPECTED_SYLLABUS.learning_outcomes_en
    assert syllabus.assessment == EXPECTED_SYLLABUS.assessment
    assert syllabus.participation is Participation.PRESENTIAL
    assert syllabus.workload_hours == Decimal("200.0")
    entries = batch.quality_assurance[0].value.entries
    assert [(e.type, e.agent_url, e.title_en) for e in entries] == [
        (QualityAssuranceType.INSTITUTIONAL_QA, "https://www.uka.se", "Institutional review"),
        (QualityAssuranceType.PROGRAMME_QA, None, "Programme evaluation"),
    ]


def test_csv_rows_that_only_refer_state_nothing() -> None:
    refer = "uu.se,,,,,,,,,,,20010101-0017,Ny,Student,2001-01-01,1DL301,,,,,,,,,passed"
    batch = parse_csv(
        _csv(f"{INSTITUTION_CELLS},{LEARNER_CELLS},{COURSE_CELLS},passed", refer), "f.csv"
    )
    assert len(batch.results) == 2
    assert [s.where for s in batch.syllabi] == [q.where for q in batch.quality_assurance]
    assert [s.where for s in batch.syllabi] == ["line 2"]


@pytest.mark.parametrize(
    ("cells", "field", "words"),
    [
        (COURSE_CELLS.replace("marked-assignment", "exam"), "assessment (item 2)",
         "'exam' is not an assessment type; allowed: written-examination"),
        (COURSE_CELLS.replace("presential", "distance"), "participation",
         "must be one of presential, online, blended"),
        (COURSE_CELLS.replace("relationsschema,", "relationsschema;,"),
         "learning_outcomes_sv (item 3)", "is empty"),
        (COURSE_CELLS.replace("SQL;normalise a relational schema", "SQL"),
         "learning_outcomes_en", "has 1 outcomes, learning_outcomes_sv has 2"),
        (COURSE_CELLS.replace("formulera frågor i SQL;normalisera ett relationsschema",
                              '"formulera frågor i SQL;normalisera\tett relationsschema"'),
         "learning_outcomes_sv (item 2)", "control character"),
    ],
)  # fmt: skip
def test_csv_syllabus_refusals(cells: str, field: str, words: str) -> None:
    error = _csv_error(_csv(f"{INSTITUTION_CELLS},{LEARNER_CELLS},{cells},passed"))
    assert (error.record, error.field) == ("line 2", field)
    assert words in error.problem


@pytest.mark.parametrize(
    ("cells", "field", "words"),
    [
        (INSTITUTION_CELLS.replace("sämbetet;Universitetskanslersämbetet", "sämbetet;"),
         "institution_qa_agent_name_sv (item 2)", "is required"),
        (INSTITUTION_CELLS.replace(",SE;SE,", ",SE,"), "institution_qa_agent_country",
         "has 1 items, institution_qa_type has 2"),
        (INSTITUTION_CELLS.replace("programme-qa", "ukä"), "institution_qa_type (item 2)",
         "allowed: institutional-qa, programme-qa, institutional-licence, programme-licence"),
        (INSTITUTION_CELLS.replace("institutional-qa;programme-qa", ""),
         "institution_qa_agent_name_sv", "has 2 items, institution_qa_type has 0"),
    ],
)  # fmt: skip
def test_csv_quality_assurance_refusals(cells: str, field: str, words: str) -> None:
    error = _csv_error(_csv(f"{cells},{LEARNER_CELLS},{COURSE_CELLS},passed"))
    assert (error.record, error.field) == ("line 2", field)
    assert words in error.problem


def test_csv_rows_defining_one_record_must_agree_on_its_syllabus() -> None:
    other = COURSE_CELLS.replace("presential", "online")
    error = _csv_error(
        _csv(
            f"{INSTITUTION_CELLS},{LEARNER_CELLS},{COURSE_CELLS},passed",
            f"{INSTITUTION_CELLS},{LEARNER_CELLS},{other},passed",
        )
    )
    assert (error.record, error.field) == ("line 3", "participation")
    assert "differs from the definition on line 2" in error.problem


def test_new_columns_are_known() -> None:
    assert {"institution_qa_type", "learning_outcomes_sv", "assessment"} <= set(CSV_COLUMNS)
