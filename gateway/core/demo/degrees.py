"""Demo degrees for dataset ``se``: Karin's kandidatexamen and four more learners' degrees.

Karin Andersson holds a filosofie kandidatexamen at Uppsala (180 hp: her programme courses and
the rest of the programme). Four more learners hold a civilingenjörsexamen (300 hp, Umeå), a
högskoleexamen (120 hp, Stockholm: EQF 6, not 5), a masterexamen (Stockholm) and a withdrawn
magisterexamen (Uppsala). Added after every other demo record and without the seeded random
generator, so the rest of the dataset stays exactly as it was.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from gateway.core.demo.builder import DocumentBuilder, Spec, course, luhn_digit
from gateway.core.importing import derive_term

G, A = "grundniva", "avancerad"
UU, UMU, SU = "uu.se", "umu.se", "su.se"
KARIN = "19900315-2389"
_HOLIDAYS = {(12, 24), (12, 25), (12, 26), (12, 31), (1, 1), (1, 6)}

# fmt: off
COURSES: dict[str, list[Spec]] = {
    UU: [
        course("1DL010", "Programmeringsteknik I", "Programming Technique I", "10", G, "0613", "sv", "TH", "TKDAT"),  # noqa: E501
        course("1MA013", "Envariabelanalys", "Single Variable Calculus", "10", G, "0541", "sv", "TH", "TKDAT"),  # noqa: E501
        course("1DT038", "Datorteknik I", "Computer Architecture I", "10", G, "0613", "sv", "TH", "TKDAT"),  # noqa: E501
        course("1MS005", "Sannolikhetsteori och statistik", "Probability and Statistics", "7.5", G, "0542", "sv", "TH", "TKDAT"),  # noqa: E501
        course("1DL321", "Programmeringsparadigm", "Programming Paradigms", "10", G, "0613", "sv", "TH", "TKDAT"),  # noqa: E501
        course("1DT096", "Operativsystem", "Operating Systems", "10", G, "0613", "sv", "TH", "TKDAT"),  # noqa: E501
        course("1DT074", "Datornätverk I", "Computer Networks I", "7.5", G, "0612", "sv", "TH", "TKDAT"),  # noqa: E501
        course("1MA020", "Flervariabelanalys", "Multivariable Calculus", "10", G, "0541", "sv", "TH", "TKDAT"),  # noqa: E501
        course("1DL251", "Kompilatorteknik I", "Compiler Design I", "10", G, "0613", "sv", "TH", "TKDAT"),  # noqa: E501
        course("1TD342", "Vetenskaplig metodik", "Scientific Methodology", "7.5", G, "0613", "sv", "TH", "TKDAT"),  # noqa: E501
        course("1DT301", "Nätverkssäkerhet", "Network Security", "7.5", G, "0612", "sv", "TH", "TKDAT"),  # noqa: E501
        course("1DL400", "Datorgrafik", "Computer Graphics", "7.5", G, "0613", "sv", "TH", "TKDAT"),
        course("1DL360", "Människa–datorinteraktion", "Human–Computer Interaction", "7.5", G, "0613", "sv", "TH", "TKDAT"),  # noqa: E501
        course("1DL451", "Artificiell intelligens", "Artificial Intelligence", "7.5", G, "0613", "sv", "TH", "TKDAT"),  # noqa: E501
        course("1DL610", "Programvaruteknik", "Software Engineering", "15", G, "0613", "sv", "TH", "TKDAT"),  # noqa: E501
        course("1DL570", "Molnberäkningar", "Cloud Computing", "7.5", A, "0613", "en", "TH", "TDV2M"),  # noqa: E501
        course("1DL580", "Parallellprogrammering", "Parallel Programming", "10", A, "0613", "en", "TH", "TDV2M"),  # noqa: E501
    ],
    UMU: [
        course("5MA160", "Envariabelanalys 1", "Single Variable Calculus 1", "7.5", G, "0541", "sv", "TH", "TTFYA"),  # noqa: E501
        course("5MA161", "Envariabelanalys 2", "Single Variable Calculus 2", "7.5", G, "0541", "sv", "TH", "TTFYA"),  # noqa: E501
        course("5MA162", "Flervariabelanalys", "Multivariable Calculus", "7.5", G, "0541", "sv", "TH", "TTFYA"),  # noqa: E501
        course("5MA163", "Linjär algebra för ingenjörer", "Linear Algebra for Engineers", "7.5", G, "0541", "sv", "TH", "TTFYA"),  # noqa: E501
        course("5DV157", "Programmeringsteknik", "Programming Techniques", "7.5", G, "0613", "sv", "TH", "TTFYA"),  # noqa: E501
        course("5FY177", "Termodynamik", "Thermodynamics", "7.5", G, "0533", "sv", "TH", "TTFYA"),
        course("5FY178", "Vågfysik och optik", "Waves and Optics", "7.5", G, "0533", "sv", "TH", "TTFYA"),  # noqa: E501
        course("5FY181", "Analytisk mekanik", "Analytical Mechanics", "7.5", G, "0533", "sv", "TH", "TTFYA"),  # noqa: E501
        course("5FY183", "Statistisk fysik", "Statistical Physics", "7.5", G, "0533", "sv", "TH", "TTFYA"),  # noqa: E501
        course("5FY184", "Fasta tillståndets fysik", "Solid State Physics", "7.5", A, "0533", "sv", "TH", "TTFYA"),  # noqa: E501
        course("5MA164", "Transformmetoder", "Transform Methods", "7.5", G, "0541", "sv", "TH", "TTFYA"),  # noqa: E501
        course("5MA165", "Numeriska metoder", "Numerical Methods", "7.5", G, "0541", "sv", "TH", "TTFYA"),  # noqa: E501
        course("5MS001", "Matematisk statistik", "Mathematical Statistics", "7.5", G, "0542", "sv", "TH", "TTFYA"),  # noqa: E501
        course("5EL158", "Elektronik", "Electronics", "7.5", G, "0714", "sv", "TH", "TTFYA"),
        course("5EL159", "Reglerteknik", "Automatic Control", "7.5", G, "0714", "sv", "TH", "TTFYA"),  # noqa: E501
        course("5IN100", "Industriell ekonomi", "Industrial Management", "7.5", G, "0413", "sv", "TH", "TTFYA"),  # noqa: E501
        course("5FY195", "Kontinuummekanik", "Continuum Mechanics", "7.5", G, "0533", "sv", "TH", "TTFYA"),  # noqa: E501
        course("5FY185", "Experimentell fysik", "Experimental Physics", "15", G, "0533", "sv", "TH", "TTFYA"),  # noqa: E501
        course("5FY186", "Kvantfysik, fortsättningskurs", "Advanced Quantum Physics", "15", A, "0533", "sv", "TH", "TTFYA"),  # noqa: E501
        course("5FY187", "Beräkningsfysik", "Computational Physics", "15", A, "0533", "sv", "TH", "TTFYA"),  # noqa: E501
        course("5FY188", "Partikelfysik", "Particle Physics", "15", A, "0533", "sv", "TH", "TTFYA"),
        course("5FY189", "Plasmafysik", "Plasma Physics", "15", A, "0533", "sv", "TH", "TTFYA"),
        course("5FY190", "Fotonik", "Photonics", "15", A, "0533", "sv", "TH", "TTFYA"),
        course("5FY191", "Projektkurs i teknisk fysik", "Project Course in Engineering Physics", "15", A, "0533", "sv", "TH", "TTFYA"),  # noqa: E501
        course("5FY194", "Relativitetsteori", "Theory of Relativity", "7.5", A, "0533", "sv", "TH", "TTFYA"),  # noqa: E501
        course("5FY196", "Materialfysik", "Materials Physics", "7.5", A, "0533", "sv", "TH", "TTFYA"),  # noqa: E501
        course("5FY193", "Examensarbete i teknisk fysik", "Degree Project in Engineering Physics", "30", A, "0533", "sv", "UG", "TTFYA"),  # noqa: E501
    ],
    SU: [
        course("MM2001", "Matematik I", "Mathematics I", "15", G, "0541", "sv", "AF", "NKFYK"),
        course("MM2002", "Matematik II", "Mathematics II", "15", G, "0541", "sv", "AF", "NKFYK"),
        course("FK4003", "Termodynamik", "Thermodynamics", "7.5", G, "0533", "sv", "AF", "NKFYK"),
        course("FK4004", "Vågrörelselära och optik", "Waves and Optics", "7.5", G, "0533", "sv", "AF", "NKFYK"),  # noqa: E501
        course("FK4005", "Experimentella metoder", "Experimental Methods", "7.5", G, "0533", "sv", "AF", "NKFYK"),  # noqa: E501
        course("FK4006", "Modern fysik", "Modern Physics", "7.5", G, "0533", "sv", "AF", "NKFYK"),
        course("FK4007", "Matematiska metoder i fysiken", "Mathematical Methods in Physics", "7.5", G, "0533", "sv", "AF", "NKFYK"),  # noqa: E501
        course("FK4008", "Elektronik", "Electronics", "7.5", G, "0714", "sv", "AF", "NKFYK"),
        course("FK4009", "Programmering för fysiker", "Programming for Physicists", "7.5", G, "0613", "sv", "AF", "NKFYK"),  # noqa: E501
        course("FK4010", "Astrofysik", "Astrophysics", "7.5", G, "0533", "sv", "AF", "NKFYK"),
        course("FK4011", "Självständigt arbete i fysik", "Independent Project in Physics", "7.5", G, "0533", "sv", "AF", "NKFYK"),  # noqa: E501
        course("EC7114", "Arbetsmarknadsekonomi", "Labour Economics", "7.5", A, "0311", "en", "AF", "SMNEK"),  # noqa: E501
        course("EC7115", "Offentlig ekonomi", "Public Economics", "7.5", A, "0311", "en", "AF", "SMNEK"),  # noqa: E501
        course("EC7116", "Internationell ekonomi", "International Economics", "7.5", A, "0311", "en", "AF", "SMNEK"),  # noqa: E501
        course("EC7117", "Spelteori", "Game Theory", "7.5", A, "0311", "en", "AF", "SMNEK"),
        course("EC7118", "Miljöekonomi", "Environmental Economics", "7.5", A, "0311", "en", "AF", "SMNEK"),  # noqa: E501
        course("EC9901", "Examensarbete i nationalekonomi", "Master's Thesis in Economics", "30", A, "0311", "en", "AF", "SMNEK"),  # noqa: E501
    ],
}

# Each learner's passed courses, term by term, with the grade on the course's scale.
Plan = list[tuple[str, list[tuple[str, str]]]]
KARIN_REST: Plan = [
    ("HT2009", [("1DL010", "4")]),
    ("VT2010", [("1MA013", "3"), ("1DT038", "4")]),
    ("HT2010", [("1MS005", "3"), ("1DL321", "5")]),
    ("VT2011", [("1DT096", "4"), ("1DT074", "4"), ("1MA020", "3")]),
    ("HT2011", [("1DL251", "5"), ("1TD342", "4"), ("1DT301", "4"), ("1DL400", "5"), ("1DL360", "4")]),  # noqa: E501
    ("VT2012", [("1DL451", "4"), ("1DL610", "4")]),
]
ENGINEER: Plan = [
    ("HT2000", [("5MA160", "4"), ("5MA163", "4"), ("5DV157", "5")]),
    ("VT2001", [("5MA161", "3"), ("5FY176", "4"), ("5MA162", "4")]),
    ("HT2001", [("5FY177", "4"), ("5FY178", "3"), ("5MA164", "4"), ("5MS001", "3")]),
    ("VT2002", [("5FY180", "5"), ("5FY181", "4"), ("5MA165", "4"), ("5EL158", "3")]),
    ("HT2002", [("5FY183", "4"), ("5FY185", "5"), ("5EL159", "4")]),
    ("VT2003", [("5FY192", "4"), ("5FY184", "4"), ("5IN100", "3"), ("5FY195", "4")]),
    ("HT2003", [("5FY186", "5"), ("5FY187", "4")]),
    ("VT2004", [("5FY188", "4"), ("5FY194", "5"), ("5FY196", "4")]),
    ("HT2004", [("5FY189", "4"), ("5FY190", "5")]),
    ("VT2005", [("5FY191", "5"), ("5FY193", "G")]),
]
DIPLOMA: Plan = [
    ("HT1999", [("MM2001", "C"), ("FK4001", "B")]),
    ("VT2000", [("MM2002", "D"), ("FK4002", "C")]),
    ("HT2000", [("FK4003", "B"), ("FK4004", "C"), ("FK5023", "D"), ("FK4005", "A")]),
    ("VT2001", [("FK4006", "B"), ("FK4007", "C"), ("FK4008", "E"), ("FK4009", "A")]),
    ("HT2001", [("FK4010", "B"), ("FK4011", "A")]),
]
ECONOMIST: Plan = [
    ("HT2005", [("EC7110", "B"), ("EC7111", "A")]),
    ("VT2006", [("EC7112", "C"), ("EC7113", "B"), ("EC7114", "A"), ("EC7115", "C")]),
    ("HT2006", [("EC7116", "B"), ("EC7117", "A"), ("EC7118", "B")]),
    ("VT2007", [("EC9901", "A")]),
]
WITHDRAWN: Plan = [
    ("HT2006", [("1RT700", "4"), ("1DL550", "3"), ("1DL570", "4")]),
    ("VT2007", [("1DL580", "3"), ("1DL650", "G")]),
]
# fmt: on


def add_degrees(b: DocumentBuilder) -> None:
    """The courses, results and ``degrees`` section of the demo degrees, appended to ``b``."""
    for schac, specs in COURSES.items():
        b.catalogue(schac, specs)
    degrees: list[dict[str, Any]] = []
    b.doc["degrees"] = degrees
    rest = _history(b, KARIN, UU, KARIN_REST)
    karin_courses = ["1DL201", "1MA025", "1DL231", "1DL301", "1DL099", *rest]
    degrees.append(_degree(
        KARIN, UU, "UU-EX-2012-04711", "general", G, "180", date(2012, 6, 8), date(2012, 8, 20),
        ("Filosofie kandidatexamen med huvudområdet datavetenskap",
         "Degree of Bachelor of Science with a major in Computer Science"),
        ("Datavetenskap", "Computer Science"), "0613", "sv", karin_courses,
    ))  # fmt: skip
    engineer = _person(b, "Johan", "Forsberg", date(1981, 4, 12), 1, 271)
    included = _history(b, engineer, UMU, ENGINEER)
    degrees.append(_degree(
        engineer, UMU, "UMU-EX-2005-00312", "professional", A, "300", date(2005, 6, 10),
        date(2005, 9, 1),
        ("Civilingenjörsexamen i teknisk fysik",
         "Degree of Master of Science in Engineering, Engineering Physics"),
        None, "0533", "sv", included,
    ))  # fmt: skip
    holder = _person(b, "Sara", "Ekström", date(1980, 9, 3), 2, 482)
    included = _history(b, holder, SU, DIPLOMA)
    degrees.append(_degree(
        holder, SU, "SU-EX-2002-01187", "general", G, "120", date(2002, 1, 18), date(2002, 3, 4),
        ("Högskoleexamen med inriktning mot fysik",
         "Higher Education Diploma with specialisation in Physics"),
        None, "0533", "sv", included,
    ))  # fmt: skip
    economist = _person(b, "Ingrid", "Sjöberg", date(1979, 11, 21), 2, 604)
    included = _history(b, economist, SU, ECONOMIST)
    degrees.append(_degree(
        economist, SU, "SU-EX-2007-02245", "general", A, "120", date(2007, 6, 8),
        date(2007, 9, 17),
        ("Filosofie masterexamen med huvudområdet nationalekonomi",
         "Degree of Master of Science (120 credits) with a major in Economics"),
        ("Nationalekonomi", "Economics"), "0311", "en", included,
    ))  # fmt: skip
    withdrawn = _person(b, "Erik", "Nilsson", date(1980, 2, 14), 1, 135)
    included = _history(b, withdrawn, UU, WITHDRAWN)
    record = _degree(
        withdrawn, UU, "UU-EX-2007-03390", "general", A, "60", date(2007, 6, 8),
        date(2007, 8, 27),
        ("Filosofie magisterexamen med huvudområdet datavetenskap",
         "Degree of Master of Science (60 credits) with a major in Computer Science"),
        ("Datavetenskap", "Computer Science"), "0613", "en", included,
    )  # fmt: skip
    degrees.append({**record, "status": "withdrawn"})


def _person(
    b: DocumentBuilder, given: str, family: str, born: date, gender: int, serial: int
) -> str:
    national_id = f"{born:%Y%m%d}-{serial:03d}{luhn_digit(f'{born:%y%m%d}{serial:03d}')}"
    b.learner(national_id, given, family, born, gender, id_country="SE", citizenship="SE")
    return national_id


def _history(b: DocumentBuilder, learner: str, schac: str, plan: Plan) -> list[str]:
    """Passed results on a fixed weekday near each term's end; the course codes, in order."""
    codes = []
    for term, courses in plan:
        known = derive_term(term)
        assert known is not None, term
        day = known.end - timedelta(days=7)
        for code, grade in courses:
            while day.weekday() > 4 or (day.month, day.day) in _HOLIDAYS:
                day -= timedelta(days=1)
            b.result(learner, schac, code, "passed", term=term, when=day, grade=grade)
            codes.append(code)
            day -= timedelta(days=3)
    return codes


def _degree(
    learner: str,
    schac: str,
    code: str,
    kind: str,
    level: str,
    credits: str,
    met: date,
    issued: date,
    titles: tuple[str, str],
    main_field: tuple[str, str] | None,
    isced_f: str,
    language: str,
    included: list[str],
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "learner": learner,
        "institution": schac,
        "code": code,
        "kind": kind,
        "title_sv": titles[0],
        "title_en": titles[1],
        "level": level,
        "credits": int(credits),
        "date": met.isoformat(),
        "issue_date": issued.isoformat(),
        "status": "awarded",
        "isced_f": isced_f,
        "language": language,
        "included": included,
    }
    if main_field is not None:
        record["main_field_sv"], record["main_field_en"] = main_field
    return record
