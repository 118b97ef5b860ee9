"""Error responses: every code we send conforms to TDD 1.0; preview; 1.2/2.0 structure."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.core.oots.codes import (
    EDM_ERRORS,
    FAILED_AUTHENTICATION,
    INVALID_REQUEST,
    OBJECT_NOT_FOUND,
    PREVIEW_REQUIRED,
    SEVERITY_ERROR,
    SEVERITY_PREVIEW_REQUIRED,
    SEVERITY_PREVIEW_REQUIRED_V1_0,
    TIMEOUT,
    UNSUPPORTED_CAPABILITY,
    EdmErrorCode,
    EdmVersion,
)
from gateway.core.oots.error import (
    MAX_DETAIL_CHARS,
    Preview,
    build_error_response,
    build_preview_required,
    build_rejection,
    build_request_error,
)
from gateway.core.oots.model import Text
from gateway.core.oots.reply import read_query_response
from gateway.core.oots.request import EdmRequestError, parse_query_request
from gateway.core.oots.validate import OotsValidator
from gateway.core.xml import parse_xml
from tests.core.oots import factories, support

VECTORS = Path(__file__).resolve().parents[2] / "vectors" / "oots"
PREVIEW = Preview(
    "https://gateway.example.se/preview/5b1e0c7d",
    descriptions=(Text("Please review your results", "EN"), Text("Granska dina resultat", "SV")),
)
RS = "{urn:oasis:names:tc:ebxml-regrep:xsd:rs:4.0}"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"


def _error(code: EdmErrorCode, version: EdmVersion = EdmVersion.V1_0) -> bytes:
    return build_request_error(
        factories.request(version),
        code,
        response_id=factories.RESPONSE_ID,
        timestamp=factories.NOW,
        error_provider=factories.PROVIDER,
        detail=f"{code.code} raised by the test",
    )


def _preview(version: EdmVersion = EdmVersion.V1_0, preview: Preview = PREVIEW) -> bytes:
    return build_preview_required(
        factories.request(version, preview=True),
        preview,
        response_id=factories.RESPONSE_ID,
        timestamp=factories.NOW,
        error_provider=factories.PROVIDER,
    )


@pytest.mark.parametrize(
    "code",
    [FAILED_AUTHENTICATION, INVALID_REQUEST, OBJECT_NOT_FOUND, TIMEOUT, UNSUPPORTED_CAPABILITY],
    ids=lambda c: c.code,
)
def test_errors_conform_to_tdd_1_0(validator: OotsValidator, code: EdmErrorCode) -> None:
    data = _error(code)
    assert support.conformance_errors(validator, "ERR", data) == []
    exception = parse_xml(data).find(f"{RS}Exception")
    assert exception is not None
    assert exception.get(XSI_TYPE) == code.exception_type
    assert (exception.get("code"), exception.get("message")) == (code.code, code.message)
    assert exception.get("severity") == SEVERITY_ERROR


def test_preview_error_conforms_to_tdd_1_0(validator: OotsValidator) -> None:
    data = _preview()
    assert support.conformance_errors(validator, "ERR", data) == []
    summary = read_query_response(data)
    assert summary.failed
    assert summary.preview_location == PREVIEW.location
    (exception,) = summary.exceptions
    assert exception.code == PREVIEW_REQUIRED.code
    assert exception.severity == SEVERITY_PREVIEW_REQUIRED_V1_0
    assert exception.preview_method == "GET"


def test_preview_error_has_the_structure_of_the_official_1_0_one(oots_dir: Path) -> None:
    assert support.shape(_preview()) == support.shape(
        (oots_dir / support.EDUCATION_ERROR).read_bytes()
    )


def test_preview_error_1_2_has_the_structure_and_severity_of_the_official_one(
    oots_dir: Path,
) -> None:
    data = _preview(EdmVersion.V1_2)
    assert support.shape(data) == support.shape((oots_dir / support.PREVIEW_ERROR_1_2).read_bytes())
    assert read_query_response(data).exceptions[0].severity == SEVERITY_PREVIEW_REQUIRED


def test_2_0_error_has_the_structure_of_the_official_one(oots_dir: Path) -> None:
    data = build_request_error(
        factories.request(EdmVersion.V2_0),
        OBJECT_NOT_FOUND,
        response_id=factories.RESPONSE_ID,
        timestamp=factories.NOW,
        error_provider=factories.PROVIDER,
    )
    assert support.shape(data) == support.shape((oots_dir / support.FR_ERROR).read_bytes())


def test_preview_method_post_trips_a_1_0_rule_typo(validator: OotsValidator) -> None:
    """R-EDM-ERR-C021 tests ``rim:value`` (lower case) for POST, so only GET can pass."""
    data = _preview(preview=Preview(PREVIEW.location, method="POST"))
    assert validator.xsd.errors(parse_xml(data)) == []
    assert support.failed_rules(validator, "ERR", data) == {"R-EDM-ERR-C021"}


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("schema-invalid", INVALID_REQUEST),
        ("no-natural-person", INVALID_REQUEST),
        ("bad-request-id", INVALID_REQUEST),
        ("legal-person", UNSUPPORTED_CAPABILITY),
        ("unsupported-version", UNSUPPORTED_CAPABILITY),
    ],
)
def test_rejections_of_refused_requests_conform(
    validator: OotsValidator, xsd_validator: OotsValidator, case: str, code: EdmErrorCode
) -> None:
    with pytest.raises(EdmRequestError) as caught:
        parse_query_request((VECTORS / case / "request.xml").read_bytes(), validator=xsd_validator)
    data = build_rejection(
        caught.value,
        fallback_version=EdmVersion.V1_0,
        response_id=factories.RESPONSE_ID,
        timestamp=factories.NOW,
        error_provider=factories.PROVIDER,
    )
    assert support.conformance_errors(validator, "ERR", data) == []
    summary = read_query_response(data)
    assert summary.request_id == (None if case == "bad-request-id" else factories.REQUEST_ID)
    assert summary.exceptions[0].code == code.code
    assert summary.exceptions[0].detail == caught.value.message


def test_rejection_of_an_unreadable_request(validator: OotsValidator) -> None:
    with pytest.raises(EdmRequestError) as caught:
        parse_query_request((VECTORS / "not-well-formed" / "request.xml").read_bytes())
    data = build_rejection(
        caught.value,
        fallback_version=EdmVersion.V1_0,
        response_id=factories.RESPONSE_ID,
        timestamp=factories.NOW,
        error_provider=factories.PROVIDER,
    )
    root = parse_xml(data)
    assert validator.xsd.errors(root) == []
    assert root.get("requestId") is None  # unknown: allowed for InvalidRequestExceptionType
    # Nobody to name: the unnamed "one EvidenceRequester slot" assert of EDM-ERR-S fails.
    assert support.failed_rules(validator, "ERR", data) == {"(unnamed)"}


def test_preview_goes_with_0002_only() -> None:
    arguments = {
        "version": EdmVersion.V1_0,
        "response_id": factories.RESPONSE_ID,
        "timestamp": factories.NOW,
        "error_provider": factories.PROVIDER,
        "requester": factories.REQUESTER,
        "request_id": factories.REQUEST_ID,
    }
    with pytest.raises(ValueError, match="0002"):
        build_error_response(PREVIEW_REQUIRED, **arguments)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="0002"):
        build_error_response(OBJECT_NOT_FOUND, preview=PREVIEW, **arguments)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="https"):
        Preview("http://gateway.example.se/preview/1")


def test_detail_is_one_bounded_line() -> None:
    data = build_request_error(
        factories.request(),
        TIMEOUT,
        response_id=factories.RESPONSE_ID,
        timestamp=factories.NOW,
        error_provider=factories.PROVIDER,
        detail="line one\nline two " + "x" * 2000,
    )
    detail = read_query_response(data).exceptions[0].detail
    assert detail is not None
    assert detail.startswith("line one line two")
    assert len(detail) == MAX_DETAIL_CHARS


def test_messages_follow_the_version() -> None:
    query_error = EDM_ERRORS["EDM:ERR:0008"]
    assert read_query_response(_error(query_error)).exceptions[0].message == query_error.message
    v2 = read_query_response(_error(query_error, EdmVersion.V2_0)).exceptions[0].message
    assert v2 == query_error.message_v2
