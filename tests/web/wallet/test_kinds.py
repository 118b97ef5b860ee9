"""Several credential kinds in one offer, over HTTP, with a kind registered by this test only.

The learner ticks results in two sections (the transcript kind's own results and the test
course kind's courses) and gets ONE offer; the test wallet redeems it and fetches every
credential by its identifier; each is verified with the OWF sd-jwt library and jwcrypto. What
the issuer must refuse is refused with the OpenID4VCI/OAuth error code.
"""

from __future__ import annotations

import re
from typing import Any

import aiohttp
import pytest

from gateway.core.keys import SigningKey
from gateway.flows.wallet.kinds.registry import KindRegistry
from gateway.flows.wallet.kinds.transcript import transcript_choice
from gateway.flows.wallet.offers import create_offer
from gateway.web import appkeys
from tests.core.elm.conformance import ElmShapes
from tests.core.oid4vci.support import library_verify
from tests.web.nodes import Node, browser, csrf_of, forms
from tests.web.wallet.client import PRE_AUTHORIZED, Reply, Session, TestWallet
from tests.web.wallet.course_kind import COURSE_FIELD, COURSE_VCT, with_course_kind
from tests.web.wallet.support import (
    KARIN,
    check_credential,
    issued_count,
    log_in,
    offer_page,
    rows,
)
from tests.web.wallet.test_refusals import assert_refused

TRANSCRIPT = "elm_transcript_sd_jwt"
COURSE = "test_course_sd_jwt"


@pytest.fixture
def wallet_kinds() -> KindRegistry:
    """This module's gateways offer the registry's kinds and the test course kind."""
    return with_course_kind()


def _fields(page: str, name: str) -> list[tuple[str, dict[str, str]]]:
    (form,) = [f for f in forms(page) if f["action"] == "/wallet/offers"]
    return [(value, attrs) for n, value, attrs in form["fields"] if n == name]


async def test_one_offer_holds_credentials_of_two_kinds(
    gw: Node, dev_ca: SigningKey, shapes: ElmShapes
) -> None:
    async with browser() as learner, aiohttp.ClientSession() as http:
        await log_in(learner, gw)
        page = await (await learner.get(gw.path("/wallet"))).text()
        # the test kind's section: passed results tickable, the others shown with the reason
        assert "Course credentials (test)" in page
        courses = [value for value, _ in _fields(page, COURSE_FIELD)]
        assert courses
        assert page.count("not a passed result") >= 2  # Karin's failed and unfinished results
        reasons = re.findall(r'aria-describedby="(why-test-courses-[^"]+)"', page)
        assert reasons
        assert all(f'id="{reason}"' in page for reason in reasons)
        own = [value for value, attrs in _fields(page, "result") if "checked" in attrs]
        first_institution = own[:1]
        data = [("csrf", csrf_of(page))]
        data += [("result", r) for r in first_institution]
        data += [(COURSE_FIELD, c) for c in courses[:2]]
        response = await learner.post(gw.path("/wallet/offers"), data=data)
        text = await response.text()
        assert response.status == 200, text
        offered = offer_page(text, response.headers)
        assert text.count('class="report"') == 1  # Annex I report: the transcript kind's only

        wallet = TestWallet(http)
        session, received = await wallet.receive_all(offered.link, offered.tx_code)

    assert session.offer["credential_configuration_ids"] == [TRANSCRIPT, COURSE]
    assert session.token_response["authorization_details"] == [
        {
            "type": "openid_credential",
            "credential_configuration_id": TRANSCRIPT,
            "credential_identifiers": ["elm-1"],
        },
        {
            "type": "openid_credential",
            "credential_configuration_id": COURSE,
            "credential_identifiers": ["course-2", "course-3"],
        },
    ]
    supported = session.metadata["credential_configurations_supported"]
    assert supported[COURSE]["vct"] == COURSE_VCT
    assert supported[TRANSCRIPT]["vct"] == "urn:eudi:elm:1"
    transcript, *course_credentials = received
    checked = check_credential(
        transcript.credential,
        trust_anchor=dev_ca.certificate,
        issuer=gw.url,
        holder_jwk=wallet.public_jwk,
        shapes=shapes,
    )
    assert checked.library.claims["family_name"] == "Andersson"
    titles = set()
    for item in course_credentials:
        verified = library_verify(item.credential, dev_ca.certificate)
        assert verified.header["typ"] == "dc+sd-jwt"
        assert verified.signed_payload["vct"] == COURSE_VCT
        assert verified.signed_payload["iss"] == gw.url
        cnf = verified.signed_payload["cnf"]["jwk"]
        assert (cnf["x"], cnf["y"]) == (wallet.public_jwk["x"], wallet.public_jwk["y"])
        assert {"course", "credits", "family_name"} <= set(verified.claims)
        assert "course" not in verified.signed_payload  # selectively disclosable
        titles.add(verified.claims["course"])
    assert len(titles) == 2
    assert issued_count(gw) == 3
    stored = rows(gw, "SELECT configuration FROM wallet_credentials ORDER BY id")
    assert stored == [(TRANSCRIPT,), (COURSE,), (COURSE,)]
    async with browser() as learner:
        await log_in(learner, gw)
        mine = await (await learner.get(gw.path("/wallet"))).text()
        transfers = await (await learner.get(gw.path("/transfers"))).text()
    assert mine.count('data-event="credential_accepted"') == 3
    assert transfers.count("EUDI wallet (key ") == 3
    for title in titles:
        assert title in transfers  # each course credential's disclosure is logged


async def test_type_metadata_of_every_sd_jwt_kind(gw: Node) -> None:
    async with aiohttp.ClientSession() as http:
        course = await http.get(gw.path(f"/type-metadata/{COURSE_VCT}"))
        elm = await http.get(gw.path("/type-metadata/urn:eudi:elm:1"))
        assert (course.status, elm.status) == (200, 200)
        assert (await course.json())["vct"] == COURSE_VCT
        assert (await elm.json())["vct"] == "urn:eudi:elm:1"
        metadata = await (await http.get(gw.path("/.well-known/openid-credential-issuer"))).json()
    assert list(metadata["credential_configurations_supported"]) == [
        TRANSCRIPT,
        "diploma_sd_jwt",
        COURSE,
    ]


def _passed_result(node: Node) -> str:
    ((result_id,),) = rows(
        node,
        "SELECT r.id FROM results r JOIN learners l ON l.id = r.learner_id "
        "WHERE l.national_id = ? AND r.status = 'passed' ORDER BY r.id LIMIT 1",
        KARIN,
    )
    return str(result_id)


async def _request(wallet: TestWallet, session: Session, body: dict[str, Any]) -> Reply:
    c_nonce = await wallet.nonce(session.metadata["nonce_endpoint"])
    proofs = {"jwt": [wallet.proof(session.issuer, c_nonce)]}
    return await wallet.credential(
        session.metadata["credential_endpoint"], session.access_token, {**body, "proofs": proofs}
    )


async def test_identifiers_and_configurations_are_checked_per_kind(gw: Node) -> None:
    services, issuer = gw.app[appkeys.SERVICES], gw.app[appkeys.WALLET]
    result = _passed_result(gw)
    other = await create_offer(services, issuer, KARIN)  # elm-1 … elm-3: every institution
    mixed = await create_offer(
        services, issuer, KARIN, chosen={"result": [result], COURSE_FIELD: [result]}
    )
    async with aiohttp.ClientSession() as http:
        wallet = TestWallet(http)
        foreign = await wallet.start(other.link, other.tx_code)
        assert foreign.identifiers == ["elm-1", "elm-2", "elm-3"]
        session = await wallet.start(mixed.link, mixed.tx_code)
        assert session.identifiers == ["elm-1", "course-2"]
        for wrong in ("course-1", "elm-2", "elm-3", "course-3", "course-x", "course", "-2"):
            reply = await _request(wallet, session, {"credential_identifier": wrong})
            assert_refused(reply, 400, "unknown_credential_identifier")
        by_configuration = await _request(wallet, session, {"credential_configuration_id": COURSE})
        assert_refused(by_configuration, 400, "invalid_credential_request")  # §8.2: use ids
        await wallet.fetch(session, "course-2")
        again = await _request(wallet, session, {"credential_identifier": "course-2"})
        assert_refused(again, 400, "credential_request_denied")
        transcript = await wallet.fetch(session, "elm-1")
    assert transcript.credential
    assert issued_count(gw) == 2


async def test_a_configuration_not_in_the_offer_is_refused(gw: Node) -> None:
    services, issuer = gw.app[appkeys.SERVICES], gw.app[appkeys.WALLET]
    single = await create_offer(
        services, issuer, KARIN, chosen=transcript_choice([int(_passed_result(gw))], None)
    )
    async with aiohttp.ClientSession() as http:
        wallet = TestWallet(http)
        offer = await wallet.resolve_offer(single.link)
        assert offer["credential_configuration_ids"] == [TRANSCRIPT]
        code = offer["grants"][PRE_AUTHORIZED]["pre-authorized_code"]
        token = gw.path("/token")
        details = [{"type": "openid_credential", "credential_configuration_id": COURSE}]
        refused = await wallet.token(token, code, single.tx_code, authorization_details=details)
        assert_refused(refused, 400, "invalid_authorization_details")
        session = await wallet.start(single.link, single.tx_code)  # the code was not spent
        assert "authorization_details" not in session.token_response
        not_granted = await _request(wallet, session, {"credential_configuration_id": COURSE})
        assert_refused(not_granted, 403, "insufficient_scope")
        assert not_granted.headers["WWW-Authenticate"].startswith('Bearer error="insufficient')
        unknown = await _request(wallet, session, {"credential_configuration_id": "pid_sd_jwt"})
        assert_refused(unknown, 400, "unknown_credential_configuration")
        assert issued_count(gw) == 0
        await wallet.fetch(session)  # by its own configuration id: issued
    assert issued_count(gw) == 1


async def test_a_choice_the_kind_refuses_makes_no_offer(gw: Node) -> None:
    async with browser() as learner:
        await log_in(learner, gw)
        page = await (await learner.get(gw.path("/wallet"))).text()
        failed = rows(
            gw,
            "SELECT r.id FROM results r JOIN learners l ON l.id = r.learner_id "
            "WHERE l.national_id = ? AND r.status <> 'passed'",
            KARIN,
        )
        assert failed
        data = [("csrf", csrf_of(page)), (COURSE_FIELD, str(failed[0][0]))]
        response = await learner.post(gw.path("/wallet/offers"), data=data)
        assert response.status == 400
        assert "not a passed course" in await response.text()
    assert rows(gw, "SELECT count(*) FROM wallet_offers") == [(0,)]
