"""Present from wallet, over HTTP: a credential the gateway issued comes back through a test
wallet (jwcrypto + OWF sd-jwt), cross-device (QR, polling) and same-device (redirect)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import secrets
from pathlib import Path
from typing import Any

import aiohttp
from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree

from gateway.core.elmo.schema import ElmoSchema
from gateway.core.keys import SigningKey, issue_certificate, new_ec_key
from gateway.core.sdjwt import SD, issue_sd_jwt_vc
from gateway.core.xml import parse_xml
from gateway.web.handlers.wallet.pages import qr_data_uri
from tests.tools import Xmlsec1
from tests.web.api.support import call, fetch_contract, new_client
from tests.web.nodes import Node, browser
from tests.web.verifier.holder import Holder
from tests.web.verifier.support import (
    issued_credentials,
    poll,
    start_presentation,
    transactions,
    wallet_imports,
)
from tests.web.wallet.client import TestWallet
from tests.web.wallet.support import embedded_elmo, log_in


async def test_cross_device_presentation_is_verified_and_stored(
    gw: Node, signing_key: SigningKey, xmlsec1: Xmlsec1, schema_dir: Path
) -> None:
    async with aiohttp.ClientSession() as http, browser() as learner:
        wallet = TestWallet(http)
        credentials = await issued_credentials(gw, wallet)
        holder = Holder(http, wallet.key)
        await log_in(learner, gw)
        page = await start_presentation(learner, gw)
        assert page.link.startswith("openid4vp://?client_id=x509_hash%3A")
        assert page.qr == qr_data_uri(page.link)
        assert (await poll(learner, page))["pending"] is True

        request = await holder.fetch_request(page.link)
        claims = request.claims
        assert request.header["typ"] == "oauth-authz-req+jwt"
        assert len(request.header["x5c"]) == 1  # the leaf only, never the trust anchor
        assert claims["response_type"] == "vp_token"
        assert claims["response_mode"] == "direct_post.jwt"
        assert claims["aud"] == "https://self-issued.me/v2"
        assert "redirect_uri" not in claims
        assert len(claims["nonce"]) >= 22
        assert len(claims["state"]) >= 22
        key = request.encryption_jwk
        assert (key["kty"], key["crv"], key["alg"], key["use"]) == ("EC", "P-256", "ECDH-ES", "enc")
        assert "d" not in key
        metadata = claims["client_metadata"]
        assert metadata["encrypted_response_enc_values_supported"] == ["A128GCM", "A256GCM"]
        vcts = [q["meta"]["vct_values"] for q in claims["dcql_query"]["credentials"]]
        assert vcts == [["urn:eudi:elm:1"], ["VerifiableMicroCredential"], ["urn:eudi:diploma:1"]]

        posted = await holder.respond(request, holder.presentation(credentials[0], request))
        assert posted.status == 200, posted.body
        assert posted.body == {}  # cross-device: the page polls
        assert "no-store" in posted.headers["Cache-Control"]

        outcome = await poll(learner, page)
        assert outcome["outcome"] == "verified", outcome
        import_id = outcome["import_id"]
        imported = await (await learner.get(gw.path(f"/client/imports/{import_id}"))).text()
        assert "Karin" in imported or "wallet" in imported
        ((state, reason, vct, stored_import, step),) = transactions(gw)
        assert (state, reason, vct, stored_import, step) == (
            "verified",
            None,
            "urn:eudi:elm:1",
            import_id,
            "answered",
        )
        # the same credential presented again: verified, and still one import (idempotent)
        page2 = await start_presentation(learner, gw)
        request2 = await holder.fetch_request(page2.link, method="post")
        assert request2.claims["wallet_nonce"] == "wn-123"
        posted2 = await holder.respond(
            request2, holder.presentation(credentials[0], request2), enc="A256GCM"
        )
        assert posted2.status == 200, posted2.body
        assert (await poll(learner, page2))["import_id"] == import_id
        assert wallet_imports(gw) == 1
        await check_feed_and_document(
            gw, learner, import_id, credentials[0], signing_key, xmlsec1, schema_dir
        )


async def check_feed_and_document(
    gw: Node,
    learner: aiohttp.ClientSession,
    import_id: int,
    credential: str,
    signing_key: SigningKey,
    xmlsec1: Xmlsec1,
    schema_dir: Path,
) -> None:
    """Round trip: the signed ELMO the credential carries comes back bit-exact (verifies with
    xmlsec1 against our certificate, XSD-valid), as the import's document and in the feed."""
    claims = library_claims(credential)
    embedded = embedded_elmo(claims["elm"])
    document = await (await learner.get(gw.path(f"/client/imports/{import_id}/elmo.xml"))).read()
    assert document == embedded
    cert = gw.home / "emp.pem"
    cert.write_bytes(signing_key.certificate.public_bytes(Encoding.PEM))
    checked = xmlsec1.verify(document, cert)
    assert checked.returncode == 0, checked.stderr
    ElmoSchema.load(schema_dir).validate(parse_xml(document, max_bytes=10 << 20))

    contract = await fetch_contract(gw)
    token = await new_client(gw, "reader", "merits:read")
    page = await call(gw, "GET", "/api/v1/merits", token=token)
    assert page.status == 200, page.body
    contract.check_answer(page, "/api/v1/merits", "get")
    (entry,) = page.body["entries"]
    assert entry["source"] == {"type": "wallet", "issuer": gw.url, "country": None}
    verification = entry["verification"]
    assert verification["format"] == "dc+sd-jwt"
    assert verification["certificate"]["subject"].startswith("CN=Test wallet issuer")
    assert verification["status_check"]["result"] == "valid"  # our own status list said so
    assert base64.b64decode(entry["elmo"]) == embedded
    # the same results as issued: every learning opportunity of the credential's one report
    statement = claims["elm"]["evidence"][0]["evidenceStatement"]
    index = int(re.search(r"report (\d+) of", statement).group(1))  # type: ignore[union-attr]
    root = etree.fromstring(document)
    report = root.findall("{*}report")[index - 1]
    specifications = report.findall(".//{*}learningOpportunitySpecification")
    assert len(entry["results"]) == len(specifications) > 0
    names = {json.dumps(r["institution"]["name"], sort_keys=True) for r in entry["results"]}
    assert len(names) == 1
    assert entry["learner"]["national_id"] == "19900315-2389"


async def test_same_device_redirect_returns_to_the_starting_session(gw: Node) -> None:
    async with aiohttp.ClientSession() as http, browser() as learner, browser() as other:
        wallet = TestWallet(http)
        credentials = await issued_credentials(gw, wallet)
        holder = Holder(http, wallet.key)
        await log_in(learner, gw)
        page = await start_presentation(learner, gw)
        request = await holder.fetch_request(page.same_device_link)
        posted = await holder.respond(request, holder.presentation(credentials[0], request))
        assert posted.status == 200, posted.body
        redirect = posted.body["redirect_uri"]
        assert redirect.startswith(gw.path("/wallet/present/return?response_code="))
        # another session (even the same learner's) cannot use the response code
        await log_in(other, gw)
        assert (await other.get(redirect)).status == 403
        shown = await learner.get(redirect)
        assert shown.status == 200
        assert 'data-outcome="verified"' in await shown.text()
        assert (await learner.get(redirect)).status == 403  # once only


def library_claims(credential: str) -> dict[str, Any]:
    """The top-level disclosed claims of an issued credential, decoded by hand (every one)."""
    claims: dict[str, Any] = {}
    for part in credential.split("~")[1:-1]:
        decoded = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
        if len(decoded) == 3:
            claims[decoded[1]] = decoded[2]
    return claims


async def test_a_foreign_elm_credential_is_converted_to_elmo(
    gw: Node, dev_ca: SigningKey, schema_dir: Path
) -> None:
    """An ELM credential without a signed ELMO as evidence (as other issuers make them): its
    results become an unsigned, XSD-valid ELMO converted from the ELM."""
    async with aiohttp.ClientSession() as http, browser() as learner:
        wallet = TestWallet(http)
        (credential, *_) = await issued_credentials(gw, wallet)
        elm = library_claims(credential)["elm"]
        del elm["evidence"]
        # another issuer under the trusted CA, its certificate naming its iss (a URI SAN)
        university = issue_certificate(
            dev_ca, new_ec_key(), "University", "u", "FI", uris=("https://university.example",)
        )
        foreign = issue_sd_jwt_vc(
            {"elm": SD(elm)},
            vct="urn:eudi:elm:1",
            issuer="https://university.example",
            signing_key=university,
            holder_jwk=wallet.public_jwk,
            issued_at=dt.datetime.now(dt.UTC),
            expires_at=None,
            random_bytes=secrets.token_bytes,
        ).serialize()
        holder = Holder(http, wallet.key)
        await log_in(learner, gw)
        page = await start_presentation(learner, gw)
        request = await holder.fetch_request(page.link)
        posted = await holder.respond(request, holder.presentation(foreign, request))
        assert posted.status == 200, posted.body
        outcome = await poll(learner, page)
        assert outcome["outcome"] == "verified", outcome
        document = await (
            await learner.get(gw.path(f"/client/imports/{outcome['import_id']}/elmo.xml"))
        ).read()
        assert b"Signature" not in document  # converted: the gateway does not sign it here
        ElmoSchema.load(schema_dir).validate(parse_xml(document, max_bytes=10 << 20))
        root = etree.fromstring(document)
        given = root.find("{*}learner/{*}givenNames")
        assert given is not None
        assert given.text == "Karin"
