"""Degrees on the contact point: one item each, sent with their included results under them and
never a second time as loose courses; a withdrawn degree is never offered (issue #13)."""

from __future__ import annotations

import base64
from collections import Counter
from gzip import decompress
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from gateway.core.elmo.parse import parse_elmo
from gateway.core.elmo.schema import ElmoSchema
from gateway.core.elmo.signature import verify_elmo
from gateway.core.xml import parse_xml
from gateway.flows.degrees.load import awarded_degrees
from gateway.storage.degrees import DegreeRepository
from gateway.web import appkeys
from tests.degrees import WITHDRAWN, WITHDRAWN_CODE, assert_ects_on_one_level, pdf_text
from tests.tools import Xmlsec1
from tests.web.emrex.support import (
    KARIN_SE,
    Browser,
    Federation,
    Page,
    answer_fields,
    arrive_at_cp,
    browsing,
    checkbox_ids,
    start_fetch,
)
from tests.web.nodes import forms

KARIN_DEGREE = "UU-EX-2012-04711"


def _degree_boxes(page: Page) -> dict[int, bool]:
    (form,) = [f for f in forms(page.text) if "/select" in f["action"]]
    return {int(v): "checked" in attrs for name, v, attrs in form["fields"] if name == "degree"}


async def _send(person: Browser, selection: Page, results: list[int], degrees: list[int]) -> Page:
    rid = urlsplit(selection.url).path
    fields = [("csrf", selection.csrf)]
    fields += [("result", str(i)) for i in results] + [("degree", str(i)) for i in degrees]
    chosen = await person.post(urljoin(selection.url, f"{rid}/select"), fields)
    assert chosen.url.endswith("/consent"), chosen.text
    return chosen


async def test_a_degree_is_one_item_sent_with_its_results_under_it(
    fed: Federation, schema_dir: Path, xmlsec1: Xmlsec1
) -> None:
    services = fed.cp.app[appkeys.SERVICES]
    (karin,) = await awarded_degrees(services, KARIN_SE)
    included = {r.opportunity.code for r in karin.results()}
    async with browsing() as person:
        started = await start_fetch(person, fed)
        selection = await arrive_at_cp(person, fed, started, KARIN_SE)
        assert _degree_boxes(selection) == {karin.degree.id: True}  # offered, ticked at first
        assert "Filosofie kandidatexamen med huvudområdet datavetenskap" in selection.text or (
            "Degree of Bachelor of Science with a major in Computer Science" in selection.text
        )
        results = checkbox_ids(selection)  # the included courses stay selectable on their own
        consent = await _send(person, selection, results, [karin.degree.id])
        assert "Diploma Supplement" in consent.text
        answered = await person.submit(consent, "/send", consent="yes")
        fields = answer_fields(answered)
        assert fields["returnCode"] == "NCP_OK"
        returned = await person.submit(answered, "/client/return")
        assert "Results received" in returned.text  # the client verified and stored it
        transfers = await person.get(fed.cp.path("/transfers"))
        assert "Degree of Bachelor of Science with a major in Computer Science" in transfers.text

    xml = decompress(base64.b64decode(fields["elmo"]))
    checked = xmlsec1.verify(xml, fed.cp.home / "signing.crt")
    assert checked.returncode == 0, checked.stderr
    ElmoSchema.load(schema_dir).validate(parse_xml(xml))
    elmo = parse_elmo(verify_elmo(xml, [services.signing_key.certificate]).root)
    assert_ects_on_one_level(elmo)
    codes = Counter(los.identifier("local") for los in elmo.specifications())
    assert all(codes[code] == 1 for code in included)  # never a second time as loose courses
    (uu,) = [r for r in elmo.reports if r.issuer.identifier("schac") == "uu.se"]
    degree = uu.opportunities[0]
    assert (degree.type, degree.identifier("local")) == ("Degree Programme", KARIN_DEGREE)
    assert {p.identifier("local") for p in degree.has_part} == set(karin.degree.included)
    assert {los.identifier("local") for los in degree.walk()[1:]} == included  # with modules
    loose = {los.identifier("local") for r in uu.opportunities[1:] for los in r.walk()}
    assert "TKDAT" in loose  # her programme is sent too, without the courses of the degree
    assert not loose & included
    certificate = next(a for a in uu.attachments if a.type == "Diploma")
    text = pdf_text(base64.b64decode(certificate.contents[0].value.partition(",")[2]))
    assert "Karin Andersson" in text


async def test_only_the_degree_sends_only_the_degree(fed: Federation) -> None:
    services = fed.cp.app[appkeys.SERVICES]
    (karin,) = await awarded_degrees(services, KARIN_SE)
    async with browsing() as person:
        started = await start_fetch(person, fed)
        selection = await arrive_at_cp(person, fed, started, KARIN_SE)
        consent = await _send(person, selection, [], [karin.degree.id])
        answered = await person.submit(consent, "/send", consent="yes")
    elmo = parse_elmo(parse_xml(decompress(base64.b64decode(answer_fields(answered)["elmo"]))))
    (report,) = elmo.reports
    (degree,) = report.opportunities
    assert degree.identifier("local") == KARIN_DEGREE
    assert len(list(degree.walk())) - 1 == len(list(karin.results()))


async def test_a_withdrawn_degree_is_never_offered_nor_accepted(fed: Federation) -> None:
    services = fed.cp.app[appkeys.SERVICES]
    async with services.db.session() as session:
        (withdrawn,) = await DegreeRepository(session).of_learner(WITHDRAWN, awarded_only=False)
    (karin,) = await awarded_degrees(services, KARIN_SE)
    async with browsing() as person:
        started = await start_fetch(person, fed)
        selection = await arrive_at_cp(person, fed, started, WITHDRAWN)
        assert _degree_boxes(selection) == {}
        assert WITHDRAWN_CODE not in selection.text
        assert "1DL650" in selection.text  # the results stay: loose, as results
        rid = urlsplit(selection.url).path
        bad = await person.post(
            urljoin(selection.url, f"{rid}/select"),
            [("csrf", selection.csrf), ("degree", "1 OR 1=1")],
        )
        assert bad.status == 400
        assert "The selection is not valid" in bad.text
        for foreign in (withdrawn.id, karin.degree.id):
            rid = urlsplit(selection.url).path
            refused = await person.post(
                urljoin(selection.url, f"{rid}/select"),
                [("csrf", selection.csrf), ("degree", str(foreign))],
            )
            assert refused.status == 400
            assert "not among your degrees" in refused.text
