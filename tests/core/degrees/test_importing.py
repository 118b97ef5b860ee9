"""The ``degrees`` import section: read, checked against the results, refused naming file,
record and field."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from gateway.core.degrees.model import DegreeFacts, DegreeKind, DegreeStatus, StoredPass
from gateway.core.demo import KARIN_PERSONNUMMER, demo_json
from gateway.core.importing import KnownRecords, OpportunityRef, check_file, parse_json
from gateway.core.importing.plan import plan_import
from gateway.core.records import OpportunityKind, StudyLevel
from gateway.errors import ImportFileError

EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "examples" / "degrees.json"
Doc = dict[str, Any]


def _doc() -> Doc:
    doc: Doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return doc


def _check(doc: Doc, known: KnownRecords | None = None) -> None:
    check_file(json.dumps(doc).encode(), "degrees.json", "json", known)


def test_the_documented_example_reads_every_field() -> None:
    plan = check_file(EXAMPLE.read_bytes(), "degrees.json", "json")
    (degree,) = plan.degrees
    assert degree.kind is DegreeKind.GENERAL
    assert degree.level is StudyLevel.SECOND_CYCLE
    assert degree.credits == Decimal(60)
    assert (degree.date, degree.issue_date) == (date(2024, 6, 14), date(2024, 8, 26))
    assert degree.status is DegreeStatus.AWARDED
    assert degree.included == ("DA5001", "DA5002", "DA5003", "DA5099")
    assert (degree.main_field_en, degree.isced_f, degree.language) == (
        "Computer and Systems Sciences",
        "0613",
        "en",
    )
    assert degree.certificate_pdf is None


def test_the_demo_degrees() -> None:
    plan = check_file(demo_json("se"), "demo-se.json", "json")
    by_learner = {d.national_id: d for d in plan.degrees}
    karin = by_learner[KARIN_PERSONNUMMER]
    assert karin.title_sv == "Filosofie kandidatexamen med huvudområdet datavetenskap"
    assert karin.institution == "uu.se"
    assert karin.credits == Decimal(180)
    assert {"1DL201", "1DL301", "1DL099"} <= set(karin.included)
    titles = {d.title_sv.split()[0].lower(): d for d in plan.degrees}
    assert titles["civilingenjörsexamen"].credits == Decimal(300)
    assert titles["civilingenjörsexamen"].level.eqf == 7
    assert titles["högskoleexamen"].credits == Decimal(120)
    assert titles["högskoleexamen"].level.eqf == 6  # first cycle: EQF 6, never 5
    assert any("masterexamen" in d.title_sv for d in plan.degrees)
    assert [d.status for d in plan.degrees].count(DegreeStatus.WITHDRAWN) == 1
    # every degree's included courses are passed results of its learner with enough credits
    passed = {(r.national_id, r.institution, r.opportunity): r for r in plan.results}
    for degree in plan.degrees:
        credits = [
            passed[(degree.national_id, degree.institution, c)].credits for c in degree.included
        ]
        assert sum(c or 0 for c in credits) >= degree.credits


def _degree(**changes: Any) -> Callable[[Doc], None]:
    def mutate(doc: Doc) -> None:
        for key, value in changes.items():
            if value is None:
                del doc["degrees"][0][key]
            else:
                doc["degrees"][0][key] = value

    return mutate


def _fail_result(doc: Doc) -> None:
    doc["results"][2].update(status="failed", grade="F")


def _drop_result(doc: Doc) -> None:
    del doc["results"][1]


def _short(doc: Doc) -> None:
    doc["results"][1]["credits"] = 10  # 5 hp short of the course: 55 of 60


def _other_institution(doc: Doc) -> None:
    doc["institutions"].append(
        {"schac": "uu.se", "name_sv": "Uppsala universitet", "name_en": "Uppsala University",
         "country": "SE", "url": "https://www.uu.se"}
    )  # fmt: skip
    doc["opportunities"].append(
        {"institution": "uu.se", "code": "1DL301", "kind": "course", "title_sv": "Databasteknik I",
         "title_en": "Database Design I", "credits": 7.5}
    )  # fmt: skip
    doc["results"].append(
        {"learner": "19850612-3408", "institution": "uu.se", "opportunity": "1DL301",
         "status": "passed", "date": "2023-01-13"}
    )  # fmt: skip
    doc["degrees"][0]["included"].append("1DL301")


def _module_and_course(doc: Doc) -> None:
    doc["opportunities"].append(
        {"institution": "su.se", "code": "DA5002-TEN1", "kind": "module", "title_sv": "Tentamen",
         "title_en": "Examination", "credits": 7.5, "parent": "DA5002"}
    )  # fmt: skip
    doc["results"].append(
        {"learner": "19850612-3408", "institution": "su.se", "opportunity": "DA5002-TEN1",
         "status": "passed", "date": "2024-01-12"}
    )  # fmt: skip
    doc["degrees"][0]["included"].append("DA5002-TEN1")


REFUSED: list[tuple[str, Callable[[Doc], None], str, str]] = [
    ("included course failed", _fail_result, "included[2]", "is failed, not passed"),
    ("included course without result", _drop_result, "included[1]", "no passed result"),
    ("included credits below credits", _short, "included", "carry 55 credits, fewer than the degree's 60"),  # noqa: E501
    ("another institution's course", _other_institution, "included[4]", "'1DL301' is an opportunity of uu.se, not of su.se"),  # noqa: E501
    ("unknown course", _degree(included=["DA5001", "XX0000"]), "included[1]", "no opportunity 'XX0000' of su.se"),  # noqa: E501
    ("module and its course", _module_and_course, "included[4]", "DA5002-TEN1 is part of DA5002"),
    ("result after the degree", _degree(date="2024-06-01", issue_date="2024-06-02"), "included[3]", "after the date"),  # noqa: E501
    ("issued before met", _degree(issue_date="2024-06-13"), "issue_date", "is before the date"),
    ("unknown kind", _degree(kind="honorary"), "kind", "must be one of general, professional, fine-arts, research"),  # noqa: E501
    ("unknown status", _degree(status="revoked"), "status", "must be one of awarded, withdrawn"),
    ("no level", _degree(level=None), "level", "is required"),
    ("no credits", _degree(credits=None), "credits", "is required"),
    ("zero credits", _degree(credits=0), "credits", "must be more than 0"),
    ("comma credits", _degree(credits="60,0"), "credits", "use a dot"),
    ("empty included", _degree(included=[]), "included", "non-empty array"),
    ("included twice", _degree(included=["DA5001", "DA5001"]), "included[1]", "listed twice"),
    ("included not a code", _degree(included=["DA5001", 7]), "included[1]", "opportunity code"),
    ("unknown field", _degree(grade="A"), "grade", "is not a known field"),
    ("unknown learner", _degree(learner="19850612-3416"), "learner", "no learner"),
    ("unknown institution", _degree(institution="kth.se"), "institution", "unknown institution"),
    ("absolute PDF path", _degree(certificate_pdf="/etc/passwd.pdf"), "certificate_pdf", "relative"),  # noqa: E501
    ("PDF path leaving the folder", _degree(supplement_pdf="../ds.pdf"), "supplement_pdf", "without '..'"),  # noqa: E501
    ("PDF path not a PDF", _degree(supplement_pdf="ds.docx"), "supplement_pdf", "PDF file"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("mutate", "field", "problem"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED]
)
def test_refusals_name_file_record_and_field(
    mutate: Callable[[Doc], None], field: str, problem: str
) -> None:
    doc = _doc()
    mutate(doc)
    with pytest.raises(ImportFileError) as caught:
        _check(doc)
    error = caught.value
    assert (error.file, error.record, error.field) == ("degrees.json", "degrees[0]", field)
    assert problem in error.problem
    assert "19850612-3408" not in error.message  # never a national identifier


def test_a_second_degree_with_the_same_code_is_refused() -> None:
    doc = _doc()
    doc["degrees"].append(copy.deepcopy(doc["degrees"][0]))
    with pytest.raises(ImportFileError, match=r"record degrees\[1\], field 'code': same"):
        _check(doc)


def _stored(doc: Doc, **facts: Any) -> KnownRecords:
    """What the database holds when only the degree is in the file."""
    batch = parse_json(json.dumps(doc).encode(), "degrees.json")
    opportunities = {
        ("su.se", o.value.code): OpportunityRef(OpportunityKind.COURSE, None, o.value.credits)
        for o in batch.opportunities
    }
    return KnownRecords(
        institutions=frozenset({"su.se"}),
        learners=frozenset({"19850612-3408"}),
        opportunities=opportunities,
        degrees=DegreeFacts(**facts),
    )


def test_stored_passed_results_count_and_a_stored_degree_keeps_its_learner() -> None:
    doc = _doc()
    known = _stored(doc)
    only_degree = {"format": doc["format"], "version": 1, "degrees": doc["degrees"]}
    with pytest.raises(ImportFileError, match=r"included\[0\]'.*no passed result"):
        _check(only_degree, known)
    passed = {
        ("19850612-3408", "su.se", code): StoredPass(Decimal(credits), date(2024, 1, 1))
        for code, credits in (
            ("DA5001", "7.5"),
            ("DA5002", "15"),
            ("DA5003", "7.5"),
            ("DA5099", "30"),
        )
    }
    _check(only_degree, _stored(doc, passed=passed))
    moved = _stored(doc, passed=passed, holders={("su.se", "SU-EX-2024-00042"): "19700101-0000"})
    with pytest.raises(ImportFileError, match="cannot move to another learner"):
        _check(only_degree, moved)


def test_a_result_an_awarded_degree_includes_must_stay_passed() -> None:
    doc = _doc()
    included_in = {("19850612-3408", "su.se", "DA5003"): "SU-EX-2024-00042"}
    results_only = {"format": doc["format"], "version": 1, "results": copy.deepcopy(doc["results"])}
    results_only["results"][2].update(status="failed", grade="F")
    with pytest.raises(ImportFileError) as caught:
        _check(results_only, _stored(doc, included_in=included_in))
    assert (caught.value.record, caught.value.field) == ("results[2]", "status")
    assert "included in degree SU-EX-2024-00042 of su.se" in caught.value.problem
    # withdrawing the degree in the same file lets the result change
    withdrawn = dict(results_only, degrees=copy.deepcopy(doc["degrees"]))
    withdrawn["degrees"][0]["status"] = "withdrawn"
    withdrawn["degrees"][0]["included"] = ["DA5001", "DA5002", "DA5099"]
    withdrawn["degrees"][0]["credits"] = 52.5
    batch = parse_json(json.dumps(withdrawn).encode(), "degrees.json")
    plan = plan_import(batch, _stored(doc, included_in=included_in))
    assert plan.degrees[0].status is DegreeStatus.WITHDRAWN
