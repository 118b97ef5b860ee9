"""A flat micro-credential (vct VerifiableMicroCredential) the gateway issued comes back through
the test wallet (OWF sd-jwt discloses what the DCQL asks) and is stored as ELMO 1.7 results."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import aiohttp
from lxml import etree

from gateway.core.elmo.schema import ElmoSchema
from gateway.core.keys import SigningKey
from gateway.core.microcredentials.flat import VCT
from gateway.core.xml import parse_xml
from tests.core.oid4vci.support import library_verify
from tests.web.nodes import Node, browser
from tests.web.verifier.holder import Holder, Request
from tests.web.verifier.support import poll, start_presentation, transactions
from tests.web.wallet.support import KARIN, log_in, rows
from tests.web.wallet.test_micro import _collect

ELMO_NS = "{https://github.com/emrex-eu/elmo-schemas/tree/v1}"


def _micro_query(request: Request) -> dict[str, Any]:
    (query,) = [
        q for q in request.claims["dcql_query"]["credentials"] if q["meta"]["vct_values"] == [VCT]
    ]
    assert isinstance(query, dict)
    return query


def _disclose(query: dict[str, Any], available: set[str]) -> dict[str, bool]:
    """What a DCQL wallet discloses: the first claim set its credential satisfies (§6.4.1)."""
    paths = {c["id"]: c["path"][0] for c in query["claims"]}
    for option in query["claim_sets"]:
        names = [paths[i] for i in option]
        if set(names) <= available:
            return dict.fromkeys(names, True)
    raise AssertionError("the credential satisfies no claim set")


async def test_a_flat_micro_credential_is_verified_and_stored_as_elmo(
    gw: Node, dev_ca: SigningKey, schema_dir: Path
) -> None:
    async with aiohttp.ClientSession() as http, browser() as learner:
        wallet, received, _ = await _collect(gw, http)
        flat = received[2].credential  # transcript, ELM micro, flat micro, badge
        checked = library_verify(flat, dev_ca.certificate)
        assert checked.signed_payload["vct"] == VCT
        issued = checked.claims
        holder = Holder(http, wallet.key)
        await log_in(learner, gw)
        page = await start_presentation(learner, gw)
        request = await holder.fetch_request(page.link)
        query = _micro_query(request)
        asked = {c["path"][0] for c in query["claims"]}
        assert {"title", "awardingBody", "issuerCountry", "notionalWorkload", "level"} <= asked
        assert {"issuanceDate", "givenName", "familyName", "dateOfBirth", "grade"} <= asked
        disclose = _disclose(query, set(issued))
        assert {"grade", "dateOfBirth", "nationalID"} <= set(disclose)  # 1DL301 is graded
        assert "learningOutcomes" not in disclose  # not asked: stays hidden
        presentation = holder.presentation(flat, request, disclose=disclose)
        posted = await holder.respond(request, presentation, query_id=query["id"])
        assert posted.status == 200, posted.body
        outcome = await poll(learner, page)
        assert outcome["outcome"] == "verified", outcome
        import_id = outcome["import_id"]
        elmo_url = gw.path(f"/client/imports/{import_id}/elmo.xml")
        document = await (await learner.get(elmo_url)).read()

    ((state, reason, vct, stored, _),) = transactions(gw)
    assert (state, reason, vct, stored) == ("verified", None, VCT, import_id)
    ElmoSchema.load(schema_dir).validate(parse_xml(document, max_bytes=1 << 20))
    root = etree.fromstring(document)
    (report,) = root.findall(f"{ELMO_NS}report")
    (los,) = report.findall(f".//{ELMO_NS}learningOpportunitySpecification")
    assert los.findtext(f"{ELMO_NS}title") == issued["title"] == "Database Design I"
    instance = los.find(f"{ELMO_NS}specifies/{ELMO_NS}learningOpportunityInstance")
    assert instance is not None
    assert Decimal(instance.findtext(f"{ELMO_NS}credit/{ELMO_NS}value") or "") == Decimal("7.5")
    ((grade, credits),) = rows(
        gw,
        "SELECT r.grade, coalesce(r.credits, o.credits) FROM results r "
        "JOIN learners l ON l.id = r.learner_id "
        "JOIN opportunities o ON o.id = r.opportunity_id WHERE l.national_id = ? AND o.code = ?",
        KARIN,
        "1DL301",
    )
    assert instance.findtext(f"{ELMO_NS}resultLabel") == issued["grade"] == grade
    assert Decimal(str(credits)) == Decimal("7.5")
    assert instance.findtext(f"{ELMO_NS}level/{ELMO_NS}value") == issued["level"][4:]
    assert report.findtext(f"{ELMO_NS}issuer/{ELMO_NS}title") == issued["awardingBody"]
    learner_el = root.find(f"{ELMO_NS}learner")
    assert learner_el is not None
    assert learner_el.findtext(f"{ELMO_NS}givenNames") == issued["givenName"]
    assert learner_el.findtext(f"{ELMO_NS}bday") == issued["dateOfBirth"]
