"""Demo syllabi and quality assurance for dataset ``se``: what micro-credentials need (Annex I).

Most courses at Uppsala, Umeå and Stockholm get a full syllabus: learning outcomes in Swedish
and English, forms of assessment, the form of participation, entry requirements and the
notional workload (1.5 hp = one week of full-time study = 40 hours). Some are left incomplete on
purpose, so that both cases show: 1MA025, 2JR300 and 5MA198 state no learning outcomes,
EC7113 and 5FY192 no form of assessment, 5DV503 and FK5023 no syllabus at all. Modules have none
(a module does not inherit its course's syllabus). The degree courses' syllabi are in
degree_syllabi.py, all of them full. Every institution has UKÄ's institutional
quality assurance; the decision dates are plausible demo values, not the agency's records.
"""

# ruff: noqa: E501 - one outcome per line reads better than wrapped strings

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

from gateway.core.demo.degree_syllabi import DEGREE_SYLLABI

Document = dict[str, Any]
Outcomes = tuple[tuple[str, str], ...]  # (Swedish, English) per outcome

GENERAL_SV = "Grundläggande behörighet"
GENERAL_EN = "General entry requirements"

# (institution, code) → (outcomes, assessment, participation, entry requirements sv, en)
_SYLLABI: Final[dict[tuple[str, str], tuple[Outcomes, tuple[str, ...], str, str, str]]] = {
    ("uu.se", "1DL201"): (
        (
            ("konstruera program i ett funktionellt språk med rekursion och högre ordningens funktioner",
             "construct programs in a functional language using recursion and higher-order functions"),
            ("välja och implementera lämpliga datastrukturer som listor, träd och hashtabeller",
             "choose and implement suitable data structures such as lists, trees and hash tables"),
            ("testa och dokumentera ett program så att andra kan förstå och ändra det",
             "test and document a program so that others can understand and change it"),
        ),
        ("written-examination", "practical-assessment"), "presential",
        f"{GENERAL_SV} samt Matematik 3c", f"{GENERAL_EN} and Mathematics 3c",
    ),
    ("uu.se", "1MA025"): (
        (), ("written-examination",), "presential",
        f"{GENERAL_SV} samt Matematik 4", f"{GENERAL_EN} and Mathematics 4",
    ),
    ("uu.se", "1DL231"): (
        (
            ("analysera algoritmers tidskomplexitet med asymptotisk notation",
             "analyse the time complexity of algorithms using asymptotic notation"),
            ("tillämpa designmetoder som dynamisk programmering och giriga algoritmer",
             "apply design techniques such as dynamic programming and greedy algorithms"),
            ("redogöra för NP-fullständighet och dess följder för praktiska problem",
             "explain NP-completeness and its consequences for practical problems"),
        ),
        ("written-examination", "marked-assignment"), "presential",
        "Programkonstruktion och datastrukturer, 10 hp", "Program Design and Data Structures, 10 credits",
    ),
    ("uu.se", "1DL301"): (
        (
            ("modellera ett tillämpningsområde med ER-diagram och översätta modellen till relationer",
             "model an application domain with ER diagrams and translate the model into relations"),
            ("formulera frågor i relationsalgebra och SQL",
             "formulate queries in relational algebra and SQL"),
            ("normalisera ett relationsschema till BCNF och motivera valen",
             "normalise a relational schema to BCNF and justify the choices"),
        ),
        ("written-examination", "marked-assignment"), "presential",
        "Programkonstruktion och datastrukturer, 10 hp", "Program Design and Data Structures, 10 credits",
    ),
    ("uu.se", "1DL099"): (
        (
            ("självständigt planera och genomföra ett avgränsat projekt inom datavetenskap",
             "plan and carry out a delimited project in computer science independently"),
            ("skriftligt och muntligt redovisa och försvara projektets resultat",
             "present and defend the results of the project in writing and orally"),
            ("granska och ge konstruktiv återkoppling på andras arbeten",
             "review the work of others and give constructive feedback"),
        ),
        ("project-work", "oral-examination", "peer-review"), "presential",
        "90 hp i datavetenskap", "90 credits in computer science",
    ),
    ("uu.se", "1RT700"): (
        (
            ("härleda och tillämpa linjär regression, logistisk regression och neurala nätverk",
             "derive and apply linear regression, logistic regression and neural networks"),
            ("utvärdera modeller med korsvalidering och resonera om över- och underanpassning",
             "evaluate models with cross-validation and reason about over- and underfitting"),
        ),
        ("written-examination", "project-work"), "blended",
        "120 hp inklusive linjär algebra och sannolikhetslära",
        "120 credits including linear algebra and probability theory",
    ),
    ("uu.se", "1DL550"): (
        (
            ("beskriva modeller för distribuerade system, tid och konsensus",
             "describe models of distributed systems, time and consensus"),
            ("implementera och testa ett feltolerant replikerat system",
             "implement and test a fault-tolerant replicated system"),
        ),
        ("written-examination", "project-work"), "presential",
        "Kandidatexamen i datavetenskap", "Bachelor's degree in computer science",
    ),
    ("uu.se", "1DL650"): (
        (
            ("identifiera, formulera och lösa ett forskningsnära problem inom datavetenskap",
             "identify, formulate and solve a research-related problem in computer science"),
            ("sätta arbetet i relation till aktuell forskning och etiska aspekter",
             "relate the work to current research and ethical aspects"),
        ),
        ("project-work", "oral-examination"), "presential",
        "60 hp på avancerad nivå i datavetenskap", "60 credits at advanced level in computer science",
    ),
    ("uu.se", "2JR100"): (
        (
            ("redogöra för avtalsrättens och köprättens grundläggande regler",
             "account for the fundamental rules of contract law and sales law"),
            ("lösa praktiska fall med hjälp av lagtext, förarbeten och rättspraxis",
             "solve practical cases using statutes, preparatory works and case law"),
        ),
        ("written-examination", "oral-examination"), "presential",
        GENERAL_SV, GENERAL_EN,
    ),
    ("uu.se", "2JR200"): (
        (
            ("beskriva statsskickets grunder och förvaltningens rättsliga ramar",
             "describe the foundations of the constitution and the legal framework of public administration"),
            ("analysera myndighetsbeslut utifrån legalitet och rättssäkerhet",
             "analyse administrative decisions in terms of legality and legal certainty"),
        ),
        ("written-examination", "marked-assignment"), "presential",
        "Allmän förmögenhetsrätt, 30 hp", "General Property Law, 30 credits",
    ),
    ("uu.se", "2JR300"): ((), ("written-examination",), "presential", GENERAL_SV, GENERAL_EN),
    ("uu.se", "5LV001"): (
        (
            ("översiktligt redogöra för litteraturhistoriens epoker från antiken till nutid",
             "give an overview of the periods of literary history from antiquity to the present"),
            ("tillämpa grundläggande litteraturteoretiska begrepp i textanalys",
             "apply basic concepts of literary theory in textual analysis"),
        ),
        ("written-examination", "marked-assignment", "oral-examination"), "presential",
        GENERAL_SV, GENERAL_EN,
    ),
    ("umu.se", "5DV200"): (
        (
            ("skriva strukturerade program i C med dynamiskt minne",
             "write structured programs in C using dynamic memory"),
            ("implementera abstrakta datatyper som stackar, köer och listor",
             "implement abstract data types such as stacks, queues and lists"),
        ),
        ("written-examination", "practical-assessment"), "presential",
        f"{GENERAL_SV} samt Matematik 3c", f"{GENERAL_EN} and Mathematics 3c",
    ),
    ("umu.se", "5DV149"): (
        (
            ("jämföra datastrukturer och algoritmer med avseende på tid och minne",
             "compare data structures and algorithms with respect to time and memory"),
            ("implementera grafalgoritmer och sökträd",
             "implement graph algorithms and search trees"),
        ),
        ("written-examination", "marked-assignment"), "presential",
        "Programmering och datastrukturer, 7,5 hp", "Programming and Data Structures, 7.5 credits",
    ),
    ("umu.se", "5MA198"): (
        (), ("written-examination",), "presential",
        f"{GENERAL_SV} samt Matematik 4", f"{GENERAL_EN} and Mathematics 4",
    ),
    ("umu.se", "5FY176"): (
        (
            ("formulera och lösa rörelseekvationer med Newtons och Lagranges metoder",
             "formulate and solve equations of motion with Newtonian and Lagrangian methods"),
            ("analysera svängningar och stela kroppars rörelse",
             "analyse oscillations and the motion of rigid bodies"),
        ),
        ("written-examination", "marked-assignment"), "presential",
        f"{GENERAL_SV} samt Fysik 2 och Matematik 4", f"{GENERAL_EN} and Physics 2 and Mathematics 4",
    ),
    ("umu.se", "5FY180"): (
        (
            ("tillämpa Maxwells ekvationer på elektrostatiska och magnetostatiska problem",
             "apply Maxwell's equations to electrostatic and magnetostatic problems"),
            ("genomföra och rapportera laborationer i elektromagnetism",
             "carry out and report laboratory work in electromagnetism"),
        ),
        ("written-examination", "practical-assessment"), "presential",
        "Klassisk mekanik, 7,5 hp", "Classical Mechanics, 7.5 credits",
    ),
    ("umu.se", "5FY192"): (
        (
            ("lösa Schrödingerekvationen för enkla endimensionella system",
             "solve the Schrödinger equation for simple one-dimensional systems"),
            ("redogöra för kvantmekanikens postulat och mätproblemet",
             "account for the postulates of quantum mechanics and the measurement problem"),
        ),
        (), "presential", "Elektromagnetism, 7,5 hp", "Electromagnetism, 7.5 credits",
    ),
    ("umu.se", "5DV501"): (
        (
            ("formulera en forskningsfråga inom datavetenskap", "formulate a research question in computing science"),
            ("välja och motivera en forskningsmetod", "choose and justify a research method"),
            ("kritiskt granska vetenskapliga publikationer", "critically review scientific publications"),
        ),
        ("marked-assignment", "peer-review"), "presential",
        "Antagen till utbildning på forskarnivå i datavetenskap",
        "Admitted to doctoral studies in computing science",
    ),
    ("umu.se", "5DV502"): (
        (
            ("redogöra för vetenskapsteoretiska grundpositioner", "account for the main positions in the philosophy of science"),
            ("identifiera och hantera forskningsetiska frågor i det egna projektet",
             "identify and handle research-ethical issues in one's own project"),
        ),
        ("marked-assignment", "oral-examination"), "presential",
        "Antagen till utbildning på forskarnivå", "Admitted to doctoral studies",
    ),
    ("umu.se", "6PE100"): (
        (
            ("beskriva centrala teorier om lärande och undervisning", "describe central theories of learning and teaching"),
            ("analysera en undervisningssituation med pedagogiska begrepp",
             "analyse a teaching situation using educational concepts"),
        ),
        ("marked-assignment", "portfolio"), "online", GENERAL_SV, GENERAL_EN,
    ),
    ("su.se", "EC7110"): (
        (
            ("härleda och tillämpa modeller för konsument- och producentbeteende",
             "derive and apply models of consumer and producer behaviour"),
            ("analysera allmän jämvikt och välfärdsteoremen", "analyse general equilibrium and the welfare theorems"),
            ("tillämpa spelteori på strategiska situationer", "apply game theory to strategic situations"),
        ),
        ("written-examination", "continuous-evaluation"), "presential",
        "Kandidatexamen med 90 hp nationalekonomi", "Bachelor's degree with 90 credits in economics",
    ),
    ("su.se", "EC7111"): (
        (
            ("formulera och lösa dynamiska makroekonomiska modeller",
             "formulate and solve dynamic macroeconomic models"),
            ("analysera penning- och finanspolitikens effekter", "analyse the effects of monetary and fiscal policy"),
        ),
        ("written-examination", "marked-assignment"), "presential",
        "Kandidatexamen med 90 hp nationalekonomi", "Bachelor's degree with 90 credits in economics",
    ),
    ("su.se", "EC7112"): (
        (
            ("skatta och tolka linjära regressionsmodeller", "estimate and interpret linear regression models"),
            ("pröva hypoteser och bedöma modellers antaganden", "test hypotheses and assess the assumptions of models"),
        ),
        ("written-examination", "quiz"), "presential",
        "Kandidatexamen med 90 hp nationalekonomi", "Bachelor's degree with 90 credits in economics",
    ),
    ("su.se", "EC7113"): (
        (
            ("genomföra en empirisk studie med paneldata", "carry out an empirical study with panel data"),
            ("presentera och försvara en empirisk analys", "present and defend an empirical analysis"),
        ),
        (), "blended", "Ekonometri, 15 hp", "Econometrics, 15 credits",
    ),
    ("su.se", "FK4001"): (
        (
            ("lösa problem i partikel- och stelkroppsmekanik", "solve problems in particle and rigid-body mechanics"),
            ("använda bevarandelagar för energi och rörelsemängd", "use conservation laws for energy and momentum"),
        ),
        ("written-examination", "marked-assignment"), "presential",
        f"{GENERAL_SV} samt Fysik 2 och Matematik 4", f"{GENERAL_EN} and Physics 2 and Mathematics 4",
    ),
    ("su.se", "FK4002"): (
        (
            ("beskriva elektriska och magnetiska fält och deras växelverkan",
             "describe electric and magnetic fields and their interaction"),
            ("genomföra mätningar i elektromagnetism och redovisa dem skriftligt",
             "carry out measurements in electromagnetism and report them in writing"),
        ),
        ("written-examination", "practical-assessment"), "presential",
        "Mekanik I, 7,5 hp", "Mechanics I, 7.5 credits",
    ),
    ("su.se", "JU1101"): (
        (
            ("beskriva rättsordningens uppbyggnad och rättskällorna", "describe the structure of the legal order and the sources of law"),
            ("söka och använda rättsliga källor för att besvara enklare rättsfrågor",
             "find and use legal sources to answer basic legal questions"),
        ),
        ("written-examination", "quiz"), "online", GENERAL_SV, GENERAL_EN,
    ),
}  # fmt: skip

_UKA: Final = {
    "type": "institutional-qa",
    "agent_name_sv": "Universitetskanslersämbetet",
    "agent_name_en": "Swedish Higher Education Authority",
    "agent_country": "SE",
    "agent_url": "https://www.uka.se",
}
_QUALITY: Final = {
    "uu.se": ("Uppsala University", "2021-06-17"),
    "umu.se": ("Umeå University", "2022-03-24"),
    "su.se": ("Stockholm University", "2020-11-26"),
}


def add_syllabi(doc: Document) -> None:
    """Write the demo syllabi into the document's opportunities and UKÄ's quality assurance
    into its institutions (records the tables do not name are left as they are)."""
    for institution in doc["institutions"]:
        found = _QUALITY.get(institution["schac"])
        if found is not None:
            name, decided = found
            title = f"Review of the quality assurance processes of {name}"
            institution["quality_assurance"] = [dict(_UKA, title_en=title, decision_date=decided)]
    syllabi = {**_SYLLABI, **DEGREE_SYLLABI}
    for opportunity in doc["opportunities"]:
        syllabus = syllabi.get((opportunity["institution"], opportunity["code"]))
        if syllabus is None:
            continue
        outcomes, assessment, participation, requirements_sv, requirements_en = syllabus
        if outcomes:
            opportunity["learning_outcomes_sv"] = [sv for sv, _ in outcomes]
            opportunity["learning_outcomes_en"] = [en for _, en in outcomes]
        if assessment:
            opportunity["assessment"] = list(assessment)
        opportunity["participation"] = participation
        opportunity["entry_requirements_sv"] = requirements_sv
        opportunity["entry_requirements_en"] = requirements_en
        hours = Decimal(str(opportunity["credits"])) * 40 / Decimal("1.5")
        opportunity["workload_hours"] = float(hours.quantize(Decimal("0.1")))
