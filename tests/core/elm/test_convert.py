"""convert_elmo: the ELM–ELMO mapping, what it keeps, what it reports, and how it fails."""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest

from gateway.core.elm import ConversionResult, IssuerIdentity, convert_elmo
from gateway.core.elm import vocabulary as cv
from gateway.core.elmo.model import Elmo, Issuer, Learner, Text
from gateway.errors import InvalidInput
from tests.core.elm import fixtures

COUNTRY = "http://publications.europa.eu/resource/authority/country/"
LANGUAGE = "http://publications.europa.eu/resource/authority/language/"


def claims(credential: dict[str, Any]) -> list[dict[str, Any]]:
    return list(credential["credentialSubject"]["hasClaim"])


def walk(claim_list: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for claim in claim_list:
        yield claim
        yield from walk(claim.get("hasPart", []))


def by_title(credential: dict[str, Any], english: str) -> dict[str, Any]:
    return next(c for c in walk(claims(credential)) if c["title"].get("en") == english)


def unmapped(result: ConversionResult) -> set[tuple[str, str]]:
    items = result.report.elmo + tuple(u for c in result.report.credentials for u in c.unmapped)
    return {(u.elmo_path, u.what) for u in items}


def test_one_credential_per_report_about_one_person(swedish_result: ConversionResult) -> None:
    first, second = swedish_result.credentials
    assert first["id"] != second["id"]
    assert first["credentialSubject"]["id"] == second["credentialSubject"]["id"]
    assert [c.report_path for c in swedish_result.report.credentials] == [
        "elmo/report[1]",
        "elmo/report[2]",
    ]
    assert [c.credential_id for c in swedish_result.report.credentials] == [
        first["id"],
        second["id"],
    ]


def test_envelope(swedish_result: ConversionResult) -> None:
    credential = swedish_result.credentials[0]
    assert credential["@context"] == [
        "https://www.w3.org/2018/credentials/v1",
        "http://data.europa.eu/snb/model/context/edc-ap",
    ]
    assert credential["type"] == ["VerifiableCredential", "EuropeanDigitalCredential"]
    assert credential["issued"] == credential["issuanceDate"] == "2026-03-02T09:30:00Z"
    assert credential["validFrom"] == "2026-03-02T09:29:58Z"  # the report's issueDate
    assert [p["id"] for p in credential["credentialProfiles"]] == [cv.PROFILE_CONVERTED[0]]
    assert [s["id"] for s in credential["credentialSchema"]] == [
        cv.SCHEMA_GENERIC_FULL,
        cv.SCHEMA_CONVERTED,
    ]
    assert {s["type"] for s in credential["credentialSchema"]} == {"ShaclValidator2017"}
    display = credential["displayParameter"]
    assert display["title"] == {"en": "Transcript of records: Example University"}
    image = display["individualDisplay"][0]["displayDetail"][0]["image"]
    assert base64.b64decode(image["content"]).startswith(b"\x89PNG")


def test_the_operator_issues_and_the_institution_awards(swedish_result: ConversionResult) -> None:
    credential = swedish_result.credentials[0]
    issuer = credential["issuer"]
    assert issuer["legalName"] == {
        "en": "Example EMREX Gateway Operator",
        "sv": "Exempeloperatören för EMREX",
    }
    assert issuer["eIDASIdentifier"]["notation"] == "SE2021000000"
    assert issuer["eIDASIdentifier"]["spatial"]["id"] == COUNTRY + "SWE"
    body = by_title(credential, "Programming Techniques")["awardedBy"]["awardingBody"][0]
    assert body["id"] != issuer["id"]
    assert body["legalName"] == {"sv": "Exempeluniversitetet", "en": "Example University"}
    assert {(i["schemeName"], i["notation"]) for i in body["identifier"]} == {
        ("schac", "exempel.se"),
        ("erasmus", "S EXEMPEL01"),
        ("pic", "999888777"),
    }
    assert body["location"][0]["address"][0]["countryCode"]["id"] == COUNTRY + "SWE"
    assert body["homepage"][0]["contentURL"] == "https://www.exempel.se/"
    second = claims(swedish_result.credentials[1])[0]["awardedBy"]["awardingBody"][0]
    assert second["legalName"]["en"] == "Second University College"


def test_evidence_is_the_exact_signed_elmo(
    swedish_result: ConversionResult, swedish_signed_bytes: bytes
) -> None:
    for credential in swedish_result.credentials:
        (evidence,) = credential["evidence"]
        assert evidence["dcType"]["id"] == cv.EVIDENCE_CONVERSION[0]
        assert evidence["dcType"]["inScheme"]["id"] == cv.EVIDENCE_SCHEME
        (media,) = evidence["embeddedEvidence"]
        assert base64.b64decode(media["content"], validate=True) == swedish_signed_bytes
        assert media["contentSize"] == len(swedish_signed_bytes)
        assert media["contentType"]["id"].endswith("/file-type/XML")
        assert media["contentEncoding"]["id"] == cv.BASE64[0]


def test_without_the_signed_elmo_the_profile_is_generic(swedish: Elmo) -> None:
    result = convert_elmo(swedish, issuer=fixtures.ISSUER, signed_elmo=None, issued=fixtures.ISSUED)
    credential = result.credentials[0]
    assert "evidence" not in credential
    assert [p["id"] for p in credential["credentialProfiles"]] == [cv.PROFILE_GENERIC[0]]
    assert [s["id"] for s in credential["credentialSchema"]] == [cv.SCHEMA_GENERIC_FULL]
    assert ("elmo/attachment[1]", "attachment") in unmapped(result)


def test_ects_total_is_preserved(swedish: Elmo, swedish_result: ConversionResult) -> None:
    totals = []
    for report, credential in zip(swedish.reports, swedish_result.credentials, strict=True):
        received = sum(
            (
                Decimal(cp["point"])
                for c in walk(claims(credential))
                for cp in c.get("creditReceived", [])
            ),
            Decimal(0),
        )
        expected = sum(
            (s.instance.ects() or Decimal(0) for s in report.specifications()), Decimal(0)
        )
        assert received == expected
        totals.append(received)
    assert sum(totals) == swedish.ects_total() == Decimal("23")
    for credential in swedish_result.credentials:
        for claim in walk(claims(credential)):
            for point in claim.get("creditReceived", []):
                assert (
                    point["framework"]["id"]
                    == "http://data.europa.eu/snb/education-credit/6fcec5c5af"
                )
                assert isinstance(point["point"], str)


def test_passed_results_are_achievements_with_a_part_tree(swedish_result: ConversionResult) -> None:
    course = by_title(swedish_result.credentials[0], "Programming Techniques")
    assert course["type"] == "LearningAchievement"
    assert [p["title"]["en"] for p in course["hasPart"]] == [
        "Laboratory work",
        "Written examination",
    ]
    assert course["awardedBy"]["awardingDate"] == "2020-01-15T00:00:00Z"
    (proof,) = course["provenBy"]
    assert proof["grade"]["noteLiteral"] == {"und": "4"}
    assert proof["gradeStatus"]["id"] == cv.GRADE_PASS[0]
    assert proof["awardedBy"] == {"id": course["awardedBy"]["id"]}
    scheme = proof["specifiedBy"]["gradingScheme"]
    assert scheme["identifier"][0]["notation"] == "U345"
    spec = course["specifiedBy"]
    assert spec["type"] == "Qualification"  # EQF level 6 lives on Qualification only
    assert spec["eqfLevel"]["id"] == "http://data.europa.eu/snb/eqf/6"
    assert spec["thematicArea"][0]["id"] == "http://data.europa.eu/snb/isced-f/0613"
    assert spec["language"][0]["id"] == LANGUAGE + "SWE"
    assert spec["creditPoint"][0]["point"] == "7.5"
    assert spec["dcType"][0]["prefLabel"] == {"en": "Course"}
    assert course["learningOpportunity"]["temporal"]["prefLabel"] == {
        "sv": "HT 2019",
        "en": "Autumn 2019",
    }


def test_in_progress_and_failed_results_claim_no_achievement(
    swedish_result: ConversionResult,
) -> None:
    credential = swedish_result.credentials[0]
    programme = claims(credential)[0]
    assert programme["type"] == "LearningActivity"
    assert programme["temporal"][0]["startDate"] == "2019-08-26T00:00:00Z"
    assert programme["specifiedBy"]["influences"][0]["eqfLevel"]["id"].endswith("/eqf/7")
    discrete = programme["hasPart"][0]
    assert (discrete["type"], discrete["title"]["en"]) == (
        "LearningActivity",
        "Discrete Mathematics",
    )
    assignments = by_title(credential, "Assignments")
    assert assignments["influencedBy"] == [{"id": discrete["id"]}]
    assert by_title(credential, "Programming Techniques")["influencedBy"] == [
        {"id": programme["id"]}
    ]
    failed = by_title(credential, "Database Technology")
    assert failed["type"] == "LearningAssessment"
    assert failed["grade"]["noteLiteral"] == {"und": "U"}
    assert failed["gradeStatus"]["id"] == cv.GRADE_FAIL_LOCAL[0]
    assert "creditReceived" not in failed


def test_learner(swedish_result: ConversionResult) -> None:
    person = swedish_result.credentials[0]["credentialSubject"]
    assert person["givenName"] == {"und": "Anna Maria"}
    assert person["familyName"] == {"und": "Lind"}
    assert person["dateOfBirth"] == "1990-03-15T00:00:00Z"
    assert person["nationalID"]["notation"] == "199003150123"
    assert person["nationalID"]["spatial"]["id"] == COUNTRY + "SWE"
    assert [(i["schemeName"], i["notation"]) for i in person["identifier"]] == [
        ("esi", "urn:schac:personalUniqueCode:int:esi:se:199003150123")
    ]
    assert [c["id"] for c in person["citizenshipCountry"]] == [COUNTRY + "SWE"]
    assert person["gender"]["id"].endswith("/human-sex/FEMALE")


def test_engagement_hours_become_the_activity_workload(swedish_result: ConversionResult) -> None:
    course = by_title(swedish_result.credentials[0], "Swedish for International Students")
    (activity,) = course["influencedBy"]
    assert activity["workload"] == "PT45H30M"
    assert activity["specifiedBy"]["language"][0]["id"] == LANGUAGE + "SWE"
    assert (
        course["specifiedBy"]["description"]["en"]
        == "Basic Swedish.\n\nOral and written proficiency."
    )
    assert (
        course["specifiedBy"]["homepage"][0]["contentURL"] == "https://www.exempel.se/kurser/SV1001"
    )


def test_report_attachments_are_media_objects(swedish_result: ConversionResult) -> None:
    (attachment,) = swedish_result.credentials[0]["attachment"]
    assert attachment["title"] == {"sv": "Studieintyg", "en": "Transcript of records"}
    assert attachment["contentType"]["id"].endswith("/file-type/PDF")
    assert base64.b64decode(attachment["content"]).startswith(b"%PDF")


def test_what_does_not_map_is_reported(swedish_result: ConversionResult) -> None:
    found = unmapped(swedish_result)
    report1 = "elmo/report[1]"
    los2 = f"{report1}/learningOpportunitySpecification[2]"
    expected = {
        ("elmo/generatedDate", "generatedDate"),
        ("elmo/attachment[1]", "attachment"),
        (f"{los2}/subjectArea", "subjectArea 09.1"),
        (f"{report1}/gradingScheme[4]", "gradingScheme VU"),
        (f"{report1}/attachment[1]/type", "type Transcript of Records"),
        (
            f"{report1}/learningOpportunitySpecification[1]/hasPart[3]",
            "hasPart",
        ),
        (
            "elmo/report[2]/learningOpportunitySpecification[1]/specifies/"
            "learningOpportunityInstance/credit[1]/level",
            "credit level Master",
        ),
    }
    assert expected <= found
    json_report = swedish_result.report.to_json()
    assert [c["report_path"] for c in json_report["credentials"]] == [
        "elmo/report[1]",
        "elmo/report[2]",
    ]
    assert swedish_result.report.unmapped_for(1)[: len(swedish_result.report.elmo)] == (
        swedish_result.report.elmo
    )


def test_deterministic_and_ids_injectable(swedish: Elmo, swedish_signed_bytes: bytes) -> None:
    def run(**changes: Any) -> ConversionResult:
        args: dict[str, Any] = {
            "issuer": fixtures.ISSUER,
            "signed_elmo": swedish_signed_bytes,
            "issued": fixtures.ISSUED,
        }
        args.update(changes)
        return convert_elmo(swedish, **args)

    assert run() == run()
    later = run(issued=datetime(2026, 3, 3, tzinfo=fixtures.ISSUED.tzinfo))
    assert later.credentials[0]["id"] != run().credentials[0]["id"]
    injected = run(credential_ids=["urn:credential:a", "urn:credential:b"])
    assert [c["id"] for c in injected.credentials] == ["urn:credential:a", "urn:credential:b"]
    with pytest.raises(ValueError, match="2 reports"):
        run(credential_ids=["urn:credential:a"])
    with pytest.raises(ValueError, match="timezone"):
        run(issued=datetime(2026, 3, 2))


def test_missing_learner_name_names_the_path(swedish: Elmo) -> None:
    nameless = dataclasses.replace(swedish, learner=Learner(given_names=" ", family_name=""))
    with pytest.raises(InvalidInput, match=r"elmo/learner/givenNames"):
        convert_elmo(nameless, issuer=fixtures.ISSUER, signed_elmo=None, issued=fixtures.ISSUED)


def test_untitled_result_names_the_path(swedish: Elmo) -> None:
    report = swedish.reports[1]
    untitled = dataclasses.replace(report.opportunities[0], titles=(Text("  "),))
    elmo = dataclasses.replace(
        swedish,
        reports=(swedish.reports[0], dataclasses.replace(report, opportunities=(untitled,))),
    )
    with pytest.raises(
        InvalidInput, match=r"elmo/report\[2\]/learningOpportunitySpecification\[1\]/title"
    ):
        convert_elmo(elmo, issuer=fixtures.ISSUER, signed_elmo=None, issued=fixtures.ISSUED)


def test_institution_without_country_names_the_path(swedish: Elmo) -> None:
    report = swedish.reports[1]
    stateless = dataclasses.replace(
        report, issuer=Issuer(report.issuer.identifiers, report.issuer.titles, report.issuer.url)
    )
    elmo = dataclasses.replace(swedish, reports=(stateless,))
    with pytest.raises(InvalidInput, match=r"elmo/report\[1\]/issuer/country"):
        convert_elmo(elmo, issuer=fixtures.ISSUER, signed_elmo=None, issued=fixtures.ISSUED)


def test_titles_without_language_are_und(swedish: Elmo) -> None:
    report = swedish.reports[1]
    plain = dataclasses.replace(report.opportunities[0], titles=(Text("Project Management"),))
    elmo = dataclasses.replace(
        swedish, reports=(dataclasses.replace(report, opportunities=(plain,)),)
    )
    result = convert_elmo(elmo, issuer=fixtures.ISSUER, signed_elmo=None, issued=fixtures.ISSUED)
    assert claims(result.credentials[0])[0]["title"] == {"und": "Project Management"}


def test_issuer_identity_is_checked() -> None:
    with pytest.raises(ValueError, match="alpha-2"):
        IssuerIdentity({"en": "X"}, "SE1", "Sweden")
    with pytest.raises(ValueError, match="legal_name"):
        IssuerIdentity({}, "SE1", "SE")
    with pytest.raises(ValueError, match="language tags"):
        IssuerIdentity({"English": "X"}, "SE1", "SE")
    assert IssuerIdentity({"en": "X"}, "NO1", "SE", eidas_country="NO").registration_country == "NO"


def _with_instance(swedish: Elmo, **changes: Any) -> Elmo:
    report = swedish.reports[1]
    course = report.opportunities[0]
    changed = dataclasses.replace(course, instance=dataclasses.replace(course.instance, **changes))
    return dataclasses.replace(
        swedish, reports=(dataclasses.replace(report, opportunities=(changed,)),)
    )


def test_unknown_status_names_the_path(swedish: Elmo) -> None:
    with pytest.raises(InvalidInput, match=r"learningOpportunityInstance/status: 'done'"):
        convert_elmo(
            _with_instance(swedish, status="done"),
            issuer=fixtures.ISSUER,
            signed_elmo=None,
            issued=fixtures.ISSUED,
        )


def test_failed_without_grade_is_participation(swedish: Elmo) -> None:
    elmo = _with_instance(swedish, status="Failed", result_label=None)
    result = convert_elmo(elmo, issuer=fixtures.ISSUER, signed_elmo=None, issued=fixtures.ISSUED)
    (claim,) = claims(result.credentials[0])
    assert claim["type"] == "LearningActivity"
    path = (
        "elmo/report[1]/learningOpportunitySpecification[1]/specifies/learningOpportunityInstance"
    )
    assert (f"{path}/status", "status failed") in unmapped(result)
    assert (f"{path}/credit[1]", "credit") in unmapped(result)
    assert claim["specifiedBy"]["influences"][0]["creditPoint"][0]["point"] == "5"
