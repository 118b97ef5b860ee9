"""A badge verifies with jwcrypto using only the key its issuer profile serves over HTTP.

The verifier knows nothing but the JWT: its ``kid`` names the issuer profile URL
(``/badges/issuers/{schac}``) and the key entry in it. A tampered payload, a badge signed with
another institution's key under this one's ``kid``, and an issuer the gateway does not know all
fail.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from jwcrypto.jws import InvalidJWSSignature

from gateway.core import jose
from gateway.core.badges.jwt import sign_badge
from gateway.flows.badges.issue import eligible_courses, issue_badge, keys_of
from gateway.web import appkeys
from tests.core.badges.conformance import CONTEXTS
from tests.core.badges.test_integrity import independent_verify
from tests.web.badges.support import KARIN, unverified_header, verify_over_http
from tests.web.nodes import Node, browser

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


async def test_a_verifier_resolves_the_key_from_the_credential_alone(node: Node) -> None:
    services = node.app[appkeys.SERVICES]
    courses = await eligible_courses(services, KARIN)
    assert courses
    issued = issue_badge(services, courses[0], now=NOW)
    async with browser() as client:
        claims = await verify_over_http(client, issued.jwt)
        header = unverified_header(issued.jwt)
        async with client.get(node.path("/badges/issuers/uu.se")) as response:
            profile = await response.json(content_type=None)
            assert response.content_type == "application/ld+json"
    assert header == {"alg": "ES256", "kid": header["kid"], "typ": "JWT"}
    assert header["kid"].startswith(node.path("/badges/issuers/"))
    assert claims["iss"] == claims["issuer"]["id"] == header["kid"].partition("#")[0]
    assert claims["jti"] == issued.credential["id"]
    assert claims["nbf"] == int(NOW.timestamp())
    assert {k: v for k, v in claims.items() if k not in {"iss", "jti", "nbf"}} == (
        issued.credential
    )
    assert profile["type"] == ["Profile"]
    assert profile["name"] == "Uppsala University"


async def test_tampered_wrong_key_and_unknown_issuer_fail(node: Node) -> None:
    services = node.app[appkeys.SERVICES]
    issued = issue_badge(services, (await eligible_courses(services, KARIN))[0], now=NOW)
    head, payload, signature = issued.jwt.split(".")
    claims = jose.json_loads(jose.b64url_decode(payload))
    claims["credentialSubject"]["creditsEarned"] = 30
    tampered = f"{head}.{jose.b64url_encode(jose.json_dumps(claims))}.{signature}"

    other_key = keys_of(services).signing_key("other.example")  # another institution's key
    kid = unverified_header(issued.jwt)["kid"]
    wrong_key = sign_badge(issued.credential, other_key, kid=kid)

    unknown = dict(issued.credential)
    unknown["issuer"] = {
        **issued.credential["issuer"],
        "id": node.path("/badges/issuers/nowhere.se"),
    }
    unknown_kid = node.path("/badges/issuers/nowhere.se") + "#" + kid.partition("#")[2]
    unknown_issuer = sign_badge(unknown, other_key, kid=unknown_kid)

    async with browser() as client:
        with pytest.raises(InvalidJWSSignature):
            await verify_over_http(client, tampered)
        with pytest.raises(InvalidJWSSignature):
            await verify_over_http(client, wrong_key)
        with pytest.raises(AssertionError, match="answered 404"):
            await verify_over_http(client, unknown_issuer)
        async with client.get(node.path("/badges/issuers/..%2Fsecrets")) as response:
            assert response.status in (400, 404)


async def test_the_embedded_proof_verifies_with_the_multikey_of_the_profile(
    node: Node, schema_dir: Path
) -> None:
    services = node.app[appkeys.SERVICES]
    issued = issue_badge(services, (await eligible_courses(services, KARIN))[0], now=NOW)
    (proof,) = issued.credential["proof"]
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    method = proof["verificationMethod"]
    async with browser() as client, client.get(method.partition("#")[0]) as response:
        profile = await response.json(content_type=None)
    (entry,) = [m for m in profile["verificationMethod"] if m["id"] == method]
    assert entry["type"] == "Multikey"
    assert entry["publicKeyMultibase"] == method.partition("#")[2]
    contexts = {
        url: json.loads((schema_dir / path).read_text("utf-8")) for url, path in CONTEXTS.items()
    }
    assert independent_verify(issued.credential, contexts)
    claims = jose.json_loads(jose.b64url_decode(issued.jwt.split(".")[1]))
    assert {k: v for k, v in claims.items() if k not in {"iss", "jti", "nbf"}} == (
        issued.credential
    )  # one credential: the VC-JWT signs the credential with its embedded proof
