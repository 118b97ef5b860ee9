"""A test wallet (the holder role of OpenID4VCI 1.0), built only on aiohttp and jwcrypto.

It does what a wallet app does after scanning the QR code: fetch the offer by reference, read the
issuer and authorization server metadata, redeem the pre-authorized code with the tx_code, get a
c_nonce, sign a key proof and fetch each credential, then notify the issuer. Nothing here uses
the gateway's own JOSE or protocol code.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
from jwcrypto import jwk, jws

PRE_AUTHORIZED = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
PROOF_TYP = "openid4vci-proof+jwt"


@dataclass
class Reply:
    status: int
    body: Any
    headers: Mapping[str, str]

    @property
    def error(self) -> str | None:
        return self.body.get("error") if isinstance(self.body, dict) else None


@dataclass
class Session:
    """What the wallet learnt while redeeming one offer."""

    issuer: str
    metadata: dict[str, Any]
    offer: dict[str, Any]
    access_token: str
    token_response: dict[str, Any]

    @property
    def identifiers(self) -> list[str]:
        details = self.token_response.get("authorization_details") or []
        return [i for d in details for i in d.get("credential_identifiers", [])]


@dataclass
class Received:
    credential: str
    notification_id: str
    reply: Reply


@dataclass
class TestWallet:
    http: aiohttp.ClientSession
    key: Any = field(default_factory=lambda: jwk.JWK.generate(kty="EC", crv="P-256"))

    __test__ = False  # not a test class, despite the name

    @property
    def public_jwk(self) -> dict[str, Any]:
        value = json.loads(self.key.export_public())
        assert isinstance(value, dict)
        return value

    async def _reply(self, response: aiohttp.ClientResponse) -> Reply:
        raw = await response.read()
        body: Any = None
        if raw and response.content_type == "application/json":
            body = json.loads(raw)
        return Reply(response.status, body, response.headers)

    async def get_json(self, url: str) -> Reply:
        async with self.http.get(url) as response:
            return await self._reply(response)

    # -- the steps ---------------------------------------------------------------------------

    async def resolve_offer(self, link: str) -> dict[str, Any]:
        """Follow ``openid-credential-offer://?credential_offer_uri=…`` (§4.1.3)."""
        query = parse_qs(urlsplit(link).query)
        assert list(query) == ["credential_offer_uri"], "offers must come by reference"
        reply = await self.get_json(query["credential_offer_uri"][0])
        assert reply.status == 200, reply.body
        assert "no-store" in reply.headers.get("Cache-Control", "")
        offer = reply.body
        assert isinstance(offer, dict)
        return offer

    async def metadata(self, issuer: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """Issuer metadata (§12.2.2) and AS metadata (RFC 8414) at their well-known URLs."""
        parts = urlsplit(issuer)
        base = f"{parts.scheme}://{parts.netloc}"
        issuer_md = (await self.get_json(f"{base}/.well-known/openid-credential-issuer")).body
        assert issuer_md["credential_issuer"] == issuer  # §12.2.4: identical, no normalising
        servers = issuer_md.get("authorization_servers", [issuer])
        as_md = (await self.get_json(f"{base}/.well-known/oauth-authorization-server")).body
        assert as_md["issuer"] == servers[0]
        return issuer_md, as_md

    async def token(
        self,
        token_endpoint: str,
        code: str,
        tx_code: str | None,
        *,
        authorization_details: list[dict[str, Any]] | None = None,
    ) -> Reply:
        form = {"grant_type": PRE_AUTHORIZED, "pre-authorized_code": code}
        if tx_code is not None:
            form["tx_code"] = tx_code
        if authorization_details is not None:
            form["authorization_details"] = json.dumps(authorization_details)
        async with self.http.post(token_endpoint, data=form) as response:
            return await self._reply(response)

    async def nonce(self, nonce_endpoint: str) -> str:
        async with self.http.post(nonce_endpoint) as response:
            reply = await self._reply(response)
        assert reply.status == 200, reply.body
        assert "no-store" in reply.headers.get("Cache-Control", "")
        value = reply.body["c_nonce"]
        assert isinstance(value, str)
        return value

    def proof(
        self,
        audience: str,
        nonce: str | None,
        *,
        iat: int | None = None,
        header: Mapping[str, Any] | None = None,
        key: Any = None,
    ) -> str:
        """A ``jwt`` key proof (Appendix F.1) signed by jwcrypto; anonymous: no ``iss``."""
        protected = {"typ": PROOF_TYP, "alg": "ES256", "jwk": self.public_jwk, **(header or {})}
        claims: dict[str, Any] = {"aud": audience, "iat": iat or int(time.time())}
        if nonce is not None:
            claims["nonce"] = nonce
        token = jws.JWS(json.dumps(claims).encode())
        token.add_signature(key or self.key, alg=None, protected=json.dumps(protected))
        return str(token.serialize(compact=True))

    async def credential(
        self, endpoint: str, access_token: str | None, body: Mapping[str, Any]
    ) -> Reply:
        headers = {} if access_token is None else {"Authorization": f"Bearer {access_token}"}
        async with self.http.post(endpoint, json=dict(body), headers=headers) as response:
            return await self._reply(response)

    async def notify(
        self,
        endpoint: str,
        access_token: str,
        notification_id: str,
        event: str,
        description: str | None = None,
    ) -> Reply:
        body = {"notification_id": notification_id, "event": event}
        if description is not None:
            body["event_description"] = description
        headers = {"Authorization": f"Bearer {access_token}"}
        async with self.http.post(endpoint, json=body, headers=headers) as response:
            return await self._reply(response)

    # -- the whole flow ------------------------------------------------------------------------

    async def start(
        self, link: str, tx_code: str, *, authorization_details: bool = False
    ) -> Session:
        """Offer → metadata → token: an access token for the offer."""
        offer = await self.resolve_offer(link)
        issuer = offer["credential_issuer"]
        issuer_md, as_md = await self.metadata(issuer)
        assert PRE_AUTHORIZED in as_md["grant_types_supported"]
        grant = offer["grants"][PRE_AUTHORIZED]
        details = None
        if authorization_details:
            details = [
                {"type": "openid_credential", "credential_configuration_id": config}
                for config in offer["credential_configuration_ids"]
            ]
        reply = await self.token(
            as_md["token_endpoint"],
            grant["pre-authorized_code"],
            tx_code if "tx_code" in grant else None,
            authorization_details=details,
        )
        assert reply.status == 200, reply.body
        assert "no-store" in reply.headers.get("Cache-Control", "")
        assert reply.body["token_type"] == "Bearer"
        return Session(issuer, issuer_md, offer, reply.body["access_token"], reply.body)

    def request_for(self, session: Session, identifier: str | None, proof: str) -> dict[str, Any]:
        if identifier is not None:
            return {"credential_identifier": identifier, "proofs": {"jwt": [proof]}}
        (config,) = session.offer["credential_configuration_ids"]
        return {"credential_configuration_id": config, "proofs": {"jwt": [proof]}}

    async def fetch(self, session: Session, identifier: str | None = None) -> Received:
        """nonce → proof → credential for one dataset (by identifier when the AS gave them)."""
        md = session.metadata
        c_nonce = await self.nonce(md["nonce_endpoint"])
        proof = self.proof(session.issuer, c_nonce)
        reply = await self.credential(
            md["credential_endpoint"],
            session.access_token,
            self.request_for(session, identifier, proof),
        )
        assert reply.status == 200, reply.body
        assert "no-store" in reply.headers.get("Cache-Control", "")
        (item,) = reply.body["credentials"]
        return Received(item["credential"], reply.body["notification_id"], reply)

    async def receive_all(
        self, link: str, tx_code: str, *, authorization_details: bool = False
    ) -> tuple[Session, list[Received]]:
        session = await self.start(link, tx_code, authorization_details=authorization_details)
        wanted: list[str | None] = list(session.identifiers) or [None]
        received = [await self.fetch(session, identifier) for identifier in wanted]
        for item in received:
            done = await self.notify(
                session.metadata["notification_endpoint"],
                session.access_token,
                item.notification_id,
                "credential_accepted",
            )
            assert done.status == 204, done.body
        return session, received
