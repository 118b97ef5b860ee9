"""Records → ELMO model → XML: schema-valid, ECTS once per branch, Ladok modules as Class."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from gateway.core.elmo.build import elmo_from_transcript
from gateway.core.elmo.model import (
    ELMO_NS,
    Attachment,
    Elmo,
    Identifier,
    LearningOpportunitySpecification,
    Text,
)
from gateway.core.elmo.schema import ElmoSchema
from gateway.core.elmo.write import elmo_to_xml
from gateway.core.records import (
    Opportunity,
    OpportunityKind,
    Result,
    ResultStatus,
    Transcript,
    build_transcript,
)
from gateway.core.xml import parse_xml
from tests.core.elmo import factories

NS = {"e": ELMO_NS}


def _by_code(elmo: Elmo) -> dict[str, LearningOpportunitySpecification]:
    return {los.identifier("local") or "": los for los in elmo.specifications()}


def _branches(
    los: LearningOpportunitySpecification,
) -> list[tuple[LearningOpportunitySpecification, ...]]:
    if not los.has_part:
        return [(los,)]
    return [(los, *rest) for part in los.has_part for rest in _branches(part)]


def _assert_ects_once_per_branch(elmo: Elmo) -> None:
    for report in elmo.reports:
        for root in report.opportunities:
            for branch in _branches(root):
                carriers = [n.identifier("local") for n in branch if n.instance.credits]
                assert len(carriers) <= 1, carriers


def test_factory_elmo_validates_against_the_official_schema(
    elmo_xml: bytes, elmo_schema: ElmoSchema
) -> None:
    elmo_schema.validate(parse_xml(elmo_xml))


def test_selected_subset_validates_and_keeps_ancestors(elmo_schema: ElmoSchema) -> None:
    subset = factories.transcript().select([3, 6, 11, 13])
    elmo = elmo_from_transcript(subset, generated=factories.GENERATED)
    elmo_schema.validate(parse_xml(elmo_to_xml(elmo)))
    codes = [los.identifier("local") for los in elmo.specifications()]
    # The modules come with their course and programme as the structure that holds them.
    assert codes == ["SDAVK", "DA1001", "DA1001-0001", "DA2004", "DA2004-0001", "TMA2M", "1MA012"]
    ects = {c: los.instance.ects() for c, los in _by_code(elmo).items()}
    assert ects == {
        "SDAVK": None,
        "DA1001": Decimal("7.5"),  # the passed course carries it, not its module
        "DA1001-0001": None,
        "DA2004": None,
        "DA2004-0001": Decimal("3"),  # the course failed: its passed module carries it
        "TMA2M": Decimal("120"),
        "1MA012": Decimal("5"),
    }
    _assert_ects_once_per_branch(elmo)


def test_ects_sits_on_one_node_per_branch(factory_elmo: Elmo) -> None:
    _assert_ects_once_per_branch(factory_elmo)
    ects = {c: los.instance.ects() for c, los in _by_code(factory_elmo).items()}
    assert {c: v for c, v in ects.items() if v is not None} == {
        "DA1001": Decimal("7.5"),
        "DA2004-0001": Decimal("3"),
        "DA7001": Decimal("15"),
        "FDA8001": Decimal("7.5"),
        "TMA2M": Decimal("120"),
        "JU1001": Decimal("15"),
        "1MA012": Decimal("5"),
    }
    assert factory_elmo.ects_total() == Decimal("173")


def test_types_levels_terms_and_grades(factory_elmo: Elmo) -> None:
    los = _by_code(factory_elmo)
    assert los["SDAVK"].type == "Degree Programme"
    assert los["DA1001"].type == "Course"
    assert los["DA1001-0001"].type == "Class"  # Ladok modul, not ELMO Module
    assert los["DA1001"].titles == (
        Text("Programmering I", "sv"),
        Text("Programming I", "en"),
    )
    assert los["DA1001"].identifiers == (Identifier("local", "DA1001"),)
    assert los["DA1001"].isced_code == "0613"
    # academicTerm only on courses
    assert los["DA1001"].instance.academic_term is not None
    assert los["DA1001-0001"].instance.academic_term is None
    assert los["SDAVK"].instance.academic_term is None
    assert los["TMA2M"].instance.academic_term is None
    term = los["DA7001"].instance.academic_term
    assert term is not None
    assert term.titles == (Text("Hösttermin 2022", "sv"), Text("Autumn 2022", "en"))
    assert (term.start, term.end) == (date(2022, 8, 29), date(2023, 1, 15))
    # EQF level and the deprecated credit level from the Swedish cycle
    for code, eqf, credit_level in (
        ("DA1001", "6", "Bachelor"),
        ("DA7001", "7", "Master"),
        ("FDA8001", "8", "PhD"),
        ("TMA2M", "7", "Master"),
    ):
        instance = los[code].instance
        assert [(lv.type, lv.value) for lv in instance.levels] == [("EQF", eqf)]
        assert [(c.scheme, c.level) for c in instance.credits] == [("ects", credit_level)]
    # statuses and grades exactly as given
    assert (los["DA2004"].instance.status, los["DA2004"].instance.result_label) == ("failed", "Fx")
    assert los["DA3018"].instance.status == "in-progress"
    assert los["DA3018"].instance.result_label is None
    assert los["JU1001"].instance.result_label == "Ba"
    assert los["1MA012"].instance.grading_scheme_local_id == "U345"
    assert los["DA1001"].instance.language_of_instruction == "sv"
    assert los["DA1001"].instance.date == date(2020, 1, 14)


def test_issuer_learner_and_grading_schemes(factory_elmo: Elmo) -> None:
    su, uu = factory_elmo.reports
    assert [(i.type, i.value) for i in su.issuer.identifiers] == [
        ("schac", "su.se"),
        ("erasmus", "S STOCKHO01"),
        ("pic", "999883685"),
    ]
    assert [(i.type, i.value) for i in uu.issuer.identifiers] == [
        ("schac", "uu.se"),
        ("erasmus", "S UPPSALA01"),
    ]
    assert su.issuer.titles == (
        Text("Stockholms universitet", "sv"),
        Text("Stockholm University", "en"),
    )
    assert (su.issuer.country, su.issuer.url) == ("SE", "https://www.su.se")
    assert su.issue_date == factories.GENERATED
    learner = factory_elmo.learner
    assert (learner.given_names, learner.family_name) == ("Åsa Maria", "Öberg-Ündén")
    assert learner.identifier("nationalIdentifier") == "19900512-2389"
    assert learner.identifier("esi") is not None
    assert (learner.bday, learner.citizenship, learner.gender) == (date(1990, 5, 12), "SE", 2)
    # One scheme per scale used in that report, in order of first use; every reference resolves.
    assert [g.local_id for g in su.grading_schemes] == ["AF", "UG", "UV"]
    assert [g.local_id for g in uu.grading_schemes] == ["UB", "U345"]
    for report in factory_elmo.reports:
        defined = {g.local_id for g in report.grading_schemes}
        used = {
            los.instance.grading_scheme_local_id
            for los in report.specifications()
            if los.instance.grading_scheme_local_id is not None
        }
        assert used == defined
    assert su.grading_schemes[0].descriptions == (
        Text(factories.AF.description_sv, "sv"),
        Text(factories.AF.description_en, "en"),
    )
    assert "Fx = Otillräckligt" in factories.AF.description_sv


def _tiny(*rows: tuple[int, str, OpportunityKind, ResultStatus, str | None]) -> Transcript:
    """A one-institution transcript from (id, code, kind, status, parent) rows."""
    results = [
        Result(
            id=rid,
            opportunity=Opportunity(
                institution="su.se",
                code=code,
                kind=kind,
                title_sv=code,
                title_en=code,
                level=factories.FIRST,
                credits=Decimal({"programme": "180", "course": "7.5", "module": "2.5"}[kind]),
                parent_code=parent,
            ),
            status=status,
            date=date(2024, 1, 1),
            term=None,
            grade=None,
            scale=None,
            credits=None,  # falls back to the opportunity's credits when passed
        )
        for rid, code, kind, status, parent in rows
    ]
    return build_transcript(factories.LEARNER, [factories.SU], results)


P, C, M = OpportunityKind.PROGRAMME, OpportunityKind.COURSE, OpportunityKind.MODULE
OK, NO = ResultStatus.PASSED, ResultStatus.FAILED


@pytest.mark.parametrize(
    ("rows", "carriers"),
    [
        pytest.param(
            [(1, "PRG", P, OK, None), (2, "K1", C, OK, "PRG"), (3, "M1", M, OK, "K1")],
            {"K1"},
            id="passed-programme-defers-to-passed-course",
        ),
        pytest.param(
            [(1, "PRG", P, OK, None), (2, "K1", C, NO, "PRG"), (3, "M1", M, OK, "K1")],
            {"M1"},
            id="module-of-failed-course-and-programme-defers",
        ),
        pytest.param(
            [(1, "PRG", P, OK, None), (2, "K1", C, NO, "PRG"), (3, "K2", C, NO, "PRG")],
            {"PRG"},
            id="programme-carries-when-nothing-below-does",
        ),
        pytest.param(
            [(1, "PRG", P, NO, None), (2, "K1", C, OK, "PRG"), (3, "K2", C, OK, "PRG")],
            {"K1", "K2"},
            id="failed-programme-courses-carry",
        ),
        pytest.param(
            [(1, "PRG", P, OK, None), (2, "INR", P, OK, "PRG"), (3, "K1", C, OK, "INR")],
            {"K1"},
            id="nested-programmes-defer",
        ),
    ],
)
def test_ects_placement_rules(
    rows: list[tuple[int, str, OpportunityKind, ResultStatus, str | None]],
    carriers: set[str],
    elmo_schema: ElmoSchema,
) -> None:
    elmo = elmo_from_transcript(_tiny(*rows), generated=factories.GENERATED)
    got = {c for c, los in _by_code(elmo).items() if los.instance.credits}
    assert got == carriers
    _assert_ects_once_per_branch(elmo)
    elmo_schema.validate(parse_xml(elmo_to_xml(elmo)))


def test_xml_details_decimals_dates_and_order(elmo_xml: bytes) -> None:
    root = parse_xml(elmo_xml)
    assert elmo_xml.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<elmo xmlns=")
    values = [e.text or "" for e in root.iterfind(".//e:credit/e:value", namespaces=NS)]
    assert sorted(values) == sorted(["7.5", "3", "15", "7.5", "120", "15", "5"])
    assert root.findtext("e:generatedDate", namespaces=NS) == "2026-11-28T14:30:05+00:00"
    credit = root.find(".//e:credit", namespaces=NS)
    assert credit is not None
    assert [c.tag.split("}")[1] for c in credit] == ["scheme", "level", "value"]
    report = root.find("e:report", namespaces=NS)
    assert report is not None
    tags = [c.tag.split("}")[1] for c in report]
    assert tags[0] == "issuer"
    assert tags.index("issueDate") > max(
        i for i, t in enumerate(tags) if t == "learningOpportunitySpecification"
    )
    assert tags[-3:] == ["gradingScheme"] * 3
    assert "Öberg-Ündén".encode() in elmo_xml


def test_output_is_deterministic(factory_elmo: Elmo) -> None:
    again = elmo_from_transcript(factories.transcript(), generated=factories.GENERATED)
    assert again == factory_elmo
    assert elmo_to_xml(again) == elmo_to_xml(factory_elmo)


def test_attachments_pass_through_and_validate(elmo_schema: ElmoSchema) -> None:
    pdf = Attachment(
        identifiers=(Identifier("internal", "tor"),),
        titles=(Text("Emrex transcript", "en"), Text("Emrex-utdrag", "sv")),
        type="EMREX transcript",
        descriptions=(Text("Utdrag ur Ladok", "sv"),),
        contents=(Text("data:application/pdf;base64,JVBERi0xLjQK", "en"),),
    )
    elmo = elmo_from_transcript(
        factories.transcript(), generated=factories.GENERATED, attachments=[pdf]
    )
    assert elmo.attachments == (pdf,)
    root = parse_xml(elmo_to_xml(elmo))
    elmo_schema.validate(root)
    assert [c.tag.split("}")[1] for c in root][-1] == "attachment"


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone"):
        elmo_from_transcript(factories.transcript(), generated=datetime(2026, 1, 1))
