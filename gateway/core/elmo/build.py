"""Student records → ELMO 1.7 model, ECTS on one node per branch (notes/emrex.md §2.3, §2.5, §4)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Final

from gateway.core import records
from gateway.core.elmo.model import (
    AcademicTerm,
    Attachment,
    Credit,
    Elmo,
    GradingScheme,
    Identifier,
    Issuer,
    Learner,
    LearningOpportunityInstance,
    LearningOpportunitySpecification,
    Level,
    Report,
    Text,
)
from gateway.core.records import OpportunityKind, ResultStatus

ECTS = "ects"
EQF = "EQF"
_LEVELS: Final = {level: (Level(type=EQF, value=str(level.eqf)),) for level in records.StudyLevel}


def elmo_from_transcript(
    transcript: records.Transcript,
    *,
    generated: datetime,
    attachments: Sequence[Attachment] = (),
) -> Elmo:
    """The ELMO for ``transcript`` (usually already narrowed with ``Transcript.select``).

    One report per institution, issued at ``generated``; ``attachments`` go at elmo level.
    """
    if generated.utcoffset() is None:
        raise ValueError("generated must be timezone-aware")
    return Elmo(
        generated_date=generated,
        learner=_learner(transcript.learner),
        reports=tuple(_report(inst, generated) for inst in transcript.institutions),
        attachments=tuple(attachments),
    )


def _learner(learner: records.Learner) -> Learner:
    identifiers = [Identifier("nationalIdentifier", learner.national_id)]
    if learner.esi:
        identifiers.append(Identifier("esi", learner.esi))
    return Learner(
        given_names=learner.given_names,
        family_name=learner.family_name,
        identifiers=tuple(identifiers),
        citizenship=learner.citizenship,
        bday=learner.birth_date,
        gender=learner.gender,
    )


def issuer_of(institution: records.Institution) -> Issuer:
    """An institution of the results store as an ELMO report issuer."""
    identifiers = [Identifier("schac", institution.schac)]
    if institution.erasmus:
        identifiers.append(Identifier("erasmus", institution.erasmus))
    if institution.pic:
        identifiers.append(Identifier("pic", institution.pic))
    return Issuer(
        identifiers=tuple(identifiers),
        titles=(Text(institution.name_sv, "sv"), Text(institution.name_en, "en")),
        url=institution.url,
        country=institution.country,
    )


@dataclass
class _Shared:
    """What the specifications of one report share: the grading scales used, in order of first
    use, and the academic terms, each made once (values are immutable: a term's courses share
    it)."""

    by_code: dict[str, records.GradingScale]
    terms: dict[records.AcademicTerm, AcademicTerm]

    def term(self, term: records.AcademicTerm) -> AcademicTerm:
        found = self.terms.get(term)
        if found is None:
            found = self.terms[term] = AcademicTerm(
                titles=(Text(term.name_sv, "sv"), Text(term.name_en, "en")),
                start=term.start,
                end=term.end,
            )
        return found

    def use(self, scale: records.GradingScale | None) -> str | None:
        if scale is None:
            return None
        self.by_code.setdefault(scale.code, scale)
        return scale.code

    def schemes(self) -> tuple[GradingScheme, ...]:
        return tuple(
            GradingScheme(
                local_id=code,
                descriptions=(Text(s.description_sv, "sv"), Text(s.description_en, "en")),
            )
            for code, s in self.by_code.items()
        )


def _report(inst: records.InstitutionTranscript, generated: datetime) -> Report:
    shared = _Shared({}, {})
    opportunities = tuple(_los(root, ancestor_ects=False, shared=shared)[0] for root in inst.roots)
    return Report(
        issuer=issuer_of(inst.institution),
        issue_date=generated,
        opportunities=opportunities,
        grading_schemes=shared.schemes(),
    )


def _earned(result: records.Result) -> Decimal | None:
    """The credits a result earns: only a passed result with credits earns any."""
    if result.status is not ResultStatus.PASSED:
        return None
    if result.credits is not None:
        return result.credits
    return result.opportunity.credits


def _los(
    node: records.ResultNode, *, ancestor_ects: bool, shared: _Shared
) -> tuple[LearningOpportunitySpecification, bool]:
    """One LOS and whether ECTS sits on it or below it.

    ECTS goes on one node per branch: the highest passed node with credits, except that a
    programme defers to anything below it that carries ECTS (courses, or modules of a course
    that is not passed), so a programme only carries ECTS when nothing below does.
    """
    result = node.result
    earned = _earned(result)
    scheme = shared.use(result.scale)  # before the parts: schemes in order of first use
    parts: list[tuple[LearningOpportunitySpecification, bool]]
    if result.opportunity.kind is OpportunityKind.PROGRAMME and not ancestor_ects:
        parts = [_los(p, ancestor_ects=False, shared=shared) for p in node.parts]
        below = any(flag for _, flag in parts)
        own = earned is not None and not below
    else:
        own = earned is not None and not ancestor_ects
        parts = [_los(p, ancestor_ects=ancestor_ects or own, shared=shared) for p in node.parts]
        below = any(flag for _, flag in parts)
    los = LearningOpportunitySpecification(
        identifiers=(Identifier("local", result.opportunity.code),),
        titles=(Text(result.opportunity.title_sv, "sv"), Text(result.opportunity.title_en, "en")),
        type=result.opportunity.kind.elmo_type,
        isced_code=result.opportunity.isced_f,
        instance=_instance(result, earned if own else None, scheme, shared),
        has_part=tuple(los for los, _ in parts),
    )
    return los, own or below


def _instance(
    result: records.Result, ects: Decimal | None, scheme: str | None, shared: _Shared
) -> LearningOpportunityInstance:
    opportunity = result.opportunity
    level = opportunity.level
    term = None
    if opportunity.kind is OpportunityKind.COURSE and result.term is not None:
        term = shared.term(result.term)
    credits: tuple[Credit, ...] = ()
    if ects is not None:
        credits = (
            Credit(
                scheme=ECTS,
                value=ects,
                level=level.elmo_credit_level if level is not None else None,
            ),
        )
    return LearningOpportunityInstance(
        date=result.date,
        academic_term=term,
        status=result.status.value,
        grading_scheme_local_id=scheme,
        result_label=result.grade,
        credits=credits,
        levels=() if level is None else _LEVELS[level],
        language_of_instruction=opportunity.language,
    )
