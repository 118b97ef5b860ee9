"""Helpers of the wallet web tests: the learner in a browser, independent credential checks, DB."""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass
from typing import Any

import aiohttp
from cryptography import x509

from gateway.core.elm.microcredential import microcredential_report
from tests.core.elm.conformance import CONVERTED_SCHEMA, ElmShapes
from tests.core.oid4vci.support import LibraryResult, library_verify
from tests.storage.helpers import rows as database_rows
from tests.web.nodes import Node, csrf_of, forms

KARIN = "19900315-2389"
ELM_VCT = "urn:eudi:elm:1"


@dataclass
class OfferPage:
    html: str
    link: str
    tx_code: str
    qr: str
    headers: Any


async def log_in(client: aiohttp.ClientSession, node: Node, national_id: str = KARIN) -> None:
    page = await (await client.get(node.path("/login"))).text()
    done = await client.post(
        node.path("/login"),
        data={"csrf": csrf_of(page), "national_id": national_id, "next": "/wallet"},
        allow_redirects=False,
    )
    assert done.status == 303


def _attribute(page: str, element_id: str, attribute: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*?\s{attribute}="([^"]*)"', page)
    if found is None:
        found = re.search(rf'{attribute}="([^"]*)"[^>]*?\sid="{element_id}"', page)
    assert found, f"no {attribute} on #{element_id}"
    return html.unescape(found.group(1))


def offer_page(page: str, headers: Any) -> OfferPage:
    tx = re.search(r'id="tx-code">(\d+)<', page)
    assert tx, "the offer page shows no transaction code"
    return OfferPage(
        page,
        _attribute(page, "offer-link", "href"),
        tx.group(1),
        _attribute(page, "offer-qr", "src"),
        headers,
    )


def own_result_ids(page: str) -> list[str]:
    (form,) = [f for f in forms(page) if any(name == "result" for name, _, _ in f["fields"])]
    return [value for name, value, _ in form["fields"] if name == "result"]


async def add_to_wallet(
    client: aiohttp.ClientSession,
    node: Node,
    *,
    results: list[str] | None = None,
    import_id: int | None = None,
) -> OfferPage:
    """Press "Add to wallet" on the wallet page (all offered results unless told otherwise)."""
    page = await (await client.get(node.path("/wallet"))).text()
    data: list[tuple[str, str]] = [("csrf", csrf_of(page))]
    if import_id is not None:
        data.append(("import_id", str(import_id)))
    else:
        data += [("result", r) for r in (own_result_ids(page) if results is None else results)]
    response = await client.post(node.path("/wallet/offers"), data=data)
    text = await response.text()
    assert response.status == 200, text
    return offer_page(text, response.headers)


@dataclass
class Checked:
    library: LibraryResult
    elm: dict[str, Any]


def check_credential(
    serialized: str,
    *,
    trust_anchor: x509.Certificate,
    issuer: str,
    holder_jwk: dict[str, Any],
    shapes: ElmShapes,
) -> Checked:
    """Verify with the OWF sd-jwt library + jwcrypto (x5c chain to the CA, every disclosure
    digest), then cnf, vct, and the ELM document against the official SHACL shapes."""
    result = library_verify(serialized, trust_anchor)
    header, payload, claims = result.header, result.signed_payload, result.claims
    assert header["typ"] == "dc+sd-jwt"
    assert header["alg"] == "ES256"
    assert len(header["x5c"]) == 1  # HAIP: the leaf only; the verifier holds the anchor
    assert payload["iss"] == issuer
    assert payload["vct"] == ELM_VCT
    cnf = payload["cnf"]["jwk"]
    assert {k: cnf[k] for k in ("kty", "crv", "x", "y")} == {
        k: holder_jwk[k] for k in ("kty", "crv", "x", "y")
    }
    assert "elm" not in payload  # selectively disclosable, like every summary claim
    assert {"given_name", "family_name", "elm"} <= set(claims)
    elm = claims["elm"]
    schemas = {schema["id"] for schema in elm["credentialSchema"]}
    assert CONVERTED_SCHEMA in schemas  # so the EDC-converted shapes apply as well
    shacl = shapes.validate(elm)
    assert shacl.conforms, shacl.text
    assert len(microcredential_report(elm).elements) == 11
    return Checked(result, elm)


def embedded_elmo(elm: dict[str, Any]) -> bytes:
    """The signed ELMO the credential carries as evidence (EDC "Converted" profile)."""
    (evidence,) = elm["evidence"]
    (media,) = evidence["embeddedEvidence"]
    return base64.b64decode(media["content"])


def rows(node: Node, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    return database_rows(node.database_url, sql, *params)


def issued_count(node: Node) -> int:
    """Credentials issued by this node (and wallet disclosures: they must agree)."""
    (credentials,) = rows(node, "SELECT count(*) FROM wallet_credentials")[0]
    (disclosures,) = rows(node, "SELECT count(*) FROM disclosures WHERE channel = 'wallet'")[0]
    assert credentials == disclosures
    return int(credentials)
