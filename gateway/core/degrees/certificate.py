"""The degree certificate (examensbevis) as PDF, in Swedish or English, from the stored degree.

Laid out as Swedish certificates are (notes/degrees-microcredentials.md §4.3): the holder and
personnummer, the full degree title, main field, kind and cycle, the exact scope, the date the
requirements were met and the issue date, the included courses with credits, grades and dates,
the grading scales used and the legal basis. Sweden awards no overall grade for a degree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer
from reportlab.platypus.flowables import Flowable

from gateway.core.degrees.model import AwardedDegree
from gateway.core.degrees.pdfkit import (
    esc,
    facts_table,
    hp,
    long_date,
    render,
    results_table,
    styles,
)
from gateway.core.records import GradingScale, ResultNode


@dataclass(frozen=True)
class _Words:
    title: str
    certifies: str
    person: str
    awarded: str
    main_field: str
    kind: str
    level: str
    scope: str
    credits: str
    met: str
    decision: str
    issued: str
    courses: str
    header: tuple[str, str, str, str, str]
    total: str
    scales: str
    no_overall_grade: str
    legal: str
    supplement: str
    rendered: str


WORDS = {
    "sv": _Words(
        title="Examensbevis",
        certifies="intygar att",
        person="personnummer {id}, född {born}",
        awarded="har avlagt",
        main_field="Huvudområde",
        kind="Examenstyp",
        level="Nivå",
        scope="Omfattning",
        credits="högskolepoäng",
        met="Kraven för examen uppfylldes",
        decision="Examensnummer",
        issued="Utfärdat",
        courses="I examen ingår följande kurser",
        header=("Kod", "Kurs", "hp", "Betyg", "Datum"),
        total="Summa högskolepoäng",
        scales="Betygsskalor",
        no_overall_grade="För en examen ges inget sammanfattande betyg.",
        legal="Examen är utfärdad enligt högskoleförordningen (1993:100), bilaga 2 "
        "(examensordningen).",
        supplement="Till examensbeviset hör en bilaga på engelska (Diploma Supplement).",
        rendered="Dokumentet är framställt av emrex-gateway ur lärosätets examensbeslut; de "
        "signerade uppgifterna det följer med (ELMO/ELM) gäller.",
    ),
    "en": _Words(
        title="Degree Certificate",
        certifies="certifies that",
        person="Swedish personal identity number {id}, born {born}",
        awarded="has been awarded the degree of",
        main_field="Main field of study",
        kind="Type of qualification",
        level="Level",
        scope="Scope",
        credits="credits (högskolepoäng; 1 credit = 1 ECTS credit)",
        met="Requirements for the degree fulfilled",
        decision="Degree number",
        issued="Issued",
        courses="The degree comprises the following courses",
        header=("Code", "Course", "Credits", "Grade", "Date"),
        total="Total credits",
        scales="Grading scales",
        no_overall_grade="No overall grade is awarded for a Swedish degree.",
        legal="The degree is awarded under the Higher Education Ordinance (1993:100), Annex 2 "
        "(System of Qualifications).",
        supplement="This certificate is accompanied by a Diploma Supplement in English.",
        rendered="Rendered by emrex-gateway from the institution's degree decision; the signed "
        "data it accompanies (ELMO/ELM) is authoritative.",
    ),
}


def level_text(awarded: AwardedDegree, lang: str) -> str:
    """``Grundnivå (SeQF/EQF 6)`` / ``First cycle (SeQF/EQF 6)``."""
    level = awarded.degree.level
    label = level.label_sv if lang == "sv" else level.label_en
    return f"{label} (SeQF/EQF {level.eqf})"


def scales_used(parts: Iterable[ResultNode]) -> list[GradingScale]:
    found: dict[str, GradingScale] = {}
    for part in parts:
        for node in part.walk():
            scale = node.result.scale
            if scale is not None:
                found.setdefault(scale.code, scale)
    return [found[code] for code in sorted(found)]


def certificate_pdf(awarded: AwardedDegree, lang: str) -> bytes:
    """The certificate in ``lang`` (``sv`` or ``en``)."""
    words = WORDS[lang]
    st = styles()
    degree, learner = awarded.degree, awarded.learner
    institution = degree.institution.name_sv if lang == "sv" else degree.institution.name_en
    person = words.person.format(id=learner.national_id, born=learner.birth_date.isoformat())
    facts = []
    main_field = degree.main_field(lang)
    if main_field:
        facts.append((words.main_field, main_field))
    facts += [
        (words.kind, degree.kind.label_sv if lang == "sv" else degree.kind.label_en),
        (words.level, level_text(awarded, lang)),
        (words.scope, f"{hp(degree.credits)} {words.credits}"),
        (words.met, long_date(degree.date, lang)),
        (words.decision, degree.code),
        (words.issued, f"{institution}, {long_date(degree.issue_date, lang)}"),
    ]
    total = sum((p.result.credits or Decimal(0) for p in awarded.parts), Decimal(0))
    story: list[Flowable] = [
        Paragraph(esc(words.title), st["title"]),
        Spacer(1, 4 * mm),
        Paragraph(f"<b>{esc(institution)}</b> {esc(words.certifies)}", st["body"]),
        Spacer(1, 2 * mm),
        Paragraph(f"{esc(learner.given_names)} {esc(learner.family_name)}", st["degree"]),
        Paragraph(esc(person), st["body"]),
        Spacer(1, 2 * mm),
        Paragraph(esc(words.awarded), st["body"]),
        Paragraph(esc(degree.title(lang)), st["degree"]),
        Spacer(1, 3 * mm),
        facts_table(facts, st["cell"]),
        Paragraph(esc(words.courses), st["h2"]),
        results_table(awarded.parts, words.header, words.total, total, st["cell"], lang),
        Paragraph(esc(words.scales), st["h3"]),
    ]
    for scale in scales_used(awarded.parts):
        text = scale.description_sv if lang == "sv" else scale.description_en
        story.append(Paragraph(f"{esc(scale.code)}: {esc(text)}", st["small"]))
    story += [
        Spacer(1, 3 * mm),
        Paragraph(esc(words.no_overall_grade), st["small"]),
        Paragraph(esc(words.legal), st["small"]),
        Paragraph(esc(words.supplement), st["small"]),
        Spacer(1, 3 * mm),
        Paragraph(esc(words.rendered), st["small"]),
    ]
    return render(story, f"{words.title}: {degree.title(lang)}", institution)
