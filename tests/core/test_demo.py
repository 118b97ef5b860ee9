"""The demo datasets: deterministic, valid import files with what the demos need."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

import pytest

from gateway.core.demo import DATASETS, KARIN_PERSONNUMMER, demo_document, demo_json
from gateway.core.demo.builder import fodselsnummer, luhn_digit
from gateway.core.grading import BUILTIN_SCALES
from gateway.core.importing import ImportPlan, check_file, national_id_problem
from gateway.core.records import OpportunityKind, ResultStatus, StudyLevel
from gateway.errors import InvalidInput


def _plan(dataset: str) -> ImportPlan:
    return check_file(demo_json(dataset), f"demo-{dataset}.json", "json")


@pytest.mark.parametrize("dataset", DATASETS)
def test_datasets_are_deterministic_valid_import_files(dataset: str) -> None:
    assert demo_json(dataset) == demo_json(dataset)
    assert demo_document(dataset)["format"] == "emrex-gateway/records"
    plan = _plan(dataset)
    assert plan.results


def test_unknown_dataset() -> None:
    with pytest.raises(InvalidInput, match="choose one of se, no"):
        demo_document("fi")


def test_se_institutions() -> None:
    institutions = {i.schac: i for i in _plan("se").institutions}
    assert {s: (i.name_sv, i.erasmus) for s, i in institutions.items()} == {
        "uu.se": ("Uppsala universitet", "S UPPSALA01"),
        "umu.se": ("Umeå universitet", "S UMEA01"),
        "su.se": ("Stockholms universitet", "S STOCKHO01"),
    }
    for inst in institutions.values():
        assert inst.country == "SE"
        assert inst.pic is not None
        assert re.fullmatch(r"\d{9}", inst.pic)
        assert inst.name_en.endswith("University")


def test_se_catalogue_looks_swedish() -> None:
    plan = _plan("se")
    opportunities = plan.opportunities
    assert {o.level for o in opportunities} >= set(StudyLevel)
    assert {o.kind for o in opportunities} == set(OpportunityKind)
    courses = [o for o in opportunities if o.kind is OpportunityKind.COURSE]
    assert all(re.fullmatch(r"\d[A-Z]{2}\d{3}|[A-Z]{2}\d{4}", c.code) for c in courses)
    assert {"1DL301", "5DV200"} <= {c.code for c in courses}
    credits = {o.credits for o in opportunities}
    assert {Decimal("7.5"), Decimal("15"), Decimal("30"), Decimal("180")} <= credits
    assert {"0613", "0311", "0421", "0533"} <= {o.isced_f for o in opportunities}
    assert {o.language for o in opportunities} >= {"sv", "en"}
    terms = {r.term for r in plan.results if r.term}
    assert any(t.startswith("HT") for t in terms)
    assert any(t.startswith("VT") for t in terms)
    assert {r.scale for r in plan.results} - {None} == set(BUILTIN_SCALES)


def test_se_learners() -> None:
    plan = _plan("se")
    learners = [x.learner for x in plan.learners]
    assert len(learners) >= 30
    assert len({x.national_id for x in learners}) == len(learners)
    names = " ".join(f"{x.given_names} {x.family_name}" for x in learners)
    assert all(letter in names.lower() for letter in "åäö")
    for x in plan.learners:
        assert national_id_problem(x.learner.national_id, x.id_country) is None
    ordinary = [
        x.learner.national_id
        for x in plan.learners
        if x.learner.national_id != KARIN_PERSONNUMMER and int(x.learner.national_id[6:8]) <= 31
        and x.learner.national_id[9].isdigit()
    ]  # fmt: skip
    for number in ordinary:  # realistic: everyone but Karin passes the Luhn check
        digits = number[2:8] + number[9:12]
        assert luhn_digit(digits) == number[-1], number
    assert luhn_digit(KARIN_PERSONNUMMER[2:8] + KARIN_PERSONNUMMER[9:12]) != "9"


def test_se_karin() -> None:
    plan = _plan("se")
    karin = next(x.learner for x in plan.learners if x.learner.national_id == KARIN_PERSONNUMMER)
    assert (karin.given_names, karin.family_name, karin.birth_date.isoformat()) == (
        "Karin",
        "Andersson",
        "1990-03-15",
    )
    results = [r for r in plan.results if r.national_id == KARIN_PERSONNUMMER]
    statuses = Counter(r.status for r in results)
    assert statuses[ResultStatus.FAILED] == 1
    assert statuses[ResultStatus.IN_PROGRESS] == 1
    passed_at = {r.institution for r in results if r.status is ResultStatus.PASSED}
    assert passed_at == {"uu.se", "umu.se", "su.se"}
    assert {"TKDAT", "1DL301", "1DL301-TEN1"} <= {r.opportunity for r in results}


def test_no_dataset() -> None:
    plan = _plan("no")
    assert {(i.schac, i.country) for i in plan.institutions} == {
        ("uio.no", "NO"),
        ("ntnu.no", "NO"),
    }
    assert [s.code for s in plan.grading_scales] == ["NO-AF"]
    assert [g.label for g in plan.grading_scales[0].grades] == ["A", "B", "C", "D", "E", "F"]
    assert plan.grading_scales[0].grades[-1].description_sv == "Ikke bestått"
    assert all(x.id_country == "NO" for x in plan.learners)
    for x in plan.learners:
        number = x.learner.national_id
        assert fodselsnummer(x.learner.birth_date, int(number[6:9])) == number
    karin = [x.learner for x in plan.learners if x.learner.given_names == "Karin"]
    assert len(karin) == 1
    assert karin[0].national_id.startswith("150390")
    assert karin[0].birth_date.isoformat() == "1990-03-15"
    assert karin[0].citizenship == "SE"
    where = {r.institution for r in plan.results if r.national_id == karin[0].national_id}
    assert where == {"uio.no", "ntnu.no"}
    assert {t.name_sv for t in plan.terms} >= {"Høst 2013", "Vår 2011"}
