"""The request and proof vectors of tests/vectors/oid4vci, one folder per case."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from gateway.core.oid4vci.credential import ELM_CONFIGURATION_ID
from gateway.core.oid4vci.errors import Oid4vciError
from gateway.core.oid4vci.proof import ProofPolicy, validate_proof
from gateway.core.oid4vci.requests import (
    parse_credential_request,
    parse_form,
    parse_notification_request,
    parse_token_request,
)
from tests.core.oid4vci.support import VECTORS


def _cases(kind: str) -> list[Path]:
    cases = sorted(p for p in (VECTORS / kind).iterdir() if p.is_dir())
    assert cases, f"no {kind} vectors"
    return cases


def _expected(case: Path) -> dict[str, Any]:
    value = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    assert isinstance(value, dict)
    return value


def _check(case: Path, parse: Any) -> None:
    expected = _expected(case)
    if "error" in expected:
        with pytest.raises(Oid4vciError) as caught:
            parse()
        assert caught.value.code.value == expected["error"]
        assert caught.value.body()["error"] == expected["error"]
        return
    result = parse()
    for name, value in expected["ok"].items():
        got = getattr(result, name)
        if isinstance(got, tuple):
            got = list(got) if name != "proofs" else len(got)
        assert got == value, name


@pytest.mark.parametrize("case", _cases("credential_request"), ids=lambda p: p.name)
def test_credential_request(case: Path) -> None:
    body = (case / "request.json").read_bytes()
    _check(case, lambda: parse_credential_request(body, configuration_ids={ELM_CONFIGURATION_ID}))


@pytest.mark.parametrize("case", _cases("notification_request"), ids=lambda p: p.name)
def test_notification_request(case: Path) -> None:
    body = (case / "request.json").read_bytes()
    _check(case, lambda: parse_notification_request(body))


@pytest.mark.parametrize("case", _cases("token_request"), ids=lambda p: p.name)
def test_token_request(case: Path) -> None:
    body = (case / "request.txt").read_bytes()
    _check(case, lambda: parse_token_request(parse_form(body)))


@pytest.mark.parametrize("case", _cases("proof"), ids=lambda p: p.name)
def test_proof(case: Path) -> None:
    expected = _expected(case)
    token = (case / "proof.jwt").read_text(encoding="ascii").strip()
    policy = ProofPolicy(audience=expected["audience"])
    now = dt.datetime.fromtimestamp(expected["now"], dt.UTC)
    if "error" in expected:
        with pytest.raises(Oid4vciError) as caught:
            validate_proof(token, policy, now=now)
        assert caught.value.code.value == expected["error"]
        return
    proof = validate_proof(token, policy, now=now, expected_nonce=expected["ok"]["nonce"])
    assert proof.holder_jwk == expected["ok"]["holder_jwk"]
    assert proof.issued_at.timestamp() == expected["ok"]["iat"]
    assert proof.alg == expected["ok"]["alg"]
