"""A running gateway driven with hostile requests: never a 500, whatever arrives.

Bounded: ``HTTP_FUZZ`` examples per endpoint (``GATEWAY_FUZZ_EXAMPLES`` / 3), one node each.
"""

from __future__ import annotations

import base64
import gzip
from urllib.parse import quote

import aiohttp
from hypothesis import example, given
from hypothesis import strategies as st

from gateway.core.oots.codes import EdmVersion
from gateway.core.oots.request import build_query_request
from tests.core.oots import factories as oots_factories
from tests.properties.hostile import (
    HOSTILE_STRINGS,
    HTTP_FUZZ,
    json_values,
    mutated_bytes,
    mutated_xml,
    text_values,
)
from tests.properties.test_elmo import SIGNED
from tests.web.nodes import Node

QUERY = build_query_request(oots_factories.request(EdmVersion.V1_2))
PACKED = base64.b64encode(gzip.compress(SIGNED, mtime=0))
form_text = st.sampled_from([s for s in HOSTILE_STRINGS if "\x00" not in s]) | st.text(
    alphabet=st.characters(exclude_categories=["Cs"]), max_size=40
)
content_types = st.sampled_from(
    [
        "application/x-www-form-urlencoded",
        "application/json",
        "multipart/form-data; boundary=x",
        "text/xml",
        "application/x-ebrs+xml",
        "text/plain",
        "",
    ]
)


async def _post(node: Node, path: str, body: bytes, content_type: str, **headers: str) -> int:
    sent = {"Content-Type": content_type, **headers} if content_type else headers
    async with (
        aiohttp.ClientSession() as http,
        http.post(node.path(path), data=body, headers=sent, allow_redirects=False) as response,
    ):
        text = await response.read()
        assert response.status < 500, (response.status, text[:500])
        assert b"An internal error occurred" not in text
        return response.status


@HTTP_FUZZ
@given(
    path=st.sampled_from(["/emrex", "/client/return", "/token", "/nonce", "/credential",
                          "/notification", "/oots/query", "/login", "/logout", "/client/start",
                          "/wallet/offers", "/emrex/x/select", "/oots/preview/x"]),
    body=st.binary(max_size=300) | json_values.map(lambda v: repr(v).encode("utf-8", "replace")),
    content_type=content_types,
)  # fmt: skip
@example(path="/token", body=b"%", content_type="application/x-www-form-urlencoded")
@example(path="/client/return", body=b"--x\r\n\r\n", content_type="multipart/form-data; boundary=x")
async def test_any_body_to_any_endpoint(
    node: Node, path: str, body: bytes, content_type: str
) -> None:
    await _post(node, path, body, content_type, Authorization="Bearer x")


@HTTP_FUZZ
@given(
    fields=st.fixed_dictionaries(
        {},
        optional={
            "sessionId": form_text,
            "returnCode": st.sampled_from(["NCP_OK", "EMP_OK", "NCP_ERROR"]) | form_text,
            "returnMessage": form_text,
            "elmo": st.just(PACKED.decode())
            | mutated_bytes(PACKED).map(lambda b: b.decode("latin-1"))
            | form_text,
            "returnUrl": form_text,
        },
    ),
    path=st.sampled_from(["/client/return", "/emrex"]),
)
async def test_emrex_forms(node: Node, fields: dict[str, str], path: str) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.post(node.path(path), data=fields, allow_redirects=False) as response,
    ):
        assert response.status < 500, await response.text()


@HTTP_FUZZ
@given(mutated_xml(QUERY) | mutated_bytes(QUERY))
async def test_evidence_requests(node: Node, body: bytes) -> None:
    await _post(node, "/oots/query", body, "application/x-ebrs+xml")


@HTTP_FUZZ
@given(
    template=st.sampled_from(["/emrex/{}", "/credential-offer/{}", "/oots/preview/{}",
                              "/client/imports/{}", "/type-metadata/{}",
                              "/wallet/offers/{}/report.json", "/client/imports/{}/elmo.xml",
                              "/oots/preview/x/documents/{}"]),
    segment=text_values,
    query=st.dictionaries(st.sampled_from(["next", "lang", "select", "error", "returnurl", "x"]),
                          text_values, max_size=3),
)  # fmt: skip
async def test_paths_and_query_strings(
    node: Node, template: str, segment: str, query: dict[str, str]
) -> None:
    path = template.format(quote(segment.encode("utf-8", "surrogatepass"), safe=""))
    async with (
        aiohttp.ClientSession() as http,
        http.get(node.path(path), params=query, allow_redirects=False) as response,
    ):
        assert response.status < 500, await response.text()
