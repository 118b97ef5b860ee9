"""A test wallet in the holder role of OpenID4VP 1.0, on aiohttp, jwcrypto and the OWF sd-jwt
library only: it fetches the signed request object by reference, checks it as a wallet must
(typ, x5c signature, the x509_hash client id), builds an SD-JWT+KB presentation and posts an
ECDH-ES encrypted response (direct_post.jwt). Nothing here uses the gateway's own code."""

from __future__ import annotations

import base64
import hashlib
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from jwcrypto import jwe, jwk, jws

from tests.core.oid4vci.support import present


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@dataclass
class Request:
    """A request object the wallet fetched and verified."""

    client_id: str
    request_uri: str
    header: dict[str, Any]
    claims: dict[str, Any]
    leaf: x509.Certificate

    @property
    def encryption_jwk(self) -> dict[str, Any]:
        (key,) = self.claims["client_metadata"]["jwks"]["keys"]
        assert isinstance(key, dict)
        return key

    @property
    def query_id(self) -> str:
        """The DCQL credential query of the ELM credential (urn:eudi:elm:1)."""
        for query in self.claims["dcql_query"]["credentials"]:
            if "urn:eudi:elm:1" in query["meta"]["vct_values"]:
                return str(query["id"])
        raise AssertionError("no query for urn:eudi:elm:1")


@dataclass
class Posted:
    status: int
    body: Any
    headers: Mapping[str, str]


def _parse_link(link: str) -> tuple[str, str]:
    query = parse_qs(urlsplit(link).query)
    assert sorted(query) == ["client_id", "request_uri"], "requests must come by reference"
    return query["client_id"][0], query["request_uri"][0]


@dataclass
class Holder:
    http: aiohttp.ClientSession
    key: Any  # the jwcrypto key the credentials are bound to (cnf.jwk)

    async def fetch_request(self, link: str, *, method: str = "get") -> Request:
        client_id, request_uri = _parse_link(link)
        if method == "post":
            response = await self.http.post(
                request_uri,
                data={"wallet_nonce": "wn-123"},
                headers={"Accept": "application/oauth-authz-req+jwt"},
                allow_redirects=False,
            )
        else:
            response = await self.http.get(request_uri, allow_redirects=False)
        text = await response.text()
        assert response.status == 200, text
        assert response.content_type == "application/oauth-authz-req+jwt"
        token = jws.JWS()
        token.deserialize(text)
        header = json.loads(b64url_decode(text.split(".")[0]))
        assert header["typ"] == "oauth-authz-req+jwt"
        assert header["alg"] == "ES256"
        chain = [x509.load_der_x509_certificate(base64.b64decode(c)) for c in header["x5c"]]
        leaf = chain[0]
        assert leaf.issuer != leaf.subject, "HAIP: the signing certificate is not self-signed"
        pem = leaf.public_key().public_bytes(Encoding.PEM, _spki())
        token.verify(jwk.JWK.from_pem(pem))
        claims = json.loads(token.payload)
        digest = b64url(hashlib.sha256(leaf.public_bytes(Encoding.DER)).digest())
        assert client_id == f"x509_hash:{digest}"  # §5.9.3: recomputed from the leaf
        assert claims["client_id"] == client_id  # §5.10.1: identical to the URL's
        return Request(client_id, request_uri, header, claims, leaf)

    def presentation(
        self,
        credential: str,
        request: Request,
        *,
        aud: str | None = None,
        nonce: str | None = None,
        disclose: Mapping[str, Any] | None = None,
    ) -> str:
        return present(
            credential,
            disclose if disclose is not None else {"elm": True},
            self.key,
            aud if aud is not None else request.client_id,
            nonce if nonce is not None else request.claims["nonce"],
        )

    def encrypt(
        self, payload: Mapping[str, Any], to: Mapping[str, Any], *, enc: str = "A128GCM"
    ) -> str:
        """An ECDH-ES JWE by jwcrypto to the verifier's ephemeral key (§8.3)."""
        key = jwk.JWK(**{k: to[k] for k in ("kty", "crv", "x", "y")})
        header = {"alg": "ECDH-ES", "enc": enc, "kid": to["kid"]}
        token = jwe.JWE(json.dumps(dict(payload)).encode(), protected=json.dumps(header))
        token.add_recipient(key)
        return str(token.serialize(compact=True))

    async def post(self, request: Request, form: Mapping[str, str]) -> Posted:
        response_uri = request.claims["response_uri"]
        async with self.http.post(response_uri, data=dict(form)) as response:
            raw = await response.read()
            body = json.loads(raw) if response.content_type == "application/json" else raw
            return Posted(response.status, body, response.headers)

    async def respond(
        self,
        request: Request,
        presentation: str,
        *,
        enc: str = "A128GCM",
        to: Mapping[str, Any] | None = None,
        state: str | None = None,
        query_id: str | None = None,
    ) -> Posted:
        payload = {
            "vp_token": {query_id or request.query_id: [presentation]},
            "state": state if state is not None else request.claims["state"],
        }
        token = self.encrypt(payload, to or request.encryption_jwk, enc=enc)
        return await self.post(request, {"response": token})


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _spki() -> Any:
    from cryptography.hazmat.primitives.serialization import PublicFormat

    return PublicFormat.SubjectPublicKeyInfo


def kb_now() -> int:
    return int(time.time())


def kb_jwt(key: Any, presented: str, aud: str, nonce: str, iat: int | None = None) -> str:
    """A KB-JWT signed by jwcrypto over exactly ``presented`` (``<jwt>~<d1>~…~``)."""
    claims = {
        "iat": iat if iat is not None else kb_now(),
        "aud": aud,
        "nonce": nonce,
        "sd_hash": b64url(hashlib.sha256(presented.encode("ascii")).digest()),
    }
    token = jws.JWS(json.dumps(claims).encode())
    token.add_signature(key, alg=None, protected=json.dumps({"typ": "kb+jwt", "alg": "ES256"}))
    return str(token.serialize(compact=True))


def tampered(presentation: str, key: Any, aud: str, nonce: str) -> str:
    """The presentation with one character of its largest disclosure changed and a fresh
    KB-JWT over the changed set (what sd-jwt 0.10.4 would accept minus that claim)."""
    parts = presentation.split("~")
    index = max(range(1, len(parts) - 1), key=lambda i: len(parts[i]))
    text = parts[index]
    middle = len(text) // 2
    parts[index] = text[:middle] + ("A" if text[middle] != "A" else "B") + text[middle + 1 :]
    presented = "~".join(parts[:-1]) + "~"
    return presented + kb_jwt(key, presented, aud, nonce)
