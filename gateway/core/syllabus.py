"""Course syllabus (kursplan) and institutional quality assurance: micro-credential data (Annex I).

The results store's opportunities and institutions say nothing about learning outcomes, forms of
assessment, the form of participation or quality assurance; in Sweden the syllabus (HF 6 kap.
14–15 §§), the course offering and UKÄ's reviews do. These values carry them
(docs/import-format.md). The codes are the ELM 3.2 controlled lists written in kebab case:
assessment types (``assessment/25831c2``), modes of learning and assessment
(``learning-assessment/25831c2``) and accreditation types (``accreditation/25831c2``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Final


class AssessmentType(StrEnum):
    """The 14 ELM assessment types, each the kebab case of its English label."""

    WRITTEN_EXAMINATION = "written-examination"
    ORAL_EXAMINATION = "oral-examination"
    PRACTICAL_ASSESSMENT = "practical-assessment"
    PROJECT_WORK = "project-work"
    PORTFOLIO = "portfolio"
    CONTINUOUS_EVALUATION = "continuous-evaluation"
    MARKED_ASSIGNMENT = "marked-assignment"
    PEER_ASSESSMENT = "peer-assessment"
    PEER_REVIEW = "peer-review"
    GROUP_PERFORMANCE = "group-performance"
    LEVEL_OF_ATTENDANCE = "level-of-attendance"
    QUIZ = "quiz"
    PROBLEM_BASED_LEARNING = "problem-based-learning"
    ARTEFACT_ASSESSMENT = "artefact-assessment"

    @property
    def label_en(self) -> str:
        """ELM's English label ("written examination"): the code without its hyphens."""
        return self.value.replace("-", " ")


class Participation(StrEnum):
    """The form of participation: ELM modes of learning and assessment (kurstillfälle)."""

    PRESENTIAL = "presential"  # campus (undervisningsform "normal" / campus)
    ONLINE = "online"  # distance (distans)
    BLENDED = "blended"

    @property
    def label_en(self) -> str:
        return self.value.capitalize()


class QualityAssuranceType(StrEnum):
    """ELM accreditation types: quality assurance and licences (degree-awarding powers)."""

    INSTITUTIONAL_QA = "institutional-qa"
    PROGRAMME_QA = "programme-qa"
    INSTITUTIONAL_LICENCE = "institutional-licence"
    PROGRAMME_LICENCE = "programme-licence"

    @property
    def label_en(self) -> str:
        return _QA_LABELS[self.value]


# The labels of the official list (europass-accreditation-types.xsd), American spelling included.
_QA_LABELS: Final = {
    "institutional-qa": "Institutional Quality Assurance",
    "programme-qa": "Program Quality Assurance",
    "institutional-licence": "Institutional License",
    "programme-licence": "Program License",
}


@dataclass(frozen=True)
class Syllabus:
    """What a syllabus and its course offering state; every part optional.

    ``learning_outcomes_sv`` and ``learning_outcomes_en`` are the same outcomes in the same order
    when both are given (the import checks it); ``assessment`` lists the forms of assessment,
    the main one first; ``workload_hours`` is the notional workload in hours.
    """

    learning_outcomes_sv: tuple[str, ...] = ()
    learning_outcomes_en: tuple[str, ...] = ()
    assessment: tuple[AssessmentType, ...] = ()
    participation: Participation | None = None
    entry_requirements_sv: str | None = None
    entry_requirements_en: str | None = None
    workload_hours: Decimal | None = None

    def __post_init__(self) -> None:
        sv, en = self.learning_outcomes_sv, self.learning_outcomes_en
        if sv and en and len(sv) != len(en):
            raise ValueError("learning outcomes in Swedish and English must pair up")

    @property
    def is_empty(self) -> bool:
        return self == _EMPTY

    def outcomes(self) -> tuple[tuple[str | None, str | None], ...]:
        """Each learning outcome as (Swedish, English); one of them may be missing."""
        sv, en = self.learning_outcomes_sv, self.learning_outcomes_en
        count = max(len(sv), len(en))
        return tuple((sv[i] if sv else None, en[i] if en else None) for i in range(count))


_EMPTY: Final = Syllabus()


@dataclass(frozen=True)
class QualityAssurance:
    """One external quality assurance (or licence) of an institution, e.g. UKÄ's review."""

    type: QualityAssuranceType
    agent_name_sv: str
    agent_name_en: str
    agent_country: str  # ISO 3166-1 alpha-2
    title_en: str
    agent_url: str | None = None
    decision_date: date | None = None
    report_url: str | None = None


@dataclass(frozen=True)
class CourseData:
    """Syllabi by (institution schac, opportunity code) and quality assurance by institution."""

    syllabi: Mapping[tuple[str, str], Syllabus] = field(default_factory=dict)
    quality: Mapping[str, tuple[QualityAssurance, ...]] = field(default_factory=dict)

    def syllabus(self, institution: str, code: str) -> Syllabus | None:
        """The stored syllabus of an opportunity, or None when it has none."""
        found = self.syllabi.get((institution, code))
        return None if found is None or found.is_empty else found

    def quality_of(self, institution: str) -> tuple[QualityAssurance, ...]:
        return self.quality.get(institution, ())
