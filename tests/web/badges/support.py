"""Helpers of the badge web tests: a verifier that knows only the credential and HTTP."""

from __future__ import annotations

import base64
import json
from typing import Any

import aiohttp
from jwcrypto import jwk, jwt

KARIN = "19900315-2389"


def unverified_header(token: str) -> dict[str, Any]:
    segment = token.split(".")[0]
    header: dict[str, Any] = json.loads(
        base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    )
    return header


async def resolve_key(client: aiohttp.ClientSession, kid: str) -> jwk.JWK:
    """Dereference ``kid`` as any verifier would: GET the profile, take the entry with that id."""
    async with client.get(kid.partition("#")[0]) as response:
        assert response.status == 200, f"issuer profile {kid} answered {response.status}"
        profile = await response.json(content_type=None)
    (method,) = [m for m in profile["verificationMethod"] if m["id"] == kid]
    assert method["controller"] == profile["id"]
    return jwk.JWK(**method["publicKeyJwk"])


async def verify_over_http(client: aiohttp.ClientSession, token: str) -> dict[str, Any]:
    """jwcrypto verifies the VC-JWT with the key resolved from its ``kid``; the claims."""
    key = await resolve_key(client, unverified_header(token)["kid"])
    checked = jwt.JWT(jwt=token, key=key, algs=["ES256"], check_claims={"nbf": None})
    claims: dict[str, Any] = json.loads(checked.claims)
    return claims
