"""Syllabus codes → ELM 3.2 concepts: assessment types, modes, learning setting, accreditation.

The IRIs and English labels are those of the ELM code lists (``xsd/loq/cv/europass-learning-
assessment-types.xsd``, ``europass-modes.xsd``, ``europass-learning-setting-types.xsd``,
``europass-accreditation-types.xsd``); a test reads those files from the schema directory and
compares.
"""

from __future__ import annotations

from typing import Any, Final

from gateway.core.elm.vocabulary import concept
from gateway.core.syllabus import AssessmentType, Participation, QualityAssuranceType

_SNB = "http://data.europa.eu/snb"
ASSESSMENT_SCHEME: Final = f"{_SNB}/assessment/25831c2"
MODE_SCHEME: Final = f"{_SNB}/learning-assessment/25831c2"
LEARNING_SETTING_SCHEME: Final = f"{_SNB}/learning-setting/25831c2"
ACCREDITATION_SCHEME: Final = f"{_SNB}/accreditation/25831c2"
FORMAL_LEARNING: Final = (f"{_SNB}/learning-setting/6fd4685715", "formal learning")

ASSESSMENT_IRIS: Final = {
    AssessmentType.WRITTEN_EXAMINATION: f"{_SNB}/assessment/6e6cb2cc78",
    AssessmentType.ORAL_EXAMINATION: f"{_SNB}/assessment/d30284d7df",
    AssessmentType.PRACTICAL_ASSESSMENT: f"{_SNB}/assessment/6a4db9f11d",
    AssessmentType.PROJECT_WORK: f"{_SNB}/assessment/795dac4096",
    AssessmentType.PORTFOLIO: f"{_SNB}/assessment/4f03b91c0e",
    AssessmentType.CONTINUOUS_EVALUATION: f"{_SNB}/assessment/3484bd7e51",
    AssessmentType.MARKED_ASSIGNMENT: f"{_SNB}/assessment/2939dae15f",
    AssessmentType.PEER_ASSESSMENT: f"{_SNB}/assessment/19a2e5e671",
    AssessmentType.PEER_REVIEW: f"{_SNB}/assessment/812e3b0ae1",
    AssessmentType.GROUP_PERFORMANCE: f"{_SNB}/assessment/56539a6507",
    AssessmentType.LEVEL_OF_ATTENDANCE: f"{_SNB}/assessment/7331eb4762",
    AssessmentType.QUIZ: f"{_SNB}/assessment/b1b68f6735",
    AssessmentType.PROBLEM_BASED_LEARNING: f"{_SNB}/assessment/c4256a2726",
    AssessmentType.ARTEFACT_ASSESSMENT: f"{_SNB}/assessment/de4d165a6c",
}
MODE_IRIS: Final = {
    Participation.PRESENTIAL: f"{_SNB}/learning-assessment/9191af2ed9",
    Participation.ONLINE: f"{_SNB}/learning-assessment/920fbb3cbe",
    Participation.BLENDED: f"{_SNB}/learning-assessment/e92d221e4d",
}
ACCREDITATION_IRIS: Final = {
    QualityAssuranceType.INSTITUTIONAL_QA: f"{_SNB}/accreditation/bb4618238e",
    QualityAssuranceType.PROGRAMME_QA: f"{_SNB}/accreditation/820101cba6",
    QualityAssuranceType.INSTITUTIONAL_LICENCE: f"{_SNB}/accreditation/003293d2ce",
    QualityAssuranceType.PROGRAMME_LICENCE: f"{_SNB}/accreditation/e57dddfcf3",
}


def assessment_concept(code: AssessmentType) -> dict[str, Any]:
    return concept(ASSESSMENT_IRIS[code], ASSESSMENT_SCHEME, code.label_en)


def mode_concept(code: Participation) -> dict[str, Any]:
    return concept(MODE_IRIS[code], MODE_SCHEME, code.label_en)


def accreditation_concept(code: QualityAssuranceType) -> dict[str, Any]:
    return concept(ACCREDITATION_IRIS[code], ACCREDITATION_SCHEME, code.label_en)


def formal_learning() -> dict[str, Any]:
    return concept(FORMAL_LEARNING[0], LEARNING_SETTING_SCHEME, FORMAL_LEARNING[1])
