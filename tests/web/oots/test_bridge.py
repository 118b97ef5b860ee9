"""The EMREX–OOTS bridge: results fetched through our EMREX client are evidence too."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from decimal import Decimal

from gateway.core.oots.codes import EdmVersion
from gateway.core.sessions import ClientSession, ExternalImport
from gateway.flows.elmo.export import export_elmo, load_transcript
from gateway.storage.exchange import ExchangeRepository
from gateway.web import appkeys
from tests.web.nodes import Node
from tests.web.oots.support import (
    KARIN_ID,
    SE_TRANSCRIPT,
    Inbox,
    build,
    decide,
    karin_request,
    log_in_at,
    post_query,
    second_request,
    source_keys,
    tls_browser,
)
from tests.web.oots.tls import Tls


async def _verified_import(node: Node) -> bytes:
    """What the EMREX client stores after verifying a foreign contact point's answer: here a
    signed ELMO of one of Karin's results, as if fetched from a Norwegian contact point."""
    services = node.app[appkeys.SERVICES]
    transcript = await load_transcript(services, KARIN_ID)
    passed = next(r.id for r in transcript.results() if r.is_finished)
    chosen = await export_elmo(services, KARIN_ID, select=[passed])
    now = services.clock()
    async with services.db.session(write=True) as session, session.begin():
        repo = ExchangeRepository(session)
        learner_id = await repo.learner_id(KARIN_ID)
        assert learner_id is not None
        await repo.create_client_session(
            ClientSession(
                id=0,
                session_id="bridge-test-session",
                learner_id=learner_id,
                contact_point="NO-GW",
                contact_point_url="https://emrex.example.no/emp",
                state="pending",
                created_at=now,
                expires_at=now + timedelta(minutes=30),
            )
        )
        (stored,) = [
            c
            for c in await repo.client_sessions(learner_id)
            if c.session_id == "bridge-test-session"
        ]
        await repo.store_import(
            stored,
            ExternalImport(
                id=0,
                contact_point="NO-GW",
                contact_point_url="https://emrex.example.no/emp",
                certificate_sha256="00" * 32,
                signature_algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
                received_at=now,
                report_count=1,
                result_count=1,
                ects_total=Decimal(0),
            ),
            chosen.signed_xml,
        )
    return chosen.signed_xml


async def test_a_verified_emrex_import_can_be_sent_as_evidence(
    provider: Node, inbox: Inbox, tls: Tls
) -> None:
    imported = await _verified_import(provider)

    first = karin_request(EdmVersion.V1_2, preview=True, evidence_type=SE_TRANSCRIPT)
    await post_query(provider.url, build(first), ssl_context=tls.client_context())
    location = (await inbox.wait_for(1))[0].summary().preview_location
    assert location is not None
    async with tls_browser(tls.client_context()) as learner:
        html = await log_in_at(learner, location, KARIN_ID)
        keys = source_keys(html)
        assert keys[0] == "local"
        (imported_key,) = [k for k in keys if k.startswith("import-")]
        assert "NO-GW" in html
        await decide(learner, location, html, send=True, sources=[imported_key])
    await post_query(
        provider.url, build(second_request(first, location)), ssl_context=tls.client_context()
    )
    answer = (await inbox.wait_for(2))[1]
    summary = answer.summary()
    assert [e.format for e in summary.evidences] == ["application/pdf", "application/json"]
    package = answer.package()
    assert package is not None
    credential = package.attachment(summary.evidences[1].href).data
    # The ELM credential carries the foreign signed ELMO as its evidence, byte for byte.
    assert base64.b64encode(imported).decode("ascii") in credential.decode("utf-8")
    assert json.loads(credential)["credentialSubject"]
