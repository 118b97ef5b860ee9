"""Credential status over HTTP (issue #15): every issued credential carries status.status_list,
GET /status/{list} serves a token that jwcrypto and zlib read, and revocation follows the
results store (CLI import and POST /api/v1/records), the learner and the operator."""

from __future__ import annotations

import json
import re
from typing import Any

import aiohttp

from gateway.core.demo import demo_document
from gateway.core.keys import SigningKey
from gateway.flows.credential_status.check import StatusListClient, StatusPolicy, check_status
from gateway.flows.credential_status.cli import wallet_status
from gateway.flows.import_records import import_data
from gateway.web import appkeys
from gateway.web.transport import AiohttpTransport
from tests.web.api.support import bearer, new_client
from tests.web.credential_status.support import fetch_list, status_of
from tests.web.nodes import Node, browser, csrf_of
from tests.web.wallet.client import TestWallet
from tests.web.wallet.support import KARIN, add_to_wallet, log_in, offer_page, rows

CHANGED_GRADE_JSON = json.dumps(
    {
        "format": "emrex-gateway/records",
        "version": 1,
        "results": [
            {
                "learner": KARIN,
                "institution": "su.se",
                "opportunity": "EC7111",
                "status": "passed",
                "date": "2013-01-07",
                "term": "HT2012",
                "grade": "A",  # was B
                "scale": "AF",
            }
        ],
    }
).encode()
CHANGED_GRADE = (
    "institution,national_id,opportunity,status,date,term,grade,scale\n"
    f"su.se,{KARIN},EC7111,passed,2013-01-07,HT2012,A,AF\n"
).encode()


async def _collect(gw: Node, learner: aiohttp.ClientSession, **chosen: Any) -> list[str]:
    page = await add_to_wallet(learner, gw, **chosen)
    async with aiohttp.ClientSession() as http:
        _, received = await TestWallet(http).receive_all(page.link, page.tx_code)
    return [r.credential for r in received]


def _institution_of(gw: Node, credential_id: int) -> str:
    ((subject,),) = rows(
        gw,
        "SELECT d.subject FROM wallet_datasets d JOIN wallet_credentials c ON c.dataset_id = d.id"
        " WHERE c.id = ?",
        credential_id,
    )
    return str(json.loads(subject).get("institution"))


async def test_a_changed_grade_revokes_exactly_the_credential_that_carried_it(
    gw: Node, dev_ca: SigningKey
) -> None:
    async with browser() as learner, aiohttp.ClientSession() as http:
        await log_in(learner, gw)
        credentials = await _collect(gw, learner)
        references = [status_of(c, dev_ca.certificate) for c in credentials]
        assert len({r["idx"] for r in references}) == 3
        (uri,) = {r["uri"] for r in references}
        assert re.fullmatch(rf"{re.escape(gw.url)}/status/[A-Za-z0-9_-]+", uri)

        served = await fetch_list(http, uri, dev_ca.certificate)
        assert served.header["typ"] == "statuslist+jwt"
        assert served.header["alg"] == "ES256"
        assert served.headers["Content-Type"] == "application/statuslist+jwt"
        assert served.headers["Cache-Control"] == "public, max-age=300"
        assert served.claims["sub"] == uri
        assert served.claims["iss"] == gw.url
        assert served.claims["ttl"] == 300
        assert served.claims["exp"] - served.claims["iat"] == 1440 * 60
        assert served.claims["status_list"]["bits"] == 1
        assert len(served.bits) * 8 == 131_072
        assert served.set_bits() == set()

        # the CLI import path: one grade at su.se changes
        services = gw.app[appkeys.SERVICES]
        summary = await import_data(services.db, CHANGED_GRADE, name="retake.csv", fmt="csv")
        assert summary.credentials_revoked == 1
        assert "wallet credentials revoked: 1" in summary.describe()
        revoked = rows(
            gw,
            "SELECT c.id, s.idx, s.revocation_reason, s.revoked_by, s.revoked_actor"
            " FROM credential_status s JOIN wallet_credentials c ON c.dataset_id = s.dataset_id"
            " WHERE s.state = 'revoked'",
        )
        ((credential_id, idx, reason, cause, actor),) = revoked
        assert _institution_of(gw, credential_id) == "su.se"
        assert "EC7111" in reason
        assert "B (AF)" in reason
        assert "A (AF)" in reason
        assert (cause, actor) == ("import", "import retake.csv")

        served = await fetch_list(http, uri, dev_ca.certificate)
        assert served.set_bits() == {idx}  # re-signed at once: the bit changed
        assert idx in {r["idx"] for r in references}

        # the same file again revokes nothing
        again = await import_data(services.db, CHANGED_GRADE, name="retake.csv", fmt="csv")
        assert again.credentials_revoked == 0
        assert len(rows(gw, "SELECT id FROM credential_status WHERE state = 'revoked'")) == 1

        # our own verifier reads the same list: one revoked, the others valid
        policy = StatusPolicy(trust_anchors=(dev_ca.certificate,), allow_http_loopback=True)
        client = StatusListClient(AiohttpTransport(http), policy)
        outcomes = [(await check_status({"status_list": r}, client=client)) for r in references]
        assert sorted(o.state for o in outcomes) == ["revoked", "valid", "valid"]

        # My transfers: the revoked one with why, and "get a fresh one"
        page = await (await learner.get(gw.path("/transfers"))).text()
        assert page.count('class="credential-revoked"') == 1
        assert page.count('class="credential-valid"') == 2
        assert "The institution changed the data" in page
        assert "EC7111" in page
        fresh = await learner.post(
            gw.path(f"/transfers/credentials/{credential_id}/fresh"),
            data={"csrf": csrf_of(page)},
        )
        assert fresh.status == 200
        offered = offer_page(await fresh.text(), fresh.headers)
        _, (renewed,) = await TestWallet(http).receive_all(offered.link, offered.tx_code)
        renewed_ref = status_of(renewed.credential, dev_ca.certificate)
        outcome = await check_status({"status_list": renewed_ref}, client=client)
        assert outcome.state == "valid"


async def test_the_api_import_revokes_and_the_learner_and_operator_can(
    gw: Node, dev_ca: SigningKey
) -> None:
    async with browser() as learner, aiohttp.ClientSession() as http:
        await log_in(learner, gw)
        credentials = await _collect(gw, learner)
        references = {r["idx"]: r for r in (status_of(c, dev_ca.certificate) for c in credentials)}
        (uri,) = {r["uri"] for r in references.values()}

        token = await new_client(gw, "ladok", "records:write")
        answer = await http.post(
            gw.path("/api/v1/records"),
            data=CHANGED_GRADE_JSON,
            headers={**bearer(token), "Content-Type": "application/json"},
        )
        body = await answer.json()
        assert answer.status == 200, body
        assert body["credentials_revoked"] == 1

        # the learner revokes another one (lost phone); CSRF as every form
        page = await (await learner.get(gw.path("/transfers"))).text()
        valid = [int(v) for v in re.findall(r'credential-valid" id="credential-(\d+)"', page)]
        assert len(valid) == 2
        refused = await learner.post(
            gw.path(f"/transfers/credentials/{valid[0]}/revoke"), data={"csrf": "wrong"}
        )
        assert refused.status == 403
        done = await learner.post(
            gw.path(f"/transfers/credentials/{valid[0]}/revoke"),
            data={"csrf": csrf_of(page)},
            allow_redirects=False,
        )
        assert done.status == 303
        # the operator revokes the last one, with a reason
        report = await wallet_status(
            gw.settings, revoke=valid[1], reason="issued to the wrong person"
        )
        assert f"credential {valid[1]}: revoked" in report
        assert "by operator (operator " in report
        assert "issued to the wrong person" in report

        served = await fetch_list(http, uri, dev_ca.certificate)
        assert served.set_bits() == set(references)  # all three, each one bit
        listed = rows(
            gw, "SELECT revoked_by, revocation_reason FROM credential_status ORDER BY revoked_at"
        )
        assert [c for c, _ in listed] == ["import", "learner", "operator"]


async def test_a_withdrawn_degree_revokes_its_degree_credential(
    gw: Node, dev_ca: SigningKey
) -> None:
    ((degree_id,),) = rows(gw, "SELECT id FROM degrees WHERE code = 'UU-EX-2012-04711'")
    async with browser() as learner, aiohttp.ClientSession() as http:
        await log_in(learner, gw)
        page = await (await learner.get(gw.path("/wallet"))).text()
        data = [("csrf", csrf_of(page)), ("degree", str(degree_id))]
        response = await learner.post(gw.path("/wallet/offers"), data=data)
        offered = offer_page(await response.text(), response.headers)
        _, (diploma,) = await TestWallet(http).receive_all(offered.link, offered.tx_code)
        reference = status_of(diploma.credential, dev_ca.certificate)

        document = demo_document("se")
        (degree,) = [d for d in document["degrees"] if d["code"] == "UU-EX-2012-04711"]
        withdrawn = {
            "format": document["format"],
            "version": document["version"],
            "degrees": [{**degree, "status": "withdrawn"}],
        }
        services = gw.app[appkeys.SERVICES]
        data_bytes = json.dumps(withdrawn).encode()
        summary = await import_data(services.db, data_bytes, name="withdraw.json", fmt="json")
        assert summary.credentials_revoked == 1
        served = await fetch_list(http, reference["uri"], dev_ca.certificate)
        assert served.set_bits() == {reference["idx"]}
        ((reason,),) = rows(gw, "SELECT revocation_reason FROM credential_status")
        assert "awarded" in reason
        assert "withdrawn" in reason
