"""core/oid4vp/response.py: the spec's own encrypted response (OpenID4VP 1.0 §8.3) as a vector,
and the shape rules of ``vp_token``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gateway.core.oid4vp.reasons import PresentationRefused, Reason, wallet_error
from gateway.core.oid4vp.response import chosen_presentation, parse_response

VECTOR = Path(__file__).resolve().parents[2] / "vectors" / "openid4vp" / "encrypted-response.json"


def test_the_spec_example_decrypts_to_its_documented_payload() -> None:
    vector = json.loads(VECTOR.read_text(encoding="utf-8"))
    parsed = parse_response(
        {"response": vector["response"]},
        response_mode="direct_post.jwt",
        private_jwk=vector["private_jwk"],
        max_length=1 << 20,
    )
    assert parsed.vp_token == vector["payload"]["vp_token"]
    assert parsed.enc == "A128GCM"
    assert parsed.state is None  # the example has none: the caller refuses it (state_mismatch)


def test_a_plain_vp_token_is_refused_when_encryption_was_asked_for() -> None:
    with pytest.raises(PresentationRefused) as caught:
        parse_response(
            {"vp_token": "{}", "state": "s"},
            response_mode="direct_post.jwt",
            private_jwk={},
            max_length=1000,
        )
    assert caught.value.reason is Reason.WRONG_RESPONSE_MODE


def test_an_error_may_come_unencrypted() -> None:
    parsed = parse_response(
        {"error": "access_denied", "state": "s"},
        response_mode="direct_post.jwt",
        private_jwk={},
        max_length=1000,
    )
    assert (parsed.error, parsed.state) == ("access_denied", "s")


@pytest.mark.parametrize(
    "token",
    ['"eyJ"', '{"q": "eyJ"}', '{"q": []}', '{"q": ["a", "b"]}', '{"q": [1]}', "{}", "[]", "x"],
)
def test_vp_token_shapes(token: str) -> None:
    with pytest.raises(PresentationRefused) as caught:
        parse_response(
            {"vp_token": token, "state": "s"},
            response_mode="direct_post",
            private_jwk={},
            max_length=1000,
        )
    assert caught.value.reason is Reason.VP_TOKEN_MALFORMED


@pytest.mark.parametrize("token", [{"q": ["p"], "r": ["p"]}, {"other": ["p"]}])
def test_exactly_one_of_our_queries_is_answered(token: dict[str, Any]) -> None:
    with pytest.raises(PresentationRefused):
        chosen_presentation(token, ["q", "r"])
    assert chosen_presentation({"r": ["p"]}, ["q", "r"]) == ("r", "p")


def test_wallet_errors_leak_no_reason() -> None:
    assert {wallet_error(r) for r in Reason} == {"invalid_request", "access_denied"}
