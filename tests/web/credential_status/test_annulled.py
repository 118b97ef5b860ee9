"""Annulled results (issue #15): importing an annulment (CLI file or POST /api/v1/records)
revokes exactly the credential that carried the result, the list's bit is set (read with
jwcrypto and zlib), and the result is delivered nowhere again (ELMO, wallet page)."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest

from gateway.core.elmo.parse import parse_elmo
from gateway.core.elmo.signature import verify_elmo
from gateway.core.keys import SigningKey
from gateway.errors import ImportFileError
from gateway.flows.elmo.export import export_elmo
from gateway.flows.import_records import import_data
from gateway.flows.wallet.offers import create_offer
from gateway.web import appkeys
from tests.core.oid4vci.support import library_verify
from tests.web.api.support import bearer, new_client
from tests.web.credential_status.support import fetch_list, status_of
from tests.web.nodes import Node, browser, csrf_of
from tests.web.wallet.client import TestWallet
from tests.web.wallet.support import KARIN, add_to_wallet, issued_count, log_in, offer_page, rows
from tests.web.wallet.test_refusals import assert_refused

# Karin's B on EC7111 at su.se is annulled by decision; the grade stays as recorded
ANNUL_EC7111 = (
    "institution,national_id,opportunity,status,date,term,grade,scale\n"
    f"su.se,{KARIN},EC7111,annulled,2013-01-07,HT2012,B,AF\n"
).encode()


def _records(*results: dict[str, Any]) -> bytes:
    return json.dumps(
        {"format": "emrex-gateway/records", "version": 1, "results": list(results)}
    ).encode()


def _result(opportunity: str, status: str, **more: str) -> dict[str, Any]:
    return {
        "learner": KARIN,
        "institution": more.pop("institution", "su.se"),
        "opportunity": opportunity,
        "status": status,
        **more,
    }


async def _collect(gw: Node, learner: aiohttp.ClientSession) -> list[str]:
    page = await add_to_wallet(learner, gw)
    async with aiohttp.ClientSession() as http:
        _, received = await TestWallet(http).receive_all(page.link, page.tx_code)
    return [r.credential for r in received]


def _revoked(gw: Node) -> list[tuple[Any, ...]]:
    return rows(
        gw,
        "SELECT s.idx, s.revocation_reason, s.revoked_by, s.revoked_actor, d.subject"
        " FROM credential_status s JOIN wallet_datasets d ON d.id = s.dataset_id"
        " WHERE s.state = 'revoked'",
    )


def _exported_codes(gw: Node, signing_key: SigningKey, xml: bytes) -> set[str]:
    """Verify our signature, validate against the official XSD, list the opportunity codes."""
    services = gw.app[appkeys.SERVICES]
    verified = verify_elmo(xml, [signing_key.certificate])
    services.elmo_schema.validate(verified.root)
    elmo = parse_elmo(verified.root)
    return {i.value for los in elmo.specifications() for i in los.identifiers if i.type == "local"}


async def test_an_annulled_result_revokes_its_credential_and_is_delivered_nowhere(
    gw: Node, dev_ca: SigningKey, signing_key: SigningKey
) -> None:
    services = gw.app[appkeys.SERVICES]
    before = await export_elmo(services, KARIN)
    assert "EC7111" in _exported_codes(gw, signing_key, before.signed_xml)
    async with browser() as learner, aiohttp.ClientSession() as http:
        await log_in(learner, gw)
        assert "EC7111" in await (await learner.get(gw.path("/wallet"))).text()
        credentials = await _collect(gw, learner)
        references = {r["idx"]: r for r in (status_of(c, dev_ca.certificate) for c in credentials)}
        (uri,) = {r["uri"] for r in references.values()}
        assert (await fetch_list(http, uri, dev_ca.certificate)).set_bits() == set()

        summary = await import_data(services.db, ANNUL_EC7111, name="annul.csv", fmt="csv")
        assert summary.credentials_revoked == 1
        assert "results: 0 inserted, 1 updated" in summary.describe()
        ((idx, reason, cause, actor, subject),) = _revoked(gw)
        assert json.loads(subject)["institution"] == "su.se"
        assert reason.endswith("su.se EC7111: annulled")
        assert "B (AF)" in reason  # what the credential carried
        assert (cause, actor) == ("import", "import annul.csv")
        served = await fetch_list(http, uri, dev_ca.certificate)
        assert served.set_bits() == {idx}
        assert idx in references

        # the same file again revokes nothing and changes nothing
        again = await import_data(services.db, ANNUL_EC7111, name="annul.csv", fmt="csv")
        assert again.credentials_revoked == 0
        assert "results: 0 inserted, 0 updated" in again.describe()
        assert len(_revoked(gw)) == 1

        # the learner sees it on My transfers, with why; a fresh one leaves the result out
        page = await (await learner.get(gw.path("/transfers"))).text()
        assert page.count('class="credential-revoked"') == 1
        assert "EC7111: annulled" in page
        ((credential_id,),) = rows(
            gw,
            "SELECT c.id FROM wallet_credentials c JOIN credential_status s"
            " ON s.dataset_id = c.dataset_id WHERE s.state = 'revoked'",
        )
        fresh = await learner.post(
            gw.path(f"/transfers/credentials/{credential_id}/fresh"),
            data={"csrf": csrf_of(page)},
        )
        assert fresh.status == 200, await fresh.text()
        offered = offer_page(await fresh.text(), fresh.headers)
        _, (renewed,) = await TestWallet(http).receive_all(offered.link, offered.tx_code)
        elm = json.dumps(library_verify(renewed.credential, dev_ca.certificate).claims["elm"])
        assert "EC7111" not in elm
        assert "EC7113" in elm

        # delivered nowhere: not on the wallet page, not in a fresh ELMO (schema-valid)
        wallet_page = await (await learner.get(gw.path("/wallet"))).text()
        assert "EC7111" not in wallet_page
        assert "EC7113" in wallet_page
    after = await export_elmo(services, KARIN)
    codes = _exported_codes(gw, signing_key, after.signed_xml)
    assert "EC7111" not in codes
    assert {"EC7110", "EC7113"} <= codes
    # kept as recorded, grade included
    assert rows(
        gw,
        "SELECT r.status, r.grade FROM results r JOIN opportunities o ON o.id = r.opportunity_id"
        " WHERE o.code = 'EC7111' AND r.learner_id = (SELECT id FROM learners"
        " WHERE national_id = ?)",
        KARIN,
    ) == [("annulled", "B")]


async def test_an_annulment_over_the_api_revokes_and_an_unknown_status_is_refused(
    gw: Node, dev_ca: SigningKey
) -> None:
    async with browser() as learner, aiohttp.ClientSession() as http:
        await log_in(learner, gw)
        credentials = await _collect(gw, learner)
        references = {r["idx"]: r for r in (status_of(c, dev_ca.certificate) for c in credentials)}
        (uri,) = {r["uri"] for r in references.values()}
        token = await new_client(gw, "ladok", "records:write")
        headers = {**bearer(token), "Content-Type": "application/json"}

        unknown = await http.post(
            gw.path("/api/v1/records"),
            data=_records(_result("EC7113", "cancelled")),
            headers=headers,
        )
        problem = await unknown.json()
        assert unknown.status in (400, 422), problem
        assert "annulled" in json.dumps(problem)  # the allowed values are named
        assert _revoked(gw) == []

        annul = _result("EC7113", "annulled")  # without the grade: allowed as well
        answer = await http.post(gw.path("/api/v1/records"), data=_records(annul), headers=headers)
        body = await answer.json()
        assert answer.status == 200, body
        assert body["credentials_revoked"] == 1
        ((idx, reason, cause, _, _),) = _revoked(gw)
        assert reason.endswith("su.se EC7113: annulled")
        assert cause == "import"
        assert (await fetch_list(http, uri, dev_ca.certificate)).set_bits() == {idx}

        again = await http.post(gw.path("/api/v1/records"), data=_records(annul), headers=headers)
        assert (await again.json())["credentials_revoked"] == 0
        assert len(_revoked(gw)) == 1


async def test_annulling_a_result_a_degree_includes_is_refused_naming_the_degree(
    gw: Node,
) -> None:
    services = gw.app[appkeys.SERVICES]
    annul = _records(_result("1DL201", "annulled", institution="uu.se"))
    with pytest.raises(ImportFileError) as refused:
        await import_data(services.db, annul, name="annul.json", fmt="json")
    assert "UU-EX-2012-04711" in str(refused.value)
    assert "withdraw" in str(refused.value)
    ((status,),) = rows(
        gw,
        "SELECT r.status FROM results r JOIN opportunities o ON o.id = r.opportunity_id"
        " WHERE o.code = '1DL201' AND r.learner_id = (SELECT id FROM learners"
        " WHERE national_id = ?)",
        KARIN,
    )
    assert status == "passed"  # nothing written


async def test_a_result_annulled_between_offer_and_collection_is_never_issued(gw: Node) -> None:
    services, issuer = gw.app[appkeys.SERVICES], gw.app[appkeys.WALLET]
    ((result_id,),) = rows(
        gw,
        "SELECT r.id FROM results r JOIN opportunities o ON o.id = r.opportunity_id"
        " JOIN learners l ON l.id = r.learner_id WHERE o.code = 'EC7111' AND l.national_id = ?",
        KARIN,
    )
    offer = await create_offer(services, issuer, KARIN, chosen={"result": [str(result_id)]})
    summary = await import_data(services.db, ANNUL_EC7111, name="annul.csv", fmt="csv")
    assert summary.credentials_revoked == 0  # nothing issued yet
    async with aiohttp.ClientSession() as http:
        wallet = TestWallet(http)
        session = await wallet.start(offer.link, offer.tx_code)
        c_nonce = await wallet.nonce(session.metadata["nonce_endpoint"])
        reply = await wallet.credential(
            session.metadata["credential_endpoint"],
            session.access_token,
            wallet.request_for(session, None, wallet.proof(session.issuer, c_nonce)),
        )
    assert_refused(reply, 400, "credential_request_denied")
    assert "annulled since the offer" in reply.body["error_description"]
    assert issued_count(gw) == 0
    assert rows(gw, "SELECT count(*) FROM credential_status") == [(0,)]
