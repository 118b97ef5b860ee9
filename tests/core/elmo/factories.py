"""A realistic Swedish transcript for the ELMO tests: two universities, five scales, 3 cycles."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from gateway.core.records import (
    AcademicTerm,
    Grade,
    GradingScale,
    Institution,
    Learner,
    Opportunity,
    OpportunityKind,
    Result,
    ResultStatus,
    StudyLevel,
    Transcript,
    build_transcript,
)

GENERATED = datetime(2026, 11, 28, 14, 30, 5, tzinfo=UTC)


def _grade(label: str, passing: bool, sv: str, en: str) -> Grade:
    return Grade(label, passing, sv, en)


UG = GradingScale(
    "UG",
    "Tvågradig betygsskala",
    "Two-grade scale",
    (_grade("U", False, "Underkänd", "Fail"), _grade("G", True, "Godkänd", "Pass")),
)
UV = GradingScale(
    "UV",
    "Tregradig betygsskala",
    "Three-grade scale",
    (
        _grade("U", False, "Underkänd", "Fail"),
        _grade("G", True, "Godkänd", "Pass"),
        _grade("VG", True, "Väl godkänd", "Pass with distinction"),
    ),
)
U345 = GradingScale(
    "U345",
    "Betygsskala U, 3, 4, 5",
    "Grading scale U, 3, 4, 5",
    (
        _grade("U", False, "Underkänd", "Fail"),
        _grade("3", True, "Godkänd", "Pass"),
        _grade("4", True, "Icke utan beröm godkänd", "Pass with credit"),
        _grade("5", True, "Med beröm godkänd", "Pass with distinction"),
    ),
)
AF = GradingScale(
    "AF",
    "Sjugradig betygsskala",
    "Seven-grade scale",
    (
        _grade("F", False, "Helt otillräckligt", "Fail"),
        _grade("Fx", False, "Otillräckligt", "Insufficient"),
        _grade("E", True, "Tillräckligt", "Sufficient"),
        _grade("D", True, "Tillfredsställande", "Satisfactory"),
        _grade("C", True, "Bra", "Good"),
        _grade("B", True, "Mycket bra", "Very good"),
        _grade("A", True, "Utmärkt", "Excellent"),
    ),
)
UB = GradingScale(
    "UB",
    "Juridicums betygsskala",
    "Law grading scale",
    (
        _grade("U", False, "Underkänd", "Fail"),
        _grade("B", True, "Godkänd", "Pass"),
        _grade("Ba", True, "Icke utan beröm godkänd", "Pass with credit"),
        _grade("AB", True, "Med beröm godkänd", "Pass with distinction"),
    ),
)

SU = Institution(
    schac="su.se",
    name_sv="Stockholms universitet",
    name_en="Stockholm University",
    country="SE",
    url="https://www.su.se",
    erasmus="S STOCKHO01",
    pic="999883685",
)
UU = Institution(
    schac="uu.se",
    name_sv="Uppsala universitet",
    name_en="Uppsala University",
    country="SE",
    url="https://www.uu.se",
    erasmus="S UPPSALA01",
)

HT19 = AcademicTerm("HT2019", "Hösttermin 2019", "Autumn 2019", date(2019, 9, 2), date(2020, 1, 19))
VT20 = AcademicTerm("VT2020", "Vårtermin 2020", "Spring 2020", date(2020, 1, 20), date(2020, 6, 7))
HT22 = AcademicTerm(
    "HT2022", "Hösttermin 2022", "Autumn 2022", date(2022, 8, 29), date(2023, 1, 15)
)
VT24 = AcademicTerm("VT2024", "Vårtermin 2024", "Spring 2024", date(2024, 1, 15), date(2024, 6, 2))

LEARNER = Learner(
    national_id="19900512-2389",
    given_names="Åsa Maria",
    family_name="Öberg-Ündén",
    birth_date=date(1990, 5, 12),
    citizenship="SE",
    gender=2,
    esi="urn:schac:personalUniqueCode:int:esi:su.se:19900512-2389",
)

FIRST = StudyLevel.FIRST_CYCLE
SECOND = StudyLevel.SECOND_CYCLE
THIRD = StudyLevel.THIRD_CYCLE
PASSED = ResultStatus.PASSED
FAILED = ResultStatus.FAILED
IN_PROGRESS = ResultStatus.IN_PROGRESS


def _opp(
    inst: Institution,
    code: str,
    kind: OpportunityKind,
    sv: str,
    en: str,
    level: StudyLevel | None,
    credits: str | None,
    parent: str | None = None,
    isced: str | None = "0613",
) -> Opportunity:
    return Opportunity(
        institution=inst.schac,
        code=code,
        kind=kind,
        title_sv=sv,
        title_en=en,
        level=level,
        credits=Decimal(credits) if credits is not None else None,
        isced_f=isced,
        language="sv" if kind is not OpportunityKind.PROGRAMME else None,
        parent_code=parent,
    )


P, C, M = OpportunityKind.PROGRAMME, OpportunityKind.COURSE, OpportunityKind.MODULE

# (id, opportunity, status, date, term, grade, scale)
_Row = tuple[
    int,
    Opportunity,
    ResultStatus,
    date | None,
    AcademicTerm | None,
    str | None,
    GradingScale | None,
]
_ROWS: tuple[_Row, ...] = (
    # Stockholm: a bachelor programme with courses and Ladok modules.
    (
        1,
        _opp(
            SU,
            "SDAVK",
            P,
            "Kandidatprogram i datavetenskap",
            "Bachelor's Programme in Computer Science",
            FIRST,
            "180",
        ),
        IN_PROGRESS,
        None,
        None,
        None,
        None,
    ),
    (
        2,
        _opp(SU, "DA1001", C, "Programmering I", "Programming I", FIRST, "7.5", "SDAVK"),
        PASSED,
        date(2020, 1, 14),
        HT19,
        "A",
        AF,
    ),
    (
        3,
        _opp(SU, "DA1001-0001", M, "Laborationer", "Laboratory work", FIRST, "3", "DA1001"),
        PASSED,
        date(2019, 12, 2),
        None,
        "G",
        UG,
    ),
    (
        4,
        _opp(SU, "DA1001-0002", M, "Tentamen", "Written examination", FIRST, "4.5", "DA1001"),
        PASSED,
        date(2020, 1, 14),
        None,
        "A",
        AF,
    ),
    (
        5,
        _opp(
            SU,
            "DA2004",
            C,
            "Datastrukturer och algoritmer",
            "Data Structures and Algorithms",
            FIRST,
            "7.5",
            "SDAVK",
        ),
        FAILED,
        date(2020, 6, 3),
        VT20,
        "Fx",
        AF,
    ),
    (
        6,
        _opp(
            SU,
            "DA2004-0001",
            M,
            "Programmeringsuppgifter",
            "Programming assignments",
            FIRST,
            "3",
            "DA2004",
        ),
        PASSED,
        date(2020, 5, 20),
        None,
        "G",
        UG,
    ),
    (
        7,
        _opp(SU, "DA2004-0002", M, "Skriftlig tentamen", "Written exam", FIRST, "4.5", "DA2004"),
        FAILED,
        date(2020, 6, 3),
        None,
        "Fx",
        AF,
    ),
    (
        8,
        _opp(
            SU,
            "DA3018",
            C,
            "Mjukvaruutveckling i grupp",
            "Software Development in Teams",
            FIRST,
            "7.5",
            "SDAVK",
        ),
        IN_PROGRESS,
        None,
        VT24,
        None,
        UV,
    ),
    (
        9,
        _opp(
            SU,
            "DA7001",
            C,
            "Maskininlärning för språkteknologi",
            "Machine Learning for Language Technology",
            SECOND,
            "15",
            None,
            "0619",
        ),
        PASSED,
        date(2023, 1, 12),
        HT22,
        "VG",
        UV,
    ),
    (
        10,
        _opp(
            SU,
            "FDA8001",
            C,
            "Forskningsmetodik för doktorander",
            "Research Methods for Doctoral Students",
            THIRD,
            "7.5",
            None,
            "0688",
        ),
        PASSED,
        date(2024, 5, 30),
        VT24,
        "G",
        UG,
    ),
    # Uppsala: a completed master's programme exported without courses, law and maths.
    (
        11,
        _opp(
            UU,
            "TMA2M",
            P,
            "Masterprogram i tillämpad matematik",
            "Master's Programme in Applied Mathematics",
            SECOND,
            "120",
            None,
            "0541",
        ),
        PASSED,
        date(2024, 6, 10),
        None,
        None,
        None,
    ),
    (
        12,
        _opp(
            UU,
            "JU1001",
            C,
            "Juridisk översiktskurs – rättsordningen",
            "Introduction to Law – the Legal Order",
            FIRST,
            "15",
            None,
            "0421",
        ),
        PASSED,
        date(2020, 1, 10),
        HT19,
        "Ba",
        UB,
    ),
    (
        13,
        _opp(
            UU,
            "1MA012",
            C,
            "Linjär algebra och geometri I",
            "Linear Algebra and Geometry I",
            FIRST,
            "5",
            None,
            "0541",
        ),
        PASSED,
        date(2020, 3, 20),
        VT20,
        "4",
        U345,
    ),
)


def results() -> list[Result]:
    return [
        Result(
            id=rid,
            opportunity=opp,
            status=status,
            date=when,
            term=term,
            grade=grade,
            scale=scale,
            credits=opp.credits if status is PASSED else None,
        )
        for rid, opp, status, when, term, grade, scale in _ROWS
    ]


def transcript() -> Transcript:
    """Åsa's whole transcript (passed, failed and in-progress results)."""
    return build_transcript(LEARNER, (SU, UU), results())
