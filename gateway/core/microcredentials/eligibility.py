"""Is a passed course or module a complete EU micro-credential, and if not, what is missing and why.

The one rule every micro-credential output follows (ELM, the flat wallet credential, Open
Badges): a candidate is eligible when all 11 mandatory elements of the Council Recommendation
(2022/C 243/02, Annex I) can be filled from what is stored — never derived, never guessed. Each
element that cannot be filled is a ``Gap`` with the reason, as a code (for the learner's pages,
which say it in Swedish and English) and as an English sentence (for reports and logs).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

from gateway.core import records
from gateway.core.elm import vocabulary as cv
from gateway.core.elm.microcredential import ELEMENTS
from gateway.core.microcredentials.candidates import (
    Candidate,
    result_candidate,
    transcript_candidates,
)
from gateway.core.records import OpportunityKind, ResultStatus
from gateway.core.syllabus import CourseData

ELEMENT_NAMES: Final = {element.number: element.name for element in ELEMENTS}


class GapReason(StrEnum):
    """Why an element cannot be filled; ``web/texts`` says each in Swedish and English."""

    NOT_IN_STORE = "not-in-store"
    NO_SYLLABUS = "no-syllabus"
    NO_OUTCOMES = "no-outcomes"
    NO_ASSESSMENT = "no-assessment"
    NO_GRADE = "no-grade"
    NO_PARTICIPATION = "no-participation"
    NO_QUALITY_ASSURANCE = "no-quality-assurance"
    NO_CREDITS = "no-credits"
    NO_LEVEL = "no-level"
    NO_COUNTRY = "no-country"
    NO_TITLE = "no-title"
    NO_AWARDING_BODY = "no-awarding-body"
    NO_LEARNER_ID = "no-learner-id"


_EXPLANATIONS: Final = {
    GapReason.NOT_IN_STORE: "the awarding institution is not in this gateway's results store, "
    "and EMREX ELMO carries no learning outcomes, assessment type, form of participation or "
    "quality assurance",
    GapReason.NO_SYLLABUS: "the results store has no syllabus for this course or module",
    GapReason.NO_OUTCOMES: "the syllabus states no learning outcomes",
    GapReason.NO_ASSESSMENT: "the syllabus states no form of assessment",
    GapReason.NO_GRADE: "the result has no grade, so there is no assessment to state the type of",
    GapReason.NO_PARTICIPATION: "the course offering states no form of participation",
    GapReason.NO_QUALITY_ASSURANCE: "the awarding institution has no quality assurance on record",
    GapReason.NO_CREDITS: "the course or module states neither credits nor workload hours",
    GapReason.NO_LEVEL: "the course or module states no level (cycle)",
    GapReason.NO_COUNTRY: "the awarding institution's country is not known",
    GapReason.NO_TITLE: "the course or module has no title",
    GapReason.NO_AWARDING_BODY: "the awarding institution has no name",
    GapReason.NO_LEARNER_ID: "the learner has no name, or neither a birth date nor an identifier",
}


@dataclass(frozen=True)
class Gap:
    """One Annex I element that cannot be filled, and why."""

    element: int
    reason: GapReason

    @property
    def element_name(self) -> str:
        return ELEMENT_NAMES[self.element]

    @property
    def explanation(self) -> str:
        return _EXPLANATIONS[self.reason]

    def to_json(self) -> dict[str, Any]:
        return {
            "element": self.element,
            "name": self.element_name,
            "reason": self.reason.value,
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class Eligibility:
    """The verdict on one candidate: eligible when no element is missing."""

    candidate: Candidate
    gaps: tuple[Gap, ...]

    @property
    def eligible(self) -> bool:
        return not self.gaps

    @property
    def missing(self) -> tuple[int, ...]:
        """The missing Annex I element numbers, in order."""
        return tuple(sorted({gap.element for gap in self.gaps}))

    def to_json(self) -> dict[str, Any]:
        achievement = self.candidate.achievement
        return {
            "source": achievement.source,
            "institution": achievement.institution,
            "code": achievement.code,
            "title": achievement.title(),
            "eligible": self.eligible,
            "missing": list(self.missing),
            "gaps": [gap.to_json() for gap in self.gaps],
        }


def eligibility_of(candidate: Candidate) -> Eligibility:
    """Check the 11 elements of one passed course or module."""
    return Eligibility(candidate, tuple(_gaps(candidate)))


def result_eligibility(
    learner: records.Learner,
    institution: records.Institution,
    result: records.Result,
    data: CourseData,
) -> Eligibility:
    """One stored result; ValueError unless it is a passed course or module."""
    if result.status is not ResultStatus.PASSED:
        raise ValueError(f"result {result.id} is not passed: only passed results can be awarded")
    if result.opportunity.kind is OpportunityKind.PROGRAMME:
        raise ValueError(f"result {result.id} is a programme, not a course or module")
    return eligibility_of(result_candidate(learner, institution, result, data))


def transcript_eligibility(
    transcript: records.Transcript, data: CourseData
) -> tuple[Eligibility, ...]:
    """Every passed course and module of the transcript, in transcript order."""
    return tuple(eligibility_of(c) for c in transcript_candidates(transcript, data))


def _gaps(candidate: Candidate) -> Iterator[Gap]:
    holder, achievement = candidate.holder, candidate.achievement
    if not (holder.given_names.strip() or holder.family_name.strip()) or not (
        holder.birth_date or holder.national_id or holder.esi
    ):
        yield Gap(1, GapReason.NO_LEARNER_ID)
    if not achievement.titles:
        yield Gap(2, GapReason.NO_TITLE)
    country = achievement.body.country
    if not country or cv.country_code(country) is None:
        yield Gap(3, GapReason.NO_COUNTRY)
    if not any(t.value.strip() for t in achievement.body.titles):
        yield Gap(4, GapReason.NO_AWARDING_BODY)
    syllabus = candidate.syllabus
    missing_syllabus = GapReason.NO_SYLLABUS if candidate.in_store else GapReason.NOT_IN_STORE
    if syllabus is None:
        yield Gap(6, missing_syllabus)
    elif not (syllabus.learning_outcomes_en or syllabus.learning_outcomes_sv):
        yield Gap(6, GapReason.NO_OUTCOMES)
    if not (achievement.credits and achievement.credits > 0) and not (
        syllabus and syllabus.workload_hours
    ):
        yield Gap(7, GapReason.NO_CREDITS)
    if achievement.eqf is None:
        yield Gap(8, GapReason.NO_LEVEL)
    if syllabus is None:
        yield Gap(9, missing_syllabus)
    elif not syllabus.assessment:
        yield Gap(9, GapReason.NO_ASSESSMENT)
    elif not (achievement.grade and achievement.grade.strip()):
        yield Gap(9, GapReason.NO_GRADE)
    if syllabus is None:
        yield Gap(10, missing_syllabus)
    elif syllabus.participation is None:
        yield Gap(10, GapReason.NO_PARTICIPATION)
    if not candidate.quality:
        yield Gap(11, GapReason.NO_QUALITY_ASSURANCE if candidate.in_store else missing_syllabus)
