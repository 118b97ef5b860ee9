"""The whole EMREX exchange between two real gateways: fetch, select, consent, verify, store."""

from __future__ import annotations

import asyncio
import base64
import logging
import re
import subprocess
from pathlib import Path

import pytest

from gateway.core.elmo.parse import parse_elmo
from gateway.core.elmo.schema import ElmoSchema
from gateway.core.xml import parse_xml
from gateway.flows.elmo.export import load_transcript
from gateway.web import appkeys
from tests.tools import Xmlsec1
from tests.web.emrex.support import (
    KARIN_NO,
    KARIN_SE,
    RETURN_FIELDS,
    Federation,
    answer_fields,
    arrive_at_cp,
    browsing,
    checkbox_ids,
    checked_ids,
    choose_and_consent,
    start_fetch,
)


async def test_whole_exchange_stores_verified_results_and_logs_the_disclosure(
    fed: Federation, schema_dir: Path, xmlsec1: Xmlsec1, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="gateway")
    async with browsing() as person:
        started = await start_fetch(person, fed, next_url="/oots/preview/42")
        request = answer_fields(started)
        assert set(request) == {"sessionId", "returnUrl"}
        assert request["returnUrl"] == fed.client.path("/client/return")
        assert len(request["sessionId"]) == 32
        assert "form-action " + fed.cp.url in started.headers["Content-Security-Policy"]

        selection = await arrive_at_cp(person, fed, started, KARIN_SE)
        assert "127.0.0.1" in selection.text  # the receiving host
        assert "Uppsala" in selection.text
        assert "Stockholm" in selection.text
        ids = checkbox_ids(selection)
        assert ids
        assert checked_ids(selection) == ids
        assert "EC7112" not in selection.text  # the failed Econometrics: not offered
        assert "5DV503" not in selection.text  # in progress: not offered

        answered = await choose_and_consent(person, selection, ids)
        assert answered.status == 200, answered.text
        fields = answer_fields(answered)
        assert list(fields) == RETURN_FIELDS
        assert fields["sessionId"] == request["sessionId"]
        assert fields["returnCode"] == "NCP_OK"
        assert fields["elmo"]
        csp = answered.headers["Content-Security-Policy"]
        assert f"form-action {fed.client.url};" in csp
        assert "emrex-autosubmit.js" in answered.text

        returned = await person.submit(answered, "/client/return")
        assert returned.status == 200, returned.text
        assert "Results received" in returned.text
        link = re.search(r'href="(/client/imports/\d+)"', returned.text)
        assert link
        assert 'href="/oots/preview/42"' in returned.text  # ?next= kept through the session

        shown = await person.get(fed.client.path(link.group(1)))
        assert shown.status == 200
        assert "Microeconomic Theory" in shown.text
        assert "SE-GW" in shown.text

        document = await person.get(fed.client.path(link.group(1) + "/elmo.xml"))
        xml = document.text.encode()

        transfers = await person.get(fed.cp.path("/transfers"))
        assert "127.0.0.1:" + str(fed.client.settings.server.port) in transfers.text
        assert "Microeconomic Theory" in transfers.text or "Mikroekonomisk teori" in transfers.text

        history = await person.get(fed.client.path("/client"))
        assert "Results received" in history.text

    _no_personal_data_logged(caplog.records)
    checked = xmlsec1.verify(xml, fed.cp.home / "signing.crt")
    assert checked.returncode == 0, checked.stderr
    root = parse_xml(xml)
    ElmoSchema.load(schema_dir).validate(root)
    elmo = parse_elmo(root)
    assert elmo.learner.family_name == "Andersson"
    pdf = next(a for a in elmo.attachments if a.type == "EMREX transcript")
    data = base64.b64decode(pdf.contents[0].value.split(",", 1)[1])
    text = (await asyncio.to_thread(_pdftotext, data)).decode()
    assert "Microeconomic Theory" in text or "Mikroekonomisk teori" in text
    services = fed.cp.app[appkeys.SERVICES]
    transcript = await load_transcript(services, KARIN_SE)
    assert len(elmo.reports) == 3
    assert KARIN_NO not in xml.decode()
    assert transcript.learner.birth_date == elmo.learner.bday


def _no_personal_data_logged(records: list[logging.LogRecord]) -> None:
    """The ordinary log names hosts and counts, never learners or the documents about them."""
    ours = [r for r in records if r.name.startswith("gateway")]
    assert any("emrex results sent" in r.getMessage() for r in ours)
    assert any("emrex results imported" in r.getMessage() for r in ours)
    for record in ours:
        text = record.getMessage() + " " + " ".join(str(v) for v in vars(record).values())
        for secret in (KARIN_SE, KARIN_NO, "Andersson", "Karin", "H4sI", "<elmo", "Microeconomic"):
            assert secret not in text, (secret, record.getMessage())


def _pdftotext(pdf: bytes) -> bytes:
    done = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True, timeout=30
    )
    return done.stdout
