"""Demo dataset ``no``: the University of Oslo and NTNU (names in Norwegian bokmål and English).

Norwegian values go in the ``*_sv`` columns (the store's "national language" slot). Karin
Andersson is here too, under a Norwegian fødselsnummer: she took exchange terms at NTNU (spring
2011, during her Uppsala bachelor) and at the University of Oslo (autumn 2013, during her
Stockholm master's).
"""

from __future__ import annotations

from datetime import date, timedelta

from gateway.core.demo.builder import Document, DocumentBuilder, Spec, course, fodselsnummer
from gateway.core.demo.builder import programme as prog
from gateway.core.records import AcademicTerm, Grade, GradingScale

SEED = 20_110_115
G, A, F = "grundniva", "avancerad", "forskarniva"
UIO = "uio.no"
NTNU = "ntnu.no"
KARIN_BIRTH = date(1990, 3, 15)

SCALE = GradingScale(
    code="NO-AF",
    name_sv="Karakterskala A–F",
    name_en="Grading scale A–F",
    grades=(
        Grade("A", True, "Fremragende", "Excellent"),
        Grade("B", True, "Meget god", "Very good"),
        Grade("C", True, "God", "Good"),
        Grade("D", True, "Nokså god", "Satisfactory"),
        Grade("E", True, "Tilstrekkelig", "Sufficient"),
        Grade("F", False, "Ikke bestått", "Fail"),
    ),
)
S = SCALE.code

# fmt: off
CATALOGUE: dict[str, list[Spec]] = {
    UIO: [
        prog("BAINF", "Informatikk: programmering og systemarkitektur", "Informatics: Programming and System Architecture", "180", G, "0613", "nb"),  # noqa: E501
        course("IN1000", "Introduksjon til objektorientert programmering", "Introduction to Object-oriented Programming", "10", G, "0613", "nb", S, "BAINF"),  # noqa: E501
        course("IN2090", "Databaser og datamodellering", "Databases and Data Modelling", "10", G, "0613", "nb", S, "BAINF"),  # noqa: E501
        course("MAT1100", "Kalkulus", "Calculus", "10", G, "0541", "nb", S, "BAINF"),
        prog("MAECON", "Samfunnsøkonomisk analyse (master)", "Economics (master)", "120", A, "0311", "en"),  # noqa: E501
        course("ECON4310", "Makroøkonomisk teori", "Macroeconomic Theory", "10", A, "0311", "en", S, "MAECON"),  # noqa: E501
        course("ECON4240", "Markedsdesign", "Market Design", "10", A, "0311", "en", S, "MAECON"),
        course("ECON4160", "Økonometri – modellering og systemestimering", "Econometrics – Modelling and Systems Estimation", "10", A, "0311", "en", S, "MAECON"),  # noqa: E501
        course("MNSES9100", "Vitenskapsteori og etikk", "Science, Ethics and Society", "5", F, "0588", "en", S),  # noqa: E501
    ],
    NTNU: [
        prog("MTDT", "Datateknologi (sivilingeniør)", "Computer Science (MSc)", "300", A, "0613", "nb"),  # noqa: E501
        course("TDT4100", "Objektorientert programmering", "Object-Oriented Programming", "7.5", G, "0613", "nb", S, "MTDT"),  # noqa: E501
        course("TDT4120", "Algoritmer og datastrukturer", "Algorithms and Data Structures", "7.5", G, "0613", "nb", S, "MTDT"),  # noqa: E501
        course("TDT4145", "Datamodellering og databasesystemer", "Data Modelling, Databases and Database Management Systems", "7.5", G, "0613", "nb", S, "MTDT"),  # noqa: E501
        course("TMA4100", "Matematikk 1", "Calculus 1", "7.5", G, "0541", "nb", S, "MTDT"),
        course("TDT4237", "Programvaresikkerhet og personvern", "Software Security and Data Privacy", "7.5", A, "0613", "en", S, "MTDT"),  # noqa: E501
    ],
}

# fmt: on


TRACKS: list[tuple[str, str, list[str]]] = [
    (UIO, "BAINF", ["IN1000", "MAT1100", "IN2090"]),
    (UIO, "MAECON", ["ECON4310", "ECON4240", "ECON4160"]),
    (NTNU, "MTDT", ["TMA4100", "TDT4100", "TDT4120", "TDT4145", "TDT4237"]),
]

GIVEN = [("Kari", 2), ("Ingrid", 2), ("Solveig", 2), ("Ragnhild", 2), ("Åse", 2), ("Sigrid", 2)]
GIVEN += [("Marte", 2), ("Silje", 2), ("Øystein", 1), ("Bjørn", 1), ("Håkon", 1), ("Eirik", 1)]
GIVEN += [("Sindre", 1), ("Jørgen", 1), ("Magnus", 1), ("Torbjørn", 1), ("Ståle", 1)]
FAMILY = ["Hansen", "Johansen", "Olsen", "Larsen", "Pedersen", "Nilsen", "Kristiansen", "Berg"]
FAMILY += ["Haugen", "Bakken", "Strand", "Dahl", "Lie", "Sæther", "Økland", "Løvås", "Bråten"]


def _term(year: int, autumn: bool) -> AcademicTerm:
    if autumn:
        return AcademicTerm(
            f"H{year}", f"Høst {year}", f"Autumn {year}", date(year, 8, 15), date(year, 12, 20)
        )
    return AcademicTerm(
        f"V{year}", f"Vår {year}", f"Spring {year}", date(year, 1, 2), date(year, 6, 15)
    )


def _fnr(b: DocumentBuilder, birth: date, female: bool, used: set[str]) -> str:
    """A valid fødselsnummer (individual numbers 000–499 for births 1900–1999)."""
    while True:
        individual = b.rng.randrange(250) * 2 + (0 if female else 1)
        number = fodselsnummer(birth, individual)
        if number is not None and number not in used:
            used.add(number)
            return number


def build() -> Document:
    b = DocumentBuilder(SEED)
    b.institution(UIO, "Universitetet i Oslo", "University of Oslo", "NO", "https://www.uio.no",
                  erasmus="N OSLO01", pic="999890523")  # fmt: skip
    b.institution(NTNU, "Norges teknisk-naturvitenskapelige universitet",
                  "Norwegian University of Science and Technology", "NO", "https://www.ntnu.no",
                  erasmus="N TRONDHE01", pic="999923851")  # fmt: skip
    b.scale(SCALE)
    for year in range(2003, 2026):
        b.term(_term(year, autumn=False))
        b.term(_term(year, autumn=True))
    for schac, specs in CATALOGUE.items():
        b.catalogue(schac, specs)
    used: set[str] = set()
    karin = _fnr(b, KARIN_BIRTH, True, used)
    b.learner(karin, "Karin", "Andersson", KARIN_BIRTH, 2, id_country="NO", citizenship="SE")
    b.study(karin, NTNU, "TDT4145", "V2011", "passed", "B")
    b.study(karin, NTNU, "TDT4120", "V2011", "passed", "C")
    b.study(karin, UIO, "ECON4310", "H2013", "passed", "A")
    b.study(karin, UIO, "ECON4240", "H2013", "passed", "B")
    names: set[tuple[str, str]] = set()
    for index in range(14):
        while True:
            given, gender = b.rng.choice(GIVEN)
            family = b.rng.choice(FAMILY)
            if (given, family) not in names:
                names.add((given, family))
                break
        birth = date(1985, 1, 1) + timedelta(days=b.rng.randrange(365 * 14))
        fnr = _fnr(b, birth, gender == 2, used)
        b.learner(fnr, given, family, birth, gender, id_country="NO", citizenship="NO")
        schac, programme, courses = TRACKS[index % len(TRACKS)]
        start = birth.year + 19
        statuses = set()
        for step, code in enumerate(courses):
            year = start + (step + 1) // 2
            term = f"H{year}" if step % 2 == 0 else f"V{year}"
            status = "failed" if b.rng.random() < 0.08 else "passed"
            b.study(fnr, schac, code, term, status)
            statuses.add(status)
        if index % 2 == 0 and statuses == {"passed"}:
            b.programme_result(fnr, schac, programme, b.last_date(fnr))
        if index % 5 == 0:
            b.study(fnr, UIO, "MNSES9100", f"V{start + 4}", "passed")
    return b.doc
