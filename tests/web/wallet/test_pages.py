"""Metadata documents, the learner's wallet pages and the micro-credential report in the API."""

from __future__ import annotations

import base64
import json
from urllib.parse import parse_qs, urlsplit

import aiohttp
from cryptography import x509
from jwcrypto import jwk

from gateway.core.keys import SigningKey
from tests.web.nodes import Node, browser, csrf_of
from tests.web.wallet.support import add_to_wallet, log_in

LUKAS = "19960581-4418"  # another learner of dataset se


async def test_issuer_and_authorization_server_metadata(gw: Node) -> None:
    async with aiohttp.ClientSession() as http:
        issuer = await (await http.get(gw.path("/.well-known/openid-credential-issuer"))).json()
        server = await (await http.get(gw.path("/.well-known/oauth-authorization-server"))).json()
    assert issuer["credential_issuer"] == gw.url
    assert issuer["credential_endpoint"] == gw.path("/credential")
    assert issuer["nonce_endpoint"] == gw.path("/nonce")
    assert issuer["notification_endpoint"] == gw.path("/notification")
    assert {d["locale"] for d in issuer["display"]} == {"sv", "en"}
    config = issuer["credential_configurations_supported"]["elm_transcript_sd_jwt"]
    assert config["format"] == "dc+sd-jwt"
    assert config["vct"] == "urn:eudi:elm:1"
    assert config["cryptographic_binding_methods_supported"] == ["jwk"]
    assert config["proof_types_supported"]["jwt"]["proof_signing_alg_values_supported"] == ["ES256"]
    assert {d["locale"] for d in config["credential_metadata"]["display"]} == {"sv", "en"}
    assert server["issuer"] == gw.url
    assert server["token_endpoint"] == gw.path("/token")
    assert server["pre-authorized_grant_anonymous_access_supported"] is True


async def test_type_metadata_and_jwt_vc_issuer_key(gw: Node, wallet_issuer_key: SigningKey) -> None:
    async with aiohttp.ClientSession() as http:
        types = await http.get(gw.path("/type-metadata/urn:eudi:elm:1"))
        assert types.status == 200
        body = await types.json()
        assert (await http.get(gw.path("/type-metadata/urn:eudi:pid:1"))).status == 404
        keys = await (await http.get(gw.path("/.well-known/jwt-vc-issuer"))).json()
    assert body["vct"] == "urn:eudi:elm:1"
    assert {d["locale"] for d in body["display"]} == {"sv", "en"}
    assert ["elm"] in [c["path"] for c in body["claims"]]
    assert keys["issuer"] == gw.url
    (key,) = keys["jwks"]["keys"]
    leaf = x509.load_der_x509_certificate(base64.b64decode(key["x5c"][0]))
    assert leaf == wallet_issuer_key.certificate
    published = jwk.JWK(**{k: key[k] for k in ("kty", "crv", "x", "y")})
    assert published.thumbprint() == key["kid"]
    assert published.thumbprint() == jwk.JWK.from_pyca(leaf.public_key()).thumbprint()


async def test_the_wallet_page_needs_a_login_and_a_csrf_token(gw: Node) -> None:
    async with browser() as client:
        page = await client.get(gw.path("/wallet"), allow_redirects=False)
        assert page.status == 303
        assert page.headers["Location"].startswith("/login")
        await log_in(client, gw)
        html = await (await client.get(gw.path("/wallet"))).text()
        assert 'name="result"' in html
        refused = await client.post(gw.path("/wallet/offers"), data={"result": "1"})
        assert refused.status == 403
        empty = await client.post(gw.path("/wallet/offers"), data={"csrf": csrf_of(html)})
        assert empty.status == 400


async def test_the_report_is_on_the_page_and_in_the_api_for_its_learner_only(gw: Node) -> None:
    async with browser() as karin, browser() as other:
        await log_in(karin, gw)
        page = await add_to_wallet(karin, gw)
        offer_id = page.html.split("/wallet/offers/")[1].split("/report.json")[0]
        assert "Learning outcomes" in page.html  # element 6, shown before adding
        reply = await karin.get(gw.path(f"/wallet/offers/{offer_id}/report.json"))
        assert reply.headers["Cache-Control"] == "no-store"
        report = await reply.json()
        assert report["offer"] == offer_id
        assert len(report["credentials"]) == 3
        for credential in report["credentials"]:
            assert [e["number"] for e in credential["elements"]] == list(range(1, 12))
            assert credential["credential_id"].startswith("urn:credential:")
            assert all(e["paths"] for e in credential["elements"])
        await log_in(other, gw, LUKAS)
        hidden = await other.get(gw.path(f"/wallet/offers/{offer_id}/report.json"))
        assert hidden.status == 404


async def test_offer_pages_hold_no_secret_twice(gw: Node) -> None:
    async with browser() as karin, aiohttp.ClientSession() as http:
        await log_in(karin, gw)
        first = await add_to_wallet(karin, gw)
        second = await add_to_wallet(karin, gw)
        assert first.link != second.link
        listed = await (await karin.get(gw.path("/wallet"))).text()
        assert first.tx_code not in listed
        assert first.link not in listed
        uri = parse_qs(urlsplit(first.link).query)["credential_offer_uri"][0]
        offer = await (await http.get(uri)).json()
    grant = offer["grants"]["urn:ietf:params:oauth:grant-type:pre-authorized_code"]
    assert grant["tx_code"]["input_mode"] == "numeric"
    assert grant["tx_code"]["length"] == 6
    assert first.tx_code not in json.dumps(offer)  # shown to the learner, never to the wallet
