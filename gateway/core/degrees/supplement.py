"""The English Diploma Supplement of a degree as PDF: the eight sections of the EU/CoE/UNESCO model.

Filled from the stored degree and its included results; where the results store holds nothing
for a heading (mode of study), the section says so, as the model asks. Section 8 describes the
Swedish higher education system (notes/degrees-microcredentials.md §4.1–4.5).
"""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer
from reportlab.platypus.flowables import Flowable

from gateway.core.degrees.certificate import scales_used
from gateway.core.degrees.model import AwardedDegree, DegreeKind
from gateway.core.degrees.pdfkit import esc, facts_table, hp, long_date, render, results_table
from gateway.core.degrees.pdfkit import styles as pdf_styles
from gateway.core.records import StudyLevel

TITLE = "Diploma Supplement"
INTRODUCTION = (
    "This Diploma Supplement follows the model developed by the European Commission, the "
    "Council of Europe and UNESCO/CEPES. The purpose of the supplement is to provide sufficient "
    "independent data to improve the international transparency and fair academic and "
    "professional recognition of qualifications (diplomas, degrees, certificates etc.). It is "
    "designed to provide a description of the nature, level, context, content and status of "
    "the studies that were pursued and successfully completed by the individual named on the "
    "original qualification to which this supplement is appended. It should be free from any "
    "value judgements, equivalence statements or suggestions about recognition. Information in "
    "all eight sections should be provided. Where information is not provided, an explanation "
    "should give the reason why."
)
NOT_HELD = "Not held by the issuing system; please contact the awarding institution."
LANGUAGES = {
    "sv": "Swedish",
    "en": "English",
    "nb": "Norwegian",
    "nn": "Norwegian",
    "da": "Danish",
    "fi": "Finnish",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
}
ACCESS = {
    StudyLevel.FIRST_CYCLE: (
        "General entry requirements for first-cycle studies (completed upper-secondary "
        "education, or equivalent) and any specific entry requirements of the programme "
        "(Higher Education Ordinance, Chapter 7)."
    ),
    StudyLevel.SECOND_CYCLE: (
        "A first-cycle qualification of at least 180 credits, or an equivalent foreign "
        "qualification, and any specific entry requirements (Higher Education Ordinance, "
        "Chapter 7)."
    ),
    StudyLevel.THIRD_CYCLE: (
        "A second-cycle qualification, or at least 240 credits of which at least 60 in the "
        "second cycle, or equivalent (Higher Education Ordinance, Chapter 7)."
    ),
}
SWEDISH_SYSTEM = (
    "Higher education in Sweden is provided by universities and university colleges. Courses "
    "and programmes are offered in three cycles: first cycle (grundnivå), second cycle "
    "(avancerad nivå) and third cycle (forskarnivå), which correspond to the three cycles of "
    "the Qualifications Framework for the European Higher Education Area and to levels 6, 7 and "
    "8 of the Swedish and European Qualifications Frameworks (SeQF/EQF). One year of full-time "
    "study corresponds to 60 credits (högskolepoäng); one credit equals one ECTS credit.",
    "The qualifications and their requirements are laid down in the System of Qualifications "
    "(Annex 2 to the Higher Education Ordinance, 1993:100): general qualifications, "
    "qualifications in the fine, applied and performing arts, professional qualifications and "
    "third-cycle qualifications. First-cycle general qualifications are the Higher Education "
    "Diploma (120 credits) and the Degree of Bachelor (180 credits); second-cycle general "
    "qualifications are the Degree of Master (60 credits) and the Degree of Master (120 "
    "credits); third-cycle qualifications are the Degree of Licentiate and the Degree of "
    "Doctor. Professional qualifications are awarded in the first or the second cycle. A "
    "general qualification has an exact scope: credits beyond it are not counted.",
    "No overall grade is awarded for a degree, and students are not ranked. The Swedish Higher "
    "Education Authority (Universitetskanslersämbetet, UKÄ) reviews the quality of higher "
    "education; the Swedish Council for Higher Education (Universitets- och högskolerådet, "
    "UHR) is the Swedish ENIC-NARIC centre.",
)


def supplement_pdf(awarded: AwardedDegree) -> bytes:
    """The Diploma Supplement (English) of ``awarded``."""
    st = pdf_styles()
    degree, learner = awarded.degree, awarded.learner
    institution = degree.institution
    total = sum((p.result.credits or Decimal(0) for p in awarded.parts), Decimal(0))
    story: list[Flowable] = [
        Paragraph(TITLE, st["title"]),
        Paragraph(esc(degree.title_en), st["degree"]),
        Paragraph(esc(f"{institution.name_en} ({institution.name_sv})"), st["body"]),
        Spacer(1, 3 * mm),
        Paragraph(esc(INTRODUCTION), st["small"]),
    ]

    def section(number: str, title: str, rows: list[tuple[str, str]]) -> None:
        story.append(Paragraph(esc(f"{number} {title}"), st["h2"]))
        story.append(facts_table(rows, st["cell"]))

    section(
        "1", "Information identifying the holder of the qualification",
        [
            ("1.1 Family name(s)", learner.family_name),
            ("1.2 Given name(s)", learner.given_names),
            ("1.3 Date of birth", learner.birth_date.isoformat()),
            ("1.4 Student identification number or code", learner.national_id),
        ],
    )  # fmt: skip
    section(
        "2", "Information identifying the qualification",
        [
            ("2.1 Name of qualification and title conferred",
             f"{degree.title_sv} ({degree.title_en})"),
            ("2.2 Main field(s) of study for the qualification",
             _main_field(awarded)),
            ("2.3 Name and status of awarding institution",
             f"{institution.name_sv} ({institution.name_en}); a Swedish higher education "
             "institution entitled under the Higher Education Act (1992:1434) to award this "
             "qualification."),
            ("2.4 Name and status of institution administering studies",
             "The same as 2.3."),
            ("2.5 Language(s) of instruction/examination", _languages(awarded)),
        ],
    )  # fmt: skip
    years = degree.credits / Decimal(60)
    section(
        "3", "Information on the level and duration of the qualification",
        [
            ("3.1 Level of the qualification",
             f"{degree.level.label_en} ({degree.level.label_sv}); SeQF/EQF level {degree.eqf}."),
            ("3.2 Official duration of programme in credits and/or years",
             f"{hp(degree.credits)} credits (högskolepoäng) = {hp(degree.credits)} ECTS credits, "
             f"{hp(years.quantize(Decimal('0.1')))} years of full-time study."),
            ("3.3 Access requirement(s)", ACCESS[degree.level]),
        ],
    )  # fmt: skip
    requirements = (
        f"The requirements of the System of Qualifications (Annex 2 to the Higher Education "
        f"Ordinance) for this qualification and the awarding institution's local qualification "
        f"descriptor: {hp(degree.credits)} credits"
    )
    if degree.main_field_en:
        requirements += f" with {degree.main_field_en} as the main field of study"
    section(
        "4", "Information on the programme completed and the results obtained",
        [
            ("4.1 Mode of study", NOT_HELD),
            ("4.2 Programme learning outcomes", requirements + "."),
            ("4.3 Programme details, individual credits gained and grades obtained",
             "See the table below (the courses the degree comprises)."),
        ],
    )  # fmt: skip
    story.append(Spacer(1, 2 * mm))
    header = ("Code", "Course", "Credits", "Grade", "Date")
    story.append(results_table(awarded.parts, header, "Total credits", total, st["cell"], "en"))
    scales = [f"{s.code}: {s.description_en}" for s in scales_used(awarded.parts)]
    story.append(
        facts_table(
            [
                ("4.4 Grading system and, if available, grade distribution guidance",
                 "; ".join(scales) or "No grades are recorded for the included courses."),
                ("4.5 Overall classification of the qualification",
                 "Not applicable: no overall grade is awarded for a Swedish degree."),
            ],
            st["cell"],
        )
    )  # fmt: skip
    section(
        "5", "Information on the function of the qualification",
        [
            ("5.1 Access to further study", _further_study(awarded)),
            ("5.2 Access to a regulated profession (if applicable)", _profession(awarded)),
        ],
    )  # fmt: skip
    section(
        "6", "Additional information",
        [
            ("6.1 Additional information",
             f"Degree number {degree.code}. The requirements for the degree were fulfilled on "
             f"{long_date(degree.date, 'en')}; the degree certificate was issued on "
             f"{long_date(degree.issue_date, 'en')}."),
            ("6.2 Further information sources",
             f"{institution.url}; the Swedish ENIC-NARIC centre (UHR): https://www.uhr.se; the "
             "Swedish Higher Education Authority: https://www.uka.se"),
        ],
    )  # fmt: skip
    section(
        "7", "Certification of the supplement",
        [
            ("7.1 Date", long_date(degree.issue_date, "en")),
            ("7.2 Signature",
             "Not signed by hand: this supplement accompanies a digitally signed EMREX ELMO "
             "document or ELM credential, whose signature is authoritative."),
            ("7.3 Capacity",
             f"Rendered by emrex-gateway on behalf of {institution.name_en} from its degree "
             "decision."),
            ("7.4 Official stamp or seal", "See 7.2."),
        ],
    )  # fmt: skip
    story.append(Paragraph("8 Information on the national higher education system", st["h2"]))
    story += [Paragraph(esc(text), st["body"]) for text in SWEDISH_SYSTEM]
    return render(story, f"{TITLE}: {degree.title_en}", institution.name_en)


def _main_field(awarded: AwardedDegree) -> str:
    degree = awarded.degree
    if degree.main_field_en and degree.main_field_sv:
        return f"{degree.main_field_en} ({degree.main_field_sv})"
    return degree.main_field_en or degree.main_field_sv or "No main field of study is named."


def _languages(awarded: AwardedDegree) -> str:
    if awarded.degree.language:
        codes = [awarded.degree.language]
    else:
        codes = sorted(
            {r.opportunity.language for r in awarded.results() if r.opportunity.language}
        )
    if not codes:
        return NOT_HELD
    return ", ".join(LANGUAGES.get(code, code) for code in codes)


def _further_study(awarded: AwardedDegree) -> str:
    degree = awarded.degree
    if degree.level is StudyLevel.FIRST_CYCLE and degree.credits >= 180:
        return "Gives general eligibility for second-cycle studies."
    if degree.level is StudyLevel.FIRST_CYCLE:
        return (
            f"A first-cycle qualification of {hp(degree.credits)} credits; general eligibility "
            "for second-cycle studies requires a first-cycle qualification of at least 180 "
            "credits."
        )
    if degree.level is StudyLevel.SECOND_CYCLE:
        return "Gives general eligibility for third-cycle (doctoral) studies."
    return "A third-cycle qualification: the highest level of Swedish higher education."


def _profession(awarded: AwardedDegree) -> str:
    if awarded.degree.kind is DegreeKind.PROFESSIONAL:
        return (
            "A professional qualification (yrkesexamen). Where the profession is regulated, the "
            "competent Swedish authority decides on a licence to practise."
        )
    return "Not applicable."
