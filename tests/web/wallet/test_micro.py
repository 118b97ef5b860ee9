"""Micro-credentials in the wallet over HTTP: the Digital wallet section, one offer, both formats.

The learner ticks a transcript and one complete course; one offer holds the transcript
credential and the course's two micro-credentials. The test wallet collects them; each is
verified with libraries we did not write (OWF sd-jwt + jwcrypto: x5c chain to the dev CA,
every disclosure digest, cnf), the ELM one against the official SHACL shapes as well.
"""

from __future__ import annotations

import re
from typing import Any

import aiohttp

from gateway.core.elm.microcredential import microcredential_report
from gateway.core.keys import SigningKey
from gateway.core.microcredentials.flat import ELEMENT_CLAIMS, VCT
from gateway.flows.wallet.kinds.micro import MICRO_FIELD
from tests.core.elm.conformance import ElmShapes
from tests.core.microcredentials.same_values import assert_same_values
from tests.core.oid4vci.support import library_verify, present
from tests.storage.helpers import execute
from tests.web.nodes import Node, browser, csrf_of, forms
from tests.web.wallet.client import TestWallet
from tests.web.wallet.support import ELM_VCT, KARIN, log_in, offer_page, rows
from tests.web.wallet.test_refusals import assert_refused

MICRO_ELM = "micro_credential_elm_sd_jwt"
MICRO_FLAT = "micro_credential_sd_jwt"


def _result_id(node: Node, code: str) -> str:
    ((result_id,),) = rows(
        node,
        "SELECT r.id FROM results r JOIN learners l ON l.id = r.learner_id "
        "JOIN opportunities o ON o.id = r.opportunity_id WHERE l.national_id = ? AND o.code = ?",
        KARIN,
        code,
    )
    return str(result_id)


def _wallet_form(page: str) -> dict[str, Any]:
    (form,) = [f for f in forms(page) if f["action"] == "/wallet/offers"]
    return form


async def test_the_section_lists_every_passed_course_and_why_some_cannot_be_added(
    gw: Node,
) -> None:
    async with browser() as learner:
        await log_in(learner, gw)
        page = await (await learner.get(gw.path("/wallet"))).text()
        swedish = await (await learner.get(gw.path("/wallet?lang=sv"))).text()
    assert "Micro-credentials: one credential per course" in page
    tickable = {v for n, v, _ in _wallet_form(page)["fields"] if n == MICRO_FIELD}
    assert _result_id(gw, "1DL301") in tickable
    assert _result_id(gw, "1MA025") not in tickable  # no learning outcomes
    assert _result_id(gw, "EC7113") not in tickable  # no form of assessment
    assert _result_id(gw, "EC7112") not in tickable  # failed: not listed at all
    assert "Missing: Learning outcomes (the syllabus states no learning outcomes)" in page
    assert "Missing: Type of assessment (the syllabus states no form of assessment)" in page
    # a module has no syllabus of its own: listed under its course, not tickable
    assert "Learning outcomes / Type of assessment / Form of participation" in page
    reasons = re.findall(r'aria-describedby="(why-micro-credentials-[^"]+)"', page)
    assert len(reasons) >= 2
    assert all(f'id="{reason}"' in page for reason in reasons)
    assert "Mikromeriter: ett intyg per kurs" in swedish
    assert "Saknas: Läranderesultat (kursplanen anger inga läranderesultat)" in swedish


async def _collect(gw: Node, http: aiohttp.ClientSession) -> tuple[TestWallet, list[Any], Any]:
    """Tick the Uppsala transcript and 1DL301 on the page; the wallet collects the offer."""
    async with browser() as learner:
        await log_in(learner, gw)
        page = await (await learner.get(gw.path("/wallet"))).text()
        form = _wallet_form(page)
        uppsala = [v for n, v, a in form["fields"] if n == "result" and "checked" in a]
        data = [("csrf", csrf_of(page)), ("result", uppsala[0])]
        data.append((MICRO_FIELD, _result_id(gw, "1DL301")))
        response = await learner.post(gw.path("/wallet/offers"), data=data)
        text = await response.text()
        assert response.status == 200, text
        offered = offer_page(text, response.headers)
    wallet = TestWallet(http)
    session, received = await wallet.receive_all(offered.link, offered.tx_code)
    return wallet, received, session


async def test_one_offer_gives_the_transcript_and_both_micro_credentials(
    gw: Node, dev_ca: SigningKey, shapes: ElmShapes
) -> None:
    async with aiohttp.ClientSession() as http:
        wallet, received, session = await _collect(gw, http)
        metadata = await (await http.get(gw.path("/.well-known/openid-credential-issuer"))).json()
        flat_type = await (await http.get(gw.path(f"/type-metadata/{VCT}"))).json()
    assert session.offer["credential_configuration_ids"] == [
        "elm_transcript_sd_jwt",
        MICRO_ELM,
        MICRO_FLAT,
        "open_badge_jwt_vc",  # the same course as an Open Badge: tests/web/badges/test_wallet.py
    ]
    assert session.identifiers == ["elm-1", "microelm-2", "micro-3", "badge-4"]
    _, elm_item, flat_item, _ = received

    # the ELM micro-credential: vct urn:eudi:elm:1, Generic profile, 11 of 11, SHACL
    elm_checked = library_verify(elm_item.credential, dev_ca.certificate)
    assert elm_checked.signed_payload["vct"] == ELM_VCT
    elm = elm_checked.claims["elm"]
    assert elm["credentialProfiles"][0]["prefLabel"] == {"en": "Generic"}
    assert microcredential_report(elm).missing == ()
    shacl = shapes.validate(elm)
    assert shacl.conforms, shacl.text
    assert elm_checked.claims["achievements"] == ["Database Design I"]

    # the flat one: every Annex I element is its own disclosure
    flat = library_verify(flat_item.credential, dev_ca.certificate)
    assert flat.header["typ"] == "dc+sd-jwt"
    assert flat.signed_payload["vct"] == VCT
    cnf = flat.signed_payload["cnf"]["jwk"]
    assert (cnf["x"], cnf["y"]) == (wallet.public_jwk["x"], wallet.public_jwk["y"])
    assert flat.signed_payload["attestation_legal_category"] == "non-qualified-EAA"
    disclosed = {d[1] for d in flat.disclosures if len(d) == 3}
    for element, names in ELEMENT_CLAIMS.items():
        for name in names:
            assert name in disclosed, f"element {element}: {name} is not a disclosure"
            assert name not in flat.signed_payload, name
    assert {"nationalID", "dateOfBirth"} <= disclosed
    assert_same_values(flat.claims, elm)

    # a presentation with only title, outcomes and credits verifies, and shows nothing else
    shown = library_verify(
        present(
            flat_item.credential,
            {"title": True, "learningOutcomes": True, "notionalWorkload": True},
            wallet.key,
            aud="https://employer.example",
            nonce="job-1",
        ),
        dev_ca.certificate,
        expected_aud="https://employer.example",
        expected_nonce="job-1",
    ).claims
    assert shown["title"] == "Database Design I"
    assert shown["notionalWorkload"] == {"value": 7.5, "unit": "ECTS"}
    assert len(shown["learningOutcomes"]) == 3
    assert not {"nationalID", "givenName", "familyName", "dateOfBirth", "grade"} & set(shown)

    # metadata: both configurations with claims labelled in Swedish and English
    supported = metadata["credential_configurations_supported"]
    assert supported[MICRO_ELM]["vct"] == ELM_VCT
    assert supported[MICRO_FLAT]["vct"] == VCT
    claims = supported[MICRO_FLAT]["credential_metadata"]["claims"]
    title = next(c for c in claims if c["path"] == ["title"])
    assert {d["locale"]: d["name"] for d in title["display"]} == {"en": "Title", "sv": "Titel"}
    rules = {c["path"][0]: c["sd"] for c in flat_type["claims"]}
    assert rules["learningOutcomes"] == "always"
    assert rules["attestation_legal_category"] == "never"
    assert {d["locale"] for d in flat_type["display"]} == {"en", "sv"}


async def test_an_incomplete_course_cannot_be_offered(gw: Node) -> None:
    async with browser() as learner:
        await log_in(learner, gw)
        page = await (await learner.get(gw.path("/wallet"))).text()
        data = [("csrf", csrf_of(page)), (MICRO_FIELD, _result_id(gw, "1MA025"))]
        response = await learner.post(gw.path("/wallet/offers"), data=data)
        text = await response.text()
    assert response.status == 400
    assert "not a complete micro-credential" in text
    assert rows(gw, "SELECT count(*) FROM wallet_offers") == [(0,)]


async def test_a_course_that_lost_its_syllabus_is_not_issued(gw: Node) -> None:
    async with aiohttp.ClientSession() as http, browser() as learner:
        await log_in(learner, gw)
        page = await (await learner.get(gw.path("/wallet"))).text()
        data = [("csrf", csrf_of(page)), (MICRO_FIELD, _result_id(gw, "1DL301"))]
        response = await learner.post(gw.path("/wallet/offers"), data=data)
        offered = offer_page(await response.text(), response.headers)
        # the course's learning outcomes are withdrawn before the wallet collects
        assert execute(gw.database_url, "DELETE FROM learning_outcomes") > 0
        wallet = TestWallet(http)
        session = await wallet.start(offered.link, offered.tx_code)
        c_nonce = await wallet.nonce(session.metadata["nonce_endpoint"])
        reply = await wallet.credential(
            session.metadata["credential_endpoint"],
            session.access_token,
            {
                "credential_identifier": "micro-2",
                "proofs": {"jwt": [wallet.proof(session.issuer, c_nonce)]},
            },
        )
    assert_refused(reply, 400, "credential_request_denied")
    assert rows(gw, "SELECT count(*) FROM wallet_credentials") == [(0,)]
