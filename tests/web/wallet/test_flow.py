"""The whole wallet flow over HTTP: learner presses "Add to wallet", a test wallet collects.

Each credential is checked with libraries we did not write (OWF sd-jwt + jwcrypto: issuer
signature via the x5c chain to the dev CA, every disclosure digest, cnf) and its ELM document
against the official SHACL shapes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import aiohttp

from gateway.core.elmo.signature import sign_elmo, verify_elmo
from gateway.core.elmo.write import elmo_to_xml
from gateway.core.keys import SigningKey
from gateway.core.sessions import ClientSession, ExternalImport
from gateway.storage.database import Database
from gateway.storage.exchange import ExchangeRepository
from gateway.web.handlers.wallet.pages import qr_data_uri
from tests.core.elm.conformance import ElmShapes
from tests.core.elm.fixtures import swedish_elmo
from tests.core.oid4vci.support import library_verify, present
from tests.web.nodes import Node, browser
from tests.web.wallet.client import TestWallet
from tests.web.wallet.support import (
    KARIN,
    add_to_wallet,
    check_credential,
    embedded_elmo,
    issued_count,
    log_in,
    own_result_ids,
)


async def test_own_results_reach_a_wallet_and_verify(
    gw: Node, dev_ca: SigningKey, signing_key: SigningKey, shapes: ElmShapes
) -> None:
    async with browser() as learner, aiohttp.ClientSession() as http:
        await log_in(learner, gw)
        page = await add_to_wallet(learner, gw)  # every offered result (three institutions)
        assert "no-store" in page.headers["Cache-Control"]
        assert page.link.startswith("openid-credential-offer://?credential_offer_uri=http")
        assert page.qr == qr_data_uri(page.link)  # the QR code carries exactly the link
        assert len(page.tx_code) == 6
        assert page.tx_code not in page.link
        assert page.html.count('class="report"') == 3  # Annex I report before adding

        wallet = TestWallet(http)
        session, received = await wallet.receive_all(page.link, page.tx_code)

        assert session.identifiers == ["elm-1", "elm-2", "elm-3"]  # one dataset per institution
        checked = [
            check_credential(
                item.credential,
                trust_anchor=dev_ca.certificate,
                issuer=gw.url,
                holder_jwk=wallet.public_jwk,
                shapes=shapes,
            )
            for item in received
        ]
        institutions = {c.library.claims["awarding_institution"] for c in checked}
        assert len(institutions) == 3
        for c in checked:
            claims = c.library.claims
            assert (claims["given_name"], claims["family_name"]) == ("Karin", "Andersson")
            assert claims["birthdate"] == "1990-03-15"
            assert claims["achievements"]
            assert claims["ects_total"] > 0
            # the evidence is our signed ELMO, exactly as signed: it verifies with our cert
            verify_elmo(embedded_elmo(c.elm), [signing_key.certificate])
            assert c.elm["issuer"]["eIDASIdentifier"]["notation"] == "SE0000000000"
        assert issued_count(gw) == 3

        mine = await (await learner.get(gw.path("/wallet"))).text()
        assert mine.count('data-event="credential_accepted"') == 3
        transfers = await (await learner.get(gw.path("/transfers"))).text()
        assert transfers.count("EUDI wallet (key ") == 3


async def test_one_institution_is_one_credential_by_configuration_id(
    gw: Node, dev_ca: SigningKey, shapes: ElmShapes
) -> None:
    async with browser() as learner, aiohttp.ClientSession() as http:
        await log_in(learner, gw)
        first = own_result_ids(await (await learner.get(gw.path("/wallet"))).text())[:1]
        page = await add_to_wallet(learner, gw, results=first)
        wallet = TestWallet(http)
        session, (item,) = await wallet.receive_all(page.link, page.tx_code)

    assert "authorization_details" not in session.token_response  # one dataset: §8.2 by id
    checked = check_credential(
        item.credential,
        trust_anchor=dev_ca.certificate,
        issuer=gw.url,
        holder_jwk=wallet.public_jwk,
        shapes=shapes,
    )
    assert len(checked.elm["credentialSubject"]["hasClaim"]) == 1
    # holder binding works: a presentation signed with the wallet key verifies (KB-JWT)
    presentation = present(
        item.credential,
        {"family_name": True, "ects_total": True},
        wallet.key,
        aud="https://verifier.example",
        nonce="vp-1",
    )
    shown = library_verify(
        presentation,
        dev_ca.certificate,
        expected_aud="https://verifier.example",
        expected_nonce="vp-1",
    ).claims
    assert shown["family_name"] == "Andersson"
    assert "given_name" not in shown
    assert "elm" not in shown


async def _store_import(node: Node, document: bytes, reports: int) -> int:
    """A verified ELMO as the EMREX client stores it (the client UI is built elsewhere)."""
    db = Database.open(node.settings.database.url)
    now = datetime.now(UTC)
    try:
        async with db.session(write=True) as session, session.begin():
            repo = ExchangeRepository(session)
            learner_id = await repo.learner_id(KARIN)
            assert learner_id is not None
            await repo.create_client_session(
                ClientSession(
                    0,
                    "s-wallet-test",
                    learner_id,
                    "NO-GW",
                    "https://no.example/emrex",
                    "pending",
                    now,
                    now,
                )
            )
            (client_session,) = await repo.client_sessions(learner_id)
            summary = ExternalImport(
                id=0,
                contact_point="NO-GW",
                contact_point_url="https://no.example/emrex",
                certificate_sha256="0" * 64,
                signature_algorithm="rsa-sha256",
                received_at=now,
                report_count=reports,
                result_count=1,
                ects_total=Decimal("7.5"),
            )
            return await repo.store_import(client_session, summary, document)
    finally:
        await db.dispose()


async def test_fetched_import_is_issued_with_the_received_document_as_evidence(
    gw: Node, dev_ca: SigningKey, other_signing_key: SigningKey, shapes: ElmShapes
) -> None:
    elmo = swedish_elmo()  # two institutions → two datasets
    document = sign_elmo(elmo_to_xml(elmo), other_signing_key)  # another contact point's key
    import_id = await _store_import(gw, document, len(elmo.reports))
    async with browser() as learner, aiohttp.ClientSession() as http:
        await log_in(learner, gw)
        assert "NO-GW" in await (await learner.get(gw.path("/wallet"))).text()
        page = await add_to_wallet(learner, gw, import_id=import_id)
        wallet = TestWallet(http)
        session, received = await wallet.receive_all(
            page.link, page.tx_code, authorization_details=True
        )
    assert session.identifiers == ["elm-1", "elm-2"]
    for item in received:
        checked = check_credential(
            item.credential,
            trust_anchor=dev_ca.certificate,
            issuer=gw.url,
            holder_jwk=wallet.public_jwk,
            shapes=shapes,
        )
        assert embedded_elmo(checked.elm) == document  # kept byte for byte, still verifiable
        verify_elmo(embedded_elmo(checked.elm), [other_signing_key.certificate])
    assert issued_count(gw) == 2
