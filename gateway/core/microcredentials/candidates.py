"""What a micro-credential is made from: a passed course or module, its learner and its syllabus.

Two sources give the same values. The results store gives a result with its learner and
institution, and the syllabus and quality assurance stored for them (``CourseData``). An ELMO
report gives the learner, the institution and the results it carries — but ELMO has no place
for learning outcomes, assessment, participation or quality assurance, so those come from the
results store only when the report's institution is one of ours (its SCHAC code is in the store),
looked up by the course code (the LOS ``local`` identifier our export writes). For any other
institution they stay empty and the eligibility check says why; nothing is derived.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from gateway.core import records
from gateway.core.elmo.build import issuer_of
from gateway.core.elmo.model import (
    Elmo,
    Issuer,
    LearningOpportunitySpecification,
    Report,
    Text,
)
from gateway.core.records import OpportunityKind, ResultStatus
from gateway.core.syllabus import CourseData, QualityAssurance, Syllabus

NATIONAL_ID = "nationalIdentifier"  # the ELMO learner identifier type our export writes
_KINDS = {"Course": OpportunityKind.COURSE, "Class": OpportunityKind.MODULE}


@dataclass(frozen=True)
class Holder:
    """The learner a micro-credential is about (Annex I element 1)."""

    given_names: str
    family_name: str
    birth_date: date | None = None
    national_id: str | None = None
    citizenship: str | None = None  # ISO 3166-1 alpha-2
    esi: str | None = None  # European Student Identifier

    @classmethod
    def of(cls, learner: records.Learner) -> Holder:
        return cls(
            learner.given_names,
            learner.family_name,
            learner.birth_date,
            learner.national_id,
            learner.citizenship,
            learner.esi,
        )


@dataclass(frozen=True)
class Achievement:
    """One passed course or module as its source states it.

    ``source`` says where it came from (``result 17``, or an ELMO path); ``body`` is the awarding
    institution as ELMO describes an issuer; ``credits`` are the course's ECTS credits (hp) and
    ``received`` those the result earned; ``scheme`` names the grading scale of ``grade``.
    """

    source: str
    code: str
    kind: OpportunityKind
    titles: tuple[Text, ...]
    body: Issuer
    credits: Decimal | None = None
    received: Decimal | None = None
    eqf: int | None = None
    isced_f: str | None = None
    language: str | None = None
    grade: str | None = None
    scheme: str | None = None
    scheme_descriptions: tuple[Text, ...] = ()
    awarded: date | None = None
    result_id: int | None = None

    @property
    def institution(self) -> str | None:
        """The awarding institution's SCHAC code, when known."""
        return self.body.identifier("schac")

    def title(self, lang: str = "en") -> str:
        """The title in ``lang``, else the first one."""
        found = next((t.value for t in self.titles if t.lang == lang), None)
        return found or (self.titles[0].value if self.titles else "")


@dataclass(frozen=True)
class Candidate:
    """A passed course or module with everything stored about it.

    ``in_store`` says whether its institution is one of ours, i.e. whether its syllabus and
    quality assurance could be looked up at all.
    """

    holder: Holder
    achievement: Achievement
    syllabus: Syllabus | None
    quality: tuple[QualityAssurance, ...]
    in_store: bool


def result_candidate(
    learner: records.Learner,
    institution: records.Institution,
    result: records.Result,
    data: CourseData,
) -> Candidate:
    """A stored result as a candidate (whatever its status: eligibility checks that)."""
    opportunity = result.opportunity
    scale = result.scale
    achievement = Achievement(
        source=f"result {result.id}",
        code=opportunity.code,
        kind=opportunity.kind,
        titles=(Text(opportunity.title_sv, "sv"), Text(opportunity.title_en, "en")),
        body=issuer_of(institution),
        credits=opportunity.credits,
        received=result.credits,
        eqf=None if opportunity.level is None else opportunity.level.eqf,
        isced_f=opportunity.isced_f,
        language=opportunity.language,
        grade=result.grade,
        scheme=None if scale is None else scale.code,
        scheme_descriptions=()
        if scale is None
        else (Text(scale.description_sv, "sv"), Text(scale.description_en, "en")),
        awarded=result.date,
        result_id=result.id,
    )
    return Candidate(
        Holder.of(learner),
        achievement,
        data.syllabus(institution.schac, opportunity.code),
        data.quality_of(institution.schac),
        in_store=True,
    )


def transcript_candidates(
    transcript: records.Transcript, data: CourseData
) -> tuple[Candidate, ...]:
    """Every passed course and module of the transcript, in transcript order."""
    return tuple(
        result_candidate(transcript.learner, inst.institution, result, data)
        for inst in transcript.institutions
        for result in inst.results()
        if result.status is ResultStatus.PASSED
        and result.opportunity.kind is not OpportunityKind.PROGRAMME
    )


def elmo_candidates(
    elmo: Elmo, data: CourseData, our_institutions: Collection[str]
) -> tuple[Candidate, ...]:
    """Every passed (or unmarked) ``Course`` and ``Class`` of the ELMO, in document order.

    A report whose issuer's SCHAC code is in ``our_institutions`` gets the stored syllabi (by
    the LOS ``local`` identifier) and quality assurance from ``data``; any other gets none.
    """
    holder = _holder(elmo)
    found: list[Candidate] = []
    for number, report in enumerate(elmo.reports, start=1):
        schac = report.issuer.identifier("schac")
        ours = schac is not None and schac in our_institutions
        for path, los in _courses(report, f"elmo/report[{number}]"):
            achievement = _achievement(report, los, path)
            syllabus = data.syllabus(schac, achievement.code) if ours and schac else None
            quality = data.quality_of(schac) if ours and schac else ()
            found.append(Candidate(holder, achievement, syllabus, quality, in_store=ours))
    return tuple(found)


def _holder(elmo: Elmo) -> Holder:
    learner = elmo.learner
    return Holder(
        given_names=" ".join(learner.given_names.split()),
        family_name=" ".join(learner.family_name.split()),
        birth_date=learner.bday,
        national_id=learner.identifier(NATIONAL_ID),
        citizenship=learner.citizenship,
        esi=learner.identifier("esi"),
    )


def _courses(report: Report, path: str) -> Iterator[tuple[str, LearningOpportunitySpecification]]:
    def walk(
        los: LearningOpportunitySpecification, here: str
    ) -> Iterator[tuple[str, LearningOpportunitySpecification]]:
        status = (los.instance.status or "passed").strip().lower()
        if los.type in _KINDS and status == "passed":
            yield here, los
        for index, part in enumerate(los.has_part, start=1):
            yield from walk(part, f"{here}/hasPart[{index}]/learningOpportunitySpecification")

    for index, los in enumerate(report.opportunities, start=1):
        yield from walk(los, f"{path}/learningOpportunitySpecification[{index}]")


def _achievement(report: Report, los: LearningOpportunitySpecification, path: str) -> Achievement:
    loi = los.instance
    eqf = next(
        (
            int(level.value)
            for level in loi.levels
            if level.type.strip().upper() == "EQF"
            and level.value is not None
            and level.value.strip() in {str(n) for n in range(1, 9)}
        ),
        None,
    )
    scheme = loi.grading_scheme_local_id
    descriptions = next(
        (s.descriptions for s in report.grading_schemes if s.local_id == scheme), ()
    )
    code = los.identifier("local") or (los.identifiers[0].value if los.identifiers else "")
    ects = loi.ects()
    return Achievement(
        source=path,
        code=code,
        kind=_KINDS[los.type or ""],
        titles=tuple(t for t in los.titles if t.value.strip()),
        body=report.issuer,
        credits=ects,
        received=ects,
        eqf=eqf,
        isced_f=los.isced_code,
        language=loi.language_of_instruction,
        grade=loi.result_label,
        scheme=scheme,
        scheme_descriptions=descriptions,
        awarded=loi.date,
    )
