"""The check that a flat micro-credential holds the values of the ELM one of the same course."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from gateway.core.elm import vocabulary as cv
from gateway.core.microcredentials.concepts import ACCREDITATION_IRIS, ASSESSMENT_IRIS, MODE_IRIS
from gateway.core.syllabus import AssessmentType, Participation, QualityAssuranceType


def _tail(iri: str) -> str:
    return iri.rsplit("/", 1)[1]


def assert_same_values(flat: dict[str, Any], elm: dict[str, Any]) -> None:
    """Every Annex I element (and the optional claims both carry) equal in both credentials."""
    person = elm["credentialSubject"]
    claim = person["hasClaim"][0]
    spec = claim["specifiedBy"]
    body = claim["awardedBy"]["awardingBody"][0]
    assessment = claim["provenBy"][0]["specifiedBy"]
    assert flat["identifier"] == elm["id"]
    assert (flat["givenName"], flat["familyName"]) == (
        person["givenName"]["und"],
        person["familyName"]["und"],
    )
    assert flat["title"] == claim["title"]["en"]
    country = cv.country_code(flat["issuerCountry"])
    assert country == _tail(body["location"][0]["address"][0]["countryCode"]["id"])
    assert flat["awardingBody"] == body["legalName"]["en"]
    assert flat["issuanceDate"] == elm["issued"][:10]
    assert flat["learningOutcomes"] == [o["title"]["en"] for o in spec["learningOutcome"]]
    assert flat["notionalWorkload"]["unit"] == "ECTS"
    points = Decimal(spec["creditPoint"][0]["point"])
    assert Decimal(str(flat["notionalWorkload"]["value"])) == points
    assert flat["level"] == f"EQF-{_tail(spec['eqfLevel']['id'])}"
    types = [assessment["dcType"]["id"]] + [p["dcType"]["id"] for p in assessment["hasPart"]]
    assert [ASSESSMENT_IRIS[AssessmentType(t)] for t in flat["typeOfAssessment"]] == types
    mode = MODE_IRIS[Participation(flat["formOfParticipation"])]
    assert [mode] == [m["id"] for m in spec["mode"]]
    assert [ACCREDITATION_IRIS[QualityAssuranceType(q)] for q in flat["qualityAssurance"]] == [
        a["dcType"]["id"] for a in spec["accreditation"]
    ]
    assert flat["nationalID"] == person["nationalID"]["notation"]
    assert flat["dateOfBirth"] == person["dateOfBirth"][:10]
    assert flat["grade"] == claim["provenBy"][0]["grade"]["noteLiteral"]["und"]
    assert flat["entryRequirements"] == spec["entryRequirement"]["noteLiteral"]["en"]
