"""Hostile answers at the EMREX client (POST /client/return): refused, nothing imported.

A refusal still closes the fetch it belongs to (the client session's outcome is recorded and
the sessionId is spent): that row is the only change allowed.
"""

from __future__ import annotations

import base64
import copy
import gzip
import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from lxml import etree

from gateway.core.elmo.pack import pack_elmo, unpack_elmo
from gateway.core.elmo.signature import sign_elmo
from gateway.core.keys import SigningKey, issue_certificate, new_rsa_key
from tests.payloads import gzip_bomb
from tests.storage.helpers import Template
from tests.web.emrex.support import (
    KARIN_SE,
    Browser,
    Federation,
    answer_fields,
    arrive_at_cp,
    browsing,
    checkbox_ids,
    choose_and_consent,
    federation,
    start_fetch,
)
from tests.web.hardening.support import (
    XSS,
    assert_escaped,
    assert_unchanged,
    changes,
    only,
    shown_escaped,
    snapshot,
)

DS = "http://www.w3.org/2000/09/xmldsig#"
MB = 1 << 20
LIMITS = {"max_packed_bytes": 12 * MB, "max_xml_bytes": 16 * MB}


@pytest.fixture
async def fed(
    tmp_path: Path,
    seeded_template: Template,
    seeded_no_template: Template,
    signing_key: SigningKey,
    dev_ca: SigningKey,
    schema_dir: Path,
) -> AsyncIterator[Federation]:
    client_key = issue_certificate(dev_ca, new_rsa_key(), "Client", "tests", "NO")
    async with federation(
        tmp_path, seeded_template, seeded_no_template, signing_key, client_key, schema_dir
    ) as started:
        yield started


async def genuine(person: Browser, fed: Federation) -> bytes:
    """A real signed ELMO about Karin from the contact point (its fetch is then spent)."""
    started = await start_fetch(person, fed)
    selection = await arrive_at_cp(person, fed, started, KARIN_SE)
    answered = await choose_and_consent(person, selection, checkbox_ids(selection))
    return unpack_elmo(answer_fields(answered)["elmo"], **LIMITS)


async def returned(person: Browser, fed: Federation, **fields: str) -> tuple[int, str]:
    """Start a fetch at the client, then post ``fields`` back as the contact point's answer."""
    session_id = answer_fields(await start_fetch(person, fed))["sessionId"]
    page = await person.post(fed.client.path("/client/return"), {"sessionId": session_id, **fields})
    return page.status, page.text


def packed(xml: bytes) -> str:
    return base64.b64encode(gzip.compress(xml, mtime=0)).decode()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<elmo xmlns="https://github.com/emrex-eu/elmo-schemas/tree/v1">&lol3;</elmo>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE elmo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<elmo xmlns="https://github.com/emrex-eu/elmo-schemas/tree/v1">&xxe;</elmo>"""


@pytest.mark.parametrize(
    ("elmo", "status"),
    [
        (base64.b64encode(gzip_bomb(20)).decode(), 413),  # inflates past [elmo] max_xml_bytes
        (packed(BILLION_LAUGHS), 400),
        (packed(XXE), 400),
        (base64.b64encode(XXE).decode(), 400),  # plain (not gzipped) base64 XML
        ("not base64 at all", 400),
        (XSS, 400),
    ],
    ids=["gzip-bomb", "billion-laughs", "xxe", "xxe-plain", "not-base64", "xss"],
)
async def test_hostile_packed_elmo_is_refused_and_nothing_is_imported(
    fed: Federation, elmo: str, status: int
) -> None:
    async with browsing() as person:
        before = await snapshot(fed.client)
        code, page = await returned(person, fed, returnCode="NCP_OK", elmo=elmo)
    assert code == status, page
    assert_escaped(page)
    found = changes(before, await snapshot(fed.client))
    only(found, "client_sessions")  # the fetch, now closed as "malformed"; no import


def _signature(root: etree._Element) -> etree._Element:
    found = root.find(f"{{{DS}}}Signature")
    assert found is not None
    return found


def _two_signatures(root: etree._Element) -> None:
    root.append(copy.deepcopy(_signature(root)))


def _nested_signature(root: etree._Element) -> None:
    signature = _signature(root)
    root.remove(signature)
    root[0].append(signature)


def _wrapped(root: etree._Element) -> None:
    """The signed document hidden inside a forged one whose learner the attacker chose."""
    original = copy.deepcopy(root)
    for child in list(root):
        if child.tag != f"{{{DS}}}Signature":
            root.remove(child)
    holder = etree.SubElement(root, "extension")
    holder.append(original)


def _changed_grade(root: etree._Element) -> None:
    for element in root.iter("{*}resultLabel"):
        element.text = "A"


def _reference_to_id(root: etree._Element) -> None:
    for reference in root.iter(f"{{{DS}}}Reference"):
        reference.set("URI", "#x")
    root.set("ID", "x")


def _hmac_algorithm(root: etree._Element) -> None:
    for method in root.iter(f"{{{DS}}}SignatureMethod"):
        method.set("Algorithm", "http://www.w3.org/2000/09/xmldsig#hmac-sha1")


WRAPPING: dict[str, Callable[[etree._Element], None]] = {
    "two-signatures": _two_signatures,
    "nested-signature": _nested_signature,
    "wrapped-document": _wrapped,
    "changed-content": _changed_grade,
    "reference-to-id": _reference_to_id,
    "hmac-algorithm": _hmac_algorithm,
}


async def test_signature_wrapping_variants_are_refused(
    fed: Federation, other_signing_key: SigningKey
) -> None:
    async with browsing() as person:
        xml = await genuine(person, fed)
        variants = {}
        for name, damage in WRAPPING.items():
            root = etree.fromstring(xml)
            damage(root)
            variants[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
        unsigned = etree.fromstring(xml)
        unsigned.remove(_signature(unsigned))
        variants["attacker-key"] = sign_elmo(etree.tostring(unsigned), other_signing_key)
        for name, variant in variants.items():
            before = await snapshot(fed.client)
            code, page = await returned(person, fed, returnCode="NCP_OK", elmo=pack_elmo(variant))
            assert code == 400, name
            assert "not verify" in page or "signature" in page.lower(), name
            only(changes(before, await snapshot(fed.client)), "client_sessions")


async def test_names_and_titles_from_a_peer_are_escaped(
    fed: Federation, signing_key: SigningKey
) -> None:
    async with browsing() as person:
        root = etree.fromstring(await genuine(person, fed))
        root.remove(_signature(root))
        for title in root.iter("{*}title"):
            title.text = XSS
        for grade in root.iter("{*}resultLabel"):
            grade.text = XSS
        signed = sign_elmo(etree.tostring(root), signing_key)  # the contact point's own key
        code, page = await returned(person, fed, returnCode="NCP_OK", elmo=pack_elmo(signed))
        assert code == 200, page
        assert_escaped(page)
        link = re.search(r'href="(/client/imports/\d+)"', page)
        assert link
        shown = await person.get(fed.client.path(link.group(1)))
    assert shown.status == 200
    assert_escaped(shown.text)
    assert shown_escaped(shown.text)


@pytest.mark.parametrize(
    ("fields", "status"),
    [({"returnCode": "NCP_ERROR", "returnMessage": XSS}, 200), ({"returnCode": XSS}, 400)],
    ids=["return-message", "return-code-in-the-error-message"],
)
async def test_what_a_peer_says_is_shown_escaped(
    fed: Federation, fields: dict[str, str], status: int
) -> None:
    async with browsing() as person:
        before = await snapshot(fed.client)
        code, page = await returned(person, fed, **fields)
    assert code == status
    assert_escaped(page)
    only(changes(before, await snapshot(fed.client)), "client_sessions")


async def test_a_return_is_accepted_once(fed: Federation) -> None:
    async with browsing() as person:
        started = await start_fetch(person, fed)
        selection = await arrive_at_cp(person, fed, started, KARIN_SE)
        answered = await choose_and_consent(person, selection, checkbox_ids(selection))
        first = await person.submit(answered, "/client/return")
        assert first.status == 200
        before = await snapshot(fed.client)
        replay = await person.submit(answered, "/client/return")
        unknown = await person.post(
            fed.client.path("/client/return"),
            {**answer_fields(answered), "sessionId": "x';DROP/**/TABLE/**/learners;--"},
        )
    assert replay.status == 409
    assert unknown.status == 409
    assert_unchanged(before, await snapshot(fed.client))


async def test_client_start_needs_the_csrf_token(fed: Federation) -> None:
    async with browsing() as person:
        await start_fetch(person, fed)  # logged in at the client
        before = await snapshot(fed.client)
        for csrf in (None, "forged"):
            data = {"contact_point": "SE-GW", **({} if csrf is None else {"csrf": csrf})}
            page = await person.post(fed.client.path("/client/start"), data)
            assert page.status == 403
    assert_unchanged(before, await snapshot(fed.client))
