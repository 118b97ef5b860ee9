"""Request parsing beyond the vectors: tx_code checks, limits, batch size and error statuses."""

from __future__ import annotations

import json

import pytest

from gateway.core.oid4vci.errors import ErrorCode, Oid4vciError
from gateway.core.oid4vci.requests import (
    MAX_BODY,
    PRE_AUTHORIZED_GRANT,
    NotificationEvent,
    check_tx_code,
    parse_credential_request,
    parse_form,
    parse_notification_request,
    parse_token_request,
)

CONFIGS = {"elm_transcript_sd_jwt"}


def _code(call: object) -> ErrorCode:
    assert callable(call)
    with pytest.raises(Oid4vciError) as caught:
        call()
    return caught.value.code


def test_tx_code_rules() -> None:
    check_tx_code(None, None)
    check_tx_code("493536", "493536")
    assert _code(lambda: check_tx_code(None, "493536")) is ErrorCode.INVALID_REQUEST
    assert _code(lambda: check_tx_code("493536", None)) is ErrorCode.INVALID_REQUEST
    assert _code(lambda: check_tx_code("493536", "493537")) is ErrorCode.INVALID_GRANT
    assert _code(lambda: check_tx_code("493536", "")) is ErrorCode.INVALID_GRANT


def test_token_request_from_pairs() -> None:
    request = parse_token_request(
        [("grant_type", PRE_AUTHORIZED_GRANT), ("pre-authorized_code", "c"), ("client_id", "w1")]
    )
    assert (request.pre_authorized_code, request.tx_code, request.client_id) == ("c", None, "w1")
    empty_tx = parse_token_request(
        [("grant_type", PRE_AUTHORIZED_GRANT), ("pre-authorized_code", "c"), ("tx_code", "")]
    )
    assert empty_tx.tx_code == ""  # present but empty: the flow's check_tx_code decides


def test_form_limits() -> None:
    assert parse_form(b"") == []
    assert parse_form(b"a=1&b=x+y") == [("a", "1"), ("b", "x y")]
    assert _code(lambda: parse_form(b"a=" + b"1" * MAX_BODY)) is ErrorCode.INVALID_REQUEST
    long_code = [("grant_type", PRE_AUTHORIZED_GRANT), ("pre-authorized_code", "c" * 5000)]
    assert _code(lambda: parse_token_request(long_code)) is ErrorCode.INVALID_REQUEST


def test_batch_size() -> None:
    body = json.dumps(
        {
            "credential_configuration_id": "elm_transcript_sd_jwt",
            "proofs": {"jwt": ["a.b.c", "d.e.f"]},
        }
    ).encode()
    request = parse_credential_request(body, configuration_ids=CONFIGS, max_proofs=2)
    assert request.proofs == ("a.b.c", "d.e.f")
    assert (
        _code(lambda: parse_credential_request(body, configuration_ids=CONFIGS))
        is ErrorCode.INVALID_PROOF
    )


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (
            {"credential_identifier": "", "proofs": {"jwt": ["a.b.c"]}},
            ErrorCode.INVALID_CREDENTIAL_REQUEST,
        ),
        (
            {"credential_configuration_id": "elm_transcript_sd_jwt", "proofs": {"jwt": [""]}},
            ErrorCode.INVALID_PROOF,
        ),
        (
            {"credential_configuration_id": "elm_transcript_sd_jwt", "proofs": {"jwt": [{"a": 1}]}},
            ErrorCode.INVALID_PROOF,
        ),
        (
            {"credential_configuration_id": "elm_transcript_sd_jwt", "proofs": ["a.b.c"]},
            ErrorCode.INVALID_PROOF,
        ),
        (
            {"credential_configuration_id": "elm_transcript_sd_jwt", "proofs": {"jwt": "a.b.c"}},
            ErrorCode.INVALID_PROOF,
        ),
    ],
)
def test_credential_request_refusals(body: object, code: ErrorCode) -> None:
    raw = json.dumps(body).encode()
    assert _code(lambda: parse_credential_request(raw, configuration_ids=CONFIGS)) is code


def test_credential_request_body_limits() -> None:
    huge = b'{"a":"' + b"x" * MAX_BODY + b'"}'
    assert (
        _code(lambda: parse_credential_request(huge, configuration_ids=CONFIGS))
        is ErrorCode.INVALID_CREDENTIAL_REQUEST
    )
    assert (
        _code(lambda: parse_credential_request(b"\xff", configuration_ids=CONFIGS))
        is ErrorCode.INVALID_CREDENTIAL_REQUEST
    )


def test_notification_description_charset() -> None:
    ok = parse_notification_request(
        b'{"notification_id":"n","event":"credential_failure",'
        b'"event_description":"Out of storage (code 12)!"}'
    )
    assert ok.event is NotificationEvent.CREDENTIAL_FAILURE
    for bad in ['say \\"no\\"', "back\\\\slash", "tab\\there", "x" * 1001]:
        head = '{"notification_id":"n","event":"credential_failure","event_description":'
        body = f'{head}"{bad}"}}'.encode()
        assert (
            _code(lambda b=body: parse_notification_request(b))
            is ErrorCode.INVALID_NOTIFICATION_REQUEST
        )


def test_error_json_and_statuses() -> None:
    error = Oid4vciError(ErrorCode.INVALID_PROOF, 'bad "proof" \\ here', detail="internal")
    assert error.body() == {"error": "invalid_proof", "error_description": "bad ?proof? ? here"}
    assert error.http_status == 400
    assert error.www_authenticate() is None
    token = Oid4vciError(ErrorCode.INVALID_TOKEN, "expired")
    assert token.http_status == 401
    assert token.www_authenticate() == 'Bearer error="invalid_token", error_description="expired"'
    assert Oid4vciError(ErrorCode.INSUFFICIENT_SCOPE, "x").http_status == 403
    assert Oid4vciError(ErrorCode.INVALID_CLIENT, "x").http_status == 400
    statuses = {code: Oid4vciError(code, "m").http_status for code in ErrorCode}
    assert {c for c, s in statuses.items() if s != 400} == {
        ErrorCode.INVALID_TOKEN,
        ErrorCode.INSUFFICIENT_SCOPE,
    }
    assert str(Oid4vciError(ErrorCode.INVALID_GRANT, "é")) == "?"
