"""The ELM 3.2 micro-credential: EDC-generic-full conformance (pyshacl, offline), 11 of 11."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from gateway.core.elm.microcredential import microcredential_report
from gateway.core.microcredentials import (
    Candidate,
    elm_micro_credential,
    micro_credential_id,
    result_candidate,
    result_eligibility,
)
from gateway.core.microcredentials.concepts import (
    ACCREDITATION_IRIS,
    ASSESSMENT_IRIS,
    FORMAL_LEARNING,
    MODE_IRIS,
)
from gateway.core.records import OpportunityKind
from gateway.core.syllabus import AssessmentType, CourseData, QualityAssuranceType
from gateway.core.xml import parse_xml
from tests.core.elm import fixtures
from tests.core.elm.conformance import Cardinality, ElmShapes, expand, lost_keys
from tests.core.microcredentials.factories import (
    DATA,
    KARIN,
    RESULT,
    SYLLABUS,
    UKA,
    UU,
    course,
    data,
    result,
)

ISSUED = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
CV = "elm/european-commission-empl_European-Learning-Model/master/xsd/loq/cv"


def _credential(candidate: Candidate | None = None) -> dict[str, Any]:
    return elm_micro_credential(
        candidate or result_candidate(KARIN, UU, RESULT, DATA),
        issuer=fixtures.ISSUER,
        issued=ISSUED,
    )


def _claim(credential: dict[str, Any]) -> dict[str, Any]:
    claims = credential["credentialSubject"]["hasClaim"]
    assert len(claims) == 1
    claim: dict[str, Any] = claims[0]
    return claim


def test_conforms_to_edc_generic_full(micro_shapes: ElmShapes) -> None:
    credential = _credential()
    report = micro_shapes.validate(credential)
    assert report.conforms, report.text
    assert credential["credentialSchema"] == [
        {"id": "http://data.europa.eu/snb/model/ap/edc-generic-full", "type": "ShaclValidator2017"}
    ]
    assert credential["credentialProfiles"][0]["id"].endswith("/credential/e34929035b")  # Generic


def test_the_shapes_catch_a_broken_accreditation(micro_shapes: ElmShapes) -> None:
    broken = json.loads(json.dumps(_credential()))
    del _claim(broken)["specifiedBy"]["accreditation"][0]["accreditingAgent"]
    report = micro_shapes.validate(broken)
    assert not report.conforms
    assert "accreditingAgent" in report.text


def test_json_ld_keeps_every_key_and_arrays_follow_the_shapes(
    micro_shapes: ElmShapes, micro_cardinality: Cardinality
) -> None:
    credential = _credential()
    _, dropped = expand(credential, micro_shapes.loader)
    assert dropped == []
    assert lost_keys(credential, micro_shapes.loader) == set()
    problems = [p for p in micro_cardinality.problems(credential) if "/inScheme " not in p]
    assert problems == []


def test_all_eleven_annex_elements_are_present() -> None:
    report = microcredential_report(_credential())
    assert report.missing == ()
    assert report.to_json()["present"] == 11


def test_the_elements_hold_the_stored_values() -> None:
    credential = _credential()
    claim = _claim(credential)
    spec = claim["specifiedBy"]
    assert spec["type"] == "Qualification"
    assert spec["isPartialQualification"] is True
    assert claim["title"] == spec["title"] == {"sv": "Databasteknik I", "en": "Database Design I"}
    assert [o["title"] for o in spec["learningOutcome"]] == [
        {"sv": "formulera frågor i SQL", "en": "formulate queries in SQL"},
        {"sv": "normalisera ett relationsschema", "en": "normalise a relational schema"},
    ]
    assert spec["creditPoint"][0]["point"] == "7.5"
    assert spec["creditPoint"][0]["framework"]["id"].endswith("/education-credit/6fcec5c5af")
    assert spec["volumeOfLearning"] == "PT200H"
    assert spec["eqfLevel"]["id"] == "http://data.europa.eu/snb/eqf/6"
    assert spec["thematicArea"][0]["id"].endswith("/isced-f/0613")
    assert SYLLABUS.participation is not None
    assert [m["id"] for m in spec["mode"]] == [MODE_IRIS[SYLLABUS.participation]]
    assert spec["learningSetting"]["id"] == FORMAL_LEARNING[0]
    assert spec["entryRequirement"]["noteLiteral"] == {
        "sv": "Programkonstruktion, 10 hp",
        "en": "Program Design, 10 credits",
    }
    (accreditation,) = spec["accreditation"]
    assert accreditation["dcType"]["id"] == "http://data.europa.eu/snb/accreditation/bb4618238e"
    assert accreditation["title"] == {"en": UKA.title_en}
    agent = accreditation["accreditingAgent"]
    assert agent["legalName"] == {
        "sv": "Universitetskanslersämbetet",
        "en": "Swedish Higher Education Authority",
    }
    assert agent["location"][0]["address"][0]["countryCode"]["id"].endswith("/country/SWE")
    assert accreditation["report"]["contentURL"] == "https://www.uka.se/reports/uu"
    (assessment,) = claim["provenBy"]
    assert assessment["grade"]["noteLiteral"] == {"und": "5"}
    types = [assessment["specifiedBy"]["dcType"]["id"]] + [
        part["dcType"]["id"] for part in assessment["specifiedBy"]["hasPart"]
    ]
    assert types == [ASSESSMENT_IRIS[t] for t in SYLLABUS.assessment]
    body = claim["awardedBy"]["awardingBody"][0]
    assert body["legalName"] == {"sv": "Uppsala universitet", "en": "Uppsala University"}
    assert body["location"][0]["address"][0]["countryCode"]["id"].endswith("/country/SWE")
    assert credential["credentialSubject"]["nationalID"]["notation"] == "19900315-2389"


def test_issuing_date_and_award_date_are_distinct() -> None:
    credential = _credential()
    assert credential["issued"] == "2026-03-02T09:30:00Z"  # element 5: when it was issued
    assert _claim(credential)["awardedBy"]["awardingDate"] == "2011-01-14T00:00:00Z"


def test_a_module_is_a_class_and_ids_are_stable() -> None:
    module = result(opportunity=course(code="1DL301-TEN1", kind=OpportunityKind.MODULE))
    candidate = result_candidate(KARIN, UU, module, data(SYLLABUS, UKA))
    credential = _credential(candidate)
    assert _claim(credential)["specifiedBy"]["dcType"][0]["id"].endswith("/7e1ac538db")
    assert (
        credential["id"] == micro_credential_id(candidate, ISSUED) == _credential(candidate)["id"]
    )
    assert credential["id"] != _credential()["id"]


@pytest.mark.parametrize(
    "course_data",
    [
        data(None, UKA),
        data(replace(SYLLABUS, assessment=()), UKA),
        data(replace(SYLLABUS, participation=None, learning_outcomes_sv=(),
                     learning_outcomes_en=()), UKA),
        data(SYLLABUS),
    ],
    ids=["no syllabus", "no assessment", "no outcomes or participation", "no QA"],
)  # fmt: skip
def test_an_incomplete_course_reports_exactly_its_gaps(course_data: CourseData) -> None:
    verdict = result_eligibility(KARIN, UU, RESULT, course_data)
    assert not verdict.eligible
    report = microcredential_report(_credential(verdict.candidate))
    assert report.missing == verdict.missing


def _labels(schema_dir: Path, name: str) -> dict[str, str]:
    """IRI → English label of an official ELM code list (xs:enumeration + documentation)."""
    root = parse_xml((schema_dir / CV / name).read_bytes(), max_bytes=1 << 22)
    xs = "{http://www.w3.org/2001/XMLSchema}"
    found = {}
    for item in root.iter(f"{xs}enumeration"):
        doc = item.find(f"{xs}annotation/{xs}documentation")
        found[item.get("value", "")] = "" if doc is None else (doc.text or "").strip()
    return found


def test_code_lists_match_the_official_vocabularies(schema_dir: Path) -> None:
    assessments = _labels(schema_dir, "europass-learning-assessment-types.xsd")
    assert {ASSESSMENT_IRIS[t]: t.label_en for t in AssessmentType} == assessments
    modes = _labels(schema_dir, "europass-modes.xsd")
    assert {iri: modes[iri] for iri in MODE_IRIS.values()} == {
        iri: code.label_en for code, iri in MODE_IRIS.items()
    }
    accreditation = _labels(schema_dir, "europass-accreditation-types.xsd")
    assert {ACCREDITATION_IRIS[t]: t.label_en for t in QualityAssuranceType} == accreditation
    settings = _labels(schema_dir, "europass-learning-setting-types.xsd")
    assert settings[FORMAL_LEARNING[0]] == FORMAL_LEARNING[1]
