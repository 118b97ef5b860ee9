"""The badge through OpenID4VCI: one tick of a complete course also gives its Open Badge.

The ``jwt_vc_json`` credential is checked with jwcrypto alone: the key comes from resolving the
``kid`` over HTTP (the institution's issuer profile), the holder binding is the wallet key as
``did:jwk``, and the payload is an OpenBadgeCredential that passes the official JSON Schema.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import aiohttp

from tests.core.badges.conformance import ObConformance
from tests.web.badges.support import verify_over_http
from tests.web.nodes import Node
from tests.web.wallet.test_micro import _collect

BADGE = "open_badge_jwt_vc"


async def test_the_wallet_receives_the_badge_as_jwt_vc_json(gw: Node, schema_dir: Path) -> None:
    async with aiohttp.ClientSession() as http:
        wallet, received, _ = await _collect(gw, http)
        metadata = await (await http.get(gw.path("/.well-known/openid-credential-issuer"))).json()
        claims = await verify_over_http(http, received[-1].credential)
    supported = metadata["credential_configurations_supported"][BADGE]
    assert supported["format"] == "jwt_vc_json"
    assert supported["credential_definition"]["type"] == [
        "VerifiableCredential",
        "OpenBadgeCredential",
    ]
    holder = claims["credentialSubject"]["id"]
    assert holder.startswith("did:jwk:")
    bound = json.loads(base64.urlsafe_b64decode(holder[8:] + "=" * (-len(holder[8:]) % 4)))
    assert (bound["x"], bound["y"]) == (wallet.public_jwk["x"], wallet.public_jwk["y"])
    assert claims["sub"] == holder
    assert claims["iss"] == gw.path("/badges/issuers/uu.se")
    assert claims["credentialSubject"]["achievement"]["name"] == "Database Design I"
    # credential status (issue 15): the badge's Token Status List entry, a JWT claim in clear
    status = claims["status"]["status_list"]
    assert isinstance(status["idx"], int)
    assert status["uri"].startswith(gw.path("/status/"))
    credential = {
        k: v for k, v in claims.items() if k not in {"iss", "sub", "jti", "nbf", "status"}
    }
    ob = ObConformance.load(schema_dir)
    assert ob.schema_errors(credential) == []
