"""Scenarios 1 and 2: EMREX between the federation's nodes, over HTTP as a browser sends it.

1. Karin Andersson, who studied in both countries, uses no's client to fetch her Swedish results
   from se (NCP_OK) and se's client to fetch her Norwegian results from no; each side verifies the
   signature against the registry certificate and stores the merits.
2. Cancel, no results, and the rogue contact point's garbage (malformed, bad signature): the
   client says what happened and stores nothing.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from tests.federation.support import (
    KARIN_NO,
    KARIN_SE,
    LUKAS_NO,
    LUKAS_SE,
    Federation,
    arrive,
    browsing,
    fetch_everything,
    start_fetch,
    view_import,
)
from tests.tools import Xmlsec1
from tests.web.emrex.support import Page, answer_fields
from tests.web.nodes import forms

IMPORTS = "SELECT count(*) FROM external_imports"
RESULTS = "SELECT count(*) FROM external_results"


def _verify_with_registry_cert(xmlsec1: Xmlsec1, fed: Federation, acronym: str, xml: bytes) -> None:
    """The stored ELMO verifies with xmlsec1 against the contact point's registry certificate."""
    with tempfile.TemporaryDirectory() as folder:
        cert = Path(folder) / "registry.crt"
        cert.write_text(fed.registry_entry(acronym)["pubKey"], encoding="ascii")
        checked = xmlsec1.verify(xml, cert)
    assert checked.returncode == 0, checked.stderr


async def test_karin_fetches_from_se_with_the_norwegian_client(
    fed: Federation, xmlsec1: Xmlsec1
) -> None:
    before = fed.count("no", IMPORTS)
    async with browsing(fed) as karin:
        returned = await fetch_everything(karin, fed.no, fed.se, "SE-GW", (KARIN_NO, KARIN_SE))
        assert returned.status == 200, returned.text
        assert "Results received" in returned.text
        assert "SE-GW" in returned.text
        path, shown = await view_import(karin, returned)
        assert "Microeconomic Theory" in shown.text  # Stockholm University
        assert f"{fed.se}/emrex" in shown.text
        document = await karin.get(f"{fed.no}{path}/elmo.xml")
        transfers = await karin.get(f"{fed.se}/transfers")
    assert fed.count("no", IMPORTS) == before + 1
    _verify_with_registry_cert(xmlsec1, fed, "SE-GW", document.text.encode())
    assert "localhost:8462" in transfers.text  # se's disclosure log names the receiving host


async def test_karin_fetches_from_no_with_the_swedish_client(
    fed: Federation, xmlsec1: Xmlsec1
) -> None:
    before = fed.count("se", IMPORTS)
    async with browsing(fed) as karin:
        returned = await fetch_everything(karin, fed.se, fed.no, "NO-GW", (KARIN_SE, KARIN_NO))
        assert "Results received" in returned.text, returned.text
        assert "NO-GW" in returned.text
        path, shown = await view_import(karin, returned)
        for title in ("Market Design", "Macroeconomic Theory", "Algorithms and Data Structures"):
            assert title in shown.text
        assert ">A<" in shown.text  # the Norwegian A–F scale, as received
        document = await karin.get(f"{fed.se}{path}/elmo.xml")
    assert fed.count("se", IMPORTS) == before + 1
    _verify_with_registry_cert(xmlsec1, fed, "NO-GW", document.text.encode())


async def test_cancel_stores_nothing(fed: Federation) -> None:
    before = (fed.count("se", IMPORTS), fed.count("se", RESULTS))
    async with browsing(fed) as karin:
        started = await start_fetch(karin, fed.se, KARIN_SE, "NO-GW")
        selection = await arrive(karin, started, fed.no, KARIN_NO)
        rid = selection.url.split("?", 1)[0].rstrip("/")
        cancelled = await karin.post(f"{rid}/cancel", {"csrf": selection.csrf})
        fields = answer_fields(cancelled)
        assert (fields["returnCode"], fields["elmo"]) == ("NCP_CANCEL", "")
        returned = await karin.submit(cancelled, "/client/return")
    assert returned.status == 200, returned.text
    assert "You cancelled the transfer. No results have been stored." in returned.text
    assert (fed.count("se", IMPORTS), fed.count("se", RESULTS)) == before


async def test_a_learner_with_nothing_to_offer_gets_no_results(fed: Federation) -> None:
    before = fed.count("se", IMPORTS)
    async with browsing(fed) as lukas:
        started = await start_fetch(lukas, fed.se, LUKAS_SE, "NO-GW")
        page = await arrive(lukas, started, fed.no, LUKAS_NO)
        assert "There are no results to send" in page.text
        answered = await lukas.submit(page, "/send")
        fields = answer_fields(answered)
        assert (fields["returnCode"], fields["elmo"]) == ("NCP_NO_RESULTS", "")
        returned = await lukas.submit(answered, "/client/return")
    assert "The contact point had no results to send." in returned.text
    assert fed.count("se", IMPORTS) == before


async def test_garbage_from_the_rogue_contact_point_is_refused(fed: Federation) -> None:
    before = (fed.count("no", IMPORTS), fed.count("no", RESULTS))
    outcomes: dict[str, Page] = {}
    async with browsing(fed) as karin:
        for variant in ("malformed", "forged"):
            started = await start_fetch(karin, fed.no, KARIN_NO, "DK-ROGUE")
            rogue_page = await karin.submit(started, "/emrex")
            assert rogue_page.status == 200, rogue_page.text
            (form,) = [f for f in forms(rogue_page.text) if ("variant", variant) in _pairs(f)]
            assert form["action"] == f"{fed.no}/client/return"
            outcomes[variant] = await karin.post(form["action"], _pairs(form))
        history = await karin.get(f"{fed.no}/client")
    malformed, forged = outcomes["malformed"], outcomes["forged"]
    assert malformed.status >= 400
    assert "Refused: the answer could not be read" in malformed.text
    assert forged.status >= 400
    assert "Refused: the signature is not valid" in forged.text
    for page in (malformed, forged):
        assert "No results have been stored." in page.text
    assert "Refused: the signature is not valid" in history.text
    assert (fed.count("no", IMPORTS), fed.count("no", RESULTS)) == before


def _pairs(form: dict[str, Any]) -> list[tuple[str, str]]:
    return [(name, value) for name, value, _ in form["fields"]]
