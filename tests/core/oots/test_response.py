"""Success responses: conformance (1.0), the request's own version, 2.0 packaging, refusals."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from gateway.core.oots.codes import EdmVersion
from gateway.core.oots.model import Distribution, Text
from gateway.core.oots.reply import read_query_response
from gateway.core.oots.request import parse_query_request
from gateway.core.oots.response import (
    EvidenceDocument,
    build_query_response,
    build_refused_response,
    make_content_id,
)
from gateway.core.oots.validate import OotsValidator
from gateway.core.xml import parse_xml
from tests.core.oots import factories, support

SDG = "{http://data.europa.eu/p4s}"


def _response(version: EdmVersion = EdmVersion.V1_0, /, **changes: object) -> bytes:
    arguments: dict[str, object] = {
        "response_id": factories.RESPONSE_ID,
        "issued_at": factories.NOW,
        "provider": factories.PROVIDER,
        "issuance": factories.ISSUANCE,
        "documents": factories.documents(),
    }
    arguments.update(changes)
    return build_query_response(factories.request(version), **arguments)  # type: ignore[arg-type]


def test_success_with_elm_json_and_pdf_conforms_to_tdd_1_0(validator: OotsValidator) -> None:
    assert support.conformance_errors(validator, "RESP", _response()) == []


def test_refused_response_conforms_and_is_empty(validator: OotsValidator) -> None:
    data = build_refused_response(
        factories.request(),
        response_id=factories.RESPONSE_ID,
        issued_at=factories.NOW,
        provider=factories.PROVIDER,
    )
    assert support.conformance_errors(validator, "RESP", data) == []
    objects = parse_xml(data).find(
        "{urn:oasis:names:tc:ebxml-regrep:xsd:rim:4.0}RegistryObjectList"
    )
    assert objects is not None
    assert len(objects) == 0


def test_redelivery_gives_the_same_bytes() -> None:
    assert _response() == _response()
    assert _response(EdmVersion.V2_0) == _response(EdmVersion.V2_0)


def test_metadata_of_each_document() -> None:
    summary = read_query_response(_response())
    assert summary.request_id == factories.REQUEST_ID
    assert summary.response_id == factories.RESPONSE_ID
    elm, pdf = summary.evidences
    assert (elm.href, elm.format, elm.title) == (
        "cid:elm5b1e0c7d@gateway.example.se",
        "application/json",
        "LearningAchievementsElm",
    )
    # The data model in the 1.0 spelling; the evidence type as the request wrote it.
    assert elm.conforms_to == (
        "https://sr.oots.tech.europa.eu/distributions/elm-3.2-learning-achievements"
    )
    assert (
        elm.evidence_type_classification
        == factories.request().evidence_request.evidence_type_classification
    )
    assert (pdf.format, pdf.conforms_to) == ("application/pdf", None)


def test_is_about_is_the_minimum_data_set_only() -> None:
    person = parse_xml(_response()).find(f".//{SDG}IsAbout/{SDG}NaturalPerson")
    assert person is not None
    assert [child.tag.removeprefix(SDG) for child in person] == [
        "Identifier",
        "FamilyName",
        "GivenName",
        "DateOfBirth",
    ]


@pytest.mark.parametrize("version", list(EdmVersion))
def test_answers_in_the_request_version(version: EdmVersion) -> None:
    summary = read_query_response(_response(version))
    assert summary.specification == version.value
    elm = summary.evidences[0]
    assert (
        elm.evidence_type_classification
        == factories.request(version).evidence_request.evidence_type_classification
    )
    expected_model = (
        "https://sr.oots.tech.europa.eu/distributions/"
        if version is EdmVersion.V1_0
        else "https://sr.oots.tech.ec.europa.eu/datamodels/"
    )
    assert elm.conforms_to is not None
    assert elm.conforms_to.startswith(expected_model)


def test_1_2_response_differs_from_1_0_only_by_the_pinned_rules(validator: OotsValidator) -> None:
    data = _response(EdmVersion.V1_2)
    assert validator.xsd.errors(parse_xml(data)) == []
    assert support.failed_rules(validator, "RESP", data) == {
        "R-EDM-RESP-C002",  # SpecificationIdentifier oots-edm:v1.0
        "R-EDM-RESP-C017",  # evidence type on sr.oots.tech.europa.eu
        "R-EDM-RESP-C022",  # ConformsTo under sr.oots.tech.europa.eu/distributions/
    }


def test_2_0_response_has_the_structure_of_the_official_one(oots_dir: Path) -> None:
    request = parse_query_request((oots_dir / support.FR_REQUEST).read_bytes())
    pdf = factories.documents()[1]
    ours = build_query_response(
        request,
        response_id=factories.RESPONSE_ID,
        issued_at=factories.NOW,
        provider=factories.PROVIDER,
        issuance=factories.ISSUANCE,
        documents=[replace(pdf, language=None)],
    )
    official = support.shape((oots_dir / support.FR_RESPONSE).read_bytes())
    extra = [line for line in support.shape(ours) if line not in official]
    missing = [line for line in official if line not in support.shape(ours)]
    assert missing == []
    # We echo the requested type's Description (the 1.x rules want it; the sample omits it).
    assert [line.split(" ")[0].rsplit("/", 2)[-2:] for line in extra] == [
        ["IsConformantTo", "Description"]
    ]


def test_2_0_packages_each_document_as_main_evidence() -> None:
    summary = read_query_response(_response(EdmVersion.V2_0))
    assert [e.classification_node for e in summary.evidences] == ["MainEvidence", "MainEvidence"]
    root = parse_xml(_response(EdmVersion.V2_0))
    ids = [e.get("id") for e in root.iter("{urn:oasis:names:tc:ebxml-regrep:xsd:rim:4.0}*")]
    present = [i for i in ids if i]
    assert len(present) == len(set(present)) == 6  # 2 packages, 2 objects, 2 classifications


def test_conforms_to_comes_from_the_request_when_the_format_was_asked_for() -> None:
    model = "https://sr.oots.tech.europa.eu/distributions/elm-3.2"
    request = factories.request(distribution=Distribution("application/json", model))
    elm = replace(factories.documents()[0], conforms_to=None)
    data = build_query_response(
        request,
        response_id=factories.RESPONSE_ID,
        issued_at=factories.NOW,
        provider=factories.PROVIDER,
        issuance=factories.ISSUANCE,
        documents=[elm],
    )
    assert read_query_response(data).evidences[0].conforms_to == model


def test_description_falls_back_when_the_request_has_none(validator: OotsValidator) -> None:
    request = factories.request()
    request = replace(request, evidence_request=replace(request.evidence_request, descriptions=()))
    data = build_query_response(
        request,
        response_id=factories.RESPONSE_ID,
        issued_at=factories.NOW,
        provider=factories.PROVIDER,
        issuance=replace(factories.ISSUANCE, descriptions=(Text("Transcript", "EN"),)),
        documents=factories.documents(),
    )
    assert support.conformance_errors(validator, "RESP", data) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"documents": [replace(factories.documents()[0], conforms_to=None)]}, "ConformsTo"),
        ({"documents": [replace(factories.documents()[1], content_id="pdf-1@x.se")]}, "C042"),
        (
            {"documents": [replace(factories.documents()[1], media_type="application/ld+json")]},
            "OOTSMediaTypes",
        ),
        ({"documents": [replace(factories.documents()[1], evidence_id="e-1")]}, "C015"),
        ({"documents": [replace(factories.documents()[1], registry_object_id="e-1")]}, "S037"),
        ({"documents": []}, "at least one"),
        ({"provider": replace(factories.PROVIDER, address=None)}, "S026"),
        ({"response_id": "response-1"}, "C003"),
    ],
    ids=["json-no-model", "cid", "media-type", "evidence-id", "object-id", "none", "address", "id"],
)
def test_programming_errors_are_refused(change: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _response(**change)


def test_naive_timestamps_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone"):
        _response(issued_at=factories.NOW.replace(tzinfo=None))


def test_make_content_id() -> None:
    assert (
        make_content_id("5B1E0C7D-2a9f", "Gateway.Example.SE") == "5b1e0c7d2a9f@gateway.example.se"
    )
    with pytest.raises(ValueError, match="Content-ID"):
        make_content_id("---", "example.se")


def test_evidence_document_href() -> None:
    document: EvidenceDocument = factories.documents()[1]
    assert document.href == "cid:pdf8a0d6c55@gateway.example.se"
