"""The Annex I micro-credential report: 11 elements, present or missing, never invented."""

from __future__ import annotations

import json
from typing import Any

from gateway.core.elm import ConversionResult
from gateway.core.elm import vocabulary as cv
from gateway.core.elm.microcredential import microcredential_report


def statuses(credential: dict[str, Any]) -> dict[int, str]:
    return {e.number: e.status for e in microcredential_report(credential).elements}


def test_eleven_elements_in_annex_order(swedish_result: ConversionResult) -> None:
    report = microcredential_report(swedish_result.credentials[1])
    assert [e.number for e in report.elements] == list(range(1, 12))
    assert report.elements[0].element == "Identification of the learner"
    assert report.elements[10].element.startswith("Type of quality assurance")
    assert report.credential_id == swedish_result.credentials[1]["id"]


def test_known_input(swedish_result: ConversionResult) -> None:
    # Report 2: one passed course with ECTS, EQF 7, grade; ELMO has no outcomes, assessment
    # type, form of participation or quality assurance.
    assert statuses(swedish_result.credentials[1]) == {
        1: "present",
        2: "present",
        3: "present",
        4: "present",
        5: "present",
        6: "missing",
        7: "present",
        8: "present",
        9: "missing",
        10: "missing",
        11: "missing",
    }
    report = microcredential_report(swedish_result.credentials[1])
    assert report.missing == (6, 9, 10, 11)
    assert "never invents" in (report.elements[5].note or "")


def test_claim_level_elements_need_every_achievement(swedish_result: ConversionResult) -> None:
    # Report 1: three top-level achievements (two courses, one module under an in-progress
    # course); the module has no EQF level, so the level element is missing for the credential.
    level = microcredential_report(swedish_result.credentials[0]).elements[7]
    assert (level.status, level.claims_total, level.claims_with) == ("missing", 3, 2)
    workload = microcredential_report(swedish_result.credentials[0]).elements[6]
    assert (workload.status, workload.claims_with) == ("present", 3)


def test_json_is_serialisable_and_stable(swedish_result: ConversionResult) -> None:
    first = json.dumps(microcredential_report(swedish_result.credentials[0]).to_json())
    again = json.dumps(microcredential_report(swedish_result.credentials[0]).to_json())
    assert first == again
    data = json.loads(first)
    assert data["present"] + len(data["missing"]) == 11
    assert data["elements"][6]["paths"][0].startswith("credentialSubject.hasClaim[*]")


def test_elements_are_found_where_elm_puts_them(swedish_result: ConversionResult) -> None:
    credential = json.loads(json.dumps(swedish_result.credentials[1]))
    claim = credential["credentialSubject"]["hasClaim"][0]
    concept = cv.concept("http://example.org/concept", None, "x")
    claim["specifiedBy"]["learningOutcome"] = [
        {"id": "urn:x:lo", "type": "LearningOutcome", "title": {"en": "Plans projects"}}
    ]
    claim["specifiedBy"]["mode"] = [concept]
    claim["specifiedBy"]["accreditation"] = [
        {"id": "urn:x:acc", "type": "Accreditation", "dcType": concept}
    ]
    claim["provenBy"][0]["specifiedBy"]["dcType"] = concept
    assert set(statuses(credential).values()) == {"present"}


def test_no_achievement_means_claim_elements_are_missing(swedish_result: ConversionResult) -> None:
    credential = json.loads(json.dumps(swedish_result.credentials[1]))
    credential["credentialSubject"]["hasClaim"][0]["type"] = "LearningActivity"
    report = microcredential_report(credential)
    assert report.missing == (2, 3, 4, 6, 7, 8, 9, 10, 11)
    assert report.elements[1].claims_total == 0
