"""The wallet as an EMREX source: at the Swedish contact point Karin presents the credential the
Norwegian gateway issued her, adds its results to her EMREX answer, and the client receives
one ELMO signed by the contact point's key in which the Norwegian report keeps its issuer."""

from __future__ import annotations

import base64
import dataclasses
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import aiohttp
import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree

from gateway.core.elmo.pack import unpack_elmo
from gateway.core.elmo.schema import ElmoSchema
from gateway.core.keys import SigningKey
from gateway.core.xml import parse_xml
from gateway.flows.emrex.registry import refresh_registry
from gateway.web import appkeys
from gateway.web.handlers.emrex.registry import REGISTRY
from tests.storage.helpers import Template
from tests.tools import Xmlsec1
from tests.web.emrex.support import (
    KARIN_NO,
    KARIN_SE,
    Federation,
    answer_fields,
    arrive_at_cp,
    browsing,
    checkbox_ids,
    federation,
    start_fetch,
    write_registry,
)
from tests.web.nodes import browser, default_wallet_key
from tests.web.verifier.holder import Holder
from tests.web.verifier.support import poll, start_presentation
from tests.web.wallet.client import TestWallet
from tests.web.wallet.support import add_to_wallet, log_in, rows


@pytest.fixture
async def wallet_fed(
    tmp_path: Path,
    seeded_template: Template,
    seeded_no_template: Template,
    signing_key: SigningKey,
    client_key: SigningKey,
    schema_dir: Path,
) -> AsyncIterator[Federation]:
    """The EMREX federation, the contact point trusting the wallet issuers' CA (both nodes'
    wallet keys) and listing the client in its registry (whose ELMO key signed the evidence)."""
    anchors = tmp_path / "wallet-ca.pem"
    anchors.write_bytes(default_wallet_key().chain[-1].public_bytes(Encoding.PEM))
    cp: dict[str, dict[str, Any]] = {
        "verifier": {"trust_anchors": [str(anchors)]},
        "status": {"allow_http_loopback": True},  # the credential's list is on the client
    }
    async with federation(
        tmp_path, seeded_template, seeded_no_template, signing_key, client_key, schema_dir, cp=cp
    ) as fed:
        await write_registry(fed.cp.home / "registry.json", [fed.cp, fed.client], schema_dir)
        services = fed.cp.app[appkeys.SERVICES]
        await refresh_registry(services, fed.cp.app[REGISTRY])
        # the client's iss is its ephemeral http URL, which its test certificate cannot name:
        # the contact point allow-lists it ([verifier] issuer_allow_list, checklist item 13)
        # (the client starts after the contact point, so its URL is set on the running one)
        verifier = fed.cp.app[appkeys.VERIFIER]
        allowed = dataclasses.replace(verifier.config, issuer_allow_list=(fed.client.url,))
        object.__setattr__(verifier, "config", allowed)
        yield fed


async def test_wallet_results_go_into_the_signed_emrex_answer(
    wallet_fed: Federation, signing_key: SigningKey, xmlsec1: Xmlsec1, schema_dir: Path
) -> None:
    fed = wallet_fed
    async with aiohttp.ClientSession() as http, browser() as at_no, browsing() as person:
        wallet = TestWallet(http)
        await log_in(at_no, fed.client, KARIN_NO)
        offer = await add_to_wallet(at_no, fed.client)
        _, received = await wallet.receive_all(offer.link, offer.tx_code)
        norwegian = received[0].credential

        started = await start_fetch(person, fed)
        selection = await arrive_at_cp(person, fed, started, KARIN_SE)
        assert 'id="present-from-wallet"' in selection.text
        rid = urlsplit(selection.url).path  # /emrex/{rid}

        at_cp = person._session(fed.cp.url)
        page = await start_presentation(at_cp, fed.cp, next_url=rid)
        holder = Holder(http, wallet.key)
        request = await holder.fetch_request(page.link)
        posted = await holder.respond(request, holder.presentation(norwegian, request))
        assert posted.status == 200, posted.body
        assert (await poll(at_cp, page))["outcome"] == "verified"

        selection = await person.get(selection.url)
        form = selection.form("/select")
        wallet_ids = [v for name, v, _ in form["fields"] if name == "wallet"]
        assert len(wallet_ids) == 1
        own = checkbox_ids(selection)
        chosen = await person.post(
            urljoin(selection.url, f"{rid}/select"),
            [
                ("csrf", selection.csrf),
                *[("result", str(i)) for i in own[:1]],
                ("wallet", wallet_ids[0]),
            ],
        )
        assert chosen.url.endswith("/consent"), chosen.text
        assert 'id="wallet-chosen"' in chosen.text
        answered = await person.submit(chosen, "/send", consent="yes")
        fields = answer_fields(answered)
        assert fields["returnCode"] == "NCP_OK"

    xml = unpack_elmo(fields["elmo"], max_packed_bytes=50 << 20, max_xml_bytes=50 << 20)
    cert = fed.cp.home / "cp.pem"
    cert.write_bytes(signing_key.certificate.public_bytes(Encoding.PEM))
    checked = xmlsec1.verify(xml, cert)
    assert checked.returncode == 0, checked.stderr
    ElmoSchema.load(schema_dir).validate(parse_xml(xml, max_bytes=50 << 20))
    root = etree.fromstring(xml)
    issuers = [_text(r.find("{*}issuer/{*}title")) for r in root.findall("{*}report")]
    assert len(issuers) == 2  # our institution's report and the Norwegian one, as awarded
    evidence = base64.b64decode(_elm_evidence(norwegian))
    norwegian_root = etree.fromstring(evidence)
    norwegian_titles = {_text(t) for t in norwegian_root.findall("{*}report/{*}issuer/{*}title")}
    assert set(issuers) & norwegian_titles
    (logged,) = rows(
        fed.cp,
        "SELECT count(*) FROM disclosures WHERE channel = 'emrex'",
    )[0]
    assert logged == 1


def _elm_evidence(credential: str) -> str:
    for part in credential.split("~")[1:-1]:
        decoded = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
        if len(decoded) == 3 and decoded[1] == "elm":
            content = decoded[2]["evidence"][0]["embeddedEvidence"][0]["content"]
            assert isinstance(content, str)
            return content
    raise AssertionError("no elm disclosure")


def _text(element: etree._Element | None) -> str:
    assert element is not None
    return element.text or ""
