"""Demo dataset ``se``: Uppsala, Umeå and Stockholm universities, their learners and results."""

from __future__ import annotations

from datetime import date, timedelta

from gateway.core.demo import degrees
from gateway.core.demo.builder import Document, DocumentBuilder, Spec, course, luhn_digit, module
from gateway.core.demo.builder import programme as prog
from gateway.core.demo.syllabi import add_syllabi
from gateway.core.grading import BUILTIN_SCALES

SEED = 20_250_315
G, A, F = "grundniva", "avancerad", "forskarniva"
NOW_YEAR = 2025  # the demo's fixed "now": spring term 2025 (no wall clock)

KARIN = "19900315-2389"  # does not pass the Luhn check; the importer checks format and date only

UU = "uu.se"
UMU = "umu.se"
SU = "su.se"

# fmt: off
CATALOGUE: dict[str, list[Spec]] = {
    UU: [
        prog("TKDAT", "Kandidatprogram i datavetenskap", "Bachelor's Programme in Computer Science", "180", G, "0613", "sv"),  # noqa: E501
        course("1DL201", "Programkonstruktion och datastrukturer", "Program Design and Data Structures", "10", G, "0613", "sv", "TH", "TKDAT"),  # noqa: E501
        module("1DL201", "LAB1", "Laborationer", "Laboratory work", "4", "UG"),
        module("1DL201", "TEN1", "Skriftlig tentamen", "Written examination", "6", "TH"),
        course("1MA025", "Linjär algebra och geometri I", "Linear Algebra and Geometry I", "5", G, "0541", "sv", "TH", "TKDAT"),  # noqa: E501
        course("1DL231", "Algoritmer och datastrukturer II", "Algorithms and Data Structures II", "5", G, "0613", "sv", "TH", "TKDAT"),  # noqa: E501
        course("1DL301", "Databasteknik I", "Database Design I", "7.5", G, "0613", "sv", "TH", "TKDAT"),  # noqa: E501
        module("1DL301", "INL1", "Inlämningsuppgifter", "Assignments", "2.5", "UG"),
        module("1DL301", "TEN1", "Skriftlig tentamen", "Written examination", "5", "TH"),
        course("1DL099", "Självständigt arbete i datavetenskap", "Independent Project in Computer Science", "15", G, "0613", "sv", "UG", "TKDAT"),  # noqa: E501
        prog("TDV2M", "Masterprogram i datavetenskap", "Master's Programme in Computer Science", "120", A, "0613", "en"),  # noqa: E501
        course("1RT700", "Statistisk maskininlärning", "Statistical Machine Learning", "5", A, "0613", "en", "TH", "TDV2M"),  # noqa: E501
        course("1DL550", "Distribuerade system", "Distributed Systems", "7.5", A, "0613", "en", "TH", "TDV2M"),  # noqa: E501
        course("1DL650", "Examensarbete i datavetenskap", "Degree Project in Computer Science", "30", A, "0613", "en", "UG", "TDV2M"),  # noqa: E501
        prog("JJP2Y", "Juristprogrammet", "Master of Laws Programme", "270", A, "0421", "sv"),
        course("2JR100", "Allmän förmögenhetsrätt", "General Property Law", "30", G, "0421", "sv", "UB", "JJP2Y"),  # noqa: E501
        course("2JR200", "Statsrätt och förvaltningsrätt", "Constitutional and Administrative Law", "30", G, "0421", "sv", "UB", "JJP2Y"),  # noqa: E501
        course("2JR300", "Civilrätt", "Civil Law", "30", G, "0421", "sv", "UB", "JJP2Y"),
        course("5LV001", "Litteraturvetenskap A", "Literature A", "30", G, "0232", "sv", "UV"),
        module("5LV001", "DEL1", "Litteraturhistoria", "History of Literature", "15", "UV"),
        module("5LV001", "DEL2", "Litteraturteori", "Literary Theory", "7.5", "UV"),
        module("5LV001", "DEL3", "Textanalys", "Text Analysis", "7.5", "UG"),
    ],
    UMU: [
        prog("SKDAT", "Kandidatprogrammet i datavetenskap", "Bachelor's Programme in Computing Science", "180", G, "0613", "sv"),  # noqa: E501
        course("5DV200", "Programmering och datastrukturer", "Programming and Data Structures", "7.5", G, "0613", "sv", "UV", "SKDAT"),  # noqa: E501
        module("5DV200", "LAB1", "Laborationer", "Laboratory assignments", "3", "UG"),
        module("5DV200", "TEN1", "Tentamen", "Examination", "4.5", "UV"),
        course("5DV149", "Datastrukturer och algoritmer", "Data Structures and Algorithms", "7.5", G, "0613", "sv", "UV", "SKDAT"),  # noqa: E501
        course("5MA198", "Linjär algebra", "Linear Algebra", "7.5", G, "0541", "sv", "UV", "SKDAT"),
        prog("TTFYA", "Civilingenjörsprogrammet i teknisk fysik", "Master of Science Programme in Engineering Physics", "300", A, "0533", "sv"),  # noqa: E501
        course("5FY176", "Klassisk mekanik", "Classical Mechanics", "7.5", G, "0533", "sv", "TH", "TTFYA"),  # noqa: E501
        course("5FY180", "Elektromagnetism", "Electromagnetism", "7.5", G, "0533", "sv", "TH", "TTFYA"),  # noqa: E501
        course("5FY192", "Kvantmekanik", "Quantum Mechanics", "7.5", A, "0533", "sv", "TH", "TTFYA"),  # noqa: E501
        prog("FDVDA", "Utbildning på forskarnivå i datavetenskap", "Doctoral Programme in Computing Science", "240", F, "0613", "en"),  # noqa: E501
        course("5DV501", "Forskningsmetodik i datavetenskap", "Research Methods in Computing Science", "7.5", F, "0613", "en", "UG", "FDVDA"),  # noqa: E501
        course("5DV502", "Vetenskapsteori och forskningsetik", "Philosophy of Science and Research Ethics", "7.5", F, "0613", "en", "UG", "FDVDA"),  # noqa: E501
        course("5DV503", "Avancerade algoritmer", "Advanced Algorithms", "7.5", F, "0613", "en", "UG", "FDVDA"),  # noqa: E501
        course("6PE100", "Pedagogik A", "Education A", "30", G, "0111", "sv", "UV"),
    ],
    SU: [
        prog("SMNEK", "Masterprogram i nationalekonomi", "Master's Programme in Economics", "120", A, "0311", "en"),  # noqa: E501
        course("EC7110", "Mikroekonomisk teori", "Microeconomic Theory", "15", A, "0311", "en", "AF", "SMNEK"),  # noqa: E501
        module("EC7110", "SEM1", "Seminarier", "Seminars", "3", "UG"),
        module("EC7110", "TEN1", "Tentamen", "Examination", "12", "AF"),
        course("EC7111", "Makroekonomisk teori", "Macroeconomic Theory", "15", A, "0311", "en", "AF", "SMNEK"),  # noqa: E501
        course("EC7112", "Ekonometri", "Econometrics", "15", A, "0311", "en", "AF", "SMNEK"),
        course("EC7113", "Tillämpad ekonometri", "Applied Econometrics", "7.5", A, "0311", "en", "AF", "SMNEK"),  # noqa: E501
        prog("NKFYK", "Kandidatprogram i fysik", "Bachelor's Programme in Physics", "180", G, "0533", "sv"),  # noqa: E501
        course("FK4001", "Mekanik I", "Mechanics I", "7.5", G, "0533", "sv", "AF", "NKFYK"),
        course("FK4002", "Elektromagnetism I", "Electromagnetism I", "7.5", G, "0533", "sv", "AF", "NKFYK"),  # noqa: E501
        course("FK5023", "Kvantmekanik", "Quantum Mechanics", "7.5", G, "0533", "sv", "AF", "NKFYK"),  # noqa: E501
        course("JU1101", "Juridisk översiktskurs", "Introduction to Law", "15", G, "0421", "sv", "UB"),  # noqa: E501
    ],
}

# fmt: on


# (institution, programme or None, courses in study order)
TRACKS: list[tuple[str, str | None, list[str]]] = [
    (UU, "TKDAT", ["1DL201", "1MA025", "1DL231", "1DL301", "1DL099"]),
    (UU, "TDV2M", ["1RT700", "1DL550", "1DL650"]),
    (UU, "JJP2Y", ["2JR100", "2JR200", "2JR300"]),
    (UU, None, ["5LV001"]),
    (UMU, "SKDAT", ["5DV200", "5DV149", "5MA198"]),
    (UMU, "TTFYA", ["5FY176", "5FY180", "5FY192"]),
    (UMU, "FDVDA", ["5DV501", "5DV502", "5DV503"]),
    (UMU, None, ["6PE100"]),
    (SU, "SMNEK", ["EC7110", "EC7111", "EC7112", "EC7113"]),
    (SU, "NKFYK", ["FK4001", "FK4002", "FK5023"]),
    (SU, None, ["JU1101"]),
]

GIVEN_FEMALE = ["Anna", "Maria", "Sara", "Emma", "Ida", "Elin", "Linnéa", "Maja", "Åsa", "Märta"]
GIVEN_FEMALE += ["Ebba", "Saga", "Astrid", "Ingrid", "Sofia", "Klara", "Tove", "Agnes", "Stina"]
GIVEN_MALE = ["Erik", "Lars", "Johan", "Anders", "Oskar", "Hugo", "Björn", "Göran", "Örjan"]
GIVEN_MALE += ["Nils", "Viktor", "Axel", "Ludvig", "Måns", "Sven", "Olle", "Pär", "Håkan"]
FAMILY = ["Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson"]
FAMILY += ["Svensson", "Gustafsson", "Pettersson", "Jönsson", "Lindström", "Bäckström"]
FAMILY += ["Sjöberg", "Åberg", "Öberg", "Håkansson", "Löfgren", "Näslund", "Ström", "Lindqvist"]
FAMILY += ["Engström", "Hägglund", "Sandström", "Forsberg", "Söderberg", "Wikström", "Ekström"]


def build() -> Document:
    b = DocumentBuilder(SEED)
    b.institution(UU, "Uppsala universitet", "Uppsala University", "SE", "https://www.uu.se",
                  erasmus="S UPPSALA01", pic="999874435")  # fmt: skip
    b.institution(UMU, "Umeå universitet", "Umeå University", "SE", "https://www.umu.se",
                  erasmus="S UMEA01", pic="999881821")  # fmt: skip
    b.institution(SU, "Stockholms universitet", "Stockholm University", "SE", "https://www.su.se",
                  erasmus="S STOCKHO01", pic="999868717")  # fmt: skip
    for scale in BUILTIN_SCALES.values():
        b.scale(scale)
    for schac, specs in CATALOGUE.items():
        b.catalogue(schac, specs)
    _karin(b)
    _foreign_students(b)
    _learners(b, 32)
    degrees.add_degrees(b)  # without the seeded generator: the rest stays as it was
    add_syllabi(b.doc)  # after the degrees, whose courses have syllabi too
    return b.doc


def _karin(b: DocumentBuilder) -> None:
    """Karin Andersson: a bachelor at UU, a master's at SU, doctoral studies at Umeå."""
    esi = "urn:schac:personalUniqueCode:int:esi:ladok.se:7d3c1f0e2b"
    b.learner(KARIN, "Karin", "Andersson", date(1990, 3, 15), 2, id_country="SE",
              citizenship="SE", esi=esi)  # fmt: skip
    for code, term, grade in (
        ("1DL201", "HT2009", "4"),
        ("1MA025", "HT2009", "3"),
        ("1DL231", "VT2010", "4"),
        ("1DL301", "HT2010", "5"),
        ("1DL099", "VT2012", "G"),
    ):
        b.study(KARIN, UU, code, term, "passed", grade)
    b.programme_result(KARIN, UU, "TKDAT", date(2012, 6, 8))
    b.study(KARIN, SU, "EC7110", "HT2012", "passed", "A")
    b.study(KARIN, SU, "EC7111", "HT2012", "passed", "B")
    b.study(KARIN, SU, "EC7112", "VT2013", "failed", "F")
    b.study(KARIN, SU, "EC7113", "VT2013", "passed", "C")
    b.study(KARIN, UMU, "5DV501", "HT2015", "passed", "G")
    b.study(KARIN, UMU, "5DV502", "VT2016", "passed", "G")
    b.study(KARIN, UMU, "5DV503", "VT2025", "in-progress")


def _foreign_students(b: DocumentBuilder) -> None:
    """An exchange student with a samordningsnummer (day + 60) and one with a T number."""
    b.learner("19960581-4418", "Lukas", "Müller", date(1996, 5, 21), 1, id_country="SE",
              citizenship="DE")  # fmt: skip
    b.study("19960581-4418", SU, "EC7110", "HT2019", "passed")
    b.learner("19981103-T217", "Aino", "Virtanen", date(1998, 11, 3), 2, id_country="SE",
              citizenship="FI")  # fmt: skip
    b.study("19981103-T217", UMU, "5DV200", "VT2021", "passed")


def _learners(b: DocumentBuilder, count: int) -> None:
    rng = b.rng
    used_ids = {KARIN}
    used_names: set[tuple[str, str]] = set()
    for index in range(count):
        gender = rng.choice((1, 2))
        while True:
            given = rng.choice(GIVEN_MALE if gender == 1 else GIVEN_FEMALE)
            if rng.random() < 0.25:
                given += " " + rng.choice(GIVEN_MALE if gender == 1 else GIVEN_FEMALE)
            family = rng.choice(FAMILY)
            if (given, family) not in used_names and given.split()[0] != given.split()[-1]:
                break
        used_names.add((given, family))
        birth = date(1982, 1, 1) + timedelta(days=rng.randrange(365 * 24))
        while True:
            serial = rng.randrange(100) * 10 + rng.choice(
                (1, 3, 5, 7, 9) if gender == 1 else (0, 2, 4, 6, 8)
            )
            digits = f"{birth:%y%m%d}{serial:03d}"
            national_id = f"{birth:%Y%m%d}-{serial:03d}{luhn_digit(digits)}"
            if national_id not in used_ids:
                break
        used_ids.add(national_id)
        b.learner(national_id, given, family, birth, gender, id_country="SE", citizenship="SE")
        first = TRACKS[index % len(TRACKS)]
        tracks = [first]
        if rng.random() < 0.4:
            tracks.append(rng.choice([t for t in TRACKS if t[0] != first[0]]))
        start = min(max(birth.year + 19 + rng.randrange(4), 2005), NOW_YEAR - 1)
        for schac, programme, courses in tracks:
            start = _track(b, national_id, schac, programme, courses, start)


def _track(
    b: DocumentBuilder,
    learner: str,
    schac: str,
    programme: str | None,
    courses: list[str],
    start: int,
) -> int:
    """One study track from the autumn of ``start``; returns the year after it ends.

    The demo's "now" is the spring term 2025: courses of that term are in progress, later ones
    are not taken yet.
    """
    rng = b.rng
    statuses = []
    for step, code in enumerate(courses):
        year = start + (step + 1) // 2
        term = f"HT{year}" if step % 2 == 0 else f"VT{year}"
        if year > NOW_YEAR or (year == NOW_YEAR and term.startswith("HT")):
            statuses.append("not taken")
            break
        if term == f"VT{NOW_YEAR}":
            status = "in-progress"
        elif rng.random() < 0.08:
            status = "failed"
        else:
            status = "passed"
        b.study(learner, schac, code, term, status)
        statuses.append(status)
    if programme is not None and statuses[0] != "not taken":
        if "in-progress" in statuses or "not taken" in statuses:
            b.programme_result(learner, schac, programme, None)
        elif set(statuses) == {"passed"} and rng.random() < 0.7:
            b.programme_result(learner, schac, programme, b.last_date(learner))
    return start + (len(courses) + 1) // 2 + 1
