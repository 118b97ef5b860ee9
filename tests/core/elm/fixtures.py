"""ELMO model inputs for the ELM tests: a rich Swedish transcript built directly as model values.

Two institutions (→ two credentials). The first has an in-progress degree programme with a
passed course (Ladok modules as ELMO ``Class``), an in-progress course whose passed module
carries the ECTS and whose exam failed, a failed course, and a stand-alone passed course with
engagement hours; three grading scales, EQF 6 and 7, sv/en titles, attachments.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from gateway.core.elm import IssuerIdentity
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

ISSUED = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
GENERATED = datetime(2026, 3, 2, 9, 29, 58, tzinfo=UTC)
ISSUER = IssuerIdentity(
    legal_name={"en": "Example EMREX Gateway Operator", "sv": "Exempeloperatören för EMREX"},
    eidas_identifier="SE2021000000",
    country="SE",
    homepage="https://gateway.example.se/",
)
PDF = "data:application/pdf;base64,JVBERi0xLjQKJcOkw7zDtsOfCjEgMCBvYmoKPDw+PgplbmRvYmoK"

HT19 = AcademicTerm(
    (Text("HT 2019", "sv"), Text("Autumn 2019", "en")), date(2019, 9, 2), date(2020, 1, 19)
)
VT20 = AcademicTerm(
    (Text("VT 2020", "sv"), Text("Spring 2020", "en")), date(2020, 1, 20), date(2020, 6, 7)
)


def titles(sv: str, en: str) -> tuple[Text, ...]:
    return (Text(sv, "sv"), Text(en, "en"))


def los(
    code: str,
    sv: str,
    en: str,
    kind: str,
    instance: LearningOpportunityInstance,
    *parts: LearningOpportunitySpecification,
    isced: str | None = "0613",
) -> LearningOpportunitySpecification:
    return LearningOpportunitySpecification(
        titles=titles(sv, en),
        instance=instance,
        identifiers=(Identifier("local", code),),
        type=kind,
        isced_code=isced,
        has_part=parts,
    )


def ects(value: str, level: str | None = "Bachelor") -> tuple[Credit, ...]:
    return (Credit("ects", Decimal(value), level),)


EQF6 = (Level("EQF", "6"),)
EQF7 = (Level("EQF", "7"),)


def _programme() -> LearningOpportunitySpecification:
    programming = los(
        "DD1310",
        "Programmeringsteknik",
        "Programming Techniques",
        "Course",
        LearningOpportunityInstance(
            identifiers=(Identifier("resultatUID", "3fa017f8-1c27-11ea-bdc8-e63beb2a4023"),),
            date=date(2020, 1, 15),
            academic_term=HT19,
            status="passed",
            grading_scheme_local_id="U345",
            result_label="4",
            credits=ects("7.5"),
            levels=EQF6,
            language_of_instruction="sv",
        ),
        los(
            "DD1310-LAB1",
            "Laborationer",
            "Laboratory work",
            "Class",
            LearningOpportunityInstance(
                date=date(2019, 12, 6),
                status="passed",
                grading_scheme_local_id="UG",
                result_label="G",
            ),
        ),
        los(
            "DD1310-TEN1",
            "Tentamen",
            "Written examination",
            "Class",
            LearningOpportunityInstance(
                date=date(2020, 1, 15),
                status="passed",
                grading_scheme_local_id="U345",
                result_label="4",
            ),
        ),
    )
    discrete = los(
        "SF1610",
        "Diskret matematik",
        "Discrete Mathematics",
        "Course",
        LearningOpportunityInstance(
            start=date(2020, 1, 20), academic_term=VT20, status="in-progress", levels=EQF6
        ),
        los(
            "SF1610-INL1",
            "Inlämningsuppgifter",
            "Assignments",
            "Class",
            LearningOpportunityInstance(
                date=date(2020, 3, 13),
                status="passed",
                grading_scheme_local_id="UG",
                result_label="G",
                credits=ects("3.0"),
            ),
        ),
        los(
            "SF1610-TEN1",
            "Tentamen",
            "Written examination",
            "Class",
            LearningOpportunityInstance(
                date=date(2020, 6, 2),
                status="failed",
                grading_scheme_local_id="U345",
                result_label="U",
            ),
        ),
    )
    databases = los(
        "DD1368",
        "Databasteknik",
        "Database Technology",
        "Course",
        LearningOpportunityInstance(
            date=date(2020, 6, 4),
            academic_term=VT20,
            status="failed",
            grading_scheme_local_id="U345",
            result_label="U",
            levels=EQF6,
        ),
    )
    return los(
        "CDATE",
        "Civilingenjörsutbildning i datateknik",
        "Degree Programme in Computer Science and Engineering",
        "Degree Programme",
        LearningOpportunityInstance(start=date(2019, 8, 26), status="in-progress", levels=EQF7),
        programming,
        discrete,
        databases,
    )


def _swedish_course() -> LearningOpportunitySpecification:
    return LearningOpportunitySpecification(
        titles=(
            Text("Svenska för internationella studenter", "sv"),
            Text("Swedish for International Students", "en"),
        ),
        instance=LearningOpportunityInstance(
            identifiers=(Identifier("ewp-loi-id", "SV1001-HT19-1"),),
            start=date(2019, 9, 2),
            date=date(2020, 1, 10),
            academic_term=HT19,
            status="passed",
            grading_scheme_local_id="AF",
            result_label="A",
            credits=ects("7.5", None),
            levels=EQF6,
            language_of_instruction="sv",
            engagement_hours=Decimal("45.5"),
        ),
        identifiers=(Identifier("local", "SV1001"), Identifier("ewp-los-id", "exempel.se-SV1001")),
        type="Course",
        subject_area="09.1",
        isced_code="0231",
        url="https://www.exempel.se/kurser/SV1001",
        descriptions=(
            Text("Grundläggande svenska.\n\nMuntlig och skriftlig färdighet.", "sv"),
            Text("Basic Swedish.\n\nOral and written proficiency.", "en"),
        ),
    )


def _schemes() -> tuple[GradingScheme, ...]:
    return (
        GradingScheme(
            "U345",
            titles(
                "U = Underkänd, 3, 4, 5 = Med beröm godkänd",
                "U = Fail, 3, 4, 5 = Pass with distinction",
            ),
        ),
        GradingScheme("UG", titles("U = Underkänd, G = Godkänd", "U = Fail, G = Pass")),
        GradingScheme("AF", titles("A–E godkända, F och Fx underkända", "A–E pass, F and Fx fail")),
        GradingScheme("VU", titles("Oanvänd skala", "Unused scale")),
    )


def swedish_elmo() -> Elmo:
    first = Report(
        issuer=Issuer(
            identifiers=(
                Identifier("schac", "exempel.se"),
                Identifier("erasmus", "S EXEMPEL01"),
                Identifier("pic", "999888777"),
            ),
            titles=(Text("Exempeluniversitetet", "sv"), Text("Example University", "en")),
            url="https://www.exempel.se/",
            country="SE",
        ),
        issue_date=GENERATED,
        opportunities=(_programme(), _swedish_course()),
        grading_schemes=_schemes(),
        attachments=(
            Attachment(
                titles=titles("Studieintyg", "Transcript of records"),
                type="Transcript of Records",
                contents=(Text(PDF),),
            ),
        ),
    )
    second = Report(
        issuer=Issuer(
            identifiers=(Identifier("schac", "andra.se"),),
            titles=(Text("Andra högskolan", "sv"), Text("Second University College", "en")),
            url="https://www.andra.se/",
            country="SE",
        ),
        issue_date=GENERATED,
        opportunities=(
            los(
                "PM200",
                "Projektledning",
                "Project Management",
                "Course",
                LearningOpportunityInstance(
                    date=date(2021, 5, 28),
                    status="passed",
                    grading_scheme_local_id="UV",
                    result_label="VG",
                    credits=ects("5", "Master"),
                    levels=EQF7,
                    language_of_instruction="en",
                ),
                isced="0413",
            ),
        ),
        grading_schemes=(
            GradingScheme("UV", titles("U, G, VG", "Fail, Pass, Pass with distinction")),
        ),
    )
    return Elmo(
        generated_date=GENERATED,
        learner=Learner(
            given_names="Anna Maria",
            family_name="Lind",
            identifiers=(
                Identifier("nationalIdentifier", "199003150123"),
                Identifier("esi", "urn:schac:personalUniqueCode:int:esi:se:199003150123"),
            ),
            citizenship="SE",
            bday=date(1990, 3, 15),
            gender=2,
        ),
        reports=(first, second),
        attachments=(
            Attachment(
                titles=(Text("EMREX transcript", "en"),),
                type="EMREX transcript",
                contents=(Text(PDF),),
            ),
        ),
    )
