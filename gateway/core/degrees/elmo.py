"""Degrees in ELMO 1.7: a top-level ``Degree Programme`` LOS with its courses under ``hasPart``.

The degree's ``learningOpportunityInstance`` carries the degree id, the date the requirements
were met, status ``passed``, the EQF level and the single language of instruction; no
``academicTerm`` and no ``resultLabel`` (Sweden awards no overall grade). ECTS stand on one level
of every path (the XSD rule): the courses carry them, the degree does not. The certificate and
the Diploma Supplement are ``attachment``s of type ``Diploma`` and ``Diploma Supplement`` in the
institution's ``report``, referenced from the degree's instance (notes/degrees §1, §6.5–6.7).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from gateway.core.degrees.model import AwardedDegree, DegreeDocument, DocumentKind
from gateway.core.elmo.build import EQF, elmo_from_transcript
from gateway.core.elmo.model import (
    Attachment,
    Elmo,
    GradingScheme,
    Identifier,
    LearningOpportunityInstance,
    LearningOpportunitySpecification,
    Level,
    Report,
    Text,
)
from gateway.core.records import InstitutionTranscript, Transcript
from gateway.core.syllabus import QualityAssurance

DEGREE_TYPE = "Degree Programme"
DEGREE_ID_TYPE = "degree"  # the LOI identifier: the institution's degree (decision) id
DIPLOMA = "Diploma"
DIPLOMA_SUPPLEMENT = "Diploma Supplement"
_TITLES = {
    DocumentKind.CERTIFICATE: (Text("Examensbevis", "sv"), Text("Degree certificate", "en")),
    DocumentKind.SUPPLEMENT: (Text("Diploma Supplement", "en"),),
}
_TYPES = {DocumentKind.CERTIFICATE: DIPLOMA, DocumentKind.SUPPLEMENT: DIPLOMA_SUPPLEMENT}


@dataclass(frozen=True)
class DegreeWithDocuments:
    """An awarded degree and the PDFs that travel with it."""

    awarded: AwardedDegree
    documents: tuple[DegreeDocument, ...]
    quality: tuple[QualityAssurance, ...] = ()
    """The awarding institution's quality assurance (the Qualification's ``accreditation``)."""


def attachment_id(awarded: AwardedDegree, kind: DocumentKind) -> str:
    """The ``internal`` identifier of a degree's attachment, unique in one ELMO."""
    return f"degree-{awarded.degree.id}-{kind.value}"


def elmo_with_degrees(
    transcript: Transcript,
    degrees: Sequence[DegreeWithDocuments],
    *,
    generated: datetime,
    attachments: Sequence[Attachment] = (),
) -> Elmo:
    """The ELMO of ``transcript`` (the loose results) with ``degrees`` in their institutions'
    reports; a degree's included results must not be in ``transcript`` too."""
    elmo = elmo_from_transcript(transcript, generated=generated, attachments=attachments)
    loose = {r.issuer.identifier("schac") or "": r for r in elmo.reports}
    with_degrees: dict[str, Report] = {}
    for item in degrees:  # each institution's degrees first, in the order given
        schac = item.awarded.degree.institution.schac
        degree_report = _degree_report(item, generated)
        found = with_degrees.get(schac)
        with_degrees[schac] = degree_report if found is None else _merge(found, degree_report)
    for schac, report in loose.items():
        found = with_degrees.get(schac)
        with_degrees[schac] = report if found is None else _merge(found, report)
    return replace(elmo, reports=tuple(with_degrees[schac] for schac in sorted(with_degrees)))


def _degree_report(item: DegreeWithDocuments, generated: datetime) -> Report:
    """A report of the degree's institution holding the degree LOS and its attachments."""
    awarded = item.awarded
    institution = awarded.degree.institution
    courses = Transcript(awarded.learner, (InstitutionTranscript(institution, awarded.parts),))
    # The parts as top-level LOS: a course carries its own ECTS, its modules none.
    (report,) = elmo_from_transcript(courses, generated=generated).reports
    attachments = _attachments(item)
    los = degree_los(
        awarded, report.opportunities, tuple(a.identifiers[0].value for a in attachments)
    )
    return replace(report, opportunities=(los,), attachments=attachments)


def degree_los(
    awarded: AwardedDegree,
    parts: tuple[LearningOpportunitySpecification, ...],
    attachment_refs: tuple[str, ...] = (),
) -> LearningOpportunitySpecification:
    degree = awarded.degree
    instance = LearningOpportunityInstance(
        identifiers=(Identifier(DEGREE_ID_TYPE, degree.code),),
        date=degree.date,
        status="passed",
        levels=(Level(type=EQF, value=str(degree.eqf)),),
        language_of_instruction=degree.language,
        attachment_refs=attachment_refs,
    )
    return LearningOpportunitySpecification(
        identifiers=(Identifier("local", degree.code),),
        titles=(Text(degree.title_sv, "sv"), Text(degree.title_en, "en")),
        type=DEGREE_TYPE,
        isced_code=degree.isced_f,
        instance=instance,
        has_part=parts,
    )


def _attachments(item: DegreeWithDocuments) -> tuple[Attachment, ...]:
    found = []
    for kind in DocumentKind:
        documents = [d for d in item.documents if d.kind is kind]
        if not documents:
            continue
        contents = tuple(Text(data_uri(d.data), d.lang) for d in documents)
        found.append(
            Attachment(
                identifiers=(Identifier("internal", attachment_id(item.awarded, kind)),),
                titles=_TITLES[kind],
                type=_TYPES[kind],
                contents=contents,
            )
        )
    return tuple(found)


def data_uri(pdf: bytes) -> str:
    return "data:application/pdf;base64," + base64.b64encode(pdf).decode("ascii")


def _merge(first: Report, then: Report) -> Report:
    """Two reports of the same institution as one: ``first``'s specifications, schemes and
    attachments, then those of ``then`` (a grading scheme once)."""
    known = {s.local_id for s in first.grading_schemes}
    schemes: tuple[GradingScheme, ...] = first.grading_schemes + tuple(
        s for s in then.grading_schemes if s.local_id not in known
    )
    return replace(
        first,
        opportunities=first.opportunities + then.opportunities,
        grading_schemes=schemes,
        attachments=first.attachments + then.attachments,
    )
