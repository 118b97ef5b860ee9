"""A complete micro-credential candidate from store values, and ways to take parts away."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from gateway.core.grading import BUILTIN_SCALES
from gateway.core.records import (
    Institution,
    Learner,
    Opportunity,
    OpportunityKind,
    Result,
    ResultStatus,
    StudyLevel,
)
from gateway.core.syllabus import (
    AssessmentType,
    CourseData,
    Participation,
    QualityAssurance,
    QualityAssuranceType,
    Syllabus,
)

KARIN = Learner(
    national_id="19900315-2389",
    given_names="Karin",
    family_name="Andersson",
    birth_date=date(1990, 3, 15),
    citizenship="SE",
    esi="urn:schac:personalUniqueCode:int:esi:ladok.se:7d3c1f0e2b",
)
UU = Institution(
    "uu.se", "Uppsala universitet", "Uppsala University", "SE", "https://www.uu.se",
    "S UPPSALA01", "999874435",
)  # fmt: skip
COURSE = Opportunity(
    institution="uu.se",
    code="1DL301",
    kind=OpportunityKind.COURSE,
    title_sv="Databasteknik I",
    title_en="Database Design I",
    level=StudyLevel.FIRST_CYCLE,
    credits=Decimal("7.5"),
    isced_f="0613",
    language="sv",
)
RESULT = Result(
    id=17,
    opportunity=COURSE,
    status=ResultStatus.PASSED,
    date=date(2011, 1, 14),
    term=None,
    grade="5",
    scale=BUILTIN_SCALES["TH"],
    credits=Decimal("7.5"),
)
SYLLABUS = Syllabus(
    learning_outcomes_sv=("formulera frågor i SQL", "normalisera ett relationsschema"),
    learning_outcomes_en=("formulate queries in SQL", "normalise a relational schema"),
    assessment=(AssessmentType.WRITTEN_EXAMINATION, AssessmentType.MARKED_ASSIGNMENT),
    participation=Participation.PRESENTIAL,
    entry_requirements_sv="Programkonstruktion, 10 hp",
    entry_requirements_en="Program Design, 10 credits",
    workload_hours=Decimal("200"),
)
UKA = QualityAssurance(
    type=QualityAssuranceType.INSTITUTIONAL_QA,
    agent_name_sv="Universitetskanslersämbetet",
    agent_name_en="Swedish Higher Education Authority",
    agent_country="SE",
    title_en="Review of the quality assurance processes of Uppsala University",
    agent_url="https://www.uka.se",
    decision_date=date(2021, 6, 17),
    report_url="https://www.uka.se/reports/uu",
)
DATA = CourseData({("uu.se", "1DL301"): SYLLABUS}, {"uu.se": (UKA,)})


def data(syllabus: Syllabus | None = SYLLABUS, *quality: QualityAssurance) -> CourseData:
    """Course data for 1DL301 with this syllabus (None: none) and quality assurance."""
    syllabi = {} if syllabus is None else {("uu.se", "1DL301"): syllabus}
    return CourseData(syllabi, {"uu.se": quality} if quality else {})


def result(**changes: object) -> Result:
    return replace(RESULT, **changes)  # type: ignore[arg-type]


def course(**changes: object) -> Opportunity:
    return replace(COURSE, **changes)  # type: ignore[arg-type]
