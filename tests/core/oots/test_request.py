"""Reading evidence requests: official 1.0/1.2/2.0 examples, our own requests, refusals."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from gateway.core.oots.codes import INVALID_REQUEST, UNSUPPORTED_CAPABILITY, EdmVersion
from gateway.core.oots.model import Distribution, Identifier
from gateway.core.oots.request import (
    EdmRequestError,
    InvalidQueryRequest,
    UnsupportedRequest,
    build_query_request,
    parse_query_request,
)
from gateway.core.oots.validate import OotsValidator
from gateway.errors import InvalidInput
from tests.core.oots import factories, support

VECTORS = Path(__file__).resolve().parents[2] / "vectors" / "oots"
CASES = sorted(p.name for p in VECTORS.iterdir() if p.is_dir())


def test_official_1_0_birth_request(oots_dir: Path, validator: OotsValidator) -> None:
    data = (oots_dir / support.BIRTH_REQUEST).read_bytes()
    request = parse_query_request(data, validator=validator)
    assert request.request_id == "urn:uuid:4ffb5281-179d-4578-adf2-39fd13ccc797"
    assert request.specification is EdmVersion.V1_0
    assert request.issue_date_time == datetime(2022, 5, 19, 17, 8, 10, 872000, tzinfo=UTC)
    assert request.procedure == "R1"
    assert (request.possibility_for_preview, request.explicit_request_given) == (False, True)
    assert request.preview_location is None
    assert not request.is_preview_followup
    person = request.natural_person
    assert (person.family_name, person.given_name) == ("Smith", "John")
    assert person.date_of_birth == date(1970, 3, 1)
    assert person.identifier == Identifier("DK/DE/123123123", "eidas")
    assert person.level_of_assurance == "High"
    assert person.current_address is not None
    assert person.current_address.admin_unit_level1 == "DK"
    requester = request.requester
    assert requester.identifier == Identifier("DK22233223", "urn:cef.eu:names:identifier:EAS:0096")
    assert (requester.name, requester.classification) == ("Denmark University Portal", "ER")
    assert request.evidence_provider.identifier.value == "DE73524311"
    evidence = request.evidence_request
    assert evidence.identifier == "2af27699-f131-4411-8fdb-9e8cd4e8bded"
    original = (
        "https://sr.oots.tech.europa.eu/evidencetypeclassifications/DE/"
        "ca8afed6-2dc0-422a-a931-d21c3d8d370e"
    )
    assert evidence.evidence_type_classification == original
    assert evidence.evidence_type_key == original.replace("tech.europa", "tech.ec.europa")
    assert [t.lang for t in evidence.titles] == ["EN", "DE"]
    assert evidence.distributed_as == Distribution(
        "application/xml",
        "https://sr.oots.tech.europa.eu/distributions/certificate-of-birth-1.0.0",
        "https://sr.oots.tech.europa.eu/distributions/certificate-of-birth-1.0.0/age-of-majority",
    )
    assert [r.key for r in request.requirements] == [
        "https://sr.oots.tech.ec.europa.eu/requirements/315cfd75-6605-49c4-b0fe-799833b41099"
    ]


def test_official_1_0_legal_person_request_is_not_served(
    oots_dir: Path, xsd_validator: OotsValidator
) -> None:
    # (xsd only: this official example breaks its own R-EDM-REQ-C067 with country "GR")
    data = (oots_dir / support.TAX_REQUEST).read_bytes()
    with pytest.raises(UnsupportedRequest, match="legal persons") as caught:
        parse_query_request(data, validator=xsd_validator)
    assert caught.value.edm == UNSUPPORTED_CAPABILITY
    assert caught.value.context.request_id is not None
    assert caught.value.context.requester is not None


def test_official_1_2_preview_flow_requests(oots_dir: Path, validator: OotsValidator) -> None:
    first = parse_query_request(
        (oots_dir / support.FIRST_REQUEST_1_2).read_bytes(), validator=validator
    )
    second = parse_query_request(
        (oots_dir / support.SECOND_REQUEST_1_2).read_bytes(), validator=validator
    )
    for request in (first, second):
        assert request.specification is EdmVersion.V1_2
        assert request.possibility_for_preview is True
        assert request.procedure == "T2"  # LocalizedString with xsi:lang in these copies
        assert request.natural_person.identifier == Identifier("DE/DE/123456789", "eidas")
        assert request.natural_person.nationality == "DE"  # a 1.1+ eIDAS attribute
        assert request.requester.name == "University of Amsterdam"
        assert request.evidence_request.evidence_type_classification == (
            "https://sr.oots.tech.ec.europa.eu/evidencetypeclassifications/DE/"
            "edf717b7-b373-40b1-b51b-cbb7c9d64de5"
        )  # indented in the file: stripped
        assert len(request.requirements) == 2
        assert request.requirements[0].descriptions  # Requirement/Description exists from 1.1
    assert first.preview_location is None
    assert second.preview_location == (
        "https://preview.space.example.com/requests?session=d36af8bc-fea6-4ee5-a32d-5bef82cdb071"
    )
    assert second.is_preview_followup


def test_official_2_0_requests(oots_dir: Path, validator: OotsValidator) -> None:
    reference = parse_query_request(
        (oots_dir / support.FR_REQUEST).read_bytes(), validator=validator
    )
    captured = parse_query_request(
        support.domibus_payload(oots_dir / support.FR_CAPTURED_REQUEST), validator=validator
    )
    for request in (reference, captured):
        assert request.specification is EdmVersion.V2_0
        assert request.requester.classification == "ER"
        intermediary = request.intermediary
        assert intermediary is not None
        assert intermediary.identifier.value == "OOTSFRANCE"
        assert request.evidence_request.distributed_as is not None
    assert reference.procedure == "T3"  # 2.0: a plain StringValueType
    assert reference.natural_person.family_name == "Dupont"
    assert reference.evidence_request.distributed_as == Distribution(
        "application/pdf", language="EN"
    )
    assert captured.procedure == "00"
    assert captured.natural_person.identifier is None  # the capture carries no eIDAS id


@pytest.mark.parametrize("version", list(EdmVersion))
def test_our_requests_round_trip(version: EdmVersion) -> None:
    request = factories.request(version, preview=True)
    if version is not EdmVersion.V1_0:
        request = replace(
            request,
            natural_person=replace(request.natural_person, nationality="FI"),
            preview_location="https://preview.example.se/p/42",
        )
    assert parse_query_request(build_query_request(request)) == request


def test_our_1_0_requests_conform(validator: OotsValidator) -> None:
    for request in (
        factories.request(),
        factories.request(preview=True, preview_location="https://preview.example.se/p/42"),
        factories.request(
            distribution=Distribution(
                "application/json",
                factories.ELM_MODEL.replace(
                    "tech.ec.europa.eu/datamodels", "tech.europa.eu/distributions"
                ),
            )
        ),
    ):
        assert support.conformance_errors(validator, "REQ", build_query_request(request)) == []


def test_our_2_0_request_has_the_shape_of_the_official_one(oots_dir: Path) -> None:
    request = replace(
        factories.request(
            EdmVersion.V2_0, distribution=Distribution("application/pdf", language="EN")
        ),
        requirements=(
            replace(
                factories.request().requirements[0],
                descriptions=(factories.request().evidence_request.descriptions),
            ),
        ),
    )
    ours = support.shape(build_query_request(request))
    official = support.shape((oots_dir / support.FR_REQUEST).read_bytes())
    # The official one sends an intermediary platform too; ours no Title in a 2nd language.
    assert sorted(set(ours)) == sorted(set(official))


def test_builder_refuses_elements_1_0_does_not_have() -> None:
    request = factories.request()
    with_nationality = replace(
        request, natural_person=replace(request.natural_person, nationality="FI")
    )
    with pytest.raises(ValueError, match=r"v1\.0"):
        build_query_request(with_nationality)
    with pytest.raises(ValueError, match=r"v1\.0"):
        build_query_request(replace(request, return_location="https://er.example.nl/back"))


def test_builder_output_is_stable() -> None:
    """What our requester tool writes is pinned by the ``valid-v1.0`` vector."""
    assert (
        build_query_request(factories.request())
        == (VECTORS / "valid-v1.0" / "request.xml").read_bytes()
    )


def _case(case: str) -> tuple[dict[str, str], bytes]:
    folder = VECTORS / case
    expected = tomllib.loads((folder / "case.toml").read_text(encoding="utf-8"))
    return expected, (folder / "request.xml").read_bytes()


@pytest.mark.parametrize("case", CASES)
def test_vectors(case: str, xsd_validator: OotsValidator) -> None:
    expected, data = _case(case)
    if "code" not in expected:
        request = parse_query_request(data, validator=xsd_validator)
        assert request.request_id == factories.REQUEST_ID
        return
    with pytest.raises(EdmRequestError) as caught:
        parse_query_request(data, validator=xsd_validator)
    error = caught.value
    assert isinstance(error, InvalidInput)
    assert error.edm.code == expected["code"]
    assert error.rule == expected.get("rule")
    assert expected.get("message", "") in error.message


@pytest.mark.parametrize("case", CASES)
def test_vectors_in_strict_mode(case: str, validator: OotsValidator) -> None:
    """With the Schematron on, the same requests are refused with the same EDM code."""
    expected, data = _case(case)
    if "code" not in expected:
        parse_query_request(data, validator=validator)
        return
    with pytest.raises(EdmRequestError) as caught:
        parse_query_request(data, validator=validator)
    assert caught.value.edm.code == expected["code"]


def test_schema_invalid_request_names_the_problem_in_the_detail(
    xsd_validator: OotsValidator,
) -> None:
    data = (VECTORS / "schema-invalid" / "request.xml").read_bytes()
    with pytest.raises(InvalidQueryRequest) as caught:
        parse_query_request(data, validator=xsd_validator)
    assert caught.value.edm == INVALID_REQUEST
    assert "17.05.2000" not in caught.value.message  # values are not echoed into messages
    assert caught.value.detail is not None
    assert "DateOfBirth" in caught.value.detail
    assert "Nickname" in caught.value.message
    # Addressable even though refused: the error can name the request and its requester.
    assert caught.value.context.request_id == factories.REQUEST_ID
    assert caught.value.context.requester == factories.REQUESTER


def test_announced_versions_limit_what_is_accepted() -> None:
    data = build_query_request(factories.request(EdmVersion.V2_0))
    with pytest.raises(UnsupportedRequest) as caught:
        parse_query_request(data, supported=(EdmVersion.V1_0, EdmVersion.V1_2))
    assert caught.value.context.version is EdmVersion.V2_0
    assert "oots-edm:v1.0, oots-edm:v1.2" in caught.value.message


def test_size_limit() -> None:
    data = build_query_request(factories.request())
    with pytest.raises(InvalidQueryRequest, match="larger than"):
        parse_query_request(data, max_bytes=len(data) - 1)
