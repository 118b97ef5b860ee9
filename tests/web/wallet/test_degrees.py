"""Degrees in the wallet (issue #13): each awarded degree its own credential of vct
urn:eudi:diploma:1 with the ELM document at the top level, checked with the OWF sd-jwt library,
jwcrypto, the ELM SHACL shapes, its type metadata and pdftotext; a withdrawn degree never."""

from __future__ import annotations

import base64
from typing import Any

import aiohttp

from gateway.core.keys import SigningKey
from gateway.flows.wallet.offers import create_offer
from gateway.web import appkeys
from tests.core.elm.conformance import ElmShapes
from tests.core.oid4vci.support import library_verify
from tests.degrees import WITHDRAWN, WITHDRAWN_CODE, pdf_text
from tests.storage.helpers import execute
from tests.web.nodes import Node, browser, csrf_of, forms
from tests.web.wallet.client import TestWallet
from tests.web.wallet.support import KARIN, issued_count, log_in, offer_page, rows
from tests.web.wallet.test_refusals import assert_refused

DIPLOMA_VCT = "urn:eudi:diploma:1"
TITLE_EN = "Degree of Bachelor of Science with a major in Computer Science"
JWT_CLAIMS = {"iss", "iat", "exp", "vct", "cnf", "status", "_sd_alg"}


def _degree_boxes(page: str) -> list[tuple[str, dict[str, str]]]:
    (form,) = [f for f in forms(page) if f["action"] == "/wallet/offers"]
    return [(value, attrs) for name, value, attrs in form["fields"] if name == "degree"]


def _at(document: Any, path: list[Any]) -> list[Any]:
    """The values a claims path pointer selects (None: every array element)."""
    found = [document]
    for step in path:
        nxt: list[Any] = []
        for value in found:
            if step is None and isinstance(value, list):
                nxt.extend(value)
            elif isinstance(step, str) and isinstance(value, dict) and step in value:
                nxt.append(value[step])
        found = nxt
    return found


async def test_a_degree_is_its_own_diploma_credential(
    gw: Node, dev_ca: SigningKey, shapes: ElmShapes
) -> None:
    async with browser() as learner, aiohttp.ClientSession() as http:
        await log_in(learner, gw)
        page = await (await learner.get(gw.path("/wallet"))).text()
        assert "Your degrees" in page
        ((degree_id, attrs),) = _degree_boxes(page)
        assert "checked" not in attrs  # a degree is added only when ticked
        assert TITLE_EN in page
        data = [("csrf", csrf_of(page)), ("degree", degree_id)]
        response = await learner.post(gw.path("/wallet/offers"), data=data)
        text = await response.text()
        assert response.status == 200, text
        offered = offer_page(text, response.headers)
        wallet = TestWallet(http)
        session, (received,) = await wallet.receive_all(offered.link, offered.tx_code)
        metadata = await (await http.get(gw.path(f"/type-metadata/{DIPLOMA_VCT}"))).json()

    assert session.offer["credential_configuration_ids"] == ["diploma_sd_jwt"]
    supported = session.metadata["credential_configurations_supported"]["diploma_sd_jwt"]
    assert (supported["format"], supported["vct"]) == ("dc+sd-jwt", DIPLOMA_VCT)
    verified = library_verify(received.credential, dev_ca.certificate)
    payload, claims = verified.signed_payload, verified.claims
    assert verified.header["typ"] == "dc+sd-jwt"
    assert (payload["vct"], payload["iss"]) == (DIPLOMA_VCT, gw.url)
    cnf = payload["cnf"]["jwk"]
    assert (cnf["x"], cnf["y"]) == (wallet.public_jwk["x"], wallet.public_jwk["y"])
    # the ELM document at the top level; name, title, body and date in clear as DC4EU has them
    assert "EuropeanDigitalCredential" in payload["type"]
    subject = payload["credentialSubject"]
    assert subject["givenName"]["und"] == "Karin"
    assert subject["hasClaim"]["title"]["en"] == TITLE_EN
    assert "nationalID" not in subject  # selectively disclosable
    assert claims["credentialSubject"]["nationalID"]["notation"] == KARIN
    pdfs = [base64.b64decode(a["content"]) for a in claims["attachment"]]
    assert len(pdfs) == 3
    assert all(TITLE_EN in pdf_text(pdf) or "kandidatexamen" in pdf_text(pdf) for pdf in pdfs)
    assert "Andersson" in pdf_text(pdfs[0])

    assert metadata["vct"] == DIPLOMA_VCT
    assert metadata["name"] == "Diploma Credential"  # after DC4EU's vctm_diploma.json
    for claim in metadata["claims"]:
        values = _at(claims, claim["path"])
        assert values, f"type metadata path {claim['path']} selects nothing"
        if claim["sd"] == "never":
            assert _at(payload, claim["path"]), f"{claim['path']} must be in clear"
    body = ["credentialSubject", "hasClaim", "awardedBy", "awardingBody"]
    country = [*body, "location", "address", "countryCode", "prefLabel", "en"]
    assert _at(claims, country) == ["Sweden"]

    document = {k: v for k, v in claims.items() if k not in JWT_CLAIMS}
    report = shapes.validate(document)  # the disclosed ELM document, as a verifier sees it
    assert report.conforms, report.text
    spec = document["credentialSubject"]["hasClaim"]["specifiedBy"]
    assert (spec["type"], spec["isPartialQualification"]) == ("Qualification", False)
    assert issued_count(gw) == 1
    async with browser() as learner:
        await log_in(learner, gw)
        transfers = await (await learner.get(gw.path("/transfers"))).text()
    assert TITLE_EN in transfers


async def test_a_withdrawn_degree_is_not_offered_nor_issued(gw: Node) -> None:
    async with browser() as learner:
        await log_in(learner, gw, WITHDRAWN)
        page = await (await learner.get(gw.path("/wallet"))).text()
        assert _degree_boxes(page) == []
        assert "You have no awarded degree here." in page
        assert WITHDRAWN_CODE not in page
    ((withdrawn_id,),) = rows(gw, "SELECT id FROM degrees WHERE code = ?", WITHDRAWN_CODE)
    services, issuer = gw.app[appkeys.SERVICES], gw.app[appkeys.WALLET]
    async with browser() as learner:
        await log_in(learner, gw, WITHDRAWN)
        page = await (await learner.get(gw.path("/wallet"))).text()
        data = [("csrf", csrf_of(page)), ("degree", str(withdrawn_id))]
        response = await learner.post(gw.path("/wallet/offers"), data=data)
        assert response.status == 400
        assert "not among your degrees" in await response.text()

    # offered while awarded, withdrawn before the wallet collects it: refused, never issued
    ((karin_degree,),) = rows(gw, "SELECT id FROM degrees WHERE code = 'UU-EX-2012-04711'")
    offer = await create_offer(services, issuer, KARIN, chosen={"degree": [str(karin_degree)]})
    execute(gw.database_url, "UPDATE degrees SET status = 'withdrawn' WHERE id = ?", karin_degree)
    async with aiohttp.ClientSession() as http:
        wallet = TestWallet(http)
        session_ = await wallet.start(offer.link, offer.tx_code)
        c_nonce = await wallet.nonce(session_.metadata["nonce_endpoint"])
        reply = await wallet.credential(
            session_.metadata["credential_endpoint"],
            session_.access_token,
            wallet.request_for(session_, None, wallet.proof(session_.issuer, c_nonce)),
        )
    assert_refused(reply, 400, "credential_request_denied")
    assert issued_count(gw) == 0


async def test_results_and_a_degree_in_one_offer(gw: Node) -> None:
    services, issuer = gw.app[appkeys.SERVICES], gw.app[appkeys.WALLET]
    ((degree_id,),) = rows(gw, "SELECT id FROM degrees WHERE code = 'UU-EX-2012-04711'")
    ((result_id,),) = rows(
        gw,
        "SELECT r.id FROM results r JOIN learners l ON l.id = r.learner_id "
        "WHERE l.national_id = ? AND r.status = 'passed' ORDER BY r.id LIMIT 1",
        KARIN,
    )
    offer = await create_offer(
        services, issuer, KARIN, chosen={"result": [str(result_id)], "degree": [str(degree_id)]}
    )
    async with aiohttp.ClientSession() as http:
        wallet = TestWallet(http)
        session, received = await wallet.receive_all(offer.link, offer.tx_code)
    assert session.identifiers == ["elm-1", "diploma-2"]
    assert len(received) == 2
    assert issued_count(gw) == 2
